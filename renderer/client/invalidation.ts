/**
 * Which host events refresh which queries, in one table. Queries never go stale by time: the host
 * pushes an event and exactly the queries it affects are invalidated (refetched if on screen).
 *
 * The renderer subscribes to an event only while the query cache holds a query the event affects,
 * so a wall never asks for the operators' events (the host would refuse them by role) and a tab's
 * events go away with its queries. Commands (useCommand) name what they change the same way.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { CATALOG, viewDef } from '../../domains/catalog';
import type { DomainId } from '../../domains/ids';
import type { HostClient } from '../../host/api/client/HostClient';
import type { EventName, HostEvents, MethodName } from '../../host/api/contract';

/** A host query of one of these methods (keys made by hostKey: ['host', method, params]). */
export const hostQueryOf =
  (...methods: MethodName[]) =>
  (key: QueryKey): boolean =>
    key[0] === 'host' && methods.includes(key[1] as MethodName);

const alertQueries = (key: QueryKey) => key[0] === 'host' && /^alerts\./.test(String(key[1]));

/** A view query (viewKey: ['view', domain, view, …]) whose catalog map view draws the domain's cameras. */
const cameraMapQuery = (key: QueryKey): boolean =>
  key[0] === 'view' && key[2] === 'map' && Object.hasOwn(CATALOG, String(key[1])) && !!viewDef(key[1] as DomainId, 'map')?.sources.cameras;

interface Rule<E extends EventName> {
  /** The queries this event may change. */
  affects(key: QueryKey): boolean;
  /** Narrows by the event's data (a domain's `changed` leaves the other domains' views alone). */
  only?(data: HostEvents[E], key: QueryKey): boolean;
  /** Data the event carries in full: written into the cache instead of refetching. */
  set?: { key: QueryKey };
}

export const INVALIDATED_BY: { [E in EventName]?: Rule<E> } = {
  changed: {
    affects: (k) => k[0] === 'view' || hostQueryOf('freshness.list', 'outbox.list', 'feeds.list', 'events.search')(k),
    // A search's domain is in its params (['host', 'events.search', { domain, … }]).
    only: ({ domains }, k) =>
      k[0] === 'view' ? (domains as readonly string[]).includes(String(k[1])) : k[1] !== 'events.search' || (domains as readonly string[]).includes(String((k[2] as { domain?: unknown })?.domain)),
  },
  // Feed state, the outbox, and CAP warnings that a feed run brought in.
  'feeds.changed': { affects: (k) => hostQueryOf('feeds.list', 'outbox.list')(k) || alertQueries(k) },
  'alerts.changed': { affects: alertQueries },
  // The camera list, and the maps that draw cameras: a camera added, moved or removed shows at once.
  'cameras.changed': { affects: (k) => hostQueryOf('cameras.list')(k) || cameraMapQuery(k) },
  'nodes.changed': { affects: hostQueryOf('nodes.list') },
  'wallRequest.changed': { affects: hostQueryOf('wallRequest.list') },
  'storage.changed': { affects: hostQueryOf('storage.status') },
  // The event carries the active layout; the wall's size may have changed with it.
  'layout.changed': { affects: hostQueryOf('layout.active', 'wall.get'), set: { key: ['host', 'layout.active', {}] } },
  // The presets a wall prepares ahead (renderer/wall/ahead.ts).
  'presets.changed': { affects: hostQueryOf('layout.ahead') },
};

/**
 * Keeps the query cache in step with the host: subscribes to each event of INVALIDATED_BY while a
 * query it affects is cached, and invalidates everything after a reconnect (the host may have
 * changed while we were away). Returns the function that undoes it all.
 */
export function wireInvalidation(client: HostClient, qc: QueryClient): () => void {
  const cache = qc.getQueryCache();
  const subscribed = new Map<EventName, () => void>();
  const rules = Object.entries(INVALIDATED_BY) as [EventName, Rule<EventName>][];

  function listen<E extends EventName>(event: E, rule: Rule<E>): () => void {
    return client.on(event, (data) => {
      if (rule.set) qc.setQueryData(rule.set.key, data);
      void qc.invalidateQueries({
        predicate: (q) =>
          rule.affects(q.queryKey) && (!rule.only || rule.only(data, q.queryKey)) && !(rule.set && sameKey(q.queryKey, rule.set.key)),
      });
    });
  }

  function update(): void {
    const keys = cache.getAll().map((q) => q.queryKey);
    for (const [event, rule] of rules) {
      const needed = keys.some((k) => rule.affects(k));
      const off = subscribed.get(event);
      if (needed && !off) subscribed.set(event, listen(event, rule));
      else if (!needed && off) {
        off();
        subscribed.delete(event);
      }
    }
  }

  // Many queries come and go in one render: one look at the cache afterwards is enough.
  let queued = false;
  const offCache = cache.subscribe((e) => {
    if ((e.type !== 'added' && e.type !== 'removed') || queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      update();
    });
  });
  update();
  const offReconnect = client.onReconnect(() => void qc.invalidateQueries());
  return () => {
    offCache();
    offReconnect();
    for (const off of subscribed.values()) off();
    subscribed.clear();
  };
}

const sameKey = (a: QueryKey, b: QueryKey) => JSON.stringify(a) === JSON.stringify(b);
