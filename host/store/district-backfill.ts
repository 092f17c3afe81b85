import type Database from 'better-sqlite3';
import { AreaLocator } from './area-locator';

/**
 * Gives a district to records stored before the boundaries were there, and moves records whose
 * district was found from their point when the boundaries are replaced. Areas a source gave are
 * never touched (`area_located = 0` with an area). Runs once per boundaries fingerprint (kept in
 * `meta`), in one transaction, reading each table in rowid pages so memory stays flat at any size.
 */

const META_KEY = 'districts.backfill';
const TABLES = ['events', 'places', 'stations'] as const;
const PAGE = 20_000;

export interface BackfillResult {
  /** Rows looked at (with a point, and no area or a located one). */
  checked: number;
  /** Rows whose area changed (a district found, moved, or dropped because the point left every district). */
  changed: number;
  ms: number;
}

/** Back-fills when the districts changed since the last back-fill; null when there was nothing to do. */
export function backfillDistricts(db: Database.Database, locator = new AreaLocator(db)): BackfillResult | null {
  const fingerprint = locator.fingerprint();
  const done = db.prepare<[string], string>(`SELECT value FROM meta WHERE key = ?`).pluck().get(META_KEY);
  if (done === fingerprint) return null;
  const t0 = performance.now();
  const index = locator.current();
  let checked = 0;
  let changed = 0;
  db.transaction(() => {
    for (const table of TABLES) {
      const page = db
        .prepare<[number, number], [number, number, number, string | null, number]>(
          `SELECT rowid, lon, lat, area_id, area_located FROM ${table}
           WHERE rowid > ? AND lat IS NOT NULL AND lon IS NOT NULL AND (area_id IS NULL OR area_located = 1)
           ORDER BY rowid LIMIT ?`,
        )
        .raw();
      const set = db.prepare(`UPDATE ${table} SET area_id = ?, area_located = ? WHERE rowid = ?`);
      for (let after = 0; ; ) {
        const rows = page.all(after, PAGE);
        if (rows.length === 0) break;
        for (const [rowid, lon, lat, areaId, located] of rows) {
          checked++;
          const found = index.size ? index.locate(lon, lat) : null;
          if (found === areaId) continue;
          // A located area whose point now falls in no district goes back to "none"; an unlocated row
          // without a district stays as it is.
          if (found === null && !located) continue;
          set.run(found, found === null ? 0 : 1, rowid);
          changed++;
        }
        after = rows[rows.length - 1]![0];
      }
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(META_KEY, fingerprint);
  })();
  return { checked, changed, ms: performance.now() - t0 };
}
