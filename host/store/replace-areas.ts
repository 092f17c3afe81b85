import type Database from 'better-sqlite3';
import type { Area } from '../../domains';
import type { RecordWriter } from './records';

/**
 * A boundaries file as the whole set of its version's districts: its areas written, and the
 * districts of that version it no longer has removed, in the caller's transaction (a file of 4
 * districts after one of 11 leaves 4 on every map and list, never 4 new beside 7 stale).
 *
 * Removed, not kept "out of use": nothing references an area row (records, events, alerts and
 * the view aggregates hold the code as text, with no foreign key), so a record whose source gave a
 * removed code keeps it, and its history and counts stay as they were; the row itself is only the
 * shape and name a map draws, and a shape that is no longer the province's must not be drawn or
 * hold points. Records placed by their point are placed again by the district back-fill, which
 * the caller runs after (the stored districts changed, so their fingerprint did). Another set of
 * units (the 2025 reorganisation) is another version, which this never touches.
 */
export function replaceAreas(db: Database.Database, records: RecordWriter, areas: readonly Area[]): { removed: string[] } {
  for (const a of areas) records.area(a);
  const removed: string[] = [];
  for (const version of new Set(areas.map((a) => a.version))) {
    const keep = JSON.stringify(areas.filter((a) => a.version === version && a.level === 'district').map((a) => a.id));
    const gone = db
      .prepare<[string, string], string>(
        `DELETE FROM areas WHERE version = ? AND level = 'district' AND id NOT IN (SELECT value FROM json_each(?)) RETURNING id`,
      )
      .pluck()
      .all(version, keep);
    removed.push(...gone);
  }
  // Whatever file was noted as applied (prepare-data.ts) is no longer what the table holds: the
  // next start applies the configured file again, as it did before that note existed.
  db.prepare(`DELETE FROM meta WHERE key = 'boundaries.applied'`).run();
  return { removed: removed.sort() };
}
