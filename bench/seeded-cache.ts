// A demo cache at a volume scale (≈1M rows at ×11) in a temp SQLite file, opened as the host
// opens it (WAL, synchronous NORMAL), for the benchmarks that need the big cache.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../host/db/migrate';
import { seedDemo, type SeedSummary } from '../host/demo';

export interface SeededCache {
  db: Database.Database;
  seeded: SeedSummary;
  /** Rows of every record kind together. */
  rows: number;
  seedMs: number;
  close(): void;
}

export function seededCache(prefix: string, scale: number, now: Date): SeededCache {
  // BENCH_REUSE_DB=/path/cache.db keeps the seeded file between runs (seeding takes a minute or
  // two); it is seeded the first time and only migrated afterwards. Same scale and "now" required.
  const reuse = process.env.BENCH_REUSE_DB;
  if (reuse) return reusedCache(reuse, scale, now);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = new Database(join(dir, 'cache.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    const t0 = performance.now();
    const seeded = seedDemo(db, { scale, now });
    const seedMs = performance.now() - t0;
    db.pragma('optimize');
    const rows = seeded.observations + seeded.events + seeded.readings + seeded.places + seeded.stations + seeded.areas;
    return {
      db,
      seeded,
      rows,
      seedMs,
      close() {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function reusedCache(file: string, scale: number, now: Date): SeededCache {
  const fresh = !existsSync(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  const t0 = performance.now();
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const seeded: SeedSummary = fresh
    ? seedDemo(db, { scale, now })
    : { areas: count('areas'), observations: count('observations'), events: count('events'), stations: count('stations'), readings: count('readings'), places: count('places'), ms: 0 };
  db.pragma('optimize');
  const rows = seeded.observations + seeded.events + seeded.readings + seeded.places + seeded.stations + seeded.areas;
  return { db, seeded, rows, seedMs: performance.now() - t0, close: () => db.close() };
}

/** The floor of a query on this database: median time of a prepared `SELECT 1` (ms). */
export function selectOneFloor(db: Database.Database, runs = 2000): number {
  const floor = db.prepare('SELECT 1').pluck();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    floor.get();
    times.push(performance.now() - t);
  }
  const s = times.sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
