import { createHash } from 'node:crypto';
import type { Migration } from '../migration';

/** Quarantine key of an item: its source id when it has one, else a hash of its raw text. */
export function quarantineKey(externalId: string | null, raw: string): string {
  return externalId !== null && externalId !== '' ? `id:${externalId}` : `sha1:${createHash('sha1').update(raw).digest('hex')}`;
}

/**
 * Data that survives months:
 * - `quarantine` keeps one row per (feed, item, reason) with a count and first/last seen, instead
 *   of a new row each time a broken item is seen again (a bad mapping re-quarantines every run).
 * - `outbox` rows know the feed their report came from, and a 4xx-refused action waits for an
 *   operator (`rejected_at`) who retries or discards it (`discarded_at`/`discarded_by`); order is
 *   kept per report (`outbox_report`), so one refused action no longer blocks the others.
 * - `observations.manual` marks figures an operator entered (`observation.put`): a feed never
 *   overwrites or deletes them. Existing manual figures are found in the audit log.
 * - Indexes for the retention sweeps (audit, finished outbox rows); readings are swept per
 *   parameter through readings_param_time, so their inserts carry no extra index.
 */
export const migration005: Migration = {
  version: 5,
  name: 'data safety: quarantine dedup, outbox per report, manual observations, retention indexes',
  up(db) {
    db.exec(`
      CREATE TABLE quarantine_new (
        id          INTEGER PRIMARY KEY,
        feed_id     TEXT NOT NULL,
        item_key    TEXT NOT NULL,          -- 'id:<source id>' or 'sha1:<hash of raw>'
        external_id TEXT,
        reason      TEXT NOT NULL,
        raw         TEXT NOT NULL,
        count       INTEGER NOT NULL DEFAULT 1,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        UNIQUE (feed_id, item_key, reason)
      ) STRICT;
    `);
    const merge = db.prepare(
      `INSERT INTO quarantine_new (feed_id, item_key, external_id, reason, raw, count, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (feed_id, item_key, reason) DO UPDATE SET count = count + 1,
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), raw = excluded.raw`,
    );
    // In slices: a runaway quarantine can hold millions of rows.
    const slice = db.prepare(`SELECT id, feed_id, external_id, reason, raw, at FROM quarantine WHERE id > ? ORDER BY id LIMIT 5000`);
    type Row = { id: number; feed_id: string; external_id: string | null; reason: string; raw: string; at: string };
    for (let last = 0, rows = slice.all(last) as Row[]; rows.length > 0; rows = slice.all(last) as Row[]) {
      for (const r of rows) merge.run(r.feed_id, quarantineKey(r.external_id, r.raw), r.external_id, r.reason, r.raw, r.at, r.at);
      last = rows[rows.length - 1]!.id;
    }
    db.exec(`
      DROP TABLE quarantine;
      ALTER TABLE quarantine_new RENAME TO quarantine;
      CREATE INDEX quarantine_last_seen ON quarantine (last_seen);

      ALTER TABLE outbox ADD COLUMN feed_id TEXT;
      ALTER TABLE outbox ADD COLUMN rejected_at TEXT;
      ALTER TABLE outbox ADD COLUMN discarded_at TEXT;
      ALTER TABLE outbox ADD COLUMN discarded_by TEXT;
      UPDATE outbox SET feed_id = (SELECT source FROM events WHERE events.id = outbox.event_id);
      CREATE INDEX outbox_report ON outbox (event_id, seq);
      CREATE INDEX outbox_done ON outbox (coalesce(delivered_at, discarded_at));

      ALTER TABLE observations ADD COLUMN manual INTEGER NOT NULL DEFAULT 0;
      UPDATE observations SET manual = 1 WHERE EXISTS (
        SELECT 1 FROM audit_log a WHERE a.action = 'observation.put'
          AND json_valid(a.detail)
          AND json_extract(a.detail, '$.indicator') = observations.indicator
          AND json_extract(a.detail, '$.areaId') = observations.area_id
          AND json_extract(a.detail, '$.period') = observations.period);

      CREATE INDEX audit_log_at ON audit_log (at);
    `);
  },
};
