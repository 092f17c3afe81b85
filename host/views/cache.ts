import type Database from 'better-sqlite3';
import { DOMAIN_VIEWS } from './config';
import type { ViewContext } from './common';
import { monthStartUtc } from './period';
import { stmt } from './sql';

/**
 * View answers kept per database until they could differ (issue 12 §4: views under 5 ms on a busy
 * machine). Every display, kiosk and console asks the same few views again and again between two
 * data changes; the second ask costs a lookup instead of a query and hundreds of objects, so the
 * time the scheduler can take away from it shrinks with it.
 *
 * An answer is the same as a fresh one as long as:
 * - the data are the same: `PRAGMA data_version` (commits of other connections) and
 *   `total_changes()` (rows this connection changed, committed or not) both unchanged — any write
 *   at all, by sync, operators, retention, quarantine or a bundle, drops every answer;
 * - "now" has not crossed what the answer depends on: the resolved period is part of the key, and
 *   an answer that counts or flags overdue reports holds only until the next open report of its
 *   domain falls due (the earliest due date not yet past when it was computed);
 * - the answer does not follow the clock continuously: a station's current index (NowCast over the
 *   12 hours before now) is never kept while its period is still running.
 * Answers are frozen, so a caller that tried to change one would throw instead of corrupting it,
 * and the cache is bounded by entries and by rows, least recently used out first.
 */

export const VIEW_CACHE_MAX_ENTRIES = 128;
/** Rows, points and series points across every kept answer (a map answer is up to 600 points). */
export const VIEW_CACHE_MAX_WEIGHT = 20_000;

interface Entry {
  result: unknown;
  /** Kept answers hold for "now" in [from, until) (ms). */
  from: number;
  until: number;
  weight: number;
}

interface Cache {
  version: string;
  entries: Map<string, Entry>;
  weight: number;
  hits: number;
  misses: number;
}

const caches = new WeakMap<Database.Database, Cache>();

function dataVersion(db: Database.Database): string {
  // One statement, asked on every view request.
  const v = stmt(db, `SELECT data_version || ':' || total_changes() FROM pragma_data_version`).pluck().get() as string;
  return v;
}

function cacheOf(db: Database.Database): Cache {
  const version = dataVersion(db);
  let c = caches.get(db);
  if (!c) {
    c = { version, entries: new Map(), weight: 0, hits: 0, misses: 0 };
    caches.set(db, c);
  } else if (c.version !== version) {
    c.entries.clear();
    c.weight = 0;
    c.version = version;
  }
  return c;
}

/** Views whose answer moves with the clock while their period runs (NowCast windows). */
function followsClock(ctx: ViewContext, view: string): boolean {
  const clocked = view === 'stations' || (view === 'map' && DOMAIN_VIEWS[ctx.domain].map?.stations === true);
  return clocked && monthStartUtc(ctx.period.to, 1) > ctx.nowIso;
}

/** Until when (ms) overdue flags and counts of this domain stay as they are now. */
function overdueStableUntil(ctx: ViewContext): number {
  const next = stmt(ctx.db, `SELECT min(due_at) FROM events WHERE domain = ? AND closed_at IS NULL AND due_at >= ?`)
    .pluck()
    .get(ctx.domain, ctx.nowIso) as string | null;
  return next === null ? Infinity : Date.parse(next);
}

function weightOf(result: unknown): number {
  let w = 1;
  for (const v of Object.values(result as Record<string, unknown>)) {
    if (!Array.isArray(v)) continue;
    w += v.length;
    for (const item of v) if (item && typeof item === 'object' && Array.isArray((item as { points?: unknown }).points)) w += (item as { points: unknown[] }).points.length;
  }
  return w;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function cachedView<T>(ctx: ViewContext, view: string, compute: () => T): T {
  // Inside a transaction the rows may still be rolled back: answer without keeping anything.
  if (ctx.db.inTransaction || followsClock(ctx, view)) return compute();
  const cache = cacheOf(ctx.db);
  const key = `${ctx.domain}|${view}|${ctx.areaId}|${JSON.stringify(ctx.period)}`;
  const now = ctx.now.getTime();
  const hit = cache.entries.get(key);
  if (hit && now >= hit.from && now < hit.until) {
    cache.hits++;
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit.result as T;
  }
  cache.misses++;
  if (hit) {
    cache.entries.delete(key);
    cache.weight -= hit.weight;
  }
  const result = deepFreeze(compute());
  const entry: Entry = { result, from: now, until: overdueStableUntil(ctx), weight: weightOf(result) };
  if (entry.until <= now || entry.weight > VIEW_CACHE_MAX_WEIGHT) return result;
  cache.entries.set(key, entry);
  cache.weight += entry.weight;
  for (const [k, e] of cache.entries) {
    if (cache.entries.size <= VIEW_CACHE_MAX_ENTRIES && cache.weight <= VIEW_CACHE_MAX_WEIGHT) break;
    cache.entries.delete(k);
    cache.weight -= e.weight;
  }
  return result;
}

/** What the cache holds for a database (tests, the bench, diagnostics). */
export function viewCacheStats(db: Database.Database): { entries: number; weight: number; hits: number; misses: number } {
  const c = caches.get(db);
  return { entries: c?.entries.size ?? 0, weight: c?.weight ?? 0, hits: c?.hits ?? 0, misses: c?.misses ?? 0 };
}

/** Forgets every kept answer of a database (the bench measures computing a view this way). */
export function clearViewCache(db: Database.Database): void {
  caches.delete(db);
}
