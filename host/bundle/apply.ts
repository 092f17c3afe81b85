import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { FeedConfig } from '../../sync/feeds/config';
import { feedsSchema } from '../config/schema';
import { issuePath } from '../api/errors';
import { backupDatabase, backupsDir, restoreDatabase, stamp } from '../db/backup';
import { openDatabase } from '../db/open';
import { runningOn } from '../db/running';
import { loadBoundaries } from '../geo/boundaries';
import { replaceAreas } from '../store/replace-areas';
import { importFile } from '../layouts/store';
import { RecordWriter } from '../store/records';
import { saveFeed } from '../sync/feeds';
import { inlineSecretFields } from '../sync/inline-secrets';
import { DB_FILE } from '../db/files';
import type { TrustedKey } from '../trust/keys';
import { BundleError, inlineSecretRefusal, PART_PATHS, refuse, UPDATE_DIR, UPDATE_METADATA, verifyBundle, type Manifest, type OpenedBundle, type PartKind } from './format';
import { audit } from '../store/audit';

/**
 * `ioc-wall bundle apply` and the console's "Nhập gói cập nhật": verify every byte, unpack into a
 * staging folder (hashing again, so a file swapped after the check is caught), check each part's
 * content, and only then back up and apply — layouts, feeds and boundaries in one transaction, a
 * database snapshot through the restore path, installers into the folder the updater reads.
 * Any refusal happens before the first change; a step failing after that undoes the others
 * (applyOnce says how).
 */

/** Where an applied bundle's installer and update metadata wait for the desktop app's updater. */
export const LOCAL_UPDATES_DIR = join('updates', 'local');

export interface ApplySummary {
  manifest: Manifest;
  signer: string;
  applied: PartKind[];
  backup: string | null;
  restored: { previousSavedAs: string | null } | null;
  update: { dir: string; files: string[] } | null;
}

export interface ApplyOptions {
  file: string;
  trusted: readonly TrustedKey[];
  dataDir: string;
  actor: string;
  /**
   * The running host's database (the console): applied live, so a data snapshot is refused (a
   * database cannot be replaced under a running app). Without it (the CLI), nothing may be
   * running on the data folder and the database is opened here.
   */
  db?: Database.Database;
  /** Where the backup made before applying goes (config `backups.dir`); default `<dataDir>/backups`. */
  backupsDir?: string;
  now?: () => Date;
  /**
   * The installer's explicit word (`--allow-older`, the console's `allowOlder`) to apply a bundle
   * made before the last one applied here, or the very same one again: a rollback.
   */
  allowOlder?: boolean;
}

/** The last bundle applied to a data folder, kept in `meta` with the changes it made. */
export interface AppliedBundle {
  createdAt: string;
  /** OpenedBundle.id */
  id: string;
  appliedAt: string;
}

const LAST_APPLIED_KEY = 'bundle.lastApplied';

export function lastAppliedBundle(db: Database.Database): AppliedBundle | null {
  const raw = db.prepare<[string], string>(`SELECT value FROM meta WHERE key = ?`).pluck().get(LAST_APPLIED_KEY);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<AppliedBundle>;
    return typeof v.createdAt === 'string' && typeof v.id === 'string' ? { createdAt: v.createdAt, id: v.id, appliedAt: String(v.appliedAt ?? '?') } : null;
  } catch {
    return null;
  }
}

/**
 * Reads a data folder's database without creating, migrating or writing it: `none` without a
 * database or when the read fails (a database from before the table read). Not opened read-only:
 * a read-only connection leaves a -wal and -shm behind, the last read-write one removes them.
 */
function readDataFolder<T>(dataDir: string, read: (db: Database.Database) => T, none: T): T {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) return none;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    return read(db);
  } catch {
    return none;
  } finally {
    db?.close();
  }
}

/** lastAppliedBundle of a data folder; null without one. */
export const lastAppliedIn = (dataDir: string): AppliedBundle | null => readDataFolder(dataDir, lastAppliedBundle, null);

export interface BundleStanding {
  /** Whole days since the bundle was made (null: its date does not parse). */
  ageDays: number | null;
  lastApplied: AppliedBundle | null;
  /** Made before the last applied bundle (or of a date that does not parse, once one was applied). */
  older: boolean;
  /** The very bundle applied last. */
  same: boolean;
}

export function bundleStanding(opened: Pick<OpenedBundle, 'manifest' | 'id'>, last: AppliedBundle | null, now = new Date()): BundleStanding {
  const made = Date.parse(opened.manifest.createdAt);
  const ageDays = Number.isNaN(made) ? null : Math.floor((now.getTime() - made) / 86_400_000);
  const same = !!last && last.id === opened.id;
  const lastMade = last ? Date.parse(last.createdAt) : NaN;
  const older = !!last && !same && (Number.isNaN(made) || (!Number.isNaN(lastMade) && made < lastMade));
  return { ageDays, lastApplied: last, older, same };
}

/** The refusal of a rollback or a replay, naming both dates. */
function checkStanding(opened: OpenedBundle, last: AppliedBundle | null, allowOlder: boolean | undefined): void {
  if (allowOlder || !last) return;
  const s = bundleStanding(opened, last);
  const made = opened.manifest.createdAt;
  const how = {
    vi: 'Nếu thật sự muốn áp dụng, chạy lại với --allow-older (trong bảng điều khiển: cho phép gói cũ hơn, allowOlder).',
    en: 'If it really is wanted, run again with --allow-older (in the console: allow an older bundle, allowOlder).',
  };
  if (s.same) {
    throw refuse(
      'already_applied',
      `Gói này (tạo lúc ${made}) đã được áp dụng lúc ${last.appliedAt}; áp dụng lại sẽ ghi đè những gì đã sửa sau đó. ${how.vi}`,
      `This very bundle (made ${made}) was already applied at ${last.appliedAt}; applying it again would undo what changed since. ${how.en}`,
    );
  }
  if (s.older) {
    throw refuse(
      'older_bundle',
      `Gói này tạo lúc ${made}, cũ hơn gói đã áp dụng gần nhất (tạo lúc ${last.createdAt}, áp dụng lúc ${last.appliedAt}): áp dụng nó sẽ đưa nguồn dữ liệu và bố cục về bản cũ. ${how.vi}`,
      `This bundle was made ${made}, before the last bundle applied here (made ${last.createdAt}, applied at ${last.appliedAt}): applying it would roll the feeds and layouts back. ${how.en}`,
    );
  }
}

// The config file's own list rule: feeds are saved by id, so a repeated id is refused by path.
const feedsPartSchema = z.strictObject({ feeds: feedsSchema });
/** Problems named in one refusal: the first ones say what is wrong; all of them could fill a screen. */
const MAX_SHOWN = 10;

const shown = (lines: readonly string[]) =>
  lines.slice(0, MAX_SHOWN).join('; ') + (lines.length > MAX_SHOWN ? `; … (còn ${lines.length - MAX_SHOWN} lỗi nữa / ${lines.length - MAX_SHOWN} more)` : '');

/**
 * The config part's feeds, or an error listing each problem as the config loader does: the path,
 * the message, and the feed's id ("feeds.0.adapter: adapter must be one of … (feed "aqi")").
 */
function readFeeds(value: unknown): FeedConfig[] {
  const parsed = feedsPartSchema.safeParse(value);
  const lines: string[] = [];
  if (!parsed.success) {
    const list = (value as { feeds?: unknown } | null)?.feeds;
    for (const issue of parsed.error.issues) {
      const feed: unknown = issue.path[0] === 'feeds' && typeof issue.path[1] === 'number' && Array.isArray(list) ? list[issue.path[1]] : undefined;
      const id = feed && typeof feed === 'object' && typeof (feed as { id?: unknown }).id === 'string' ? (feed as { id: string }).id : null;
      lines.push(`${issuePath(issue.path)}: ${issue.message}${id ? ` (feed "${id}")` : ''}`);
    }
    throw new Error(shown(lines));
  }
  return parsed.data.feeds;
}

async function extract(file: string, start: number, size: number, to: string, expected: string): Promise<void> {
  mkdirSync(dirname(to), { recursive: true });
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  if (size === 0) writeFileSync(to, '', { flag: 'wx' });
  else await pipeline(createReadStream(file, { start, end: start + size - 1 }), tee, createWriteStream(to, { flags: 'wx' }));
  if (hash.digest('hex') !== expected) {
    throw refuse('hash_mismatch', 'Tệp gói đã thay đổi trong khi đang giải nén.', 'The bundle file changed while it was being unpacked.');
  }
}

interface Swap {
  /** Puts the replaced folder back (a later step failed). */
  undo(): void;
  /** Drops the replaced folder (everything is applied). */
  done(): void;
}

/**
 * Puts the folder `from` (in the staging folder, so on the same file system) in place of `to` by
 * renames, keeping the folder it replaces until done(): the updater never sees half of one
 * bundle's files and half of another's, and a step failing after this one can put it all back.
 */
function swapDir(from: string, to: string): Swap {
  const old = `${to}.old`;
  rmSync(old, { recursive: true, force: true });
  mkdirSync(dirname(to), { recursive: true });
  const had = existsSync(to);
  if (had) renameSync(to, old);
  try {
    renameSync(from, to);
  } catch (err) {
    if (had) renameSync(old, to);
    throw err;
  }
  return {
    undo() {
      renameSync(to, from);
      if (had) renameSync(old, to);
    },
    done() {
      try {
        rmSync(old, { recursive: true, force: true });
      } catch {
        // Applied all the same; a file held open (Windows) leaves the old folder until the next apply.
      }
    },
  };
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** An error's message as the end of a sentence (the refusal adds "Nothing was changed." after it). */
const reason = (err: unknown) => messageOf(err).replace(/([^.!?])\s*$/, '$1.');

/**
 * A step failed after the checks: `undo` puts back what the steps before it did (the database
 * rolls back by itself). A refusal passes as it is; anything else is said as one, not as the raw
 * error (the console would show "internal").
 */
function failed(err: unknown, undo?: () => void): BundleError {
  try {
    undo?.();
  } catch (undoErr) {
    return new BundleError(
      'apply_failed',
      `Không áp dụng được gói: ${reason(err)} Cơ sở dữ liệu không đổi, nhưng không trả lại được thư mục bản cài đặt (${messageOf(undoErr)}): kiểm tra updates/local và updates/local.old trong thư mục dữ liệu.`,
      `The bundle could not be applied: ${reason(err)} The database is unchanged, but the installer folder could not be put back (${messageOf(undoErr)}): check updates/local and updates/local.old in the data folder.`,
    );
  }
  return err instanceof BundleError ? err : refuse('apply_failed', `Không áp dụng được gói: ${reason(err)}`, `The bundle could not be applied: ${reason(err)}`);
}

/** Data folders with an apply under way in this process: a second one waits its turn by refusal. */
const applying = new Set<string>();

export async function applyBundle(opts: ApplyOptions): Promise<ApplySummary> {
  const key = resolve(opts.dataDir);
  if (applying.has(key)) {
    throw refuse('bad_part', 'Một gói khác đang được nhập vào máy này; chờ xong rồi thử lại.', 'Another bundle is being applied to this machine; try again when it is done.');
  }
  applying.add(key);
  try {
    return await applyOnce(opts);
  } finally {
    applying.delete(key);
  }
}

/**
 * All or nothing, as far as a database and a folder of files allow:
 *   1. checks, with nothing changed: the manifest (signature, hashes, each part's kind and path,
 *      format.ts), every part unpacked and read, and every database change run once and rolled
 *      back — with a data snapshot, run for real on the snapshot in the staging folder;
 *   2. the backup (a new file; nothing that is there changes);
 *   3. the changes, each undone if a later one fails. Without a snapshot: one transaction holding
 *      the database changes and, last, the installer folder swapped in by renames (a failed swap
 *      rolls the transaction back; a failed commit puts the swap back). With one: the installer
 *      folder swapped in, then the snapshot restored (a copy checked before anything is replaced,
 *      the likelier step to fail: a full disk), the swap put back if it fails.
 * A power cut between the two renames of a swap is not undone: the previous installer folder is
 * then in updates/local.old.
 */
async function applyOnce(opts: ApplyOptions): Promise<ApplySummary> {
  const now = opts.now ?? (() => new Date());
  const live = !!opts.db;
  if (!live) {
    const running = runningOn(opts.dataDir);
    if (running.length > 0) {
      throw refuse(
        'bad_part',
        `IOC Wall đang chạy trên ${opts.dataDir} (pid ${running.map((r) => r.pid).join(', ')}): dừng ứng dụng rồi chạy lại, hoặc dùng "Nhập gói cập nhật" trong bảng điều khiển.`,
        `IOC Wall is running on ${opts.dataDir} (pid ${running.map((r) => r.pid).join(', ')}): stop it and run again, or use "Nhập gói cập nhật" in the console.`,
      );
    }
  }

  // Refuses, besides a bad signature or hash, any part not where the format puts it (checkParts):
  // below, each kind is at its PART_PATHS place, at most once, and installers directly in update/.
  const opened = await verifyBundle(opts.file, opts.trusted);
  const { manifest } = opened;
  const has = (kind: PartKind) => manifest.parts.some((p) => p.kind === kind);
  if (live && has('data')) {
    throw refuse(
      'bad_part',
      'Gói có bản sao cơ sở dữ liệu: chỉ áp dụng được khi ứng dụng đã dừng (ioc-wall bundle apply).',
      'The bundle holds a database snapshot: it can only be applied with the app stopped (ioc-wall bundle apply).',
    );
  }

  // A rollback or a replay of a validly signed bundle is refused before anything is unpacked.
  checkStanding(opened, opts.db ? lastAppliedBundle(opts.db) : lastAppliedIn(opts.dataDir), opts.allowOlder);
  // A database snapshot brings the source machine's feeds, but where this machine's secrets may
  // go is this machine's: its secret_origins are put into the snapshot before it is restored.
  const keptOrigins = has('data') ? secretOriginsIn(opts.dataDir) : null;

  mkdirSync(opts.dataDir, { recursive: true });
  // A staging folder left by a crash or a power cut mid-apply (only one apply runs at a time).
  for (const old of readdirSync(opts.dataDir)) if (old.startsWith('bundle-staging-')) rmSync(join(opts.dataDir, old), { recursive: true, force: true });
  const staging = mkdtempSync(join(opts.dataDir, 'bundle-staging-'));
  const staged = (path: string) => {
    const to = resolve(staging, path);
    // checkPartPath already refused escapes; this is the belt to its braces.
    if (!to.startsWith(staging + sep)) throw refuse('unsafe_path', `Đường dẫn "${path}" ra ngoài gói.`, `The path "${path}" escapes the bundle.`);
    return to;
  };
  let db: Database.Database | undefined = opts.db;
  try {
    for (const [i, p] of manifest.parts.entries()) await extract(opts.file, opened.offsets[i]!, p.size, staged(p.path), p.sha256);

    // Content checks: every part must be usable before the first change.
    const bad = (path: string, err: unknown) =>
      refuse('bad_part', `Phần "${path}" không dùng được: ${reason(err)}`, `The part "${path}" cannot be used: ${reason(err)}`);
    const readJson = (path: string): unknown => {
      try {
        // Notepad on Windows saves a BOM; the config loader takes it too.
        return JSON.parse(readFileSync(staged(path), 'utf8').replace(/^\uFEFF/, ''));
      } catch (err) {
        throw bad(path, err);
      }
    };
    let feeds: FeedConfig[] | null = null;
    if (has('config')) {
      const value = readJson(PART_PATHS.config);
      try {
        feeds = readFeeds(value);
      } catch (err) {
        throw bad(PART_PATHS.config, err);
      }
    }
    const layouts = has('layouts') ? readJson(PART_PATHS.layouts) : null;
    let areas: ReturnType<typeof loadBoundaries> = [];
    if (has('boundaries')) {
      try {
        areas = loadBoundaries(staged(PART_PATHS.boundaries));
      } catch (err) {
        throw bad(PART_PATHS.boundaries, err);
      }
    }
    const updates = has('update');
    const updatesDir = join(opts.dataDir, LOCAL_UPDATES_DIR);
    const applied: PartKind[] = [];
    if (has('data')) applied.push('data');
    if (layouts !== null) applied.push('layouts');
    if (feeds) applied.push('config');
    if (areas.length > 0) applied.push('boundaries');
    if (updates) applied.push('update');

    const at = now().toISOString();
    /** Every database change of the bundle, in the caller's transaction; a part that does not fit is named. */
    const write = (target: Database.Database) => {
      if (layouts !== null) {
        try {
          importFile(target, layouts, false);
        } catch (err) {
          throw bad(PART_PATHS.layouts, err);
        }
      }
      if (feeds) {
        try {
          for (const f of feeds) saveFeed(target, f, opts.actor, now());
        } catch (err) {
          throw bad(PART_PATHS.config, err);
        }
      }
      if (areas.length > 0) {
        const records = new RecordWriter(target);
        try {
          // The file is the whole set: districts it no longer has leave with it (replace-areas.ts).
          replaceAreas(target, records, areas);
        } catch (err) {
          throw bad(PART_PATHS.boundaries, err);
        }
      }
      if (keptOrigins) {
        target.prepare(`DELETE FROM secret_origins`).run();
        const ins = target.prepare(`INSERT INTO secret_origins (name, origin, added_at, added_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`);
        for (const r of keptOrigins) ins.run(r.name, r.origin, r.added_at, r.added_by);
      }
      const record: AppliedBundle = { createdAt: manifest.createdAt, id: opened.id, appliedAt: at };
      target.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(LAST_APPLIED_KEY, JSON.stringify(record));
      audit(target, opts.actor, 'bundle.apply', { version: manifest.version, createdAt: manifest.createdAt, by: manifest.by, keyId: manifest.keyId, parts: manifest.parts.map((p) => p.path) }, at);
    };

    let backup: string | null = null;
    let restored: ApplySummary['restored'] = null;
    if (has('data')) {
      // The other parts go into the snapshot where it lies, migrated first as the app would on
      // opening it: a layout that does not fit it is refused here, and restoring the snapshot is
      // then the one step that changes the database. PART_PATHS.data is `data/<DB_FILE>`.
      const snapshot = staged(PART_PATHS.data);
      let snap: Database.Database;
      try {
        snap = openDatabase(dirname(snapshot)).db;
      } catch (err) {
        throw bad(PART_PATHS.data, err);
      }
      try {
        // Feeds saved with a secret value in the snapshot would be moved into this machine's
        // store at start, over the value entered here, as a config part's would.
        const rows = snap.prepare<[], string>(`SELECT config FROM feeds`).pluck().all();
        const inline = inlineSecretFields(rows.map(parseOrNull));
        if (inline.length > 0) throw inlineSecretRefusal({ vi: `Bản sao cơ sở dữ liệu "${PART_PATHS.data}"`, en: `The database snapshot "${PART_PATHS.data}"` }, inline);
        snap.transaction(() => write(snap))();
        // One self-contained file, as a backup is: the restore copies the file, not a -wal beside it.
        snap.pragma('journal_mode = DELETE');
      } finally {
        snap.close();
      }

      const swap = updates ? swapDir(staged(UPDATE_DIR), updatesDir) : null;
      try {
        // It checks the snapshot (integrity, schema) before it replaces anything, and keeps the
        // replaced database beside it.
        const r = restoreDatabase(opts.dataDir, snapshot);
        restored = { previousSavedAs: r.previousSavedAs };
        backup = r.previousSavedAs;
      } catch (err) {
        throw failed(err, swap ? () => swap.undo() : undefined);
      }
      swap?.done();
    } else {
      db ??= openDatabase(opts.dataDir).db;
      // A dry run, rolled back, against the database the parts will land in: a layout file that
      // does not fit (unknown panel, a preset outside the wall) is refused before the backup.
      const rollback = new Error('dry run');
      try {
        db.transaction(() => {
          write(db!);
          throw rollback;
        })();
      } catch (err) {
        if (err !== rollback) throw err;
      }

      backup = (await backupDatabase(db, join(opts.backupsDir ?? backupsDir(opts.dataDir), 'manual', `ioc-wall-before-bundle-${stamp(now())}.db`))).file;
      // The installer folder is swapped in inside the transaction: if the swap fails, the
      // transaction rolls back; if the commit fails after it, the swap is put back.
      const swaps: Swap[] = [];
      try {
        db.transaction(() => {
          write(db!);
          if (updates) swaps.push(swapDir(staged(UPDATE_DIR), updatesDir));
        })();
      } catch (err) {
        throw failed(err, swaps.length > 0 ? () => swaps[0]!.undo() : undefined);
      }
      for (const s of swaps) s.done();
    }

    // From the manifest, not the folder: once applied, nothing here may fail.
    const files = manifest.parts.filter((p) => p.kind === 'update').map((p) => p.path.slice(UPDATE_DIR.length + 1));
    const update: ApplySummary['update'] = updates ? { dir: updatesDir, files: files.sort() } : null;
    return { manifest, signer: opened.signer.origin, applied, backup, restored, update };
  } catch (err) {
    // A full disk while unpacking, a database that does not open: said as a refusal, not raw.
    // Each change above undoes the ones before it when it fails, so "nothing was changed" holds.
    throw failed(err);
  } finally {
    if (db && !opts.db) db.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

interface OriginRow {
  name: string;
  origin: string;
  added_at: string;
  added_by: string;
}

/** This data folder's secret_origins rows (none without a database, or before secret_origins). */
const secretOriginsIn = (dataDir: string): OriginRow[] =>
  readDataFolder(dataDir, (db) => db.prepare(`SELECT name, origin, added_at, added_by FROM secret_origins`).all() as OriginRow[], []);

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** An installer an applied bundle left for the updater, if any. */
export function localUpdateDir(dataDir: string): string | null {
  const dir = join(dataDir, LOCAL_UPDATES_DIR);
  return existsSync(dir) && readdirSync(dir).some((f) => UPDATE_METADATA.test(f)) ? dir : null;
}
