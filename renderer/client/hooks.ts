/**
 * Data hooks over TanStack Query. Queries never go stale by time: the host pushes `changed`
 * and Providers invalidates exactly the affected queries, so a wall re-queries only when its
 * data really changed. While a query refetches (or the connection is down) the last data
 * stays on screen.
 */
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { DomainId } from '../../domains/ids';
import type { MethodName, ParamsOf, ResultOf, ViewAnswer, ViewId, ViewQuery } from '../../host/api/contract';
import { useHostClient } from './context';
import { useScopedKeys } from './query-scope';

export interface ViewOpts {
  areaId?: string;
  period?: string;
  /** false to hold the query (e.g. until a dependency is known). */
  enabled?: boolean;
}

export const viewKey = (domain: string, view: string, o: ViewOpts = {}) =>
  ['view', domain, view, o.areaId ?? null, o.period ?? null] as const;

/**
 * A domain view through 'view.query', its answer typed by the contract per view:
 * `useView('economy', 'kpis', { areaId })` → UseQueryResult<KpisResult>.
 */
export function useView<V extends ViewId>(domain: DomainId, view: V, opts: ViewOpts = {}): UseQueryResult<ViewAnswer<V>> {
  const client = useHostClient();
  const queryKey = viewKey(domain, view, opts);
  useScopedKeys([queryKey]);
  return useQuery({
    queryKey,
    queryFn: () => client.call('view.query', viewQuery(domain, view, opts)),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/** The params of a view query; absent area and period stay absent (the host's defaults). */
export function viewQuery<V extends ViewId>(domain: DomainId, view: V, o: ViewOpts = {}): ViewQuery<V> {
  return { domain, view, ...(o.areaId ? { areaId: o.areaId } : {}), ...(o.period ? { period: o.period } : {}) };
}

export const hostKey = (method: string, params: unknown) => ['host', method, params ?? {}] as const;

/** Any HostApi method as a query, keyed by method and params. */
export function useHost<K extends MethodName>(
  method: K,
  params: ParamsOf<K>,
  opts: { enabled?: boolean } = {},
): UseQueryResult<ResultOf<K>> {
  const client = useHostClient();
  const queryKey = hostKey(method, params);
  useScopedKeys([queryKey]);
  return useQuery({
    queryKey,
    queryFn: () => client.call(method, params),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}
