import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DB_FILE } from './files';
import { latestVersion } from './migrate';
import { runningOn } from './running';

/**
 * Backups of the data folder's database. A backup is one self-contained SQLite file (rollback
 * journal, no -wal beside it) that `ioc-wall restore` or any SQLite tool opens as is.
 *
 * - `backupDatabase` runs online through SQLite's backup API (better-sqlite3's `backup()`), which
 *   copies pages in steps between which the event loop keeps serving the screens, and gives a
 *   consistent snapshot even while sync writes.
 * - `backupDatabaseSync` (VACUUM INTO) is for the moment before a migration, when nothing is
 *   served yet and the copy must be done before the schema changes.
 * - Nightly backups keep 7 daily and 4 weekly files by default (config `backups`).
 */

export const BACKUPS_DIR = 'backups';
const KINDS = ['daily', 'weekly', 'manual', 'pre-migration'] as const;
export type BackupKind = (typeof KINDS)[number];

export interface BackupPolicy {
  enabled: boolean;
  /** Where backups go; default `<dataDir>/backups`. */
  dir?: string;
  daily: number;
  weekly: number;
  /** Local hour after which the night's backup is due. */
  hour: number;
}

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { enabled: true, daily: 7, weekly: 4, hour: 2 };

export function backupsDir(dataDir: string, policy?: Pick<BackupPolicy, 'dir'>): string {
  return policy?.dir ? resolve(dataDir, policy.dir) : join(dataDir, BACKUPS_DIR);
}

/** A file-name-safe UTC stamp: 20261201T151623Z. */
export function stamp(d: Date = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Leaves the copy as one file that does not need a -wal beside it. */
function finishCopy(tmp: string, outFile: string): { file: string; bytes: number } {
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  renameSync(tmp, outFile);
  return { file: outFile, bytes: statSync(outFile).size };
}

function prepareOut(outFile: string): string {
  mkdirSync(dirname(outFile), { recursive: true });
  // Written beside the target and renamed, so a crash or a full disk never leaves a half file
  // under a backup's name.
  const tmp = `${outFile}.partial`;
  for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  return tmp;
}

/** Online, consistent copy of an open database (SQLite backup API, in steps). */
export async function backupDatabase(db: Database.Database, outFile: string): Promise<{ file: string; bytes: number }> {
  const out = resolve(outFile);
  const tmp = prepareOut(out);
  try {
    await db.backup(tmp);
    return finishCopy(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new BackupError(`Không sao lưu được / Could not write the backup ${out}: ${(err as Error).message}`, { cause: err });
  }
}

/** The same, in one synchronous step (VACUUM INTO): only where nothing else is being served. */
export function backupDatabaseSync(db: Database.Database, outFile: string): { file: string; bytes: number } {
  const out = resolve(outFile);
  const tmp = prepareOut(out);
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    return finishCopy(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new BackupError(`Không sao lưu được / Could not write the backup ${out}: ${(err as Error).message}`, { cause: err });
  }
}

export class BackupError extends Error {
  override name = 'BackupError';
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** Keeps the newest `keep` backups of a folder (names sort by time). */
export function rotate(dir: string, keep: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.db'))
      .sort();
  } catch {
    return [];
  }
  const gone = names.slice(0, Math.max(0, names.length - keep));
  for (const n of gone) rmSync(join(dir, n), { force: true });
  return gone;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local calendar date of the machine: the night a backup belongs to. */
export const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** ISO 8601 week of a local date, e.g. 2026-W49. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(week)}`;
}

export interface BackupFile {
  file: string;
  kind: BackupKind;
  at: Date;
  bytes: number;
}

/** Every backup in the folder, newest first. */
export function listBackups(dir: string): BackupFile[] {
  const out: BackupFile[] = [];
  for (const kind of KINDS) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, kind)).filter((n) => n.endsWith('.db'));
    } catch {
      continue;
    }
    for (const n of names) {
      const file = join(dir, kind, n);
      try {
        const st = statSync(file);
        out.push({ file, kind, at: st.mtime, bytes: st.size });
      } catch {
        // removed by a rotation meanwhile
      }
    }
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/**
 * The night's backup is due when none was made for today's local date and either the hour has
 * come or the newest daily one is more than a day old (a machine that is off at night still gets
 * one a day).
 */
export function nightlyDue(dir: string, now: Date, hour: number): boolean {
  if (existsSync(join(dir, 'daily', `ioc-wall-${localDay(now)}.db`))) return false;
  if (now.getHours() >= hour) return true;
  const newest = listBackups(dir).find((b) => b.kind === 'daily');
  return !newest || now.getTime() - newest.at.getTime() > 24 * 3_600_000;
}

/** Makes tonight's daily backup, the week's weekly one if missing, and rotates both. */
export async function nightlyBackup(
  db: Database.Database,
  dir: string,
  policy: Pick<BackupPolicy, 'daily' | 'weekly'>,
  now: Date,
): Promise<{ file: string; bytes: number; weekly: string | null }> {
  const daily = await backupDatabase(db, join(dir, 'daily', `ioc-wall-${localDay(now)}.db`));
  const weeklyFile = join(dir, 'weekly', `ioc-wall-${isoWeek(now)}.db`);
  let weekly: string | null = null;
  if (policy.weekly > 0 && !existsSync(weeklyFile)) {
    mkdirSync(dirname(weeklyFile), { recursive: true });
    copyFileSync(daily.file, `${weeklyFile}.partial`);
    renameSync(`${weeklyFile}.partial`, weeklyFile);
    weekly = weeklyFile;
  }
  rotate(join(dir, 'daily'), policy.daily);
  rotate(join(dir, 'weekly'), policy.weekly);
  return { ...daily, weekly };
}

export interface NightlyBackups {
  /** Checks now (tests, start-up); resolves with the backup made, if one was due. */
  check(): Promise<{ file: string; bytes: number } | null>;
  stop(): Promise<void>;
}

/**
 * Checks a minute after start, then every `everyMs` (default 10 minutes), whether the night's backup is due. A failure (a
 * full disk) is reported through `onError` and tried again at the next check.
 */
export function startNightlyBackups(opts: {
  db: Database.Database;
  dir: string;
  policy: BackupPolicy;
  now?: () => Date;
  everyMs?: number;
  firstCheckMs?: number;
  onDone?: (r: { file: string; bytes: number }) => void;
  onError?: (err: Error) => void;
  /** Skips a check (e.g. while the disk is full). */
  paused?: () => boolean;
}): NightlyBackups {
  const now = opts.now ?? (() => new Date());
  let busy: Promise<{ file: string; bytes: number } | null> | null = null;
  let stopped = false;
  const check = () => {
    if (stopped || !opts.policy.enabled || opts.paused?.()) return Promise.resolve(null);
    if (busy) return busy;
    const run = (async () => {
      try {
        const at = now();
        if (!nightlyDue(opts.dir, at, opts.policy.hour)) return null;
        const r = await nightlyBackup(opts.db, opts.dir, opts.policy, at);
        opts.onDone?.(r);
        return r;
      } catch (err) {
        opts.onError?.(err as Error);
        return null;
      }
    })();
    // Cleared after the assignment below, even when the look finished at once.
    busy = run.finally(() => {
      busy = null;
    });
    return busy;
  };
  // The first look waits a minute: start-up paints the screens first.
  const first = setTimeout(() => void check(), opts.firstCheckMs ?? 60_000);
  const timer = setInterval(() => void check(), opts.everyMs ?? 10 * 60_000);
  first.unref();
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await busy;
    },
  };
}

/**
 * Puts a backup in place of the data folder's database. Refused while a host (or a `sync`) runs
 * on the folder, and before anything is touched the backup is copied beside the database and
 * checked (integrity, an IOC Wall schema this build knows). The database it replaces is kept as
 * `ioc-wall.db.before-restore-<stamp>` (with its -wal/-shm, so it stays openable).
 */
export function restoreDatabase(dataDir: string, file: string): { restoredFrom: string; previousSavedAs: string | null } {
  const from = resolve(file);
  const running = runningOn(dataDir);
  if (running.length > 0) {
    const who = running.map((p) => `${p.kind} pid ${p.pid} on ${p.hostname} since ${p.startedAt}`).join('; ');
    throw new RestoreError(
      `IOC Wall đang chạy trên thư mục này / IOC Wall is running on ${dataDir} (${who}). Stop it, then restore again. ` +
        `If it is surely stopped (another machine's mark), delete the files in ${join(dataDir, 'running')}.`,
    );
  }
  if (!existsSync(from)) throw new RestoreError(`Không thấy tệp sao lưu / No backup file ${from}.`);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, DB_FILE);
  const tmp = join(dataDir, `${DB_FILE}.restoring`);
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  try {
    copyFileSync(from, tmp);
    checkRestorable(tmp, from);
  } catch (err) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
    throw err;
  }
  let previousSavedAs: string | null = null;
  if (existsSync(target)) {
    previousSavedAs = `${target}.before-restore-${stamp()}`;
    renameSync(target, previousSavedAs);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, previousSavedAs + suffix);
    }
  }
  renameSync(tmp, target);
  return { restoredFrom: from, previousSavedAs };
}

function checkRestorable(copy: string, from: string): void {
  const known = latestVersion();
  let db: Database.Database | undefined;
  try {
    db = new Database(copy, { fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') throw new RestoreError(`Tệp sao lưu hỏng / The backup ${from} fails its integrity check (${integrity}); nothing was changed.`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).get() !== undefined;
    if (version === 0 || !hasMeta) throw new RestoreError(`Không phải bản sao lưu IOC Wall / ${from} is not an IOC Wall database; nothing was changed.`);
    if (version > known) {
      throw new RestoreError(
        `Bản sao lưu mới hơn phần mềm / ${from} has schema ${version}, this IOC Wall knows up to ${known}: install the newer IOC Wall first; nothing was changed.`,
      );
    }
    db.pragma('journal_mode = WAL');
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`Tệp sao lưu không đọc được / ${from} cannot be read as a database (${(err as Error).message}); nothing was changed.`, {
      cause: err,
    });
  } finally {
    db?.close();
  }
}
