import { describe, expect, it } from 'vitest';
import { HostClient, HostError } from '../../../host/api/client/HostClient';
import type { ConnState } from '../../../host/api/client/transport';
import { fakeTransport } from '../support/fake-transport';

describe('HostClient', () => {
  it('answers a call with the response of the same id', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    const p = c.call('freshness.list', {});
    const [req] = f.requests();
    expect(req).toMatchObject({ method: 'freshness.list', params: {} });
    f.reply({ type: 'response', id: req!.id, result: [{ domain: 'economy', updatedAt: 'x', source: 's' }] });
    await expect(p).resolves.toEqual([{ domain: 'economy', updatedAt: 'x', source: 's' }]);
  });

  it('rejects with a HostError carrying code and issues', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    const p = c.call('areas.list', { version: '' });
    const id = f.requests()[0]!.id;
    f.reply({ type: 'error', id, error: { code: 'invalid_params', message: 'bad', issues: [{ path: 'version', message: 'too short' }] } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ code: 'invalid_params', issues: [{ path: 'version', message: 'too short' }] });
  });

  it('sends a request made while down once the connection is up, and only once', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    const p = c.call('host.info', {});
    expect(f.requests()).toHaveLength(0);
    f.up();
    expect(f.requests()).toHaveLength(1);
    f.reply({ type: 'response', id: f.requests()[0]!.id, result: { version: '1' } });
    await expect(p).resolves.toEqual({ version: '1' });
  });

  it('subscribes once per event, re-subscribes and resends unanswered requests after a reconnect', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    const got: unknown[] = [];
    const reconnects: number[] = [];
    c.onReconnect(() => reconnects.push(1));
    c.on('changed', (d) => got.push(d));
    c.on('changed', () => {});
    expect(f.sent.filter((m) => m.type === 'subscribe')).toEqual([{ type: 'subscribe', event: 'changed' }]);
    const p = c.call('host.info', {});
    f.down();
    f.sent.length = 0;
    f.up();
    expect(f.sent.filter((m) => m.type === 'subscribe')).toEqual([{ type: 'subscribe', event: 'changed' }]);
    expect(f.requests().map((r) => r.method)).toEqual(['host.info']);
    expect(reconnects).toEqual([1]);
    f.reply({ type: 'response', id: f.requests()[0]!.id, result: { version: '2' } });
    await expect(p).resolves.toEqual({ version: '2' });
    f.reply({ type: 'event', event: 'changed', data: { domains: ['land'] } });
    expect(got).toEqual([{ domains: ['land'] }]);
  });

  it('unsubscribes when the last listener leaves, and reports its state', () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    const states: ConnState[] = [];
    c.onState((s) => states.push(s));
    f.up();
    const off1 = c.on('changed', () => {});
    const off2 = c.on('changed', () => {});
    off1();
    expect(f.sent.some((m) => m.type === 'unsubscribe')).toBe(false);
    off2();
    expect(f.sent.at(-1)).toEqual({ type: 'unsubscribe', event: 'changed' });
    f.down();
    expect(states).toEqual(['up', 'down']);
    expect(c.state).toBe('down');
  });

  it('refuses a request larger than the transport takes, without sending it, and keeps it out of reconnects', async () => {
    const f = fakeTransport();
    f.t.maxMessageBytes = 2048;
    const c = new HostClient(f.t);
    f.up();
    const big = c.call('layouts.import', { file: { presets: [{ name: 'é'.repeat(1500) }] } } as never);
    await expect(big).rejects.toMatchObject({ code: 'too_large' });
    await expect(big).rejects.toBeInstanceOf(HostError);
    const small = c.call('layouts.import', { file: { presets: [] } } as never);
    expect(f.requests().map((r) => r.method)).toEqual(['layouts.import']);
    f.down();
    f.up();
    // Only the small one is still unanswered: the refused one is not re-sent on reconnect.
    expect(f.requests().map((r) => r.params)).toEqual([{ file: { presets: [] } }, { file: { presets: [] } }]);
    f.reply({ type: 'response', id: f.requests()[0]!.id, result: { presets: 0 } });
    await expect(small).resolves.toEqual({ presets: 0 });
  });
});
