/**
 * The query keys and params of the data hooks (./hooks.ts), without React: the page's start
 * (renderer/boot) asks for a wall's first frame under the same keys before React has loaded,
 * so the hooks find the answers in the cache.
 */
import type { DomainId } from '../../domains/ids';
import type { ViewId, ViewQuery } from '../../host/api/contract';

export interface ViewOpts {
  areaId?: string;
  period?: string;
  /** false to hold the query (e.g. until a dependency is known). */
  enabled?: boolean;
}

export const viewKey = (domain: string, view: string, o: ViewOpts = {}) =>
  ['view', domain, view, o.areaId ?? null, o.period ?? null] as const;

/** The params of a view query; absent area and period stay absent (the host's defaults). */
export function viewQuery<V extends ViewId>(domain: DomainId, view: V, o: ViewOpts = {}): ViewQuery<V> {
  return { domain, view, ...(o.areaId ? { areaId: o.areaId } : {}), ...(o.period ? { period: o.period } : {}) };
}

export const hostKey = (method: string, params: unknown) => ['host', method, params ?? {}] as const;
