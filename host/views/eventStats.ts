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
 * Open now, and of those past their due date now (overdue is derived, never stored). Times
 * compare as text: records are stored as UTC ISO strings ('…Z'), and the index stays covering.
 */
export function openNow(db: Database.Database, domain: DomainId, district: string | null, nowIso: string, kinds?: readonly string[]): OpenCounts {
  const areaSql = district ? ' AND area_id = ?' : '';
  const sql = `SELECT count(*) AS open, coalesce(sum(due_at < ?), 0) AS overdue
    FROM events WHERE domain = ? AND closed_at IS NULL${areaSql}${kindFilter(kinds)}`;
  const args: unknown[] = [nowIso, domain];
  if (district) args.push(district);
  if (kinds) args.push(...kinds);
  return stmt(db, sql).get(...args) as OpenCounts;
}

export function openBy(
  db: Database.Database,
  domain: DomainId,
  group: 'area_id' | 'agency',
  district: string | null,
  nowIso: string,
): Map<string, OpenCounts> {
  const areaSql = district ? ' AND area_id = ?' : '';
  const sql = `SELECT coalesce(${group}, '') AS key, count(*) AS open,
      coalesce(sum(due_at < ?), 0) AS overdue
    FROM events WHERE domain = ? AND closed_at IS NULL${areaSql} GROUP BY 1`;
  const args: unknown[] = [nowIso, domain];
  if (district) args.push(district);
  const rows = stmt(db, sql).all(...args) as (OpenCounts & { key: string })[];
  return new Map(rows.map((r) => [r.key, { open: r.open, overdue: r.overdue }]));
}
