import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActiveLayout } from '../../host/api/contract';
import { HostClient, HostError } from '../../host/api/client/HostClient';
import type { ConnState, Transport } from '../../host/api/client/transport';
import { loadConfig } from '../../host/config/load';
import { enrollWithHost, nodeWebSocketTransport } from '../../host/remote/ws-transport';
import { startHost, type HostService } from '../../host/service';
import { webSocketTransport } from '../../renderer/client/ws-transport';
import { partitionProxy, type PartitionProxy } from './support/partition-proxy';
import { waitFor } from './support/room';

/**
 * A silent partition between a node and a real host (tests/integration/support/partition-proxy.ts
 * stops forwarding without closing anything), as the audit staged it with network namespaces:
 * the node must notice it within its probe deadlines, say 'down', reconnect as soon as the LAN
 * heals, and an operator's change pressed during the outage must be given up with 'unconfirmed'
 * by its deadline, never carried out later.
 */

/** Short deadlines: the defaults (5 s + 4 s, 15 s) would make the test slow, not different. */
const PROBE = { probeAfterMs: 200, probeTimeoutMs: 500 };
const RETRY = { minDelayMs: 50, maxDelayMs: 200 };

let dir: string;
let host: HostService;
let proxy: PartitionProxy;
const closers: (() => void)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-partition-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir: join(dir, 'data'), rendererDir: null });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
  while (closers.length) closers.pop()!();
  proxy?.heal();
  await proxy?.close();
});

const admin = <T>(method: string, params: unknown = {}) => host.dispatcher.call(method, params, 'test') as Promise<T>;

async function enrolled(role: 'wall' | 'console'): Promise<{ nodeId: string; credential: string }> {
  const added = await admin<{ code: string }>('nodes.add', { role, name: `${role} partition` });
  return enrollWithHost(host.url!, added.code);
}

type Kind = 'desktop' | 'browser';

/** A node's HostClient through the proxy, with the desktop transport (Electron main) or the browser's. */
function nodeThroughProxy(kind: Kind, credential: string, mutationDeadlineMs?: number) {
  const transport: Transport =
    kind === 'desktop'
      ? nodeWebSocketTransport({ url: proxy.url, credential, ...PROBE, ...RETRY, connectTimeoutMs: 1000 })
      : webSocketTransport({ url: `${proxy.url.replace('http:', 'ws:')}/api?token=${credential}`, ...PROBE, ...RETRY, connectTimeoutMs: 1000 });
  const client = new HostClient(transport, { mutationDeadlineMs });
  closers.push(() => client.close());
  const states: ConnState[] = [];
  client.onState((s) => void states.push(s));
  let reconnects = 0;
  client.onReconnect(() => void reconnects++);
  return { client, states, reconnects: () => reconnects };
}

describe('a silent partition between a node and the host', () => {
  it('a desktop node notices it within its probe deadlines, says down, and is back with the layout as soon as the LAN heals', async () => {
    proxy = await partitionProxy(host.url!);
    const node = nodeThroughProxy('desktop', (await enrolled('wall')).credential);
    const changed: string[] = [];
    node.client.on('layout.changed', (l) => void changed.push(l.layout?.id ?? '?'));
    await waitFor(() => node.client.state === 'up', 'up');
    await node.client.call('host.info', {});
    await admin('preset.activate', { id: 'overview' });
    await waitFor(() => changed.includes('overview'), 'layout.changed before the partition');

    proxy.cut();
    const cutAt = Date.now();
    // Before the fix nothing said 'down' until TCP gave up, minutes later.
    await waitFor(() => node.client.state === 'down', "'down' during a silent partition", 10_000);
    expect(Date.now() - cutAt).toBeLessThan(5_000);

    // The wall changes while the node cannot hear it.
    const during = await admin<ActiveLayout>('preset.activate', { id: 'emergency' });
    expect(during.layout?.id).toBe('emergency');

    proxy.heal();
    // A new connection (the old one was terminated): the pages re-ask what they show (onReconnect).
    await waitFor(() => node.reconnects() > 0 && node.client.state === 'up', 'up again after the heal');
    expect((await node.client.call('layout.active', {})).layout?.id).toBe('emergency');
    // And it hears the host again.
    await admin('preset.activate', { id: 'overview' });
    await waitFor(() => changed.lastIndexOf('overview') > changed.indexOf('overview'), 'layout.changed after the heal');
  });

  for (const kind of ['desktop', 'browser'] as const) {
    it(`a ${kind} console's change pressed during the partition is rejected 'unconfirmed' by its deadline and not sent again`, async () => {
      proxy = await partitionProxy(host.url!);
      await admin('preset.activate', { id: 'overview' });
      const desk = await enrolled('console');
      // What reaches the host from this node, and over which connection (session).
      const received: { method: string; sessionId: unknown }[] = [];
      const call = host.dispatcher.call.bind(host.dispatcher);
      vi.spyOn(host.dispatcher, 'call').mockImplementation((method, params, who, opts) => {
        if (typeof who === 'object' && who.nodeId === desk.nodeId) received.push({ method, sessionId: opts?.sessionId });
        return call(method, params, who, opts);
      });
      const node = nodeThroughProxy(kind, desk.credential, 2_000);
      await waitFor(() => node.client.state === 'up', 'up');
      await node.client.call('host.info', {});
      const firstSession = received.find((r) => r.method === 'host.info')!.sessionId;

      proxy.cut();
      const pressedAt = Date.now();
      let outcome: unknown = null;
      node.client.call('preset.activate', { id: 'emergency' }).then(
        (r) => void (outcome = r),
        (e: unknown) => void (outcome = e),
      );
      // Before the fix the press waited for ever and went out again on every reconnect.
      await waitFor(() => outcome, 'the press to settle', 10_000);
      expect(outcome).toBeInstanceOf(HostError);
      expect((outcome as HostError).code).toBe('unconfirmed');
      expect((outcome as HostError).message).toMatch(/có thể chưa được thực hiện/);
      expect((outcome as HostError).message).toMatch(/may not have been carried out/);
      expect(Date.now() - pressedAt).toBeGreaterThanOrEqual(1_900);

      proxy.heal();
      await waitFor(() => node.reconnects() > 0 && node.client.state === 'up', 'up again after the heal');
      // A round trip on the new connection: anything re-sent on it would have reached the host first.
      await node.client.call('host.info', {});
      const later = received.filter((r) => r.sessionId !== firstSession);
      expect(later.map((r) => r.method)).toContain('host.info');
      // Not sent again on any new connection. (The press written to the old connection may still
      // get through when the LAN heals — the browser can only close it politely, and TCP keeps
      // retransmitting — which is why the words say it *may* not have been carried out.)
      expect(later.filter((r) => r.method === 'preset.activate')).toEqual([]);
    });
  }
});
