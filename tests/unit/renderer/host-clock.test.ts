// Pages measure ages by the host's clock, not their own: a display PC whose clock is an hour
// behind the host must not show "sau 59 phút nữa" (in 59 minutes) on every tile.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { configSchema } from '../../../host/config/schema';
import { coreHandlers } from '../../../host/api/handlers/core';
import type { HandlerCtx } from '../../../host/api/handlers/types';
import type { ClientMessage, HostInfo, ServerMessage } from '../../../host/api/contract';
import type { ConnState, IocHostBridge } from '../../../host/api/client/transport';
import { HostClient } from '../../../host/api/client/HostClient';
import { webSocketTransport } from '../../../renderer/client/ws-transport';
import { bridgeTransport } from '../../../renderer/client/bridge-transport';
import { hostNow, noteHostTime, resetHostClock } from '../../../renderer/client/host-clock';
import { formatRelativeAge, formatUpdated, setFormatLanguage } from '../../../renderer/format';
import { isStale } from '../../../renderer/panels/staleness';
import { subscribeTicks, tickNow } from '../../../renderer/components/ticker';
import { makeFixture } from '../views-fixture';

const HOUR = 3_600_000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  resetHostClock();
  setFormatLanguage('vi');
});

/** Waits for a condition; the deadline only bounds a failure (a busy machine is given time). */
const until = (cond: () => boolean, what: string, timeout = 20_000) =>
  vi.waitFor(() => {
    if (!cond()) throw new Error(`timed out waiting for ${what}`);
  }, { timeout, interval: 10 });

/** How far the page's idea of the host's clock is from `aheadMs` ahead of its own (ms). */
const offsetError = (aheadMs: number) => Math.abs(hostNow().getTime() - Date.now() - aheadMs);

describe('the host says its time', () => {
  it('host.info answers with the host’s clock', () => {
    const fx = makeFixture();
    cleanups.push(() => fx.close());
    const ctx = { db: fx.db, config: configSchema.parse({}) } as unknown as HandlerCtx;
    const before = Date.now();
    const info = coreHandlers['host.info']({}, ctx) as HostInfo;
    const at = Date.parse(info.now);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});

describe('the page keeps the host’s clock', () => {
  it('over a WebSocket: the probe answer sets the offset (host an hour ahead of the page), and is not handed to the client', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(() => wss.close());
    wss.on('connection', (ws) => {
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as { type: string; id: number };
        if (m.type === 'request') ws.send(JSON.stringify({ type: 'response', id: m.id, result: { now: new Date(Date.now() + HOUR).toISOString() } }));
      });
    });
    const t = webSocketTransport({ url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api`, connectTimeoutMs: 30_000, probeTimeoutMs: 5_000 });
    const messages: ServerMessage[] = [];
    t.onMessage((m) => void messages.push(m));
    t.start();
    cleanups.push(() => t.close());
    await until(() => offsetError(HOUR) < 2_000, 'the host’s clock');
    expect(messages).toEqual([]);
  });

  it('over the Electron bridge: a probe on each connection, its answer kept from the client', async () => {
    const sent: ClientMessage[] = [];
    let onMsg: (m: ServerMessage) => void = () => {};
    let onState: ((s: ConnState, info: { retryInMs?: number }) => void) | null = null;
    const bridge: IocHostBridge = {
      send: (m) => void sent.push(m),
      onMessage: (cb) => ((onMsg = cb), () => (onMsg = () => {})),
      role: 'wall',
      displayId: 'd1',
      onState: (cb) => ((onState = cb), () => (onState = null)),
    };
    const client = new HostClient(bridgeTransport(bridge));
    cleanups.push(() => client.close());
    onState!('up', {});
    const probe = sent.find((m): m is ClientMessage & { type: 'request' } => m.type === 'request' && m.id < 0);
    expect(probe).toMatchObject({ method: 'host.info' });
    const heard: unknown[] = [];
    const off = client.on('changed', (d) => heard.push(d));
    cleanups.push(off);
    onMsg({ type: 'response', id: probe!.id, result: { now: new Date(Date.now() - HOUR).toISOString() } });
    expect(offsetError(-HOUR)).toBeLessThan(2_000);
    expect(heard).toEqual([]);
  });
});

describe('ages and staleness by the host’s clock', () => {
  it('a page an hour behind the host says "1 phút trước" for data a minute old, never "sau 59 phút nữa"', () => {
    noteHostTime(Date.now() + HOUR, 0);
    const updated = new Date(Date.now() + HOUR - 60_000);
    expect(formatRelativeAge(updated)).toBe('1 phút trước');
    expect(formatUpdated(updated)).toMatch(/· 1 phút trước$/);
    // Traffic is stale after its own threshold, measured from the host's now.
    expect(isStale('traffic', new Date(Date.now() + HOUR - 60_000))).toBe(false);
    expect(isStale('traffic', new Date(Date.now() - 24 * HOUR))).toBe(true);
  });

  it('data a little in the future (clocks a few minutes apart) is "vừa xong", not future phrasing', () => {
    const now = new Date('2026-11-25T03:00:00Z');
    expect(formatRelativeAge('2026-11-25T03:00:30Z', now)).toBe('vừa xong');
    expect(formatRelativeAge('2026-11-25T03:03:00Z', now)).toBe('vừa xong');
    expect(formatRelativeAge('2026-11-25T03:03:00Z', now, 'en')).toBe('just now');
  });

  it('the page’s shared clock ticks by the host’s time', () => {
    noteHostTime(Date.now() + HOUR, 0);
    const off = subscribeTicks(7_000, () => {});
    cleanups.push(off);
    expect(Math.abs(tickNow(7_000).getTime() - (Date.now() + HOUR))).toBeLessThan(2_000);
  });
});
