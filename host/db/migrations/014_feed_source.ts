import type { Migration } from '../migration';

/**
 * feed_state.source: a digest of what a feed fetches (its adapter, address, format, charset,
 * options and mapping), written by every run. A run whose feed no longer fetches what the stored
 * validators, watermark and cursor came from starts afresh instead of asking the new source for
 * what changed since the old one's watermark (a feed pointed at another server, edited or deleted
 * and added again under its id, skipped every report older than that time). NULL for state written
 * before this column: such a run adopts the digest and keeps its place.
 */
export const migration014: Migration = {
  version: 14,
  name: 'sync: what each feed state was fetched from',
  up(db) {
    db.exec(`ALTER TABLE feed_state ADD COLUMN source TEXT`);
  },
};
