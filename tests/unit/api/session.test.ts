import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../host/api/contract';
import { createDispatcher, type BaseCtx } from '../../../host/api/dispatcher';
import { ApiError } from '../../../host/api/errors';
import { createSession } from '../../../host/api/session';
import { loadConfig } from '../../../host/config/load';
import { Room } from '../../../host/room/room';

// The dispatcher never touches db/records itself; handlers here are stand-ins that record calls.
const base = { db: null, records: null, config: loadConfig({ env: {} }), dataDir: '/tmp/none', room: new Room(null as never) } as unknown as BaseCtx;

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const calls: { method: string; params: unknown; actor: string }[] = [];
  const dispatcher = createDispatcher(base, {
    'observation.put': (params: never, ctx) => {
      calls.push({ method: 'observation.put', params, actor: ctx.actor });
      ctx.emit('changed', { domains: ['economy'] });
      return params;
    },
    'freshness.list': () => {
      throw new ApiError('not_found', 'Nothing here.');
    },
    'host.info': () => {
      throw new Error('secret internal detail');
    },
  });
  const sent: ServerMessage[] = [];
  const session = createSession(dispatcher, (m) => sent.push(m), 'test');
  return { dispatcher, session, sent, calls };
}

const obs = {
  domain: 'economy',
  indicator: 'economy.grdp',
  areaId: '70',
  period: '2024',
  value: 1,
  source: 'test',
  updatedAt: '2024-12-31T00:00:00+07:00',
};

describe('session + dispatcher', () => {
  it('answers a valid request with the handler result, params parsed', async () => {
    const { session, sent, calls } = setup();
    session.receive({ type: 'request', id: 1, method: 'observation.put', params: obs });
    await flush();
    expect(sent).toEqual([{ type: 'response', id: 1, result: obs }]);
    expect(calls).toEqual([{ method: 'observation.put', params: obs, actor: 'test' }]);
  });

  it('refuses invalid params with every issue by path, and never calls the handler', async () => {
    const { session, sent, calls } = setup();
    session.receive({
      type: 'request',
      id: 2,
      method: 'observation.put',
      params: { ...obs, domain: 'weather', period: '24', value: 'x', source: undefined },
    });
    await flush();
    expect(calls).toHaveLength(0);
    const m = sent[0]!;
    expect(m.type).toBe('error');
    if (m.type !== 'error') return;
    expect(m.id).toBe(2);
    expect(m.error.code).toBe('invalid_params');
    expect(m.error.issues!.map((i) => i.path).sort()).toEqual(['domain', 'period', 'source', 'value']);
    expect(m.error.message).toMatch(/period: period must be YYYY/);
  });

  it('names unknown and unimplemented methods; hides internal errors', async () => {
    const { session, sent } = setup();
    session.receive({ type: 'request', id: 3, method: 'nope.do', params: {} });
    session.receive({ type: 'request', id: 4, method: 'areas.list', params: {} });
    session.receive({ type: 'request', id: 5, method: 'freshness.list' });
    session.receive({ type: 'request', id: 6, method: 'host.info', params: {} });
    await flush();
    const byId = new Map(sent.map((m) => [(m as { id: number }).id, m]));
    expect(byId.get(3)).toMatchObject({ error: { code: 'unknown_method' } });
    expect(byId.get(4)).toMatchObject({ error: { code: 'not_implemented' } });
    expect(byId.get(5)).toMatchObject({ error: { code: 'not_found', message: 'Nothing here.' } });
    expect(byId.get(6)).toMatchObject({ error: { code: 'internal' } });
    expect(JSON.stringify(byId.get(6))).not.toContain('secret');
  });

  it('answers malformed messages instead of throwing', () => {
    const { session, sent } = setup();
    session.receive(null);
    session.receive({ type: 'request', method: 'host.info' });
    session.receive({ type: 'dance' });
    expect(sent.map((m) => m.type)).toEqual(['error', 'error', 'error']);
  });

  it('quotes a message type or a method name it does not know short, never echoing it whole', async () => {
    const { session, sent } = setup();
    session.receive({ type: 't'.repeat(900_000) });
    session.receive({ type: 'request', id: 7, method: 'm'.repeat(900_000), params: {} });
    await flush();
    expect(sent).toEqual([
      { type: 'error', id: -1, error: { code: 'bad_message', message: `Unknown message type "${'t'.repeat(64)}…".` } },
      { type: 'error', id: 7, error: { code: 'unknown_method', message: `Unknown method "${'m'.repeat(64)}…".` } },
    ]);
  });

  it('delivers events to subscribed sessions only, until unsubscribe or close', async () => {
    const a = setup();
    const sentB: ServerMessage[] = [];
    const b = createSession(a.dispatcher, (m) => sentB.push(m));
    const sentC: ServerMessage[] = [];
    createSession(a.dispatcher, (m) => sentC.push(m)); // never subscribes
    b.receive({ type: 'subscribe', event: 'changed' });
    b.receive({ type: 'subscribe', event: 'changed' }); // twice: still one delivery
    a.session.receive({ type: 'request', id: 7, method: 'observation.put', params: obs });
    await flush();
    expect(sentB).toEqual([{ type: 'event', event: 'changed', data: { domains: ['economy'] } }]);
    expect(sentC).toEqual([]);
    b.receive({ type: 'unsubscribe', event: 'changed' });
    a.dispatcher.emit('changed', { domains: ['health'] });
    expect(sentB).toHaveLength(1);
    b.receive({ type: 'subscribe', event: 'changed' });
    b.close();
    a.dispatcher.emit('changed', { domains: ['health'] });
    expect(sentB).toHaveLength(1);
  });

  it('drops the reply of a request that finishes after close', async () => {
    const { session, sent } = setup();
    session.receive({ type: 'request', id: 8, method: 'observation.put', params: obs });
    session.close();
    await flush();
    expect(sent).toEqual([]);
  });
});
