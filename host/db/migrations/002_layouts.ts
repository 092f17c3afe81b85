import type { Migration } from '../migration';

/**
 * Walls, presets (named layouts), the schedule, playlists and the active state. Walls and
 * layouts are stored as their validated JSON (the layouts/ model is the schema); the columns
 * beside the JSON are what we list and join on. The bundled wall and presets are written at
 * start-up (host/layouts/seed.ts, from host/db/open.ts), not here: a migration's result must not
 * change when a later release changes its presets.
 */
export const migration002: Migration = {
  version: 2,
  name: 'walls, presets, schedules, playlists, active layout state',
  up(db) {
    db.exec(`
      CREATE TABLE walls (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        body       TEXT NOT NULL,          -- Wall JSON (layouts/model.ts)
        active     INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;
      -- One wall per machine is the one its windows show.
      CREATE UNIQUE INDEX walls_one_active ON walls (active) WHERE active = 1;

      CREATE TABLE presets (
        id         TEXT PRIMARY KEY,
        wall_id    TEXT NOT NULL REFERENCES walls (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        body       TEXT NOT NULL,          -- Layout JSON
        bundled    INTEGER NOT NULL DEFAULT 0 CHECK (bundled IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX presets_wall ON presets (wall_id, name);

      CREATE TABLE playlists (
        id         TEXT PRIMARY KEY,
        wall_id    TEXT NOT NULL REFERENCES walls (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        items      TEXT NOT NULL,          -- [{presetId, dwellSec}]
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE schedules (
        id          TEXT PRIMARY KEY,
        wall_id     TEXT NOT NULL REFERENCES walls (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,      -- list order: a later entry wins a tie
        days        TEXT NOT NULL,         -- JSON array of ISO weekdays
        at          TEXT NOT NULL CHECK (at GLOB '[0-2][0-9]:[0-5][0-9]'),
        target_kind TEXT NOT NULL CHECK (target_kind IN ('preset', 'playlist')),
        target_id   TEXT NOT NULL,
        enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
      ) STRICT;

      -- Per wall: the default preset, whether the schedule runs, a manual override, and what the
      -- displays were last told to show (so a restart does not re-announce an unchanged layout).
      CREATE TABLE layout_state (
        wall_id           TEXT PRIMARY KEY REFERENCES walls (id) ON DELETE CASCADE,
        default_preset_id TEXT,
        schedule_enabled  INTEGER NOT NULL DEFAULT 1 CHECK (schedule_enabled IN (0, 1)),
        override          TEXT,            -- {target, at, until} JSON or NULL
        applied_preset_id TEXT,
        applied_at        TEXT
      ) STRICT;
    `);
  },
};
