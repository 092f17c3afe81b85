import type { Migration } from '../migration';

/**
 * The sync engine's tables. `feeds` holds feeds edited in the console (they override the config
 * file's feed of the same id); `feed_state` is what a run leaves for the next one (validators,
 * watermark, the cursor of an interrupted run) and what the console shows; `quarantine` keeps
 * source items that failed validation with their reason; `outbox` queues operator actions for
 * the actions endpoint, in order (seq), each with its idempotency key.
 */
export const migration003: Migration = {
  version: 3,
  name: 'sync: feeds, feed state, quarantine, outbox',
  up(db) {
    db.exec(`
      CREATE TABLE feeds (
        id         TEXT PRIMARY KEY,
        config     TEXT NOT NULL,           -- FeedConfig as JSON (secrets as secret:NAME references)
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE feed_state (
        feed_id              TEXT PRIMARY KEY,
        etag                 TEXT,
        last_modified        TEXT,
        watermark            TEXT,
        cursor               TEXT,
        last_run_at          TEXT,
        last_success_at      TEXT,
        last_error           TEXT,          -- FeedError JSON {code, vi, en, at}
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_run_at          TEXT,
        last_counts          TEXT NOT NULL DEFAULT '{}',
        total_counts         TEXT NOT NULL DEFAULT '{}'
      ) STRICT;

      CREATE TABLE quarantine (
        id          INTEGER PRIMARY KEY,
        feed_id     TEXT NOT NULL,
        external_id TEXT,
        reason      TEXT NOT NULL,
        raw         TEXT NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX quarantine_feed_at ON quarantine (feed_id, at);

      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        event_id        TEXT NOT NULL,
        action          TEXT NOT NULL CHECK (action IN ('acknowledge','assign','note','resolve')),
        payload         TEXT NOT NULL DEFAULT '{}',
        actor           TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error      TEXT,
        delivered_at    TEXT,
        response        TEXT
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (delivered_at, seq);
    `);
  },
};
