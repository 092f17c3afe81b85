import type { Migration } from '../migration';

/**
 * The five record kinds of DESIGN.md, the audit log and a key/value table for host metadata.
 * Primary keys are the records' natural keys, so a re-sync upserts instead of duplicating.
 */
export const migration001: Migration = {
  version: 1,
  name: 'core record tables',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE areas (
        id        TEXT NOT NULL,
        version   TEXT NOT NULL,
        level     TEXT NOT NULL CHECK (level IN ('province','district','commune')),
        parent_id TEXT,
        name      TEXT NOT NULL,
        kind      TEXT NOT NULL,
        geometry  TEXT,          -- GeoJSON geometry, as text
        lat       REAL,
        lon       REAL,
        PRIMARY KEY (version, id)
      ) STRICT;

      CREATE TABLE observations (
        indicator  TEXT NOT NULL,
        area_id    TEXT NOT NULL,
        period     TEXT NOT NULL,
        domain     TEXT NOT NULL,
        value      REAL NOT NULL,
        source     TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (indicator, area_id, period)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX observations_domain ON observations (domain, period);

      CREATE TABLE events (
        id          TEXT PRIMARY KEY,
        domain      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        status      TEXT NOT NULL,
        area_id     TEXT,
        lat         REAL,
        lon         REAL,
        title       TEXT NOT NULL,
        description TEXT NOT NULL,
        address     TEXT NOT NULL,
        agency      TEXT,
        opened_at   TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        due_at      TEXT,
        closed_at   TEXT,
        source      TEXT NOT NULL,
        attrs       TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX events_domain_opened ON events (domain, opened_at);
      CREATE INDEX events_domain_area ON events (domain, area_id, opened_at);

      CREATE TABLE stations (
        id      TEXT PRIMARY KEY,
        domain  TEXT NOT NULL,
        name    TEXT NOT NULL,
        area_id TEXT,
        lat     REAL NOT NULL,
        lon     REAL NOT NULL,
        params  TEXT NOT NULL DEFAULT '[]',
        source  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE readings (
        station_id TEXT NOT NULL,
        param      TEXT NOT NULL,
        time       TEXT NOT NULL,
        value      REAL NOT NULL,
        PRIMARY KEY (station_id, param, time)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX readings_param_time ON readings (param, time);

      CREATE TABLE places (
        id      TEXT PRIMARY KEY,
        domain  TEXT NOT NULL,
        kind    TEXT NOT NULL,
        name    TEXT NOT NULL,
        area_id TEXT,
        lat     REAL NOT NULL,
        lon     REAL NOT NULL,
        source  TEXT NOT NULL,
        attrs   TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX places_domain_kind ON places (domain, kind);

      -- When each domain's data last changed, and from where: the panels' freshness line.
      CREATE TABLE domain_freshness (
        domain     TEXT PRIMARY KEY,
        updated_at TEXT NOT NULL,
        source     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        id     INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,
        actor  TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
    `);
  },
};
