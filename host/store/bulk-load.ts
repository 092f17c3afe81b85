import type Database from 'better-sqlite3';
import { withoutTriggers } from '../db/triggers';

/**
 * The view aggregates (event_stats, event_agency_stats, reading_monthly) as they are defined
 * today, recomputed from the rows. The triggers that keep them row by row live in the schema
 * (migration 004 created them); this is the same arithmetic for a whole table at once, and
 * tests/unit/store/bulk-load.test.ts checks that both agree. A migration that changes what an
 * aggregate counts changes this file too.
 */

// Late = settled after its due date (for dossiers: NgayKetThucXuLy > NgayHenTra). Months are local (UTC+7).
const STATS_COLUMNS = `
  e.domain AS d, coalesce(e.area_id, '') AS a, strftime('%Y-%m', e.opened_at, '+7 hours') AS m,
  e.kind AS k, coalesce(e.agency, '') AS g, e.status AS s,
  e.closed_at IS NOT NULL AS c,
  (e.closed_at IS NOT NULL AND e.due_at IS NOT NULL AND julianday(e.closed_at) > julianday(e.due_at)) AS l,
  coalesce(json_extract(e.attrs, '$.online') = 1, 0) AS o,
  CAST(coalesce(json_extract(e.attrs, '$.deaths'), 0) AS INTEGER) AS de,
  CAST(coalesce(json_extract(e.attrs, '$.injuries'), 0) AS INTEGER) AS inj`;

const REBUILD_SQL = `
  DELETE FROM event_stats; DELETE FROM event_agency_stats; DELETE FROM reading_monthly;
  INSERT INTO event_stats (domain, area_id, month, kind, status, n, closed, late, online, deaths, injuries)
  SELECT d, a, m, k, s, count(*), sum(c), sum(l), sum(o), sum(de), sum(inj) FROM (SELECT ${STATS_COLUMNS} FROM events e)
  GROUP BY d, a, m, k, s;
  INSERT INTO event_agency_stats (domain, area_id, month, agency, n, closed, late)
  SELECT d, a, m, g, count(*), sum(c), sum(l) FROM (SELECT ${STATS_COLUMNS} FROM events e)
  GROUP BY d, a, m, g;
  INSERT INTO reading_monthly (param, month, station_id, sum, n, max)
  SELECT param, strftime('%Y-%m', time, '+7 hours'), station_id, sum(value), count(*), max(value)
  FROM readings GROUP BY 1, 2, 3;`;

/** The triggers that keep the aggregates above; other triggers on events and readings keep firing. */
export const AGGREGATE_TRIGGERS = [
  'events_stats_insert',
  'events_stats_delete',
  'events_stats_update',
  'readings_monthly_insert',
  'readings_monthly_update',
  'readings_monthly_delete',
] as const;

/**
 * Loads many events and readings at once (the demo seed, a first full sync): the aggregates are
 * rebuilt once at the end instead of being updated row by row, which halves the load time. All
 * in one transaction, so no reader ever sees aggregates that disagree with the rows.
 */
export function bulkLoad<T>(db: Database.Database, load: () => T): T {
  return withoutTriggers(db, AGGREGATE_TRIGGERS, () => {
    const result = load();
    db.exec(REBUILD_SQL);
    return result;
  });
}
