import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ClientMessage, ServerMessage } from '../../../host/api/contract';
import { HostClient } from '../../../host/api/client/HostClient';
import type { ConnState, Transport } from '../../../host/api/client/transport';
import { wireInvalidation } from '../../../renderer/client/invalidation';

function setup() {
  let onMsg: (m: ServerMessage) => void = () => {};
  let onState: (s: ConnState, info: { retryInMs?: number }) => void = () => {};
  const sent: ClientMessage[] = [];
  const t: Transport = { send: (m) => void sent.push(m), onMessage: (cb) => void (onMsg = cb), onState: (cb) => void (onState = cb), start: () => {}, close: () => {} };
  const client = new HostClient(t);
  onState('up', {});
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  const off = wireInvalidation(client, qc);
  const subs = () => {
    const on = new Set<string>();
    for (const m of sent) if (m.type === 'subscribe') on.add(m.event);
    else if (m.type === 'unsubscribe') on.delete(m.event);
    return [...on].sort();
  };
  const push = (event: string, data: unknown) => onMsg({ type: 'event', event, data });
  const settle = () => new Promise<void>((r) => queueMicrotask(r));
  const cached = async (key: readonly unknown[], data: unknown = { n: 1 }) => {
    await qc.fetchQuery({ queryKey: key, queryFn: () => data });
    await settle();
  };
  const invalidated = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
  return { qc, off, subs, push, cached, invalidated, settle };
}

describe('wireInvalidation: host events → the queries they affect, in one table', () => {
  it('subscribes to an event only while a query it affects is cached', async () => {
    const s = setup();
    expect(s.subs()).toEqual([]);
    await s.cached(['host', 'nodes.list', {}]);
    expect(s.subs()).toEqual(['nodes.changed']);
    s.qc.removeQueries({ queryKey: ['host', 'nodes.list'] });
    await s.settle();
    expect(s.subs()).toEqual([]);
    s.off();
  });

  it("'changed' invalidates the views of the named domains only, and the freshness list", async () => {
    const s = setup();
    await s.cached(['view', 'economy', 'kpis', null, null]);
    await s.cached(['view', 'health', 'kpis', null, null]);
    await s.cached(['host', 'freshness.list', {}]);
    expect(s.subs()).toEqual(['changed']);
    s.push('changed', { domains: ['economy'] });
    expect(s.invalidated(['view', 'economy', 'kpis', null, null])).toBe(true);
    expect(s.invalidated(['view', 'health', 'kpis', null, null])).toBe(false);
    expect(s.invalidated(['host', 'freshness.list', {}])).toBe(true);
    s.off();
    expect(s.subs()).toEqual([]);
  });

  it("'feeds.changed' refreshes feeds, outbox and alerts; 'layout.changed' writes the active layout it carries", async () => {
    const s = setup();
    await s.cached(['host', 'alerts.list', {}]);
    await s.cached(['host', 'outbox.list', { includeDelivered: false }]);
    await s.cached(['host', 'layout.active', {}], { layout: null });
    await s.cached(['host', 'wall.get', {}]);
    expect(s.subs()).toEqual(['alerts.changed', 'changed', 'feeds.changed', 'layout.changed']);
    s.push('feeds.changed', { at: 'x', networkDown: false });
    expect(s.invalidated(['host', 'alerts.list', {}])).toBe(true);
    expect(s.invalidated(['host', 'outbox.list', { includeDelivered: false }])).toBe(true);
    expect(s.invalidated(['host', 'wall.get', {}])).toBe(false);
    const active = { layout: { id: 'l' }, wall: { id: 'w' } };
    s.push('layout.changed', active);
    expect(s.qc.getQueryData(['host', 'layout.active', {}])).toEqual(active);
    expect(s.invalidated(['host', 'layout.active', {}])).toBe(false);
    expect(s.invalidated(['host', 'wall.get', {}])).toBe(true);
    s.off();
  });

  it("'cameras.changed' refreshes the camera list and the maps whose catalog view draws cameras, nothing else", async () => {
    const s = setup();
    await s.cached(['view', 'traffic', 'map', null, null]);
    await s.cached(['view', 'urbanOrder', 'map', 'd-689', null]);
    await s.cached(['view', 'health', 'map', null, null]);
    await s.cached(['view', 'traffic', 'kpis', null, null]);
    expect(s.subs()).toEqual(['cameras.changed', 'changed']);
    s.push('cameras.changed', { at: 'x' });
    expect(s.invalidated(['view', 'traffic', 'map', null, null])).toBe(true);
    expect(s.invalidated(['view', 'urbanOrder', 'map', 'd-689', null])).toBe(true);
    expect(s.invalidated(['view', 'health', 'map', null, null])).toBe(false);
    expect(s.invalidated(['view', 'traffic', 'kpis', null, null])).toBe(false);
    s.off();
  });
});
