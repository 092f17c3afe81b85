import type { Migration } from '../migration';

/**
 * Two small summaries the live event figures read instead of scanning (issue 12 §4):
 *
 * - event_open_stats: open events (closed_at IS NULL) per domain, district, agency and kind, and
 *   how many of them have a due date. "Open now" is a sum of a few dozen rows; "overdue now"
 *   (open and past due, asked for "now", never stored) is the dated ones minus those not yet due,
 *   which the partial index events_open_due finds by a range on due_at. Before, every by-district
 *   view, kpi and queue counted every open report of its domain (3 853 for the hotline of the
 *   ×11 demo) on every ask. Kept by triggers on `events`, in the transaction of whatever writes
 *   them (a synced batch, hotline.act, the districts back-fill, bulkLoad, a delete), so no writer
 *   needs to know it exists. Not lifted by bulkLoad: its triggers do nothing for settled events.
 * - event_agencies: the agencies event_agency_stats has rows for, per domain, with how many rows
 *   (the queue's agency list read them with a DISTINCT over every month and district). Kept by
 *   triggers on event_agency_stats, so its own triggers and bulkLoad's rebuild keep it right.
 *
 * - readings_param_time_value replaces readings_param_time (param, time): the same index with the
 *   value in it, so a station view reads the 12-hour window of every station in one walk of the
 *   index without looking each reading up in the table. Whatever used the old one uses this one.
 *
 * - events_open_rows / events_open_area_rows: the open events' rows themselves, in due order for
 *   the province and per district, as partial indexes that cover what the map and the queue show
 *   of them. Without them each of a map's or the queue's 300 open rows is a lookup in the events
 *   table, scattered over the file; on a busy host whose page cache holds other views' pages, most
 *   of those lookups read a page from the file (1.3 ms for 300 rows against 0.5 ms from the index,
 *   measured on the ×11 cache). Open events are a few thousand of the half million, so the two
 *   indexes are a few MB; events_open_due and events_open_area_due stay for the counts (narrower).
 *
 * Self-contained SQL on purpose: a migration must not change when live code does.
 */

const openKey = (r: 'new' | 'old') =>
  `domain = ${r}.domain AND area_id = coalesce(${r}.area_id, '') AND agency = coalesce(${r}.agency, '') AND kind = ${r}.kind`;

const addOpen = (r: 'new' | 'old') => `
  INSERT INTO event_open_stats (domain, area_id, agency, kind, n, dated)
  SELECT ${r}.domain, coalesce(${r}.area_id, ''), coalesce(${r}.agency, ''), ${r}.kind, 1, ${r}.due_at IS NOT NULL
  WHERE ${r}.closed_at IS NULL
  ON CONFLICT (domain, area_id, agency, kind) DO UPDATE SET n = n + 1, dated = dated + excluded.dated;`;

const removeOpen = (r: 'new' | 'old') => `
  UPDATE event_open_stats SET n = n - 1, dated = dated - (${r}.due_at IS NOT NULL)
  WHERE ${r}.closed_at IS NULL AND ${openKey(r)};
  DELETE FROM event_open_stats WHERE ${openKey(r)} AND n = 0;`;

/** What the map and the queue read of an open event (closed_at too, NULL there, so the index covers). */
const OPEN_ROW_COLS = 'opened_at, id, kind, status, lat, lon, title, address, agency, updated_at, closed_at, description, attrs';

export const migration013: Migration = {
  version: 13,
  name: 'open event counts and agencies',
  up(db) {
    db.exec(`
      CREATE TABLE event_open_stats (
        domain  TEXT NOT NULL,
        area_id TEXT NOT NULL,   -- '' when the event has no area
        agency  TEXT NOT NULL,   -- '' when not assigned
        kind    TEXT NOT NULL,
        n       INTEGER NOT NULL, -- open events
        dated   INTEGER NOT NULL, -- of those, with a due date
        PRIMARY KEY (domain, area_id, agency, kind)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER event_open_stats_insert AFTER INSERT ON events WHEN new.closed_at IS NULL BEGIN
        ${addOpen('new')}
      END;
      CREATE TRIGGER event_open_stats_delete AFTER DELETE ON events WHEN old.closed_at IS NULL BEGIN
        ${removeOpen('old')}
      END;
      CREATE TRIGGER event_open_stats_update AFTER UPDATE OF domain, area_id, agency, kind, closed_at, due_at ON events
      WHEN old.closed_at IS NULL OR new.closed_at IS NULL BEGIN
        ${removeOpen('old')}
        ${addOpen('new')}
      END;

      INSERT INTO event_open_stats (domain, area_id, agency, kind, n, dated)
      SELECT domain, coalesce(area_id, ''), coalesce(agency, ''), kind, count(*), count(due_at)
      FROM events WHERE closed_at IS NULL GROUP BY 1, 2, 3, 4;

      CREATE TABLE event_agencies (
        domain TEXT NOT NULL,
        agency TEXT NOT NULL,   -- '' when not assigned
        n      INTEGER NOT NULL, -- rows of event_agency_stats with this domain and agency
        PRIMARY KEY (domain, agency)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER event_agencies_insert AFTER INSERT ON event_agency_stats BEGIN
        INSERT INTO event_agencies (domain, agency, n) VALUES (new.domain, new.agency, 1)
        ON CONFLICT (domain, agency) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER event_agencies_delete AFTER DELETE ON event_agency_stats BEGIN
        UPDATE event_agencies SET n = n - 1 WHERE domain = old.domain AND agency = old.agency;
        DELETE FROM event_agencies WHERE domain = old.domain AND agency = old.agency AND n = 0;
      END;
      CREATE TRIGGER event_agencies_update AFTER UPDATE OF domain, agency ON event_agency_stats BEGIN
        UPDATE event_agencies SET n = n - 1 WHERE domain = old.domain AND agency = old.agency;
        DELETE FROM event_agencies WHERE domain = old.domain AND agency = old.agency AND n = 0;
        INSERT INTO event_agencies (domain, agency, n) VALUES (new.domain, new.agency, 1)
        ON CONFLICT (domain, agency) DO UPDATE SET n = n + 1;
      END;

      INSERT INTO event_agencies (domain, agency, n)
      SELECT domain, agency, count(*) FROM event_agency_stats GROUP BY 1, 2;

      CREATE INDEX events_open_rows ON events (domain, due_at, area_id, ${OPEN_ROW_COLS}) WHERE closed_at IS NULL;
      CREATE INDEX events_open_area_rows ON events (domain, area_id, due_at, ${OPEN_ROW_COLS}) WHERE closed_at IS NULL;

      CREATE INDEX readings_param_time_value ON readings (param, time, value);
      DROP INDEX readings_param_time;
    `);
  },
};
