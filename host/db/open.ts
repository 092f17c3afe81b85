import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  backupDatabaseSync,
  backupsDir,
  listBackups,
  newestGoodBackup,
  removeStalePartialBackups,
  restoreCommand,
  rotate,
  stamp,
} from './backup';
import { freeBytes } from './disk';
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
  options: {
    backupsDir?: string;
    /**
     * Start on a new, empty database even though backups are there (`serve --start-empty`,
     * IOC_WALL_START_EMPTY=1): the operator chose not to restore one.
     */
    startEmpty?: boolean;
  } = {},
): OpenedDatabase {
  const path = join(dataDir, DB_FILE);
  const bdir = options.backupsDir ?? backupsDir(dataDir);
  let db: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    refuseUnsafeStart(dataDir, path, bdir, options.startEmpty === true);
    try {
      // Half copies a killed backup left (a power cut during the copy before a migration).
      removeStalePartialBackups(bdir);
    } catch {
      // a leftover that cannot be removed never stops a start
    }
    db = new Database(path);
  } catch (err) {
    throw explain(err, path, bdir);
  }
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
      const dir = join(bdir, 'pre-migration');
      const made = backupDatabaseSync(db, join(dir, `ioc-wall-schema${String(foundSchema).padStart(3, '0')}-${stamp()}.db`));
      rotate(dir, PRE_MIGRATION_KEEP, { keep: made.file });
    }
    const schema = migrate(db, migrations);
    // Start-up data, after the schema: the bundled wall and presets of this release, once.
    if (hasTable(db, 'walls')) seedLayouts(db);
    return { db, path, schema, foundSchema };
  } catch (err) {
    db.close();
    throw explain(err, path, bdir);
  }
}

const sizeOf = (file: string): number | null => {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
};

/**
 * Before SQLite touches anything: a -wal without its database (moved away, or emptied) would be
 * read into a new file as if it were one; and a missing or empty database with backups beside it
 * is a lost database, not a first start — starting would seed a new one and the nightly rotation
 * would then delete the good backups one by one.
 */
function refuseUnsafeStart(dataDir: string, path: string, bdir: string, startEmpty: boolean): void {
  const size = sizeOf(path);
  if (size !== null && statSync(path).isDirectory()) {
    throw new DatabaseFileError(
      `Chỗ của tệp cơ sở dữ liệu là một thư mục / ${path} is a folder, not the database file. ` +
        'Move that folder away (or rename it), or choose another --data-dir, then start again.',
      'EISDIR',
    );
  }
  if (size !== null && size > 0) return;
  const stray = ['-wal', '-journal'].map((s) => path + s).filter((f) => (sizeOf(f) ?? 0) > 0);
  if (stray.length > 0) {
    throw new DatabaseFileError(
      `Có tệp nhật ký mà không có cơ sở dữ liệu / ${stray.join(' and ')} ${stray.length > 1 ? 'are' : 'is'} there but ${path} is ${size === null ? 'missing' : 'empty'}: ` +
        'starting would read that journal into a new database. If the database was moved away, put it back with its -wal and -shm; ' +
        `otherwise move ${stray.map((f) => f.slice(dataDir.length + 1)).join(', ')} and ${DB_FILE}-shm away (keep them), then ${restoreHint(dataDir, bdir)}.`,
      'STRAY_WAL',
    );
  }
  if (startEmpty || listBackups(bdir).length === 0) return;
  const good = newestGoodBackup(bdir);
  throw new DatabaseFileError(
    `Không có cơ sở dữ liệu nhưng có bản sao lưu / ${path} is ${size === null ? 'missing' : 'empty (0 bytes)'} while backups are in ${bdir}: ` +
      `the database was lost. Restore the newest backup${good ? `: \`${restoreCommand(good.file, dataDir)}\`` : ` (none of them passes its check; see \`ioc-wall doctor\`)`}, ` +
      'then start again. To start on a new, empty database instead, start with --start-empty (desktop app: IOC_WALL_START_EMPTY=1).',
    'MISSING_DATABASE',
  );
}

/** "restore the newest good backup: `ioc-wall restore … --data-dir …`", or what to do without one. */
function restoreHint(dataDir: string, bdir: string): string {
  const good = newestGoodBackup(bdir);
  return good
    ? `restore the newest good backup (${good.at.toISOString()}): \`${restoreCommand(good.file, dataDir)}\``
    : `restore the last backup (\`ioc-wall restore FILE --data-dir ${dataDir}\`) — none was found in ${bdir}`;
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

const writable = (dir: string): boolean => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Less free space than this and the start's first writes (-wal, -shm) fail: the disk is full. */
const FULL_BELOW = 64 * 1024 * 1024;

/** What `serve` (and `doctor`, in the same words) says when the data folder's path is a file: the problem, and what to do. */
export function notAFolder(dataDir: string, why: string): { problem: string; fix: string } {
  return {
    problem: `Đường dẫn thư mục dữ liệu không phải thư mục / ${dataDir} is not a folder (${why}).`,
    fix: 'Choose another --data-dir, or move that file away.',
  };
}

/**
 * SQLite's and the OS's words for a failed open, turned into what a person can act on: the file,
 * the reason, what to do. Exported for the host's other start-up writes (the running mark).
 */
export function explainOpenError(err: unknown, path: string, bdir: string = join(dirname(path), 'backups')): unknown {
  return explain(err, path, bdir);
}

function explain(err: unknown, path: string, bdir: string): unknown {
  if (err instanceof DatabaseFileError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err;
  const why = (err as Error).message;
  const dataDir = dirname(path);
  const make = (message: string) => new DatabaseFileError(message, code, { cause: err });
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    const good = newestGoodBackup(bdir);
    return make(
      `Cơ sở dữ liệu hỏng / The database ${path} is damaged or is not an IOC Wall database (${why}). ` +
        (good
          ? `Stop IOC Wall and restore the newest good backup (${good.at.toISOString()}): \`${restoreCommand(good.file, dataDir)}\` — ` +
            'restore keeps the damaged file beside it (ioc-wall.db.before-restore-…) with its -wal and -shm. `ioc-wall doctor` checks it.'
          : `No good backup was found in ${bdir}. Keep a copy of the file, then restore the last backup or move it away (with its -wal and -shm) to start empty (\`ioc-wall doctor\` checks it).`),
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return make(
      `Cơ sở dữ liệu đang bị khoá / The database ${path} is locked by another program (another IOC Wall, a sync or a backup tool). ` +
        'Close that program and start again, or use another --data-dir.',
    );
  }
  const free = freeBytes(existsSync(dataDir) ? dataDir : dirname(dataDir));
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || (code.startsWith('SQLITE_IOERR') && free !== null && free < FULL_BELOW)) {
    return make(
      `Ổ đĩa đầy / The disk is full: ${path} cannot be opened for writing (${why}; ${free === null ? '?' : `${Math.round(free / 1024)} KB`} free in ${dataDir}). ` +
        'Free some disk space (old files, old backups in the backups folder), or move the data folder to a larger disk with --data-dir, then start again. Nothing was changed.',
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return make(
      `Lỗi đọc ghi ổ đĩa / The disk failed to read or write ${path} (${why}). ` +
        'Check the disk (its health, whether a network or USB drive went away), free some space, then start again; `ioc-wall doctor` checks the database.',
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || (code.startsWith('SQLITE_CANTOPEN') && !writable(dataDir))) {
    return make(
      `Thư mục dữ liệu chỉ đọc / The data folder is read-only for IOC Wall: ${path} cannot be written (${why}). ` +
        `Give this user write access to ${dataDir} and the files in it (IOC Wall also writes ${DB_FILE}-wal and -shm there), remount the disk read-write, or choose another --data-dir.`,
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const { problem, fix } = notAFolder(dataDir, why);
    return make(`${problem} ${fix}`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // missing: the folder is the problem
    }
    return make(
      isDir
        ? `Chỗ của tệp cơ sở dữ liệu là một thư mục / ${path} is a folder, not the database file. Move that folder away (or rename it), or choose another --data-dir.`
        : `Không mở được cơ sở dữ liệu / ${path} cannot be opened or created (${why}). ` +
            `Check that ${dataDir} exists and that this user may write in it (IOC Wall writes ${DB_FILE}-wal and -shm beside the database), or choose another --data-dir.`,
    );
  }
  return err;
}
