import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HostConfig } from './config/schema';
import { demoMismatch, seedDemo } from './demo';
import { BOUNDARIES_FORMAT, loadBoundaries } from './geo/boundaries';
import { backfillDistricts, type BackfillResult } from './store/district-backfill';
import { RecordWriter } from './store/records';
import { replaceAreas } from './store/replace-areas';

// Whether the demo fits the boundaries is decided here, where seeding is; doctor asks the same.
export { demoMismatch };

export interface PreparedData {
  seeded: boolean;
  seedMs: number | null;
  /** Districts given to records stored before the boundaries (null: not run here, or the boundaries did not change). */
  backfill: BackfillResult | null;
  /** Why the demo was not seeded although asked for (its districts are not in the boundaries file), or null. */
  demoSkipped: string | null;
}

/** No records of any kind and never seeded: other migrations may write meta rows, so meta is not asked. */
function isEmpty(db: Database.Database): boolean {
  const any = (table: string) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
  const recordTables = ['areas', 'observations', 'events', 'stations', 'places'];
  return !recordTables.some(any) && db.prepare(`SELECT 1 FROM meta WHERE key = 'demo'`).get() === undefined;
}

/** Where the installer's file last applied is noted (see fileStamp). */
const APPLIED_KEY = 'boundaries.applied';

/**
 * The installer's file as last applied: its path, size and modification time, and what this
 * version of the app makes of it. The file is re-applied on every start so that replacing it takes
 * effect, but an official file of a million positions costs ~3 s to read and simplify (bench:
 * dense-689, 37 MB): unchanged, the stamp says so in a stat. Null when the file cannot be stat'ed
 * (loadBoundaries then says why).
 */
function fileStamp(file: string): string | null {
  try {
    const st = statSync(file);
    return JSON.stringify([resolve(file), st.size, st.mtimeMs, st.ino, BOUNDARIES_FORMAT]);
  } catch {
    return null;
  }
}

function noteApplied(db: Database.Database, stamp: string): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(APPLIED_KEY, stamp);
}

/**
 * Readies an opened database the same way for every entry point (`serve`, the desktop app,
 * `sync --once`): an empty one gets the labelled demo dataset, or (demo off) just the boundaries so
 * the map still draws and synced points find their district. An installer's boundaries file is
 * re-applied on every start, so replacing the file takes effect without wiping the database; when
 * the districts changed, records placed by their point are placed again (one pass).
 */
export function prepareData(
  db: Database.Database,
  config: HostConfig,
  now: Date,
  records: RecordWriter = new RecordWriter(db),
  options: { backfill: 'now' | 'later' } = { backfill: 'now' },
): PreparedData {
  let seeded = false;
  let seedMs: number | null = null;
  let demoSkipped: string | null = null;
  const file = config.boundaries.file;
  // Taken before the file is read: a file replaced while it is read is read again next start.
  const stamp = file ? fileStamp(file) : null;
  // Read once: an installer's file may be large, and both the demo check and the districts need it.
  let areas = isEmpty(db) && config.demo ? loadBoundaries(file) : null;
  if (areas) {
    demoSkipped = demoMismatch(areas, file);
    if (!demoSkipped) {
      const t0 = performance.now();
      seedDemo(db, { now, boundariesFile: file, areas });
      seeded = true;
      seedMs = performance.now() - t0;
      // The demo stored this file's districts: noted, so the next start does not read it again.
      if (stamp) noteApplied(db, stamp);
    }
  }
  if (!seeded) {
    const needAreas = db.prepare(`SELECT 1 FROM areas LIMIT 1`).get() === undefined;
    const applied = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(APPLIED_KEY);
    if (needAreas || (file && (stamp === null || stamp !== applied))) {
      const loaded = (areas ??= loadBoundaries(file));
      db.transaction(() => {
        // The file is the whole set: districts it no longer has leave with it (replace-areas.ts),
        // which also forgets any earlier stamp; this file's is noted with its districts.
        replaceAreas(db, records, loaded);
        if (stamp) noteApplied(db, stamp);
      })();
    }
  }
  // A host serves first and back-fills between requests (backfillDistrictsInTurns); the CLI waits.
  return { seeded, seedMs, demoSkipped, backfill: options.backfill === 'now' ? backfillDistricts(db) : null };
}
