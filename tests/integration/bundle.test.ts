import Database from 'better-sqlite3';
import { createHash, type KeyObject } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBundle } from '../../host/bundle/apply';
import { createBundle } from '../../host/bundle/create';
import { BundleError, MAGIC, signedHead, verifyBundle, type Manifest } from '../../host/bundle/format';
import { runCli } from '../../host/cli/run';
import { loadConfig } from '../../host/config/load';
import { DB_FILE } from '../../host/db/files';
import { openDatabase } from '../../host/db/open';
import { duplicatePreset, listPresets } from '../../host/layouts/store';
import { saveFeed } from '../../host/sync/feeds';
import { generateKeys, keyIdOf, loadPrivateKey, loadPublicKey, type TrustedKey } from '../../host/trust/keys';
import { fingerprint } from './fingerprint';

/**
 * The offline bundle end to end, on real files: keys made by `ioc-wall keys generate`, a bundle of
 * every part made from one data folder and applied to another, and every refusal the issue lists
 * (a tampered byte anywhere, an unknown key, truncated, oversized, a hash mismatch, a ../ path),
 * each shown to leave the target folder byte for byte as it was.
 */

let dir: string;
let key: KeyObject;
let trusted: TrustedKey[];
let pubFile: string;
let source: string;
let updateDir: string;
let full: string;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A target data folder with a migrated, closed database. */
function target(name: string): string {
  const d = join(dir, name);
  openDatabase(d).db.close();
  return d;
}

const config = () => loadConfig({ env: {} });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-bundle-'));
  const gen = await cli('keys', 'generate', '--out', join(dir, 'keys'));
  expect(gen.code).toBe(0);
  key = loadPrivateKey(join(dir, 'keys', 'bundle-key.pem'));
  pubFile = join(dir, 'keys', 'bundle-key.pub.pem');
  trusted = [loadPublicKey(pubFile)];

  source = join(dir, 'source');
  const { db } = openDatabase(source);
  duplicatePreset(db, listPresets(db)[0]!.id, 'Gói USB — họp giao ban');
  saveFeed(db, { id: 'aqi-sensorthings', domain: 'environment', adapter: 'sensorthings', url: 'https://quantrac.binhphuoc.gov.vn/v1.1' }, 'test');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('bundle-test', 'from source')`).run();

  // What electron-builder leaves in out/installers, with the Linux metadata signed.
  updateDir = join(dir, 'installers');
  mkdirSync(updateDir);
  writeFileSync(join(updateDir, 'IOC Wall-Setup-0.2.0.exe'), Buffer.alloc(70_000, 7));
  writeFileSync(join(updateDir, 'IOC Wall-0.2.0-linux-x86_64.AppImage'), Buffer.alloc(50_000, 9));
  writeFileSync(join(updateDir, 'latest.yml'), 'version: 0.2.0\nfiles:\n  - url: IOC Wall-Setup-0.2.0.exe\n    sha512: x\n    size: 70000\npath: IOC Wall-Setup-0.2.0.exe\n');
  writeFileSync(join(updateDir, 'latest-linux.yml'), 'version: 0.2.0\nfiles:\n  - url: IOC Wall-0.2.0-linux-x86_64.AppImage\n    sha512: y\n    size: 50000\n');
  expect((await cli('keys', 'sign', '--key', join(dir, 'keys', 'bundle-key.pem'), join(updateDir, 'latest-linux.yml'))).code).toBe(0);

  full = join(dir, 'full.iocbundle');
  await createBundle({ db, config: config(), out: full, key, include: ['config', 'layouts', 'boundaries', 'data', 'update'], updateDir });
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ioc-wall keys generate', () => {
  it('writes an Ed25519 pair, the private key 0600, and never overwrites it', async () => {
    const priv = join(dir, 'keys', 'bundle-key.pem');
    if (process.platform !== 'win32') expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(readFileSync(priv, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(loadPublicKey(pubFile).key.asymmetricKeyType).toBe('ed25519');
    const before = readFileSync(priv);
    const again = await cli('keys', 'generate', '--out', join(dir, 'keys'));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists/);
    expect(readFileSync(priv).equals(before)).toBe(true);
  });
});

describe('bundle create → verify → apply', () => {
  it('verify lists the signed parts (CLI, --trust, --json)', async () => {
    const r = await cli('bundle', 'verify', full, '--trust', pubFile, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Manifest & { ok: boolean; signer: { id: string } };
    expect(report.ok).toBe(true);
    expect(report.signer.id).toBe(keyIdOf(key));
    expect(report.parts.map((p) => p.path)).toEqual([
      'config/feeds.json',
      'layouts/layouts.json',
      'boundaries/boundaries.geojson',
      'data/ioc-wall.db',
      'update/IOC Wall-0.2.0-linux-x86_64.AppImage',
      'update/IOC Wall-Setup-0.2.0.exe',
      'update/latest-linux.yml',
      'update/latest-linux.yml.sig',
      'update/latest.yml',
    ]);
    const human = await cli('bundle', 'verify', full, '--trust', pubFile);
    expect(human.out).toMatch(/Bundle verified/);
  });

  it('apply restores the snapshot, applies layouts and feeds, hands the installers to the updater, after a backup', async () => {
    const to = target('apply-all');
    const r = await cli('bundle', 'apply', full, '--trust', pubFile, '--data-dir', to);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const db = new Database(join(to, DB_FILE), { readonly: true });
    try {
      expect(db.prepare(`SELECT value FROM meta WHERE key = 'bundle-test'`).get()).toEqual({ value: 'from source' });
      expect((db.prepare(`SELECT name FROM presets`).all() as { name: string }[]).map((p) => p.name)).toContain('Gói USB — họp giao ban');
      expect(db.prepare(`SELECT id FROM feeds`).all()).toEqual([{ id: 'aqi-sensorthings' }]);
      expect(db.prepare(`SELECT action, actor FROM audit_log WHERE action = 'bundle.apply'`).all()).toEqual([{ action: 'bundle.apply', actor: 'cli' }]);
    } finally {
      db.close();
    }
    expect(readdirSync(join(to, 'updates', 'local')).sort()).toEqual([
      'IOC Wall-0.2.0-linux-x86_64.AppImage',
      'IOC Wall-Setup-0.2.0.exe',
      'latest-linux.yml',
      'latest-linux.yml.sig',
      'latest.yml',
    ]);
    // The database it replaced is kept; no staging folder is left behind.
    expect(readdirSync(to).some((f) => f.startsWith(`${DB_FILE}.before-restore-`))).toBe(true);
    expect(readdirSync(to).some((f) => f.startsWith('bundle-staging-'))).toBe(false);
  });

  it('without a data part, the database is backed up first and layouts/feeds land in one transaction', async () => {
    const small = join(dir, 'small.iocbundle');
    const { db } = openDatabase(source);
    await createBundle({ db, config: config(), out: small, key, include: ['config', 'layouts'] });
    db.close();
    const to = target('apply-small');
    const r = await applyBundle({ file: small, trusted, dataDir: to, actor: 'test' });
    expect(r.applied).toEqual(['layouts', 'config']);
    expect(r.backup).toMatch(/backups[\\/]manual[\\/]ioc-wall-before-bundle-.*\.db$/);
    expect(existsSync(r.backup!)).toBe(true);
  });

  it('one apply at a time per data folder; a staging folder left by a crash is cleared', async () => {
    const to = target('concurrent');
    mkdirSync(join(to, 'bundle-staging-crashed', 'layouts'), { recursive: true });
    const first = applyBundle({ file: full, trusted, dataDir: to, actor: 'test' });
    await expect(applyBundle({ file: full, trusted, dataDir: to, actor: 'test' })).rejects.toThrow(/Another bundle is being applied/);
    await first;
    expect(readdirSync(to).filter((f) => f.startsWith('bundle-staging-'))).toEqual([]);
  });

  it('create refuses an unknown part name and an update part without --update', async () => {
    const bad = await cli('bundle', 'create', '--out', join(dir, 'x.b'), '--key', join(dir, 'keys', 'bundle-key.pem'), '--include', 'layouts,secrets', '--data-dir', source);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown part\(s\): secrets/);
    const { db } = openDatabase(source);
    await expect(createBundle({ db, config: config(), out: join(dir, 'y.b'), key, include: ['update'] })).rejects.toThrow(/--update DIR/);
    db.close();
    expect(existsSync(join(dir, 'y.b'))).toBe(false);
  });
});

describe('refusals: clear message in both languages, and nothing changed', () => {
  /** Applies `file` to a fresh target and checks the refusal and that the folder is untouched. */
  async function refused(file: string, code: BundleError['code'], keys: TrustedKey[] = trusted) {
    const to = target(`refused-${Math.random().toString(36).slice(2)}`);
    const before = fingerprint(to);
    const err = await applyBundle({ file, trusted: keys, dataDir: to, actor: 'test' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BundleError);
    expect((err as BundleError).code).toBe(code);
    expect((err as BundleError).vi).toMatch(/Không có gì thay đổi/);
    expect((err as BundleError).en).toMatch(/Nothing was changed/);
    expect(fingerprint(to)).toEqual(before);
    // verify says the same, with exit 1
    const v = await cli('bundle', 'verify', file, ...keys.map((k) => ['--trust', k.origin]).flat());
    if (keys === trusted) {
      expect(v.code).toBe(1);
      expect(v.err).toMatch(/✗/);
    }
    return err as BundleError;
  }
  const copy = (name: string, edit: (b: Buffer) => Buffer | void) => {
    const b = Buffer.from(readFileSync(full));
    const out = edit(b) ?? b;
    const f = join(dir, name);
    writeFileSync(f, out);
    return f;
  };

  it('a tampered byte anywhere: magic, manifest, signature, every part', async () => {
    const opened = await verifyBundle(full, trusted);
    const manifestAt = MAGIC.length + 4 + 10;
    const sigAt = opened.offsets[0]! - 10;
    const positions = [
      ['manifest', manifestAt, 'bad_signature'],
      ['signature', sigAt, 'bad_signature'],
      ...opened.manifest.parts.map((p, i) => [p.path, opened.offsets[i]! + Math.floor(p.size / 2), 'hash_mismatch'] as const),
      ['last byte', opened.size - 1, 'hash_mismatch'],
      ['magic', 2, 'not_a_bundle'],
    ] as const;
    for (const [what, at, code] of positions) {
      const f = copy(`tampered-${String(at)}.b`, (b) => {
        b[at] = b[at]! ^ 0x01;
      });
      const err = await refused(f, code);
      expect(err.message, what).toBeTruthy();
    }
  });

  it('an unknown key (signed by a key the machine does not trust)', async () => {
    const other = generateKeys(join(dir, 'other-keys'));
    const { db } = openDatabase(source);
    const f = join(dir, 'unknown-key.b');
    await createBundle({ db, config: config(), out: f, key: loadPrivateKey(other.privateFile), include: ['layouts'] });
    db.close();
    const err = await refused(f, 'unknown_key');
    expect(err.en).toMatch(new RegExp(`unknown key \\(${other.id}\\)`));
    // Trusting it (--trust) makes the same file verify.
    expect((await cli('bundle', 'verify', f, '--trust', other.publicFile)).code).toBe(0);
  });

  it('truncated: in the parts and in the head', async () => {
    const size = statSync(full).size;
    for (const keep of [size - 1, Math.floor(size / 2), MAGIC.length + 2, 5]) {
      const f = copy(`truncated-${keep}.b`, () => undefined);
      truncateSync(f, keep);
      await refused(f, 'truncated');
    }
  });

  it('oversized: bytes after the last part', async () => {
    const f = copy('oversized.b', () => undefined);
    appendFileSync(f, Buffer.from('trailing'));
    const err = await refused(f, 'oversized');
    expect(err.en).toMatch(/8 extra bytes/);
  });

  /** A validly signed bundle whose manifest lies: the signature is fine, the content is not. */
  function forged(name: string, parts: { path: string; body: Buffer; sha256?: string }[]): string {
    const manifest: Manifest = {
      format: 1,
      app: 'ioc-wall',
      version: '0.1.0',
      createdAt: new Date().toISOString(),
      by: 'test',
      keyId: keyIdOf(key),
      parts: parts.map((p) => ({
        kind: 'layouts',
        path: p.path,
        size: p.body.length,
        sha256: p.sha256 ?? createHash('sha256').update(p.body).digest('hex'),
      })),
    };
    const f = join(dir, name);
    writeFileSync(f, Buffer.concat([signedHead(manifest, key), ...parts.map((p) => p.body)]));
    return f;
  }

  it('a part whose hash does not match its (signed) manifest entry', async () => {
    const f = forged('hash.b', [{ path: 'layouts/layouts.json', body: Buffer.from('{}'), sha256: 'a'.repeat(64) }]);
    const err = await refused(f, 'hash_mismatch');
    expect(err.vi).toMatch(/layouts\/layouts\.json/);
  });

  it('a path that escapes the bundle (../, absolute, backslash) — even signed', async () => {
    for (const path of ['../evil.json', 'layouts/../../evil.json', '/etc/evil.json', 'layouts\\..\\evil.json', 'C:/evil.json', './layouts.json']) {
      const f = forged(`path-${createHash('md5').update(path).digest('hex')}.b`, [{ path, body: Buffer.from('{}') }]);
      const err = await refused(f, 'unsafe_path');
      expect(err.en).toContain(path);
    }
    expect(existsSync(join(dir, 'evil.json'))).toBe(false);
  });

  it('a part that does not fit (invalid layouts) is refused before any change, the backup included', async () => {
    const f = forged('badlayouts.b', [{ path: 'layouts/layouts.json', body: Buffer.from(JSON.stringify({ format: 'ioc-wall/layouts', formatVersion: 1, presets: [{ id: 'x' }] })) }]);
    const to = target('badlayouts');
    const before = fingerprint(to);
    await expect(applyBundle({ file: f, trusted, dataDir: to, actor: 'test' })).rejects.toMatchObject({ code: 'bad_part' });
    expect(fingerprint(to)).toEqual(before);
    expect(existsSync(join(to, 'backups'))).toBe(false);
  });

  it('not a bundle at all', async () => {
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'hello, this is not a bundle');
    await refused(f, 'not_a_bundle');
  });

  it('apply is refused while IOC Wall runs on the data folder', async () => {
    const to = target('running');
    mkdirSync(join(to, 'running'), { recursive: true });
    writeFileSync(join(to, 'running', 'x.json'), JSON.stringify({ pid: process.pid, hostname: hostname(), kind: 'host', startedAt: new Date().toISOString() }));
    const before = fingerprint(to);
    await expect(applyBundle({ file: full, trusted, dataDir: to, actor: 'test' })).rejects.toThrow(/IOC Wall is running/);
    expect(fingerprint(to)).toEqual(before);
    expect(dirname(to)).toBe(dir);
  });
});
