import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabaseSync, backupsDir, rotate, stamp } from './backup';
import { DB_FILE } from './files';
import { latestVersion, migrate } from './migrate';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';
import { seedLayouts } from '../layouts/seed';

export { DB_FILE };

/** Backups made before migrations that are kept. */
const PRE_MIGRATION_KEEP = 5;

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
 * A database without a wall gets the bundled one and its presets (host/layouts/seed.ts).
 */
export function openDatabase(
  dataDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
  options: { backupsDir?: string } = {},
): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, DB_FILE);
  const db = new Database(path);
  try {
    // First, so the journal-mode switch below also waits out another process's lock.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    const foundSchema = db.pragma('user_version', { simple: true }) as number;
    const known = latestVersion(migrations);
    if (foundSchema > 0 && foundSchema < known) {
      // A migration that goes wrong (or a new version that must be rolled back) needs the data as
      // it was: no backup, no migration.
      const dir = join(options.backupsDir ?? backupsDir(dataDir), 'pre-migration');
      backupDatabaseSync(db, join(dir, `ioc-wall-schema${String(foundSchema).padStart(3, '0')}-${stamp()}.db`));
      rotate(dir, PRE_MIGRATION_KEEP);
    }
    const schema = migrate(db, migrations);
    // Start-up data, after the schema: the bundled wall and presets of this release, once.
    if (hasTable(db, 'walls')) seedLayouts(db);
    return { db, path, schema, foundSchema };
  } catch (err) {
    db.close();
    throw explain(err, path);
  }
}

const hasTable = (db: Database.Database, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

/**
 * SQLite's own words ("file is not a database") name neither the file nor a way out; the person
 * starting the host needs both. Anything else (NewerDatabaseError, a failed migration) passes as is.
 */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

function explain(err: unknown, path: string): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseFileError(
      `Cơ sở dữ liệu hỏng / The database ${path} is damaged or is not an IOC Wall database (${(err as Error).message}). ` +
        'Keep a copy of the file, then restore the last backup or move it away to start empty (`ioc-wall doctor` checks it).',
      code,
      { cause: err },
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new DatabaseFileError(
      `Cơ sở dữ liệu đang bị khoá / The database ${path} is locked by another program (another IOC Wall, a sync or a backup tool). ` +
        'Close that program and start again, or use another --data-dir.',
      code,
      { cause: err },
    );
  }
  return err;
}
