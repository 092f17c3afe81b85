import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A new, empty database file for each test of the file, closed and removed after it: what every
 * migration test starts from (a database at some older version is built by updateToVersion).
 * Returns the current test's database.
 */
export function freshDatabase(prefix: string): () => Database.Database {
  let dir = '';
  let db: Database.Database | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    db = new Database(join(dir, 'a.db'));
  });
  afterEach(() => {
    db?.close();
    db = null;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => db!;
}
