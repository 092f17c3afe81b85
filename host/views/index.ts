import type Database from 'better-sqlite3';
import { CATALOG, type DomainId } from '../../domains';
import type { ViewId, ViewParams, ViewResultMap } from '../../domains/views';
import { cachedView, type Ask } from './cache';
import { makeContext, type ViewContext, type ViewOptions } from './common';
import { stationsView } from './environment';
import { byAgencyView, byKindView, byStatusView, mapView, recentView } from './events';
import { byAreaView, kpisView, trendView } from './indicators';
import { queueView } from './queue';
import { ViewError } from './sql';

/**
 * The named views of every domain as plain functions (db, params) → JSON. 'view.query' calls
 * runView; tests and benchmarks call it directly. A view a domain's catalog does not list is
 * refused, so the panels and the catalog cannot drift apart silently.
 */

const VIEWS: { [K in ViewId]: (ctx: ViewContext) => ViewResultMap[K] } = {
  kpis: kpisView,
  trend: trendView,
  byArea: byAreaView,
  map: mapView,
  byStatus: byStatusView,
  byKind: byKindView,
  byAgency: byAgencyView,
  stations: stationsView,
  recent: recentView,
  queue: queueView,
};

function checkView(domain: DomainId, view: ViewId): void {
  const def = CATALOG[domain];
  if (!def.views.some((v) => v.id === view) || !(view in VIEWS)) {
    throw new ViewError(
      'not_found',
      `Lĩnh vực "${def.name.vi}" không có khung xem "${view}". / Domain ${domain} has no view "${view}" (it has: ${def.views.map((v) => v.id).join(', ')}).`,
    );
  }
}

export function runView<K extends ViewId>(
  db: Database.Database,
  domain: DomainId,
  view: K,
  params: ViewParams = {},
  options: ViewOptions = {},
): ViewResultMap[K] {
  checkView(domain, view);
  const ctx = makeContext(db, domain, params, options);
  return cachedView(ctx, view, { params, at: Date.now() }, () => VIEWS[view](ctx));
}

/**
 * A client's earlier ask computed again after a change (host/views/refresh.ts), through the same
 * cache, so the client's next ask is answered from it; not counted as a client asking.
 */
export function refreshView(db: Database.Database, ask: Pick<Ask, 'domain' | 'view' | 'params'>, now: Date): void {
  checkView(ask.domain, ask.view);
  const ctx = makeContext(db, ask.domain, ask.params, { now });
  cachedView(ctx, ask.view, null, () => VIEWS[ask.view](ctx));
}

/**
 * The same answer computed from the tables every time, without the answer cache: what the cache
 * must always agree with (tests), and what a view costs right after the data changed (bench).
 */
export function computeView<K extends ViewId>(
  db: Database.Database,
  domain: DomainId,
  view: K,
  params: ViewParams = {},
  options: ViewOptions = {},
): ViewResultMap[K] {
  checkView(domain, view);
  return VIEWS[view](makeContext(db, domain, params, options));
}

export { ViewError } from './sql';
export { clearViewCache, outsideViews, viewCacheStats } from './cache';
export { resolvePeriod } from './period';
export type { ViewOptions } from './common';
