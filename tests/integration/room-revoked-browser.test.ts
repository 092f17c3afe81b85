import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnInfo, ConnState } from '../../host/api/client/transport';
import { loadConfig } from '../../host/config/load';
import { enrollWithHost } from '../../host/remote/ws-transport';
import { startHost, type HostService } from '../../host/service';
import { REFUSAL_CHECK_AFTER, webSocketTransport } from '../../renderer/client/ws-transport';
import { waitFor } from './support/room';

/**
 * A revoked browser node (a wall or kiosk page opened with a revoked `?token=`): its WebSocket
 * cannot see the host's 401, so before it said "Mất kết nối tới máy chủ — đang thử lại" and
 * retried every ~4 s for ever. Now, after a few failed handshakes, it asks GET /api/whoami, and on
 * 401 says the machine was revoked and retries slowly (in case it is enrolled again).
 */
let dir: string;
let host: HostService;
const closers: (() => void)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-revoked-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir: join(dir, 'data'), rendererDir: null });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  while (closers.length) closers.pop()!();
});

const admin = <T>(method: string, params: unknown = {}) => host.dispatcher.call(method, params, 'test') as Promise<T>;

async function enrolled(role: 'wall' | 'kiosk') {
  const added = await admin<{ code: string }>('nodes.add', { role, name: `${role} revoked` });
  return enrollWithHost(host.url!, added.code);
}

const whoami = (init: { query?: string; bearer?: string; protocol?: string } = {}) =>
  fetch(`${host.url}/api/whoami${init.query ? `?token=${encodeURIComponent(init.query)}` : ''}`, {
    headers: {
      ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
      ...(init.protocol ? { 'sec-websocket-protocol': `ioc-wall.token.${init.protocol}` } : {}),
    },
  });

describe('GET /api/whoami', () => {
  it('answers who a live credential is, as the WebSocket takes it, and 401 for a revoked or unknown one, never echoing it', async () => {
    const node = await enrolled('wall');
    for (const how of [{ bearer: node.credential }, { query: node.credential }, { protocol: node.credential }]) {
      const res = await whoami(how);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ role: 'wall', nodeId: node.nodeId, name: 'wall revoked' });
      expect(text).not.toContain(node.credential);
    }
    await admin('nodes.revoke', { id: node.nodeId });
    for (const how of [{ bearer: node.credential }, { query: node.credential }, { bearer: 'x'.repeat(43) }, {}]) {
      const res = await whoami(how);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(JSON.parse(text).message).toMatch(/thu hồi.*revoked/s);
      expect(text).not.toContain(node.credential);
    }
  });
});

describe('a browser node with a revoked credential', () => {
  it('says it was revoked after a few failed handshakes, and retries slowly', async () => {
    const node = await enrolled('kiosk');
    await admin('nodes.revoke', { id: node.nodeId });
    const wsUrl = `${host.url!.replace('http:', 'ws:')}/api?token=${node.credential}`;
    // Node's WebSocket (undici) takes the 401 as a connection that never opens: the connect
    // deadline is kept short so each try fails fast, as a browser's does on the 401.
    const t = webSocketTransport({ url: wsUrl, minDelayMs: 20, maxDelayMs: 50, connectTimeoutMs: 300, refusedRetryMs: 60_000 });
    const seen: { s: ConnState; info: ConnInfo }[] = [];
    t.onState((s, info) => void seen.push({ s, info }));
    t.onMessage(() => {});
    t.start();
    closers.push(() => t.close());
    // Before: 'down' with a retry in at most maxDelayMs, for ever.
    const refused = await waitFor(() => seen.find((x) => x.info.refused), 'a refused state', 15_000);
    expect(refused).toMatchObject({ s: 'down', info: { refused: true, retryInMs: 60_000 } });
    const tries = seen.filter((x) => x.s === 'down' && x.info.retryInMs !== undefined);
    expect(tries.length).toBeGreaterThanOrEqual(REFUSAL_CHECK_AFTER);
    // No fast retry is left: the last state says the slow one.
    expect(seen.at(-1)).toMatchObject({ s: 'down', info: { refused: true, retryInMs: 60_000 } });
  });
});
