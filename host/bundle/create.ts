import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { load as loadYaml } from 'js-yaml';
import type { KeyObject } from 'node:crypto';
import type { HostConfig } from '../config/schema';
import { backupDatabase } from '../db/backup';
import { bundledGeoDir, DISTRICTS_FILE } from '../geo/boundaries';
import { exportFile } from '../layouts/store';
import { effectiveFeeds } from '../sync/feeds';
import { inlineSecretFields } from '../sync/inline-secrets';
import { keyIdOf } from '../trust/keys';
import { VERSION } from '../version';
import { checkPartPath, checkParts, inlineSecretRefusal, PART_PATHS, signedHead, UPDATE_DIR, UPDATE_METADATA, type Manifest, type Part, type PartKind } from './format';

/**
 * `ioc-wall bundle create`: the chosen parts of this machine (config, layouts, boundaries, a
 * consistent database snapshot, an installer with its update metadata) into one signed file.
 */

export const DEFAULT_INCLUDE: readonly PartKind[] = ['config', 'layouts', 'boundaries'];

export interface CreateOptions {
  db: Database.Database;
  config: HostConfig;
  out: string;
  key: KeyObject;
  include: readonly PartKind[];
  /** electron-builder's output folder (latest.yml, latest-linux.yml, their .sig and installers); needed with `update`. */
  updateDir?: string;
  now?: Date;
}

interface Source {
  kind: PartKind;
  path: string;
  file: string;
}

const sha256File = async (file: string) => {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
};

/** The installers a latest*.yml names, plus the yml and its detached signature. */
export function updateFiles(dir: string): { path: string; file: string }[] {
  const ymls = readdirSync(dir).filter((f) => UPDATE_METADATA.test(f));
  if (ymls.length === 0) {
    throw new Error(`Không có latest.yml / latest-linux.yml trong ${dir} / No latest.yml or latest-linux.yml in ${dir} (the folder electron-builder wrote the installers to).`);
  }
  const names = new Set<string>();
  for (const y of ymls) {
    names.add(y);
    if (existsSync(join(dir, `${y}.sig`))) names.add(`${y}.sig`);
    const info = loadYaml(readFileSync(join(dir, y), 'utf8')) as { files?: { url?: unknown }[]; path?: unknown } | null;
    const urls = [...(info?.files ?? []).map((f) => f.url), info?.path].filter((u): u is string => typeof u === 'string');
    for (const u of urls) {
      const name = basename(decodeURIComponent(u));
      if (!existsSync(join(dir, name))) throw new Error(`${y} nhắc tới ${name} nhưng không có tệp / ${y} names ${name}, which is not in ${dir}.`);
      names.add(name);
    }
  }
  return [...names].sort().map((n) => ({ path: `${UPDATE_DIR}/${n}`, file: join(dir, n) }));
}

export async function createBundle(opts: CreateOptions): Promise<{ file: string; manifest: Manifest }> {
  const work = mkdtempSync(join(tmpdir(), 'ioc-bundle-'));
  try {
    const sources: Source[] = [];
    const json = (kind: PartKind, path: string, value: unknown) => {
      const file = join(work, basename(path));
      writeFileSync(file, JSON.stringify(value, null, 2));
      sources.push({ kind, path, file });
    };
    for (const kind of opts.include) {
      if (kind === 'config') {
        const feeds = effectiveFeeds(opts.db, opts.config.feeds);
        // Only names travel: a value would be copied in clear onto a USB stick, and every machine
        // refuses such a bundle (verifyBundle). Moving them is the config's owner's step.
        const inline = inlineSecretFields(feeds);
        if (inline.length > 0) {
          throw inlineSecretRefusal(
            {
              vi: 'Không tạo gói: cấu hình (tệp cấu hình hoặc nguồn lưu trong bảng điều khiển)',
              en: 'Bundle not made: the config (the config file or feeds saved in the console)',
            },
            inline,
          );
        }
        json('config', PART_PATHS.config, { feeds });
      }
      else if (kind === 'layouts') json('layouts', PART_PATHS.layouts, exportFile(opts.db, { wall: true, schedule: true }));
      else if (kind === 'boundaries') {
        sources.push({ kind, path: PART_PATHS.boundaries, file: opts.config.boundaries.file ?? join(bundledGeoDir(), DISTRICTS_FILE) });
      } else if (kind === 'data') {
        const snap = join(work, 'snapshot.db');
        await backupDatabase(opts.db, snap);
        sources.push({ kind, path: PART_PATHS.data, file: snap });
      } else if (kind === 'update') {
        if (!opts.updateDir) throw new Error('Phần "update" cần --update DIR / The "update" part needs --update DIR (electron-builder\'s output folder).');
        for (const u of updateFiles(opts.updateDir)) sources.push({ kind, ...u });
      }
    }
    const parts: Part[] = [];
    for (const s of sources) {
      checkPartPath(s.path);
      parts.push({ kind: s.kind, path: s.path, size: statSync(s.file).size, sha256: await sha256File(s.file) });
    }
    // The rules every machine applies: a bundle they would refuse is not made.
    checkParts(parts);
    let by = 'unknown';
    try {
      by = `${userInfo().username}@${hostname()}`;
    } catch {
      by = hostname();
    }
    const manifest: Manifest = {
      format: 1,
      app: 'ioc-wall',
      version: VERSION,
      createdAt: (opts.now ?? new Date()).toISOString(),
      by,
      keyId: keyIdOf(opts.key),
      parts,
    };
    // Written beside the target and renamed: a full USB stick never leaves a half bundle behind.
    const partial = `${opts.out}.partial`;
    async function* bytes() {
      yield signedHead(manifest, opts.key);
      for (const s of sources) yield* createReadStream(s.file, { highWaterMark: 1 << 20 });
    }
    await pipeline(bytes(), createWriteStream(partial));
    // A part that changed while it was copied would make a bundle that never verifies.
    const written = statSync(partial).size;
    const expected = signedHead(manifest, opts.key).length + parts.reduce((n, p) => n + p.size, 0);
    if (written !== expected) {
      rmSync(partial, { force: true });
      throw new Error(`Một phần thay đổi khi đang ghi / A part changed while the bundle was written (${written} ≠ ${expected} bytes); run again.`);
    }
    renameSync(partial, opts.out);
    return { file: opts.out, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
