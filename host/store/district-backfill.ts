import type Database from 'better-sqlite3';
import { AreaLocator } from '../geo/area-locator';

/**
 * Gives a district to records stored before the boundaries were there, and moves records whose
 * district was found from their point when the boundaries are replaced. Areas a source gave are
 * never touched (`area_located = 0` with an area). One pass per boundaries fingerprint (kept in
 * `meta` once the pass is through), reading each table in rowid pages, each page its own
 * transaction: memory and the WAL stay small at any size, a pass cut short (a crash, a quit) keeps
 * what it did and the next start goes on with the rest, and the host can serve between pages.
 */

const META_KEY = 'districts.backfill';
const TABLES = ['events', 'places', 'stations'] as const;
export const BACKFILL_PAGE = 5_000;
/**
 * Rows per page when a host back-fills between requests. Each row's UPDATE also keeps the view
 * aggregates (migration 004's triggers): on the 1M-row cache a row costs 0.15–0.2 ms, so 100 rows
 * hold the event loop for about 15–20 ms at a time.
 */
export const BACKFILL_TURN_PAGE = 100;

export interface BackfillResult {
  /** Rows looked at (with a point, and no area or a located one). */
  checked: number;
  /** Rows whose area changed (a district found, moved, or dropped because the point left every district). */
  changed: number;
  ms: number;
}

/**
 * The pass as steps, one page each (the caller decides whether to yield between them); returns
 * null at once when the districts did not change since the last pass.
 */
export function backfillPass(
  db: Database.Database,
  locator = new AreaLocator(db),
  pageSize = BACKFILL_PAGE,
): { steps: Generator<void, BackfillResult> } | null {
  const fingerprint = locator.fingerprint();
  const done = db.prepare<[string], string>(`SELECT value FROM meta WHERE key = ?`).pluck().get(META_KEY);
  if (done === fingerprint) return null;
  function* steps(): Generator<void, BackfillResult> {
    const t0 = performance.now();
    const index = locator.current();
    let checked = 0;
    let changed = 0;
    for (const table of TABLES) {
      const page = db
        .prepare<[number, number], [number, number, number, string | null, number]>(
          `SELECT rowid, lon, lat, area_id, area_located FROM ${table}
           WHERE rowid > ? AND lat IS NOT NULL AND lon IS NOT NULL AND (area_id IS NULL OR area_located = 1)
           ORDER BY rowid LIMIT ?`,
        )
        .raw();
      const set = db.prepare(`UPDATE ${table} SET area_id = ?, area_located = ? WHERE rowid = ?`);
      const apply = db.transaction((rows: [number, number, number, string | null, number][]) => {
        for (const [rowid, lon, lat, areaId, located] of rows) {
          checked++;
          const found = index.size ? index.locate(lon, lat) : null;
          if (found === areaId) continue;
          // A located area whose point now falls in no district goes back to "none"; a row without
          // a district that still finds none stays as it is.
          if (found === null && !located) continue;
          set.run(found, found === null ? 0 : 1, rowid);
          changed++;
        }
      });
      for (let after = 0; ; ) {
        const rows = page.all(after, pageSize);
        if (rows.length === 0) break;
        apply(rows);
        after = rows[rows.length - 1]![0];
        yield;
      }
    }
    // Only a pass that went through is remembered: one cut short starts again (what it did stays done).
    if (locator.fingerprint() === fingerprint) {
      db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(META_KEY, fingerprint);
    }
    return { checked, changed, ms: performance.now() - t0 };
  }
  return { steps: steps() };
}

/** The whole pass at once (the CLI, before it syncs); null when the districts did not change. */
export function backfillDistricts(db: Database.Database, locator?: AreaLocator): BackfillResult | null {
  const pass = backfillPass(db, locator);
  if (!pass) return null;
  for (;;) {
    const r = pass.steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The pass a page per event-loop turn, so a host serves its screens meanwhile. `stopped()` ends it
 * between pages (the host is closing); the rest is done at the next start.
 */
export async function backfillDistrictsInTurns(db: Database.Database, stopped: () => boolean): Promise<BackfillResult | null> {
  const pass = backfillPass(db, new AreaLocator(db), BACKFILL_TURN_PAGE);
  if (!pass) return null;
  for (;;) {
    if (stopped()) return null;
    const r = pass.steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
