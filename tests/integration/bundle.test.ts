import Database from 'better-sqlite3';
import { createHash, type KeyObject } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyBundle } from '../../host/bundle/apply';
import { createBundle } from '../../host/bundle/create';
import { BundleError, MAGIC, verifyBundle, type Manifest } from '../../host/bundle/format';
import { runCli } from '../../host/cli/run';
import { loadConfig } from '../../host/config/load';
import { DB_FILE } from '../../host/db/files';
import { openDatabase } from '../../host/db/open';
import { duplicatePreset, exportFile, listPresets } from '../../host/layouts/store';
import { saveFeed } from '../../host/sync/feeds';
import { generateKeys, keyIdOf, loadPrivateKey, loadPublicKey, type TrustedKey } from '../../host/trust/keys';
import type * as Keys from '../../host/trust/keys';
import { fingerprint } from './fingerprint';
import { signedBundle, type HandPart } from './support/signed-bundle';

// The build's own update key (build/keys holds none in this repository: a "nokey" build, whose
// updater could never install the installers these bundles carry, so verify would refuse them).
vi.mock('../../host/trust/keys', async (importOriginal) => {
  const keys = await importOriginal<typeof Keys>();
  const { publicKey } = (await import('node:crypto')).generateKeyPairSync('ed25519');
  const release = { id: keys.keyIdOf(publicKey), key: publicKey, origin: 'built-in key #1' };
  return { ...keys, builtInKeys: () => [release] };
});

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
  const forged = (name: string, parts: HandPart[]) => signedBundle(join(dir, name), key, parts);

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

  /** A layouts file with one preset the target does not have, and a config part with one feed. */
  function layoutsBody(): Buffer {
    const { db } = openDatabase(source);
    const file = exportFile(db, { wall: false, schedule: false });
    db.close();
    file.presets = [{ ...file.presets[0]!, id: 'forged-preset', name: 'Từ gói thử' }];
    return Buffer.from(JSON.stringify(file));
  }
  const feedsBody = (feeds: unknown[] = [{ id: 'forged-feed', domain: 'hotline', adapter: 'open311', url: 'https://example.gov.vn/requests.json' }]) =>
    Buffer.from(JSON.stringify({ feeds }));
  const yml = Buffer.from('version: 9.9.9\npath: app.exe\n');

  it('an installer not directly in update/ (a sub-folder, another folder), beside layouts and feeds: refused whole, before any change', async () => {
    for (const path of ['update/win/app.exe', 'installers/app.AppImage']) {
      const f = forged(`installer-${createHash('md5').update(path).digest('hex')}.b`, [
        { kind: 'layouts', path: 'layouts/layouts.json', body: layoutsBody() },
        { kind: 'config', path: 'config/feeds.json', body: feedsBody() },
        { kind: 'update', path: 'update/latest.yml', body: yml },
        { kind: 'update', path, body: Buffer.from('installer') },
      ]);
      // refused() checks the folder byte for byte: the layouts and feeds before it were not applied.
      const err = await refused(f, 'bad_manifest');
      expect(err.vi).toContain(`"${path}"`);
      expect(err.en).toContain(`the part "${path}" (kind update) must sit directly in "update/" (update/<file name>, no sub-folders)`);
      const to = target(`installer-cli-${path.length}`);
      const r = await cli('bundle', 'apply', f, '--trust', pubFile, '--data-dir', to);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`✗ Gói không đúng định dạng: phần "${path}"`);
      expect(r.err).not.toMatch(/ENOENT|rename/);
    }
  });

  it('each part exactly at its place: a part clashing with another (layouts / layouts/feeds.json), a snapshot elsewhere', async () => {
    const clash = forged('clash.b', [
      { kind: 'layouts', path: 'layouts', body: layoutsBody() },
      { kind: 'config', path: 'layouts/feeds.json', body: feedsBody() },
    ]);
    const err = await refused(clash, 'bad_manifest');
    expect(err.en).toContain('the part "layouts" (kind layouts) must be at "layouts/layouts.json"');
    expect(err.en).toContain('the part "layouts/feeds.json" (kind config) must be at "config/feeds.json"');
    expect(err.en).not.toMatch(/EEXIST/);
    const data = forged('data-elsewhere.b', [{ kind: 'data', path: 'data/other.db', body: Buffer.from('not a database') }]);
    expect((await refused(data, 'bad_manifest')).en).toContain('must be at "data/ioc-wall.db"');
  });

  it('a second part of a kind that must be unique (layouts, config) is refused, naming both', async () => {
    const f = forged('two-layouts.b', [
      { kind: 'layouts', path: 'layouts/layouts.json', body: layoutsBody() },
      { kind: 'layouts', path: 'layouts/b.json', body: Buffer.from('{"garbage": true') },
      { kind: 'config', path: 'config/feeds.json', body: feedsBody() },
      { kind: 'config', path: 'config/more.json', body: feedsBody() },
    ]);
    const err = await refused(f, 'bad_manifest');
    expect(err.en).toContain('it has 2 layouts parts ("layouts/layouts.json", "layouts/b.json"), at most one is allowed');
    expect(err.en).toContain('it has 2 config parts ("config/feeds.json", "config/more.json")');
    expect(err.vi).toContain('có 2 phần loại layouts ("layouts/layouts.json", "layouts/b.json"), mỗi gói chỉ được một');
  });

  it('installer names every machine can hold, and a latest*.yml among them', async () => {
    const cases: [string, { path: string; body: Buffer }[], string][] = [
      ['case', [{ path: 'update/latest.yml', body: yml }, { path: 'update/App.exe', body: yml }, { path: 'update/app.exe', body: yml }], 'the parts "update/App.exe" and "update/app.exe" differ only in letter case'],
      ['chars', [{ path: 'update/latest.yml', body: yml }, { path: 'update/app?.exe', body: yml }], 'the file name of the part "update/app?.exe" cannot be stored on every machine'],
      ['device', [{ path: 'update/latest.yml', body: yml }, { path: 'update/NUL.exe', body: yml }], 'the file name of the part "update/NUL.exe"'],
      ['no-yml', [{ path: 'update/app.exe', body: yml }], 'the update parts hold no latest.yml / latest-linux.yml'],
    ];
    for (const [name, parts, says] of cases) {
      const f = forged(`update-${name}.b`, parts.map((p) => ({ ...p, kind: 'update' as const })));
      expect((await refused(f, 'bad_manifest')).en, name).toContain(says);
    }
  });

  it('an invalid feed is refused with one readable line per problem (path, message, feed id), not zod JSON', async () => {
    const f = forged('bad-feed.b', [
      {
        kind: 'config',
        path: 'config/feeds.json',
        body: feedsBody([
          { id: 'x', domain: 'hotline', adapter: 'nope', url: 'https://example.gov.vn/a' },
          { id: 'y', domain: 'hotline', adapter: 'open311', url: 'ftp://example.gov.vn/a' },
        ]),
      },
    ]);
    const to = target('bad-feed');
    const before = fingerprint(to);
    const err = (await applyBundle({ file: f, trusted, dataDir: to, actor: 'test' }).catch((e: unknown) => e)) as BundleError;
    expect(err).toBeInstanceOf(BundleError);
    expect(err.code).toBe('bad_part');
    expect(err.en).toMatch(/^The part "config\/feeds\.json" cannot be used: feeds\.0\.adapter: adapter must be one of open311, [^;]* \(feed "x"\); feeds\.1\.url: an http:\/\/ or https:\/\/ address is needed \(feed "y"\)\. Nothing was changed\.$/);
    expect(err.vi).toContain('feeds.0.adapter: adapter must be one of');
    expect(err.message).not.toMatch(/"code"|\[\s*\{/);
    expect(fingerprint(to)).toEqual(before);
    // Feeds are saved by id: a second one of the same id would silently replace the first.
    const twice = forged('feed-twice.b', [{ kind: 'config', path: 'config/feeds.json', body: feedsBody([JSON.parse(feedsBody().toString()).feeds[0], JSON.parse(feedsBody().toString()).feeds[0]]) }]);
    await expect(applyBundle({ file: twice, trusted, dataDir: to, actor: 'test' })).rejects.toThrow(/feeds\.1\.id: .*duplicate feed id "forged-feed" \(feeds\.0 has it too\)/);
    expect(fingerprint(to)).toEqual(before);
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

describe('all or nothing: a step failing after the checks leaves the folder as it was', () => {
  const presetNames = (to: string) => {
    const db = new Database(join(to, DB_FILE), { readonly: true });
    try {
      return {
        presets: (db.prepare(`SELECT name FROM presets`).pluck().all() as string[]).sort(),
        feeds: db.prepare(`SELECT id FROM feeds`).pluck().all(),
        audit: db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'bundle.apply'`).pluck().get(),
      };
    } finally {
      db.close();
    }
  };

  it('the installer folder cannot be written: layouts and feeds are rolled back, said in both languages', async () => {
    const bundle = join(dir, 'layouts-feeds-update.iocbundle');
    const { db } = openDatabase(source);
    await createBundle({ db, config: config(), out: bundle, key, include: ['config', 'layouts', 'update'], updateDir });
    db.close();
    const to = target('swap-fails');
    // `updates` is a file: the installer folder cannot be made under it.
    writeFileSync(join(to, 'updates'), 'not a folder');
    const before = presetNames(to);
    const err = (await applyBundle({ file: bundle, trusted, dataDir: to, actor: 'test' }).catch((e: unknown) => e)) as BundleError;
    expect(err).toBeInstanceOf(BundleError);
    expect(err.code).toBe('apply_failed');
    expect(err.vi).toMatch(/^Không áp dụng được gói: .*Không có gì thay đổi\.$/);
    expect(err.en).toMatch(/^The bundle could not be applied: .*Nothing was changed\.$/);
    expect(presetNames(to)).toEqual(before);
    expect(readFileSync(join(to, 'updates'), 'utf8')).toBe('not a folder');
    expect(readdirSync(to).some((f) => f.startsWith('bundle-staging-'))).toBe(false);
  });

  it('the snapshot cannot be restored: the installer folder it replaced is put back', async () => {
    const to = target('restore-fails');
    mkdirSync(join(to, 'updates', 'local'), { recursive: true });
    writeFileSync(join(to, 'updates', 'local', 'latest.yml'), 'version: 0.1.0\n');
    // In the way of the copy the restore makes beside the database, before it replaces anything.
    mkdirSync(join(to, `${DB_FILE}.restoring`, 'x'), { recursive: true });
    const before = fingerprint(to);
    const err = (await applyBundle({ file: full, trusted, dataDir: to, actor: 'test' }).catch((e: unknown) => e)) as BundleError;
    expect(err).toBeInstanceOf(BundleError);
    expect(err.code).toBe('apply_failed');
    expect(err.en).toMatch(/Nothing was changed\.$/);
    expect(fingerprint(to)).toEqual(before);
    expect(existsSync(join(to, 'updates', 'local.old'))).toBe(false);
  });

  it('a layouts or config part starting with a UTF-8 BOM is taken, as the config loader takes a file', async () => {
    const { db } = openDatabase(source);
    const layouts = exportFile(db, { wall: false, schedule: false });
    db.close();
    layouts.presets = [{ ...layouts.presets[0]!, id: 'bom-preset', name: 'Gói có BOM' }];
    const bodies = [
      { kind: 'layouts', path: 'layouts/layouts.json', body: Buffer.from(`\uFEFF${JSON.stringify(layouts)}`) },
      { kind: 'config', path: 'config/feeds.json', body: Buffer.from(`\uFEFF${JSON.stringify({ feeds: [{ id: 'bom-feed', domain: 'hotline', adapter: 'open311', url: 'https://example.gov.vn/r.json' }] })}`) },
    ] as const;
    const f = signedBundle(join(dir, 'bom.b'), key, bodies);
    const to = target('bom');
    const r = await applyBundle({ file: f, trusted, dataDir: to, actor: 'test' });
    expect(r.applied).toEqual(['layouts', 'config']);
    const after = presetNames(to);
    expect(after.presets).toContain('Gói có BOM');
    expect(after.feeds).toEqual(['bom-feed']);
  });

  it('a boundaries part is the whole set of districts: those it no longer has leave the target', async () => {
    const to = target('fewer-districts');
    const { db } = openDatabase(to);
    db.prepare(`INSERT INTO areas (id, version, level, parent_id, name, kind) VALUES ('696', '2019', 'district', '70', 'Bù Đăng', 'huyện')`).run();
    db.close();
    const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 11.5], [x + 0.1, 11.5], [x + 0.1, 11.6], [x, 11.6], [x, 11.5]]] });
    const features = ['688', '689'].map((c, i) => ({ type: 'Feature', properties: { gso_code: c, name: `Huyện ${c}` }, geometry: square(106 + i / 10) }));
    const f = signedBundle(join(dir, 'fewer.b'), key, [{ kind: 'boundaries', path: 'boundaries/boundaries.geojson', body: JSON.stringify({ type: 'FeatureCollection', features }) }]);
    expect((await applyBundle({ file: f, trusted, dataDir: to, actor: 'test' })).applied).toEqual(['boundaries']);
    const after = new Database(join(to, DB_FILE), { readonly: true });
    try {
      expect(after.prepare(`SELECT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all()).toEqual(['688', '689']);
    } finally {
      after.close();
    }
  });
});
