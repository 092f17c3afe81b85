import type Database from 'better-sqlite3';
import type { DomainId } from '../../domains';
import type { ViewId, ViewParams } from '../../domains/views';
import type { ViewContext } from './common';
import { stmt } from '../db/statements';

/**
 * View answers kept per database until they could differ (issue 12 §4: views under 5 ms on a busy
 * machine). Every display, kiosk and console asks the same few views again and again between two
 * data changes; the second ask costs a lookup instead of a query and hundreds of objects, so the
 * time the scheduler can take away from it shrinks with it.
 *
 * An answer is the same as a fresh one as long as:
 * - the data are the same: `PRAGMA data_version` (commits of other connections) and
 *   `total_changes()` (rows this connection changed, committed or not) both unchanged — any write
 *   at all, by sync, operators, retention, quarantine or a bundle, drops every answer — except the
 *   rows written through `outsideViews` (a feed's state, a node's heartbeat), which no view reads;
 * - "now" has not crossed what the answer depends on: the resolved period is part of the key, and
 *   an answer that counts or flags overdue reports holds only until the next open report of its
 *   domain falls due (the earliest due date not yet past when it was computed); a view whose
 *   answer follows the clock in steps says until when it holds (`ctx.until`: a station's current
 *   index, whose NowCast hours move on with "now", holds until the next reading changes hour).
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

/** A client's ask, kept (apart from the answers) so its answer can be computed again after a change. */
export interface Ask {
  domain: DomainId;
  view: ViewId;
  params: ViewParams;
  /** Wall-clock ms of the last time a client asked it (not of the last refresh). */
  askedAt: number;
  /**
   * Its place among all asks (askSequence): what tells an ask from a change told in the same
   * millisecond, which wall-clock ms cannot.
   */
  seq: number;
}

let lastAsk = 0;
/** The place the next ask will take is after this one: read it when telling a change. */
export const askSequence = (): number => lastAsk;

interface Cache {
  version: string;
  entries: Map<string, Entry>;
  weight: number;
  hits: number;
  misses: number;
  /** Answers computed by a refresh after a change, before any client asked again. */
  refreshed: number;
}

const caches = new WeakMap<Database.Database, Cache>();
/** Rows written through outsideViews, per database: left out of its data version. */
const ignoredChanges = new WeakMap<Database.Database, number>();
/** The asks clients made lately, most recent last, at most VIEW_CACHE_MAX_ENTRIES. */
const asksOf = new WeakMap<Database.Database, Map<string, Ask>>();

function dataVersion(db: Database.Database): string {
  // One statement, asked on every view request.
  const v = stmt(db, `SELECT data_version, total_changes() AS n FROM pragma_data_version`).get() as { data_version: number; n: number };
  return `${v.data_version}:${v.n - (ignoredChanges.get(db) ?? 0)}`;
}

/**
 * Runs `work`, whose writes no view reads (a feed's run state, a node's heartbeat), without
 * dropping the kept answers. Writes to anything a view reads must not go through here: an answer
 * would then outlive the data it was computed from.
 */
export function outsideViews<T>(db: Database.Database, work: () => T): T {
  const count = stmt(db, `SELECT total_changes()`).pluck();
  const before = count.get() as number;
  try {
    return work();
  } finally {
    ignoredChanges.set(db, (ignoredChanges.get(db) ?? 0) + ((count.get() as number) - before));
  }
}

function cacheOf(db: Database.Database): Cache {
  const version = dataVersion(db);
  let c = caches.get(db);
  if (!c) {
    c = { version, entries: new Map(), weight: 0, hits: 0, misses: 0, refreshed: 0 };
    caches.set(db, c);
  } else if (c.version !== version) {
    c.entries.clear();
    c.weight = 0;
    c.version = version;
  }
  return c;
}

/**
 * Per database and domain, the earliest moment an answer given out stops being true by the clock
 * alone — an open report falls due, a station's hour moves on — where no commit will say so. The
 * refresher tells the displays then (host/views/refresh.ts `checkClock`). One number per domain.
 */
const turnsOf = new WeakMap<Database.Database, Map<DomainId, number>>();

function noteTurn(db: Database.Database, domain: DomainId, at: number): void {
  let turns = turnsOf.get(db);
  if (!turns) turnsOf.set(db, (turns = new Map()));
  const known = turns.get(domain);
  if (known === undefined || at < known) turns.set(domain, at);
}

/** The domains whose answers the clock has changed by `now`: each turn is given once. */
export function clockTurned(db: Database.Database, now: number): DomainId[] {
  const turns = turnsOf.get(db);
  if (!turns) return [];
  const due = [...turns].filter(([, at]) => at <= now).map(([d]) => d);
  for (const d of due) turns.delete(d);
  return due;
}

/**
 * Until when (ms) overdue flags and counts of this domain stay as they are now. The counts compare
 * due dates with "now" as text to the second (eventStats.ts openNow): a report due at 08:01:00 is
 * counted overdue from 08:01:01, so that is when the answer turns, not a millisecond after 08:01.
 */
function overdueStableUntil(ctx: ViewContext): number {
  const next = stmt(ctx.db, `SELECT min(due_at) FROM events WHERE domain = ? AND closed_at IS NULL AND due_at >= ?`)
    .pluck()
    .get(ctx.domain, ctx.nowIso) as string | null;
  return next === null ? Infinity : Date.parse(next) + 1000;
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

function noteAsk(db: Database.Database, key: string, ask: Omit<Ask, 'seq'>): void {
  let asks = asksOf.get(db);
  if (!asks) asksOf.set(db, (asks = new Map()));
  asks.delete(key);
  asks.set(key, { ...ask, seq: ++lastAsk });
  if (asks.size > VIEW_CACHE_MAX_ENTRIES) asks.delete(asks.keys().next().value!);
}

/** The asks kept for these domains, oldest first (the refresher picks the recent ones). */
export function asksOfDomains(db: Database.Database, domains: ReadonlySet<DomainId>): Ask[] {
  return [...(asksOf.get(db)?.values() ?? [])].filter((a) => domains.has(a.domain));
}

/**
 * `ask` names a client's ask (kept for refreshes); null when the host computes an answer again on
 * its own after a change (host/views/refresh.ts), which must not count as a client still asking.
 */
export function cachedView<T>(ctx: ViewContext, view: ViewId, ask: { params: ViewParams; at: number } | null, compute: () => T): T {
  // Inside a transaction the rows may still be rolled back: answer without keeping anything.
  if (ctx.db.inTransaction) return compute();
  const cache = cacheOf(ctx.db);
  const key = `${ctx.domain}|${view}|${ctx.areaId}|${JSON.stringify(ctx.period)}`;
  if (ask) noteAsk(ctx.db, key, { domain: ctx.domain, view, params: ask.params, askedAt: ask.at });
  const now = ctx.now.getTime();
  const hit = cache.entries.get(key);
  if (hit && now >= hit.from && now < hit.until) {
    if (ask) cache.hits++;
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit.result as T;
  }
  if (ask) cache.misses++;
  else cache.refreshed++;
  if (hit) {
    cache.entries.delete(key);
    cache.weight -= hit.weight;
  }
  const result = deepFreeze(compute());
  const entry: Entry = { result, from: now, until: Math.min(overdueStableUntil(ctx), ctx.until), weight: weightOf(result) };
  // Noted whether kept or not: a display holds the answer either way.
  if (entry.until > now && entry.until < Infinity) noteTurn(ctx.db, ctx.domain, entry.until);
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
export function viewCacheStats(db: Database.Database): { entries: number; weight: number; hits: number; misses: number; refreshed: number } {
  const c = caches.get(db);
  return { entries: c?.entries.size ?? 0, weight: c?.weight ?? 0, hits: c?.hits ?? 0, misses: c?.misses ?? 0, refreshed: c?.refreshed ?? 0 };
}

/** Forgets every kept answer of a database, and the asks (tests start from nothing this way). */
export function clearViewCache(db: Database.Database): void {
  caches.delete(db);
  asksOf.delete(db);
  turnsOf.delete(db);
}
