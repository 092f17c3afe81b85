import { describe, expect, it } from 'vitest';
import { HostClient } from '../../../host/api/client/HostClient';
import type { ConnState, IocHostBridge } from '../../../host/api/client/transport';
import type { ClientMessage, ServerMessage } from '../../../host/api/contract';
import { bridgeTransport } from '../../../renderer/client/bridge-transport';
import { formatCode } from '../../../renderer/enroll/code';

/** window.iocHost as the preload exposes it, driven by hand: main's connection state and the wire. */
function fakeBridge(withState = true) {
  const sent: ClientMessage[] = [];
  // The transport's own probes of the host's clock (negative ids, renderer/client/host-clock.ts) apart.
  const probes: ClientMessage[] = [];
  let onMsg: (m: ServerMessage) => void = () => {};
  let onState: ((s: ConnState, info: { retryInMs?: number }) => void) | null = null;
  const bridge: IocHostBridge = {
    send: (m) => void (m.type === 'request' && m.id < 0 ? probes : sent).push(m),
    onMessage: (cb) => ((onMsg = cb), () => (onMsg = () => {})),
    role: 'wall',
    displayId: 'd1',
    ...(withState ? { onState: (cb: (s: ConnState, info: { retryInMs?: number }) => void) => ((onState = cb), () => (onState = null)) } : {}),
  };
  return { bridge, sent, probes, state: (s: ConnState) => onState?.(s, {}), reply: (m: ServerMessage) => onMsg(m) };
}

describe('bridge transport', () => {
  it('follows main’s connection: holds requests until up, re-sends subscriptions and unanswered requests after an outage, once', async () => {
    const b = fakeBridge();
    const client = new HostClient(bridgeTransport(b.bridge));
    const states: ConnState[] = [];
    client.onState((s) => states.push(s));
    client.on('changed', () => {});
    const p = client.call('host.info', {});
    expect(b.sent).toEqual([]); // not up yet: nothing leaves
    b.state('up');
    expect(b.sent.map((m) => m.type)).toEqual(['subscribe', 'request']);
    const first = b.sent[1] as ClientMessage & { type: 'request' };
    b.state('down');
    b.sent.length = 0;
    client.call('wall.get', {}).catch(() => {});
    expect(b.sent).toEqual([]); // dropped while down, re-sent on up
    b.state('up');
    const again = b.sent.filter((m): m is ClientMessage & { type: 'request' } => m.type === 'request');
    expect(again.map((m) => m.method)).toEqual(['host.info', 'wall.get']);
    expect(again[0].rid).toBe(first.rid);
    expect(b.sent.filter((m) => m.type === 'subscribe')).toHaveLength(1);
    b.reply({ type: 'response', id: again[0].id, result: { ok: 1 } });
    await expect(p).resolves.toEqual({ ok: 1 });
    expect(states).toEqual(['up', 'down', 'up']);
  });

  it('an older preload without onState is an in-process host: up at once', () => {
    const b = fakeBridge(false);
    const client = new HostClient(bridgeTransport(b.bridge));
    expect(client.state).toBe('up');
    void client.call('host.info', {});
    expect(b.sent.map((m) => m.type)).toEqual(['request']);
  });
});

describe('enrollment code field', () => {
  it('shows what is typed as the host prints it', () => {
    expect(formatCode('k7qm2xpa')).toBe('K7QM-2XPA');
    expect(formatCode(' k7 qm-2x pa ')).toBe('K7QM-2XPA');
    expect(formatCode('k7q')).toBe('K7Q');
    expect(formatCode('K7QM-2XPAZZZ')).toBe('K7QM-2XPA');
    expect(formatCode('đ!')).toBe('');
  });
});
