import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { feedConfigSchema } from '../../sync/feeds/config';
import { backupDatabase, backupsDir, restoreDatabase, stamp } from '../db/backup';
import { openDatabase } from '../db/open';
import { runningOn } from '../db/running';
import { loadBoundaries } from '../geo/boundaries';
import { importFile } from '../layouts/store';
import { RecordWriter } from '../store/records';
import { saveFeed } from '../sync/feeds';
import type { TrustedKey } from '../trust/keys';
import { PART_PATHS } from './create';
import { refuse, verifyBundle, type Manifest, type PartKind } from './format';
import { audit } from '../store/audit';

/**
 * `ioc-wall bundle apply` and the console's "Nhập gói cập nhật": verify every byte, unpack into a
 * staging folder (hashing again, so a file swapped after the check is caught), check each part's
 * content, and only then back up and apply — layouts, feeds and boundaries in one transaction, a
 * database snapshot through the restore path, installers into the folder the updater reads.
 * Any refusal happens before the first change.
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
}

const feedsPartSchema = z.strictObject({ feeds: z.array(z.unknown()) });

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

  const opened = await verifyBundle(opts.file, opts.trusted);
  const { manifest } = opened;
  const kinds = new Set(manifest.parts.map((p) => p.kind));
  if (live && kinds.has('data')) {
    throw refuse(
      'bad_part',
      'Gói có bản sao cơ sở dữ liệu: chỉ áp dụng được khi ứng dụng đã dừng (ioc-wall bundle apply).',
      'The bundle holds a database snapshot: it can only be applied with the app stopped (ioc-wall bundle apply).',
    );
  }

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
      refuse('bad_part', `Phần "${path}" không dùng được: ${(err as Error).message}`, `The part "${path}" cannot be used: ${(err as Error).message}`);
    const readJson = (path: string): unknown => {
      try {
        return JSON.parse(readFileSync(staged(path), 'utf8'));
      } catch (err) {
        throw bad(path, err);
      }
    };
    const partPath = (kind: PartKind) => manifest.parts.find((p) => p.kind === kind)?.path;
    let feeds: z.output<typeof feedConfigSchema>[] = [];
    if (kinds.has('config')) {
      const path = partPath('config')!;
      try {
        feeds = feedsPartSchema.parse(readJson(path)).feeds.map((f) => feedConfigSchema.parse(f));
      } catch (err) {
        throw bad(path, err);
      }
    }
    const layouts = kinds.has('layouts') ? readJson(partPath('layouts')!) : null;
    let areas: ReturnType<typeof loadBoundaries> = [];
    if (kinds.has('boundaries')) {
      const path = partPath('boundaries')!;
      try {
        areas = loadBoundaries(staged(path));
      } catch (err) {
        throw bad(path, err);
      }
    }
    const updateParts = manifest.parts.filter((p) => p.kind === 'update');
    if (updateParts.length > 0 && !updateParts.some((p) => /\/(latest|beta)(-linux)?\.yml$/.test(p.path))) {
      throw bad('update/', new Error('no latest.yml / latest-linux.yml'));
    }

    if (layouts !== null) {
      // A dry run, rolled back, against the database the layouts will land in: a layout file
      // that does not fit (unknown panel, a preset outside the wall) is refused before any change.
      const target = kinds.has('data') ? new Database(staged(PART_PATHS.data)) : (db ??= openDatabase(opts.dataDir).db);
      const rollback = new Error('dry run');
      try {
        target.transaction(() => {
          importFile(target, layouts, false);
          throw rollback;
        })();
      } catch (err) {
        if (err !== rollback) throw bad(partPath('layouts')!, err);
      } finally {
        if (target !== db) target.close();
      }
    }

    // From here on, changes: first a backup of what is there.
    let backup: string | null = null;
    let restored: ApplySummary['restored'] = null;
    if (!db && kinds.has('data')) {
      // restoreDatabase checks the snapshot (integrity, schema) before it replaces anything,
      // and keeps the replaced database beside it.
      const r = restoreDatabase(opts.dataDir, staged(PART_PATHS.data));
      restored = { previousSavedAs: r.previousSavedAs };
      backup = r.previousSavedAs;
    }
    db ??= openDatabase(opts.dataDir).db;
    if (!restored) {
      backup = (await backupDatabase(db, join(opts.backupsDir ?? backupsDir(opts.dataDir), 'manual', `ioc-wall-before-bundle-${stamp(now())}.db`))).file;
    }

    const applied: PartKind[] = [];
    const at = now().toISOString();
    const records = new RecordWriter(db);
    db.transaction(() => {
      if (layouts !== null) {
        try {
          importFile(db!, layouts, false);
        } catch (err) {
          throw bad(partPath('layouts')!, err);
        }
        applied.push('layouts');
      }
      if (kinds.has('config')) {
        for (const f of feeds) saveFeed(db!, f, opts.actor, now());
        applied.push('config');
      }
      if (areas.length > 0) {
        for (const a of areas) records.area(a);
        applied.push('boundaries');
      }
      audit(db!, opts.actor, 'bundle.apply', { version: manifest.version, createdAt: manifest.createdAt, by: manifest.by, keyId: manifest.keyId, parts: manifest.parts.map((p) => p.path) }, at);
    })();
    if (restored) applied.unshift('data');

    let update: ApplySummary['update'] = null;
    if (updateParts.length > 0) {
      // Swapped in whole: the updater never sees half of one bundle's files and half of another's.
      const dir = join(opts.dataDir, LOCAL_UPDATES_DIR);
      const next = `${dir}.next`;
      rmSync(next, { recursive: true, force: true });
      mkdirSync(next, { recursive: true });
      for (const p of updateParts) renameSync(staged(p.path), join(next, p.path.slice('update/'.length)));
      rmSync(dir, { recursive: true, force: true });
      renameSync(next, dir);
      update = { dir, files: readdirSync(dir).sort() };
      applied.push('update');
    }
    return { manifest, signer: opened.signer.origin, applied, backup, restored, update };
  } finally {
    if (db && !opts.db) db.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

/** An installer an applied bundle left for the updater, if any. */
export function localUpdateDir(dataDir: string): string | null {
  const dir = join(dataDir, LOCAL_UPDATES_DIR);
  return existsSync(dir) && readdirSync(dir).some((f) => /^(latest|beta)(-linux)?\.yml$/.test(f)) ? dir : null;
}
