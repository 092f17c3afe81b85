import type { Migration } from '../migration';

/**
 * What the panels' views need to answer from a million-row cache in a few milliseconds:
 * - event_stats: events counted per local month, district, kind and current status (and
 *   event_agency_stats: per agency),
 *   kept exact by triggers on every insert, update and delete of `events` (so sync, the demo
 *   seed and operator edits all keep it right without knowing it exists);
 * - reading_monthly: monthly sum/count/max per station and parameter, kept by triggers on `readings`;
 * - partial indexes on open events (overdue is "open and past dueAt", asked for now, not stored),
 *   covering: closed_at is listed although always NULL there, else SQLite reads every row.
 * Months are local (Asia/Ho_Chi_Minh, UTC+7), like the periods the panels show.
 */

// Late = settled after its due date (for dossiers: NgayKetThucXuLy > NgayHenTra).
const statsColumns = (r: string) => `
  ${r}.domain AS d, coalesce(${r}.area_id, '') AS a, strftime('%Y-%m', ${r}.opened_at, '+7 hours') AS m,
  ${r}.kind AS k, coalesce(${r}.agency, '') AS g, ${r}.status AS s,
  ${r}.closed_at IS NOT NULL AS c,
  (${r}.closed_at IS NOT NULL AND ${r}.due_at IS NOT NULL AND julianday(${r}.closed_at) > julianday(${r}.due_at)) AS l,
  coalesce(json_extract(${r}.attrs, '$.online') = 1, 0) AS o,
  CAST(coalesce(json_extract(${r}.attrs, '$.deaths'), 0) AS INTEGER) AS de,
  CAST(coalesce(json_extract(${r}.attrs, '$.injuries'), 0) AS INTEGER) AS inj`;

function upsertFrom(r: 'new' | 'old', sign: 1 | -1): string {
  return `
    INSERT INTO event_stats (domain, area_id, month, kind, status, n, closed, late, online, deaths, injuries)
    SELECT d, a, m, k, s, ${sign}, ${sign} * c, ${sign} * l, ${sign} * o, ${sign} * de, ${sign} * inj
    FROM (SELECT ${statsColumns(r)})
    WHERE true
    ON CONFLICT (domain, month, area_id, kind, status) DO UPDATE SET
      n = n + excluded.n, closed = closed + excluded.closed, late = late + excluded.late,
      online = online + excluded.online, deaths = deaths + excluded.deaths, injuries = injuries + excluded.injuries;
    INSERT INTO event_agency_stats (domain, area_id, month, agency, n, closed, late)
    SELECT d, a, m, g, ${sign}, ${sign} * c, ${sign} * l
    FROM (SELECT ${statsColumns(r)})
    WHERE true
    ON CONFLICT (domain, month, area_id, agency) DO UPDATE SET
      n = n + excluded.n, closed = closed + excluded.closed, late = late + excluded.late;`;
}

// Rows whose counts fall to zero are removed so the tables stay as small as the data.
const dropEmpty = `DELETE FROM event_stats WHERE domain = old.domain
  AND month = strftime('%Y-%m', old.opened_at, '+7 hours') AND area_id = coalesce(old.area_id, '')
  AND kind = old.kind AND status = old.status AND n = 0;
  DELETE FROM event_agency_stats WHERE domain = old.domain
  AND month = strftime('%Y-%m', old.opened_at, '+7 hours') AND area_id = coalesce(old.area_id, '')
  AND agency = coalesce(old.agency, '') AND n = 0;`;

const READINGS_MONTHLY_DELETE = `CREATE TRIGGER readings_monthly_delete AFTER DELETE ON readings BEGIN
        UPDATE reading_monthly SET sum = sum - old.value, n = n - 1
        WHERE param = old.param AND month = strftime('%Y-%m', old.time, '+7 hours') AND station_id = old.station_id;
        DELETE FROM reading_monthly
        WHERE param = old.param AND month = strftime('%Y-%m', old.time, '+7 hours') AND station_id = old.station_id AND n = 0;
      END;`;

const TRIGGERS_SQL = `
      CREATE TRIGGER events_stats_insert AFTER INSERT ON events BEGIN
        ${upsertFrom('new', 1)}
      END;
      CREATE TRIGGER events_stats_delete AFTER DELETE ON events BEGIN
        ${upsertFrom('old', -1)}
        ${dropEmpty}
      END;
      CREATE TRIGGER events_stats_update
      AFTER UPDATE OF domain, area_id, opened_at, kind, agency, status, closed_at, due_at, attrs ON events BEGIN
        ${upsertFrom('old', -1)}
        ${upsertFrom('new', 1)}
        ${dropEmpty}
      END;

      CREATE TRIGGER readings_monthly_insert AFTER INSERT ON readings BEGIN
        INSERT INTO reading_monthly (param, month, station_id, sum, n, max)
        VALUES (new.param, strftime('%Y-%m', new.time, '+7 hours'), new.station_id, new.value, 1, new.value)
        ON CONFLICT (param, month, station_id) DO UPDATE SET
          sum = sum + excluded.sum, n = n + 1, max = max(max, excluded.max);
      END;
      -- A corrected value: the sum follows exactly; the month's max can only rise (a lowered
      -- maximum is kept until the month is rebuilt), which errs on the side of warning.
      CREATE TRIGGER readings_monthly_update AFTER UPDATE OF value ON readings BEGIN
        UPDATE reading_monthly SET sum = sum - old.value + new.value, max = max(max, new.value)
        WHERE param = new.param AND month = strftime('%Y-%m', new.time, '+7 hours') AND station_id = new.station_id;
      END;
      ${READINGS_MONTHLY_DELETE}
`;

const REBUILD_SQL = `
      INSERT INTO event_stats (domain, area_id, month, kind, status, n, closed, late, online, deaths, injuries)
      SELECT d, a, m, k, s, count(*), sum(c), sum(l), sum(o), sum(de), sum(inj) FROM (
        SELECT ${statsColumns('e')} FROM events e
      )
      GROUP BY d, a, m, k, s;
      INSERT INTO event_agency_stats (domain, area_id, month, agency, n, closed, late)
      SELECT d, a, m, g, count(*), sum(c), sum(l) FROM (
        SELECT ${statsColumns('e')} FROM events e
      )
      GROUP BY d, a, m, g;

      INSERT INTO reading_monthly (param, month, station_id, sum, n, max)
      SELECT param, strftime('%Y-%m', time, '+7 hours'), station_id, sum(value), count(*), max(value)
      FROM readings GROUP BY 1, 2, 3;
`;

export const migration004: Migration = {
  version: 4,
  name: 'view aggregates and indexes',
  up(db) {
    db.exec(`
      CREATE TABLE event_stats (
        domain   TEXT NOT NULL,
        area_id  TEXT NOT NULL,   -- '' when the event has no area
        month    TEXT NOT NULL,   -- local 'YYYY-MM' of opened_at
        kind     TEXT NOT NULL,
        status   TEXT NOT NULL,
        n        INTEGER NOT NULL,
        closed   INTEGER NOT NULL,
        late     INTEGER NOT NULL,
        online   INTEGER NOT NULL,
        deaths   INTEGER NOT NULL,
        injuries INTEGER NOT NULL,
        PRIMARY KEY (domain, month, area_id, kind, status)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX event_stats_area ON event_stats (domain, area_id, month);

      -- The same counts by agency (kept apart: agency × kind × status would multiply the rows).
      CREATE TABLE event_agency_stats (
        domain   TEXT NOT NULL,
        area_id  TEXT NOT NULL,
        month    TEXT NOT NULL,
        agency   TEXT NOT NULL,   -- '' when not assigned
        n        INTEGER NOT NULL,
        closed   INTEGER NOT NULL,
        late     INTEGER NOT NULL,
        PRIMARY KEY (domain, month, area_id, agency)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE reading_monthly (
        param      TEXT NOT NULL,
        month      TEXT NOT NULL,  -- local 'YYYY-MM'
        station_id TEXT NOT NULL,
        sum        REAL NOT NULL,
        n          INTEGER NOT NULL,
        max        REAL NOT NULL,
        PRIMARY KEY (param, month, station_id)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX events_open_due ON events (domain, due_at, area_id, agency, kind, closed_at) WHERE closed_at IS NULL;
      CREATE INDEX events_open_area_due ON events (domain, area_id, due_at, agency, kind, closed_at) WHERE closed_at IS NULL;
      CREATE INDEX stations_domain_area ON stations (domain, area_id);
      CREATE INDEX places_domain_area ON places (domain, area_id, kind);
    `);

    db.exec(TRIGGERS_SQL);
    // Data written before this migration.
    db.exec(REBUILD_SQL);
  },
};
