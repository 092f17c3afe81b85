import type Database from 'better-sqlite3';
import { CATALOG, type DomainId, type IndicatorDef } from '../../domains';
import type { IndicatorRef, ResolvedPeriod, ViewFreshness } from '../../domains/views';
import { localYearMonth, resolvePeriod } from './period';
import { localMidnight } from '../../base/time-zone';
import { stmt } from '../db/statements';
import { ViewError } from './sql';

export const PROVINCE_ID = '70';

export interface ViewOptions {
  /** "Now" for live figures (open, overdue) and for cutting the current year; tests fix it. */
  now?: Date;
}

export interface ViewContext {
  db: Database.Database;
  domain: DomainId;
  /** The area asked for, '70' when none. */
  areaId: string;
  /** null for the whole province: queries then read province rows or add districts up. */
  district: string | null;
  areaName: string;
  period: ResolvedPeriod;
  now: Date;
  nowIso: string;
  /** Figures several items of one view share (the same totals for the same span). */
  memo: Map<string, unknown>;
  /**
   * Until when (ms) the answer stays what it is as "now" moves on, as far as the view itself knows
   * (at the latest the next month, when the period resolves anew); the answer cache keeps it no
   * longer, and the screens are told when it passes (host/views/refresh.ts).
   */
  until: number;
}

/** Lowers the time the answer being computed holds until (see ViewContext.until). */
export function holdsUntil(ctx: ViewContext, ms: number): void {
  if (ms < ctx.until) ctx.until = ms;
}

export function memo<T>(ctx: ViewContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const v = compute();
  ctx.memo.set(key, v);
  return v;
}

export function makeContext(
  db: Database.Database,
  domain: DomainId,
  params: { areaId?: string; period?: string },
  options: ViewOptions = {},
): ViewContext {
  const now = options.now ?? new Date();
  const areaId = params.areaId ?? PROVINCE_ID;
  const row = stmt(db, `SELECT name, level FROM areas WHERE id = ? ORDER BY version DESC LIMIT 1`).get(areaId) as
    | { name: string; level: string }
    | undefined;
  if (!row && areaId !== PROVINCE_ID) {
    throw new ViewError('not_found', `Không có địa bàn mã "${areaId}". / There is no area with code "${areaId}".`);
  }
  return {
    db,
    domain,
    areaId,
    district: row && row.level !== 'province' ? areaId : null,
    areaName: row?.name ?? 'Bình Phước',
    period: resolvePeriod(params.period, now),
    now,
    // Same shape as stored times ('YYYY-MM-DDTHH:MM:SSZ') so text comparison is time order.
    nowIso: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    memo: new Map(),
    // The period asked for is resolved against "now" (no period: this year; a span running past
    // this month: cut at it), so every answer holds at most until the province's next month.
    until: nextLocalMonth(now),
  };
}

/** The instant the province's next month starts. */
export function nextLocalMonth(now: Date): number {
  const { year, month } = localYearMonth(now);
  return localMidnight(year, month + 1).getTime();
}

export function freshness(ctx: ViewContext): ViewFreshness {
  const r = stmt(ctx.db, `SELECT updated_at, source FROM domain_freshness WHERE domain = ?`).get(ctx.domain) as
    | { updated_at: string; source: string }
    | undefined;
  return { updatedAt: r?.updated_at ?? null, source: r?.source ?? null };
}

export function base(ctx: ViewContext) {
  return {
    domain: ctx.domain,
    areaId: ctx.areaId,
    areaName: ctx.areaName,
    period: ctx.period,
    freshness: freshness(ctx),
  };
}

export function indicator(domain: DomainId, id: string): IndicatorDef {
  const def = CATALOG[domain].indicators.find((i) => i.id === id);
  if (!def) throw new Error(`indicator ${id} is not in the catalog of ${domain}`);
  return def;
}

export function ref(def: IndicatorDef): IndicatorRef {
  return { id: def.id, name: def.name, unit: def.unit, upIsGood: def.upIsGood };
}

export interface DistrictRow {
  id: string;
  name: string;
}

/** The district-level units of the newest area version, in code order. */
export function districts(db: Database.Database): DistrictRow[] {
  return stmt(
    db,
    `SELECT id, name FROM areas WHERE level = 'district'
       AND version = (SELECT max(version) FROM areas WHERE level = 'district') ORDER BY id`,
  ).all() as DistrictRow[];
}

export function isPercent(def: IndicatorDef): boolean {
  return def.unit.vi === '%';
}
