import { describe, expect, it } from 'vitest';
import { HostClient } from '../../host/api/client/HostClient';
import type { ConnState, Transport } from '../../host/api/client/transport';
import type { ClientMessage, ServerMessage } from '../../host/api/contract';
import { createUpstreamMux, MAX_IN_FLIGHT_PER_CHANNEL } from '../../electron/upstream-mux';

/**
 * The shared connection of a desktop node: main's HostClient and every window's bridge are
 * channels of one upstream transport. A fake upstream records what reaches the "socket".
 */
function fakeUpstream() {
  let msgCb: (m: ServerMessage) => void = () => {};
  let stateCb: (s: ConnState, info: { retryInMs?: number }) => void = () => {};
  const t = {
    sent: [] as ClientMessage[],
    starts: 0,
    closed: false,
    open: false,
    transport: {
      send(m: ClientMessage) {
        if (t.open) t.sent.push(m);
      },
      onMessage: (cb: typeof msgCb) => void (msgCb = cb),
      onState: (cb: typeof stateCb) => void (stateCb = cb),
      start: () => void t.starts++,
      close: () => void (t.closed = true),
      maxMessageBytes: 1024,
    } satisfies Transport,
    up() {
      t.open = true;
      stateCb('up', {});
    },
    down() {
      t.open = false;
      stateCb('down', { retryInMs: 500 });
    },
    reply(m: ServerMessage) {
      msgCb(m);
    },
    requests: () => t.sent.filter((m): m is ClientMessage & { type: 'request' } => m.type === 'request'),
  };
  return t;
}

/** Answers every request the upstream got so far with { method, rid }. */
function answerAll(up: ReturnType<typeof fakeUpstream>) {
  for (const r of up.requests()) up.reply({ type: 'response', id: r.id, result: { method: r.method, rid: r.rid } });
  up.sent = [];
}

describe('upstream mux', () => {
  it('gives each client its own answers over one connection, keeping each request id (rid)', async () => {
    const up = fakeUpstream();
    const mux = createUpstreamMux(up.transport, { log: () => {} });
    const a = new HostClient(mux.channel());
    const b = new HostClient(mux.channel());
    expect(up.starts).toBe(1);
    up.up();
    const pa = a.call('host.info', {});
    const pb = b.call('wall.get', {});
    const ids = up.requests().map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
    const rids = up.requests().map((r) => r.rid);
    answerAll(up);
    await expect(pa).resolves.toEqual({ method: 'host.info', rid: rids[0] });
    await expect(pb).resolves.toEqual({ method: 'wall.get', rid: rids[1] });
    expect(mux.channels).toBe(2);
  });

  it('one subscribe per event upstream; events only to the channels that asked; the last unsubscribe goes up', () => {
    const up = fakeUpstream();
    const mux = createUpstreamMux(up.transport, { log: () => {} });
    const a = new HostClient(mux.channel());
    const b = new HostClient(mux.channel());
    up.up();
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    const offA = a.on('changed', (d) => seenA.push(d));
    const offB = b.on('changed', (d) => seenB.push(d));
    b.on('layout.changed', (d) => seenB.push(['layout', d]));
    expect(up.sent).toEqual([
      { type: 'subscribe', event: 'changed' },
      { type: 'subscribe', event: 'layout.changed' },
    ]);
    up.reply({ type: 'event', event: 'changed', data: 1 });
    up.reply({ type: 'event', event: 'layout.changed', data: 2 });
    expect(seenA).toEqual([1]);
    expect(seenB).toEqual([1, ['layout', 2]]);
    up.sent = [];
    offA();
    expect(up.sent).toEqual([]);
    offB();
    expect(up.sent).toEqual([{ type: 'unsubscribe', event: 'changed' }]);
  });

  it('after an outage: every channel is told down then up, the mux subscribes again, and each client re-sends its own requests once', async () => {
    const up = fakeUpstream();
    const mux = createUpstreamMux(up.transport, { log: () => {} });
    const states: string[] = [];
    const a = new HostClient(mux.channel());
    a.onState((s) => states.push(s));
    up.up();
    a.on('changed', () => {});
    const p = a.call('hotline.act', { id: 1 } as never);
    const [first] = up.requests();
    up.down();
    // The reply to the lost connection's request never comes; a late one with that id is ignored.
    up.reply({ type: 'response', id: first.id, result: 'stale' });
    up.sent = [];
    up.up();
    expect(states).toEqual(['up', 'down', 'up']);
    const again = up.requests();
    expect(again).toHaveLength(1);
    expect(again[0].rid).toBe(first.rid); // the host applies it once
    expect(up.sent.filter((m) => m.type === 'subscribe')).toEqual([{ type: 'subscribe', event: 'changed' }]);
    answerAll(up);
    await expect(p).resolves.toEqual({ method: 'hotline.act', rid: first.rid });
  });

  it('a channel that joins late learns the state at once; a closed channel gets nothing and its subscriptions go', () => {
    const up = fakeUpstream();
    const mux = createUpstreamMux(up.transport, { log: () => {} });
    new HostClient(mux.channel());
    up.down();
    const late = mux.channel();
    const states: ConnState[] = [];
    late.onState((s) => states.push(s));
    late.onMessage(() => {
      throw new Error('closed channel got a message');
    });
    late.start();
    expect(states).toEqual(['down']);
    up.up();
    late.send({ type: 'subscribe', event: 'changed' });
    late.send({ type: 'request', id: 7, method: 'host.info', params: {} });
    const [r] = up.requests();
    late.close();
    expect(up.sent.at(-1)).toEqual({ type: 'unsubscribe', event: 'changed' });
    up.reply({ type: 'response', id: r.id, result: null });
    up.reply({ type: 'event', event: 'changed', data: {} });
    expect(mux.channels).toBe(1);
  });

  it('answers malformed requests itself and bounds what one channel may have waiting', () => {
    const up = fakeUpstream();
    const mux = createUpstreamMux(up.transport, { log: () => {} });
    const ch = mux.channel();
    const got: ServerMessage[] = [];
    ch.onMessage((m) => got.push(m));
    ch.start();
    up.up();
    ch.send({ type: 'request', id: 'x', method: 'host.info' } as never);
    expect(got).toEqual([{ type: 'error', id: -1, error: expect.objectContaining({ code: 'bad_message' }) }]);
    for (let i = 0; i < MAX_IN_FLIGHT_PER_CHANNEL + 1; i++) ch.send({ type: 'request', id: i, method: 'host.info', params: {} });
    expect(up.requests()).toHaveLength(MAX_IN_FLIGHT_PER_CHANNEL);
    expect(got.at(-1)).toMatchObject({ type: 'error', id: MAX_IN_FLIGHT_PER_CHANNEL, error: { code: 'too_many_requests' } });
    // Answers free the room again; an outage forgets what the lost connection owed.
    answerAll(up);
    ch.send({ type: 'request', id: 5000, method: 'host.info', params: {} });
    expect(up.requests()).toHaveLength(1);
    up.down();
    up.up();
    up.sent = [];
    const refused = () => got.filter((m) => m.type === 'error' && m.error.code === 'too_many_requests').length;
    const before = refused();
    for (let i = 0; i < MAX_IN_FLIGHT_PER_CHANNEL; i++) ch.send({ type: 'request', id: i, method: 'host.info', params: {} });
    expect(up.requests()).toHaveLength(MAX_IN_FLIGHT_PER_CHANNEL);
    expect(refused()).toBe(before);
  });

  it('close ends every channel and the connection', () => {
    const up = fakeUpstream();
    const mux = createUpstreamMux(up.transport, { log: () => {} });
    new HostClient(mux.channel());
    mux.close();
    expect(up.closed).toBe(true);
    expect(mux.channels).toBe(0);
  });
});
