import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrate';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export const DB_FILE = 'ioc-wall.db';

export interface OpenedDatabase {
  db: Database.Database;
  path: string;
  /** Schema version after migrating. */
  schema: number;
  /** The schema version found on opening: 0 means the database was just created. */
  foundSchema: number;
}

/**
 * Opens (creating if needed) `<dataDir>/ioc-wall.db` and migrates it. WAL lets the wall's reads
 * run while sync writes; busy_timeout covers a second process (doctor, a CLI sync) holding the
 * write lock briefly. A database from a newer IOC Wall is refused (NewerDatabaseError) untouched.
 */
export function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, DB_FILE);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    const foundSchema = db.pragma('user_version', { simple: true }) as number;
    const schema = migrate(db, migrations);
    return { db, path, schema, foundSchema };
  } catch (err) {
    db.close();
    throw err;
  }
}
