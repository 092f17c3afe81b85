import Database from 'better-sqlite3';
import { join } from 'node:path';
import { localMidnight } from '../../../base/time-zone';
import { openDatabase } from '../../../host/db/open';

/** An instant by the province's wall clock (Asia/Ho_Chi_Minh), whatever the machine's zone; month 0-based like Date. */
export const vn = (y: number, m: number, d: number, h = 0, min = 0) => new Date(localMidnight(y, m + 1, d).getTime() + h * 3_600_000 + min * 60_000);

/** `n` economy observations of value `value` in one transaction, their periods `${tag}0`, `${tag}1`, … */
export function addObservations(db: Database.Database, n: number, value: number, tag: string) {
  const ins = db.prepare(
    `INSERT INTO observations (indicator, area_id, period, domain, value, source, updated_at) VALUES (?, '70', ?, 'economy', ?, 't', '2026-01-01T00:00:00Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) ins.run(`ind${i % 50}`, `${tag}${i}`, value);
  })();
}

/** A migrated data folder `root/name` whose database holds `n` observations, all still in the WAL. */
export function walDataFolder(root: string, name: string, n: number, value = 1, tag = 'p'): { dataDir: string; db: Database.Database } {
  const dataDir = join(root, name);
  const { db } = openDatabase(dataDir);
  db.pragma('wal_autocheckpoint = 0');
  addObservations(db, n, value, tag);
  return { dataDir, db };
}

/** How many observations a database file holds and their sum, read without writing to it. */
export const countObservations = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) n, sum(value) s FROM observations').get() as { n: number; s: number };
  } finally {
    db.close();
  }
};
