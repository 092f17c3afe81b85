import type Database from 'better-sqlite3';
import type { DomainId } from '../../domains';
import { stmt } from '../db/statements';

/**
 * Event figures from event_stats (migration 004): counts by local month kept by triggers, so a
 * year of a busy domain is a few thousand aggregate rows instead of hundreds of thousands of
 * events. Live figures (open, overdue) read the partial indexes on open events.
 */

export interface StatTotals {
  n: number;
  closed: number;
  late: number;
  online: number;
  deaths: number;
  injuries: number;
}

const SUMS = `coalesce(sum(n),0) AS n, coalesce(sum(closed),0) AS closed, coalesce(sum(late),0) AS late,
  coalesce(sum(online),0) AS online, coalesce(sum(deaths),0) AS deaths, coalesce(sum(injuries),0) AS injuries`;

function kindFilter(kinds: readonly string[] | undefined): string {
  return kinds && kinds.length > 0 ? ` AND kind IN (${kinds.map(() => '?').join(',')})` : '';
}

/**
 * Figures that do not split by kind or status read event_area_stats (migration 012: the same
 * sums per domain, month and district), a dozen rows a month instead of one per kind × status.
 */
function statsTable(group: StatGroup | null, kinds: readonly string[] | undefined): string {
  const byKind = kinds !== undefined && kinds.length > 0;
  return !byKind && (group === null || group === 'month' || group === 'area_id') ? 'event_area_stats' : 'event_stats';
}

export function statTotals(
  db: Database.Database,
  domain: DomainId,
  district: string | null,
  from: string,
  to: string,
  kinds?: readonly string[],
): StatTotals {
  const areaSql = district ? ' AND area_id = ?' : '';
  const sql = `SELECT ${SUMS} FROM ${statsTable(null, kinds)} WHERE domain = ? AND month BETWEEN ? AND ?${areaSql}${kindFilter(kinds)}`;
  const args: unknown[] = [domain, from, to];
  if (district) args.push(district);
  if (kinds) args.push(...kinds);
  return stmt(db, sql).get(...args) as StatTotals;
}

export type StatGroup = 'month' | 'area_id' | 'kind' | 'status';

export function statsBy(
  db: Database.Database,
  domain: DomainId,
  group: StatGroup,
  district: string | null,
  from: string,
  to: string,
  kinds?: readonly string[],
): (StatTotals & { key: string })[] {
  const areaSql = district ? ' AND area_id = ?' : '';
  const sql = `SELECT ${group} AS key, ${SUMS} FROM ${statsTable(group, kinds)}
    WHERE domain = ? AND month BETWEEN ? AND ?${areaSql}${kindFilter(kinds)} GROUP BY ${group}`;
  const args: unknown[] = [domain, from, to];
  if (district) args.push(district);
  if (kinds) args.push(...kinds);
  return stmt(db, sql).all(...args) as (StatTotals & { key: string })[];
}

/** Received, settled and settled late per agency (event_agency_stats). */
export function agencyStats(db: Database.Database, domain: DomainId, district: string | null, from: string, to: string) {
  const areaSql = district ? ' AND area_id = ?' : '';
  const sql = `SELECT agency AS key, sum(n) AS n, sum(closed) AS closed, sum(late) AS late FROM event_agency_stats
    WHERE domain = ? AND month BETWEEN ? AND ?${areaSql} GROUP BY agency`;
  const args: unknown[] = [domain, from, to];
  if (district) args.push(district);
  return stmt(db, sql).all(...args) as { key: string; n: number; closed: number; late: number }[];
}

export interface OpenCounts {
  open: number;
  overdue: number;
}

/**
 * Open now, and of those past their due date now (overdue is derived, never stored). The open
 * and dated counts come from event_open_stats (migration 013, kept by triggers); overdue is the
 * dated ones minus those due at or after now, a range of the partial open-event indexes (the
 * reports not yet due, not every open one). Times compare as text: records are stored as UTC ISO
 * strings ('…Z'), and `due_at < now` is exactly "dated and not `due_at >= now`".
 */
export function openNow(db: Database.Database, domain: DomainId, district: string | null, nowIso: string, kinds?: readonly string[]): OpenCounts {
  const areaSql = district ? ' AND area_id = ?' : '';
  const args: unknown[] = [domain];
  if (district) args.push(district);
  if (kinds) args.push(...kinds);
  const totals = stmt(db, `SELECT coalesce(sum(n), 0) AS open, coalesce(sum(dated), 0) AS dated FROM event_open_stats
    WHERE domain = ?${areaSql}${kindFilter(kinds)}`).get(...args) as { open: number; dated: number };
  if (totals.dated === 0) return { open: totals.open, overdue: 0 };
  const notDue = stmt(db, `SELECT count(*) FROM events WHERE domain = ? AND closed_at IS NULL AND due_at >= ?${areaSql}${kindFilter(kinds)}`)
    .pluck()
    .get(domain, nowIso, ...args.slice(1)) as number;
  return { open: totals.open, overdue: totals.dated - notDue };
}

/** Open events now (event_open_stats, kept by triggers): no scan however many are open. */
export function openTotal(db: Database.Database, domain: DomainId, district: string | null): number {
  const areaSql = district ? ' AND area_id = ?' : '';
  return stmt(db, `SELECT coalesce(sum(n), 0) FROM event_open_stats WHERE domain = ?${areaSql}`)
    .pluck()
    .get(domain, ...(district ? [district] : [])) as number;
}

/** openNow per district or per agency ('' for none), in key order; only keys with open events. */
export function openBy(
  db: Database.Database,
  domain: DomainId,
  group: 'area_id' | 'agency',
  district: string | null,
  nowIso: string,
): Map<string, OpenCounts> {
  const areaSql = district ? ' AND area_id = ?' : '';
  const args: unknown[] = district ? [domain, district] : [domain];
  const rows = stmt(db, `SELECT ${group} AS key, sum(n) AS open, sum(dated) AS dated FROM event_open_stats
    WHERE domain = ?${areaSql} GROUP BY 1 ORDER BY 1`).all(...args) as { key: string; open: number; dated: number }[];
  const notDue = new Map(
    stmt(db, `SELECT coalesce(${group}, '') AS key, count(*) AS n FROM events
      WHERE domain = ? AND closed_at IS NULL AND due_at >= ?${areaSql} GROUP BY 1`)
      .raw()
      .all(domain, nowIso, ...args.slice(1)) as [string, number][],
  );
  return new Map(rows.map((r) => [r.key, { open: r.open, overdue: r.dated - (notDue.get(r.key) ?? 0) }]));
}

/** The agencies a domain's events name (from event_agencies, migration 013), in code order. */
export function agenciesOf(db: Database.Database, domain: DomainId): string[] {
  return stmt(db, `SELECT agency FROM event_agencies WHERE domain = ? AND agency <> '' ORDER BY agency`).pluck().all(domain) as string[];
}
