import type { Migration } from '../migration';

/**
 * `area_located` marks records whose district was found from their point (not given by the
 * source), so a back-fill after the boundaries change may move them — and never touches an area a
 * source gave. `secret_origins` lists, per secret name, the origins it may be sent to beyond those
 * the config file's own feeds name (the store holds the value; this holds no secret).
 */
export const migration006: Migration = {
  version: 6,
  name: 'located areas, secret origins',
  up(db) {
    db.exec(`
      ALTER TABLE events   ADD COLUMN area_located INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE places   ADD COLUMN area_located INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE stations ADD COLUMN area_located INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE secret_origins (
        name     TEXT NOT NULL,
        origin   TEXT NOT NULL,            -- scheme://host[:port], as URL.origin spells it
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        PRIMARY KEY (name, origin)
      ) STRICT;
    `);
  },
};
