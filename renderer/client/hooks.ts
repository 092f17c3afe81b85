/**
 * Data hooks over TanStack Query. Queries never go stale by time: the host pushes `changed`
 * and Providers invalidates exactly the affected queries, so a wall re-queries only when its
 * data really changed. While a query refetches (or the connection is down) the last data
 * stays on screen.
 */
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { DomainId } from '../../domains/ids';
import type { MethodName, ParamsOf, ResultOf, ViewAnswer, ViewId } from '../../host/api/contract';
import { useHostClient } from './context';
import { useScopedKeys } from './query-scope';
import { hostKey, viewKey, viewQuery, type ViewOpts } from './query-keys';

export { hostKey, viewKey, viewQuery, type ViewOpts };

/**
 * A domain view through 'view.query', its answer typed by the contract per view:
 * `useView('economy', 'kpis', { areaId })` → UseQueryResult<KpisResult>.
 */
export function useView<V extends ViewId>(domain: DomainId, view: V, opts: ViewOpts = {}): UseQueryResult<ViewAnswer<V>> {
  const client = useHostClient();
  const queryKey = viewKey(domain, view, opts);
  // A disabled query is not what the canvas shows: another canvas (a preset prepared ahead) may
  // have its answer, and the offline cache must keep only what is on screen.
  useScopedKeys(opts.enabled === false ? [] : [queryKey]);
  return useQuery({
    queryKey,
    queryFn: () => client.call('view.query', viewQuery(domain, view, opts)),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/** Any HostApi method as a query, keyed by method and params. */
export function useHost<K extends MethodName>(
  method: K,
  params: ParamsOf<K>,
  opts: { enabled?: boolean } = {},
): UseQueryResult<ResultOf<K>> {
  const client = useHostClient();
  const queryKey = hostKey(method, params);
  useScopedKeys(opts.enabled === false ? [] : [queryKey]);
  return useQuery({
    queryKey,
    queryFn: () => client.call(method, params),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}
