import Database from 'better-sqlite3';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isDiskFull } from '../../sync/storage-errors';
import { DB_FILE } from './files';
import { latestVersion, updateToVersion } from './migrate';
import { processAlive, runningOn } from './running';
import { localClock } from '../../base/time-zone';

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
  /** Hour (the province's clock, Asia/Ho_Chi_Minh) after which the night's backup is due. */
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

/** What a path is when it is not a regular file, in both languages; null for a regular file. */
function notAFile(st: Stats): { vi: string; en: string } | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return { vi: 'thư mục', en: 'a folder' };
  if (st.isFIFO()) return { vi: 'FIFO (ống có tên)', en: 'a FIFO (named pipe)' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { vi: 'thiết bị', en: 'a device' };
  if (st.isSymbolicLink()) return { vi: 'liên kết tượng trưng', en: 'a symbolic link' };
  return { vi: 'socket', en: 'a socket' };
}

const lstatOrNull = (path: string): Stats | null => {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
};

/** A path with its folder's symbolic links resolved (the folder may not exist yet: then as given). */
function realPath(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

/** What a backup does with a file already at its name. */
export type ExistingTarget = 'replace' | 'refuse';

/**
 * A backup is renamed over its target, which replaces whatever is there: a FIFO, a device node
 * (it replaced /dev/full once), a folder's entry, the operator's notes, or the database being
 * backed up (the running host then wrote to a file no longer in the folder, and every change after
 * the backup was lost at the next start). So the target must be absent or a regular file, never
 * that database or a file SQLite keeps beside it, and — for a name the operator typed
 * (`existing: 'refuse'`) — absent unless he said to replace it. The nightly and manual backups
 * write names of their own and replace them ('replace'): a second backup the same night or second.
 * Checked before the copy and again just before the rename (the copy can take minutes).
 */
function refuseTarget(db: Database.Database, out: string, existing: ExistingTarget): void {
  const st = lstatOrNull(out);
  const kind = st && notAFile(st);
  if (kind) {
    throw new BackupError(
      `Không ghi bản sao lưu vào ${out}: đó là ${kind.vi}, không thay thế được — hãy chọn tên tệp mới / ` +
        `Not writing the backup to ${out}: it is ${kind.en} and is never replaced; choose a new file name (nothing was changed).`,
    );
  }
  if (db.name && db.name !== ':memory:') {
    const live = resolve(db.name);
    const own = [live, ...SIDE_FILES.map((x) => live + x)];
    const target = realPath(out);
    const same = own.some((f) => {
      if (realPath(f) === target) return true;
      // The same file under another name (a hard link, a path through a bind mount).
      const o = st && lstatOrNull(f);
      return !!o && o.ino === st.ino && o.dev === st.dev;
    });
    if (same) {
      throw new BackupError(
        `Không ghi bản sao lưu vào ${out}: đó là cơ sở dữ liệu đang dùng (${live}) hoặc tệp đi kèm của nó — hãy chọn tên tệp mới / ` +
          `Not writing the backup to ${out}: it is the database being backed up (${live}) or a file SQLite keeps beside it; choose a new file name (nothing was changed).`,
      );
    }
  }
  if (st && existing === 'refuse') {
    throw new BackupError(
      `Tệp ${out} đã có, không ghi đè / ${out} already exists: add --force to replace it, or choose a new file name (nothing was changed).`,
    );
  }
}

/**
 * Leaves the copy as one file that does not need a -wal beside it, and checks it (`quick_check`)
 * before it takes a backup's name: a damaged database must never replace a good backup.
 */
function finishCopy(tmp: string, outFile: string, beforeRename: () => void = () => undefined): { file: string; bytes: number } {
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
    const quick = String(copy.pragma('quick_check', { simple: true })).split('\n')[0]!;
    if (quick !== 'ok') {
      throw new BackupError(
        `Cơ sở dữ liệu hỏng, không sao lưu / The database is damaged (quick_check: ${quick}): no backup was written to ${outFile} and the existing backups are kept. ` +
          'Stop IOC Wall and restore the newest good backup (`ioc-wall doctor` names it and gives the command).',
        { damaged: true },
      );
    }
  } finally {
    copy.close();
  }
  beforeRename();
  renameSync(tmp, outFile);
  return { file: outFile, bytes: statSync(outFile).size };
}

/** Temporary copies this process is writing now: never removed as stale. */
const writing = new Set<string>();
const SIDE_FILES = ['-journal', '-wal', '-shm'] as const;
const removeWithSideFiles = (f: string) => {
  for (const x of [f, ...SIDE_FILES.map((s) => f + s)]) rmSync(x, { force: true });
};
/** `<name>.partial` (older builds) or `<name>.partial-<pid>`, and SQLite's files beside it. */
const PARTIAL = /\.partial(?:-(\d+))?(-journal|-wal|-shm)?$/;
/** A partial copy whose writer still runs is left alone unless untouched this long (a reused pid). */
const PARTIAL_STALE_MS = 10 * 60_000;

/**
 * Removes half-written copies a killed backup left (`*.partial*`): those of a process that is gone,
 * of this process when it is not writing them, or untouched for ten minutes.
 */
export function removeStalePartials(dir: string, now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const n of names) {
    const m = PARTIAL.exec(n);
    if (!m) continue;
    const file = join(dir, n);
    if (writing.has(m[2] ? file.slice(0, -m[2].length) : file)) continue;
    let old: boolean;
    try {
      old = now - statSync(file).mtimeMs > PARTIAL_STALE_MS;
    } catch {
      continue;
    }
    const pid = m[1] ? Number(m[1]) : null;
    const writerMayRun = pid === null || (pid !== process.pid && processAlive(pid));
    if (writerMayRun && !old) continue;
    try {
      rmSync(file, { force: true });
      gone.push(file);
    } catch {
      // cannot be removed (permissions): left for a person, never a reason for a backup to fail
    }
  }
  return gone;
}

/** The same in each backup folder (daily, weekly, manual, pre-migration). */
export function removeStalePartialBackups(dir: string, now: number = Date.now()): string[] {
  return KINDS.flatMap((k) => removeStalePartials(join(dir, k), now));
}

function prepareOut(db: Database.Database, outFile: string, existing: ExistingTarget): string {
  refuseTarget(db, outFile, existing);
  mkdirSync(dirname(outFile), { recursive: true });
  removeStalePartials(dirname(outFile));
  // Written beside the target and renamed, so a crash or a full disk never leaves a half file
  // under a backup's name; the pid in the name tells a later look whether its writer still runs.
  const tmp = `${outFile}.partial-${process.pid}`;
  removeWithSideFiles(tmp);
  writing.add(tmp);
  return tmp;
}

function endCopy(tmp: string, failed: boolean): void {
  writing.delete(tmp);
  if (failed) removeWithSideFiles(tmp);
}

/** What a failed copy throws: its own refusal as it is, any other failure worded for `out`. */
function copyFailed(err: unknown, out: string): BackupError {
  if (err instanceof BackupError) return err;
  return new BackupError(`Không sao lưu được / Could not write the backup ${out}: ${(err as Error).message}`, { cause: err });
}

/**
 * Online, consistent copy of an open database (SQLite backup API, in steps). `existing`: what to
 * do with a regular file already at `outFile` (refuseTarget); anything else there is refused.
 */
export async function backupDatabase(
  db: Database.Database,
  outFile: string,
  opts: { existing?: ExistingTarget } = {},
): Promise<{ file: string; bytes: number }> {
  const out = resolve(outFile);
  const existing = opts.existing ?? 'replace';
  const tmp = prepareOut(db, out, existing);
  let failed = true;
  try {
    await db.backup(tmp);
    const r = finishCopy(tmp, out, () => refuseTarget(db, out, existing));
    failed = false;
    return r;
  } catch (err) {
    throw copyFailed(err, out);
  } finally {
    endCopy(tmp, failed);
  }
}

/** The same, in one synchronous step (VACUUM INTO): only where nothing else is being served. */
export function backupDatabaseSync(db: Database.Database, outFile: string): { file: string; bytes: number } {
  const out = resolve(outFile);
  const tmp = prepareOut(db, out, 'replace');
  let failed = true;
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    const r = finishCopy(tmp, out);
    failed = false;
    return r;
  } catch (err) {
    throw copyFailed(err, out);
  } finally {
    endCopy(tmp, failed);
  }
}

export class BackupError extends Error {
  override name = 'BackupError';
  /** The database itself failed its check: no backup was made, none was rotated out. */
  readonly damaged: boolean;
  constructor(message: string, options: { cause?: unknown; damaged?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.damaged = options.damaged ?? false;
  }
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** Manual backups (`backups/manual/`) kept. */
export const MANUAL_KEEP = 10;
/** Databases replaced by a restore (`ioc-wall.db.before-restore-*`) kept. */
export const BEFORE_RESTORE_KEEP = 3;
/** A name dated more than this after now was made with a wrong clock. */
const FUTURE_SLACK_MS = 24 * 3_600_000;

/** The time a backup's name says: a day, an ISO week (its Monday) or a UTC stamp; null for none. */
export function nameTime(name: string): number | null {
  let m = /(\d{8})T(\d{6})Z/.exec(name);
  if (m) {
    const [d, t] = [m[1]!, m[2]!];
    return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6));
  }
  m = /(\d{4})-W(\d{2})/.exec(name);
  if (m) {
    const jan4 = Date.UTC(+m[1]!, 0, 4);
    const monday1 = jan4 - (((new Date(jan4).getUTCDay() || 7) - 1) * 86_400_000);
    return monday1 + (+m[2]! - 1) * 7 * 86_400_000;
  }
  m = /(\d{4})-(\d{2})-(\d{2})/.exec(name);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  return null;
}

/**
 * Made with a clock that was ahead: its name is dated over a day in the future. (Names and file
 * times come from the same clock; the name is what the rotation sorts by.)
 */
function fromTheFuture(file: string, now: number): boolean {
  const named = nameTime(basename(file));
  return named !== null && named > now + FUTURE_SLACK_MS;
}

/**
 * Which of `names` (files of `dir`) go so that `keep` stay: never `keepName` (the one just made);
 * first those dated in the future (a clock that was ahead), then the oldest by name.
 */
function toRemove(dir: string, names: string[], keep: number, keepName: string | undefined, now: number): string[] {
  const over = names.length - Math.max(keep, keepName && names.includes(keepName) ? 1 : 0);
  if (over <= 0) return [];
  const candidates = names.filter((n) => n !== keepName).sort();
  const future = candidates.filter((n) => fromTheFuture(join(dir, n), now)).reverse();
  const rest = candidates.filter((n) => !future.includes(n));
  return [...future, ...rest].slice(0, over);
}

/**
 * Keeps the newest `keep` backups of a folder (names sort by time). The file just made
 * (`opts.keep`) always stays, and names dated in the future go first.
 */
export function rotate(dir: string, keep: number, opts: { keep?: string; now?: Date } = {}): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.db'));
  } catch {
    return [];
  }
  const gone = toRemove(dir, names, keep, opts.keep ? basename(opts.keep) : undefined, (opts.now ?? new Date()).getTime());
  for (const n of gone) rmSync(join(dir, n), { force: true });
  return gone;
}

/** Keeps the newest `keep` databases a restore replaced (with their -wal/-shm/-journal). */
export function rotateBeforeRestore(dataDir: string, keep: number = BEFORE_RESTORE_KEEP, opts: { keep?: string; now?: Date } = {}): string[] {
  const prefix = `${DB_FILE}.before-restore-`;
  let groups: string[];
  try {
    groups = [...new Set(readdirSync(dataDir).filter((n) => n.startsWith(prefix)).map((n) => n.replace(/-(wal|shm|journal)$/, '')))];
  } catch {
    return [];
  }
  const gone = toRemove(dataDir, groups, keep, opts.keep ? basename(opts.keep) : undefined, (opts.now ?? new Date()).getTime());
  for (const n of gone) removeWithSideFiles(join(dataDir, n));
  return gone;
}

/** `ioc-wall restore <file> --data-dir <dir>`, quoted where a shell needs it. */
export function restoreCommand(file: string, dataDir: string): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`);
  return `ioc-wall restore ${q(file)} --data-dir ${q(dataDir)}`;
}

/** Whether a backup file opens and passes `quick_check`; it is left as it was found. */
export function backupIsGood(file: string): boolean {
  // A file copied in by hand may be in WAL mode: reading it makes an empty -wal/-shm beside it.
  const had = new Set(SIDE_FILES.filter((x) => existsSync(file + x)));
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
    for (const x of SIDE_FILES) {
      try {
        // An empty -wal, then the -shm of a file nobody else has open: only what this look made.
        if (!had.has(x) && (x === '-shm' ? !existsSync(`${file}-wal`) : statSync(file + x).size === 0)) rmSync(file + x, { force: true });
      } catch {
        // not there
      }
    }
  }
}

/**
 * The newest backup that opens and passes `quick_check` (at most `tries` looked at), those dated
 * in the future last; null when there is none.
 */
export function newestGoodBackup(dir: string, now: Date = new Date(), tries = 5): BackupFile | null {
  const all = listBackups(dir);
  const future = (b: BackupFile) => b.at.getTime() > now.getTime() + FUTURE_SLACK_MS;
  const ordered = [...all.filter((b) => !future(b)), ...all.filter(future)];
  for (const b of ordered.slice(0, tries)) if (backupIsGood(b.file)) return b;
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');
// The province's clock (base/time-zone.ts), not the machine's: a host whose zone was left at UTC
// (or set elsewhere) must still back up at 02:00 in Bình Phước and name the night as people there do.
/** The province's calendar date: the night a backup belongs to. */
export const localDay = (d: Date) => {
  const l = localClock(d);
  return `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}`;
};

/** ISO 8601 week of the province's date, e.g. 2026-W49. */
export function isoWeek(d: Date): string {
  const l = localClock(d);
  const t = new Date(Date.UTC(l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate()));
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
 * The night's backup is due when none was made for today's date in the province and either the hour has
 * come or the newest daily one is more than a day old (a machine that is off at night still gets
 * one a day).
 */
export function nightlyDue(dir: string, now: Date, hour: number): boolean {
  if (existsSync(join(dir, 'daily', `ioc-wall-${localDay(now)}.db`))) return false;
  if (localClock(now).getUTCHours() >= hour) return true;
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
  // A damaged database throws here (BackupError, damaged): nothing below runs, every backup stays.
  const daily = await backupDatabase(db, join(dir, 'daily', `ioc-wall-${localDay(now)}.db`));
  const weeklyFile = join(dir, 'weekly', `ioc-wall-${isoWeek(now)}.db`);
  let weekly: string | null = null;
  if (policy.weekly > 0 && !existsSync(weeklyFile)) {
    mkdirSync(dirname(weeklyFile), { recursive: true });
    removeStalePartials(dirname(weeklyFile));
    const tmp = `${weeklyFile}.partial-${process.pid}`;
    writing.add(tmp);
    try {
      copyFileSync(daily.file, tmp);
      renameSync(tmp, weeklyFile);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    } finally {
      writing.delete(tmp);
    }
    weekly = weeklyFile;
  }
  rotate(join(dir, 'daily'), policy.daily, { keep: daily.file, now });
  rotate(join(dir, 'weekly'), policy.weekly, { keep: weekly ?? undefined, now });
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
 * checked (integrity, an IOC Wall schema this build knows, with its tables). The copy goes through
 * SQLite (VACUUM INTO of a read-only open), so a source with its own -wal (an earlier
 * before-restore file) comes back whole. The database it replaces is kept as
 * `ioc-wall.db.before-restore-<stamp>` with its -wal/-shm/-journal — and those are moved aside
 * even when the database file itself is gone, so no stray -wal is ever read with the backup.
 * The newest BEFORE_RESTORE_KEEP of those are kept.
 */
export function restoreDatabase(
  dataDir: string,
  file: string,
): { restoredFrom: string; previousSavedAs: string | null; setAside: string[] } {
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
  // SQLite opens a folder, a FIFO or a device only to fail with SQLITE_IOERR, which counts as a full
  // disk (sync/storage-errors.ts): a restore from a folder said "Not enough disk space". Said as it is.
  const kind = notAFile(statSync(from));
  if (kind) {
    throw new RestoreError(
      `${from} là ${kind.vi}, không phải tệp sao lưu — hãy đưa đường dẫn tới một tệp ioc-wall-*.db / ` +
        `${from} is ${kind.en}: give the path of an ioc-wall-*.db file (nothing was changed).`,
    );
  }
  const target = join(dataDir, DB_FILE);
  const tmp = join(dataDir, `${DB_FILE}.restoring`);
  try {
    mkdirSync(dataDir, { recursive: true });
    removeWithSideFiles(tmp);
    copyForRestore(from, tmp);
    checkRestorable(tmp, from);
  } catch (err) {
    try {
      removeWithSideFiles(tmp);
    } catch {
      // what could not be removed is named .restoring and never opened
    }
    if (err instanceof RestoreError) throw err;
    if (isDiskFull(err)) {
      throw new RestoreError(
        `Ổ đĩa đầy / Not enough disk space in ${dataDir} to copy the backup ${from} (${(err as Error).message}); nothing was changed. ` +
          'Free some disk space (old files, old backups), then restore again.',
        { cause: err },
      );
    }
    throw new RestoreError(`Không khôi phục được / Could not copy ${from} into ${dataDir} (${(err as Error).message}); nothing was changed.`, {
      cause: err,
    });
  }
  let saved = `${target}.before-restore-${stamp()}`;
  // Two restores in one second: never rename over the previous one (it may be the source).
  for (let n = 2; [saved, ...SIDE_FILES.map((x) => saved + x)].some((f) => existsSync(f)); n++) saved = `${target}.before-restore-${stamp()}-${n}`;
  let previousSavedAs: string | null = null;
  const setAside: string[] = [];
  if (existsSync(target)) {
    renameSync(target, saved);
    previousSavedAs = saved;
    setAside.push(saved);
  }
  // Always, even without the database beside them: a -wal left by a crashed host would otherwise
  // be read into the restored file (thousands of rows that are not in the backup, or "malformed").
  for (const suffix of SIDE_FILES) {
    if (existsSync(target + suffix)) {
      renameSync(target + suffix, saved + suffix);
      setAside.push(saved + suffix);
    }
  }
  renameSync(tmp, target);
  if (setAside.length > 0) {
    try {
      rotateBeforeRestore(dataDir, BEFORE_RESTORE_KEEP, { keep: saved });
    } catch {
      // an old copy that cannot be removed stays; the restore is done
    }
  }
  return { restoredFrom: from, previousSavedAs, setAside };
}

/**
 * Copies a database through SQLite, so that what its own -wal holds comes too (a file copy takes
 * the main file alone). A source that cannot be opened that way while it has no -wal (a read-only
 * folder without its -shm) is copied as a file, which is then the same thing.
 */
function copyForRestore(from: string, tmp: string): void {
  let src: Database.Database | undefined;
  try {
    src = new Database(from, { readonly: true, fileMustExist: true });
    src.prepare('VACUUM INTO ?').run(tmp);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (isDiskFull(err) || !code.startsWith('SQLITE_CANTOPEN') || existsSync(`${from}-wal`)) throw readError(err, from);
    copyFileSync(from, tmp);
  } finally {
    src?.close();
  }
}

const readError = (err: unknown, from: string): unknown =>
  isDiskFull(err) || err instanceof RestoreError
    ? err
    : new RestoreError(`Tệp sao lưu không đọc được / ${from} cannot be read as a database (${(err as Error).message}); nothing was changed.`, {
        cause: err,
      });

/** Table names an IOC Wall database at `version` has: the migrations made on an empty database. */
const tablesAt = new Map<number, string[] | null>();
function tablesOfVersion(version: number): string[] | null {
  if (!tablesAt.has(version)) {
    const mem = new Database(':memory:');
    try {
      updateToVersion(mem, version);
      tablesAt.set(version, mem.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]);
    } catch {
      tablesAt.set(version, null);
    } finally {
      mem.close();
    }
  }
  return tablesAt.get(version)!;
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
    const wanted = tablesOfVersion(version);
    const have = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    const missing = wanted === null ? null : wanted.filter((t) => !have.has(t));
    if (missing === null || missing.length > 0) {
      throw new RestoreError(
        `Không phải bản sao lưu IOC Wall / ${from} is not an IOC Wall database (schema ${version}${missing ? ` lacks the tables ${missing.join(', ')}` : ' is no schema IOC Wall made'}); nothing was changed.`,
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
