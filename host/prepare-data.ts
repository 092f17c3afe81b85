import type Database from 'better-sqlite3';
import type { HostConfig } from './config/schema';
import { seedDemo } from './demo';
import { loadBoundaries } from './geo/boundaries';
import { backfillDistricts, type BackfillResult } from './store/district-backfill';
import { RecordWriter } from './store/records';

export interface PreparedData {
  seeded: boolean;
  seedMs: number | null;
  /** Districts given to records stored before the boundaries (null: not run here, or the boundaries did not change). */
  backfill: BackfillResult | null;
}

/** No records of any kind and never seeded: other migrations may write meta rows, so meta is not asked. */
function isEmpty(db: Database.Database): boolean {
  const any = (table: string) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
  const recordTables = ['areas', 'observations', 'events', 'stations', 'places'];
  return !recordTables.some(any) && db.prepare(`SELECT 1 FROM meta WHERE key = 'demo'`).get() === undefined;
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
  if (isEmpty(db) && config.demo) {
    const t0 = performance.now();
    seedDemo(db, { now, boundariesFile: config.boundaries.file });
    seeded = true;
    seedMs = performance.now() - t0;
  } else {
    const needAreas = db.prepare(`SELECT 1 FROM areas LIMIT 1`).get() === undefined;
    if (needAreas || config.boundaries.file) {
      const areas = loadBoundaries(config.boundaries.file);
      db.transaction(() => areas.forEach((a) => records.area(a)))();
    }
  }
  // A host serves first and back-fills between requests (backfillDistrictsInTurns); the CLI waits.
  return { seeded, seedMs, backfill: options.backfill === 'now' ? backfillDistricts(db) : null };
}
