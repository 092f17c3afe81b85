import type { Migration } from '../migration';

/**
 * Alerting: rules edited in the console (they override bundled and config rules of the same id;
 * `deleted` hides one), the alerts themselves with their lifecycle (raised → acknowledged →
 * cleared | resolved), the CAP messages received, and schedule entries that know about public
 * holidays.
 *
 * At most one open alert (raised or acknowledged) per rule and area: a partial unique index, so
 * no code path — two evaluations racing, a CLI in another process — can make a duplicate.
 */
export const migration009: Migration = {
  version: 9,
  name: 'alerts: rules, alert lifecycle, CAP messages, holiday schedule entries',
  up(db) {
    db.exec(`
      CREATE TABLE alert_rules (
        id         TEXT PRIMARY KEY,
        rule       TEXT,                     -- AlertRule JSON (domains/alerts.ts); NULL when deleted
        deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE alerts (
        id               INTEGER PRIMARY KEY,
        rule_id          TEXT NOT NULL,
        area_id          TEXT NOT NULL,
        state            TEXT NOT NULL CHECK (state IN ('raised', 'acknowledged', 'cleared', 'resolved')),
        kind             TEXT NOT NULL,
        severity         TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'severe')),
        rule_name        TEXT NOT NULL,
        rule_name_en     TEXT NOT NULL,
        value            REAL,
        detail           TEXT NOT NULL DEFAULT '{}',
        raised_at        TEXT NOT NULL,
        last_true_at     TEXT NOT NULL,
        false_since      TEXT,               -- condition gone since (hysteresis), NULL while true
        acked_at         TEXT,
        acked_by         TEXT,
        ack_note         TEXT,
        closed_at        TEXT,
        closed_by        TEXT,
        close_note       TEXT,
        -- A hand-resolved alert whose condition still holds is not raised again until it has
        -- been false once: 1 until then.
        rearm_pending    INTEGER NOT NULL DEFAULT 0,
        takeover         TEXT NOT NULL DEFAULT 'none' CHECK (takeover IN ('none', 'pending', 'active', 'declined', 'ended')),
        takeover_preset  TEXT,
        takeover_until   TEXT,               -- end of a time-limited wall action
        takeover_at      TEXT
      ) STRICT;
      CREATE UNIQUE INDEX alerts_open_once ON alerts (rule_id, area_id) WHERE state IN ('raised', 'acknowledged');
      CREATE INDEX alerts_state_raised ON alerts (state, raised_at);
      CREATE INDEX alerts_rearm ON alerts (rule_id, area_id) WHERE rearm_pending = 1;
      CREATE INDEX alerts_takeover ON alerts (takeover) WHERE takeover IN ('pending', 'active');

      CREATE TABLE cap_messages (
        identifier   TEXT NOT NULL,
        sender       TEXT NOT NULL,
        sent         TEXT NOT NULL,
        feed_id      TEXT NOT NULL,
        status       TEXT NOT NULL,
        msg_type     TEXT NOT NULL,
        refs         TEXT NOT NULL DEFAULT '[]', -- [{sender, identifier, sent}] of "references"
        severity     TEXT NOT NULL,             -- the worst of its info blocks
        expires      TEXT,                      -- the latest expiry of its info blocks
        body         TEXT NOT NULL,             -- CapMessage JSON (info blocks, areas)
        received_at  TEXT NOT NULL,
        -- Set when a later Update or Cancel names this message in its references.
        superseded_by TEXT,
        cancelled    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (sender, identifier, sent)
      ) STRICT;
      CREATE INDEX cap_messages_identifier ON cap_messages (identifier);
      CREATE INDEX cap_messages_live ON cap_messages (expires) WHERE superseded_by IS NULL AND cancelled = 0;

      ALTER TABLE schedules ADD COLUMN holidays TEXT NOT NULL DEFAULT 'any' CHECK (holidays IN ('any', 'skip', 'only'));
    `);
  },
};
