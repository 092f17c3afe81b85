import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBundle } from '../../host/bundle/apply';
import { createBundle } from '../../host/bundle/create';
import { BundleError, verifyBundle } from '../../host/bundle/format';
import { runCli } from '../../host/cli/run';
import { loadConfig } from '../../host/config/load';
import { openDatabase } from '../../host/db/open';
import { effectiveFeeds, saveFeed } from '../../host/sync/feeds';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { addOrigins, hostSecretGuard, listedOrigins } from '../../host/sync/secret-origins';
import { setSecret } from '../../host/sync/secrets-admin';
import { generateKeys, loadPrivateKey, loadPublicKey, type TrustedKey } from '../../host/trust/keys';
import { signedBundle } from './support/signed-bundle';

/**
 * What a signed bundle may not do, whoever signed it: bring a secret value (it would overwrite this
 * machine's and go to the bundle's server), widen where this machine's secrets may go, roll the
 * machine back with an older bundle or apply one bundle twice. And `bundle create` never copies
 * an inline secret into a bundle.
 */

let dir: string;
let key: KeyObject;
let keyFile: string;
let pubFile: string;
let trusted: TrustedKey[];
let n = 0;

const PROVINCE = 'https://1022.binhphuoc.gov.vn';
const hotline = (url: string, token: string) => ({ id: 'hotline', domain: 'hotline', adapter: 'open311', url, auth: { type: 'bearer', token } }) as const;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const fresh = (name: string) => {
  const d = join(dir, `${name}-${++n}`);
  openDatabase(d).db.close();
  return d;
};

async function refusal(p: Promise<unknown>): Promise<BundleError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BundleError);
  return err as BundleError;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-bundle-trust-'));
  const k = generateKeys(join(dir, 'keys'));
  keyFile = k.privateFile;
  pubFile = k.publicFile;
  key = loadPrivateKey(k.privateFile);
  trusted = [loadPublicKey(k.publicFile)];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a config part may not carry secret values (only secret: references)', () => {
  const inlineBundle = () =>
    signedBundle(join(dir, `inline-${++n}.iocbundle`), key, [
      { kind: 'config', path: 'config/feeds.json', body: JSON.stringify({ feeds: [hotline('https://test-server.example/open311', 'TEST-SERVER-TOKEN')] }) },
    ]);

  it('verify and apply refuse it, naming the feed and the field, and nothing changes: the stored secret stays', async () => {
    const data = fresh('clobber');
    const store = FileSecretStore.inDataDir(data);
    await store.set('feed.hotline.token', 'PROVINCE-REAL-TOKEN');
    const b = inlineBundle();

    const v = await refusal(verifyBundle(b, trusted));
    expect(v.code).toBe('inline_secret');
    expect(v.en).toContain('feed "hotline"');
    expect(v.en).toContain('auth.token');
    expect(v.en).toContain('secret:feed.hotline.token');

    const a = await refusal(applyBundle({ file: b, trusted, dataDir: data, actor: 'cli' }));
    expect(a.code).toBe('inline_secret');
    expect(a.vi).toContain('hotline');
    const { db } = openDatabase(data);
    expect(db.prepare(`SELECT COUNT(*) FROM feeds`).pluck().get()).toBe(0);
    expect(listedOrigins(db, 'feed.hotline.token')).toEqual([]);
    db.close();
    expect(await store.get('feed.hotline.token')).toBe('PROVINCE-REAL-TOKEN');

    const c = await cli('bundle', 'verify', b, '--trust', pubFile, '--data-dir', data);
    expect(c.code).toBe(1);
    expect(c.err).toContain('auth.token');
  });

  it('a config part with secret: references only is taken', async () => {
    const data = fresh('refs');
    const b = signedBundle(join(dir, `refs-${++n}.iocbundle`), key, [
      { kind: 'config', path: 'config/feeds.json', body: JSON.stringify({ feeds: [hotline(`${PROVINCE}/open311/v2`, 'secret:feed.hotline.token')] }) },
    ]);
    const r = await applyBundle({ file: b, trusted, dataDir: data, actor: 'cli' });
    expect(r.applied).toEqual(['config']);
  });
});

describe('ioc-wall secret set: a new value never widens where it may go', () => {
  it('a saved feed re-pointed elsewhere with a secret: reference does not get the value when it is entered again', async () => {
    const data = fresh('reset');
    const store = FileSecretStore.inDataDir(data);
    const { db } = openDatabase(data);
    try {
      // A feed saved (by a bundle, or an edit) pointing at another server, keeping the reference.
      saveFeed(db, hotline('https://test-server.example/open311', 'secret:feed.hotline.token'), 'admin');
      await setSecret(db, store, 'feed.hotline.token', 'PROVINCE-REAL-TOKEN', [], 'cli');
      const guard = hostSecretGuard(db, loadConfig({ env: {} }));
      expect(guard.allows('feed.hotline.token', 'https://test-server.example')).toBe(false);
      // Only a server named for it, by the administrator, is added.
      await setSecret(db, store, 'feed.hotline.token', 'V2', [PROVINCE], 'cli');
      expect(listedOrigins(db, 'feed.hotline.token')).toEqual([PROVINCE]);
    } finally {
      db.close();
    }
  });
});

describe('a database snapshot keeps this machine’s secret permissions', () => {
  it('the target’s secret_origins survive a data part; the source’s do not arrive', async () => {
    const cfg = loadConfig({ env: {} });
    const tgt = join(dir, `origins-tgt-${++n}`);
    {
      const { db } = openDatabase(tgt);
      saveFeed(db, hotline(`${PROVINCE}/open311/v2`, 'secret:feed.hotline.token'), 'admin');
      addOrigins(db, 'feed.hotline.token', [PROVINCE], 'admin');
      db.close();
    }
    const src = join(dir, `origins-src-${n}`);
    const b = join(dir, `snap-${n}.iocbundle`);
    {
      const { db } = openDatabase(src);
      saveFeed(db, hotline('https://other.example/open311', 'secret:feed.hotline.token'), 'admin');
      addOrigins(db, 'feed.hotline.token', ['https://other.example'], 'admin');
      addOrigins(db, 'feed.other.token', ['https://other.example'], 'admin');
      await createBundle({ db, config: cfg, out: b, key, include: ['data'] });
      db.close();
    }
    const r = await applyBundle({ file: b, trusted, dataDir: tgt, actor: 'cli' });
    expect(r.applied).toEqual(['data']);
    const { db } = openDatabase(tgt);
    try {
      expect(effectiveFeeds(db, cfg.feeds)[0]?.url).toBe('https://other.example/open311');
      expect(hostSecretGuard(db, cfg).allows('feed.hotline.token', 'https://other.example')).toBe(false);
      expect(listedOrigins(db, 'feed.hotline.token')).toEqual([PROVINCE]);
      expect(listedOrigins(db, 'feed.other.token')).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('no rollback, no replay', () => {
  const feedUrl = (data: string) => {
    const { db } = openDatabase(data);
    try {
      return (JSON.parse(db.prepare(`SELECT config FROM feeds WHERE id = 'aqi'`).pluck().get() as string) as { url: string }).url;
    } finally {
      db.close();
    }
  };
  let jan: string;
  let dec: string;
  beforeAll(async () => {
    const cfg = loadConfig({ env: {} });
    const { db } = openDatabase(join(dir, 'replay-src'));
    saveFeed(db, { id: 'aqi', domain: 'environment', adapter: 'sensorthings', url: 'https://old-vulnerable.example/v1.1' }, 't');
    jan = join(dir, 'jan.iocbundle');
    await createBundle({ db, config: cfg, out: jan, key, include: ['config', 'layouts'], now: new Date('2026-01-01T00:00:00Z') });
    saveFeed(db, { id: 'aqi', domain: 'environment', adapter: 'sensorthings', url: 'https://new-fixed.example/v1.1' }, 't');
    dec = join(dir, 'dec.iocbundle');
    await createBundle({ db, config: cfg, out: dec, key, include: ['config', 'layouts'], now: new Date('2026-12-01T00:00:00Z') });
    db.close();
  });

  it('an older bundle after a newer one is refused, naming both dates; the same bundle twice too', async () => {
    const tgt = fresh('replay');
    await applyBundle({ file: dec, trusted, dataDir: tgt, actor: 'cli' });
    expect(feedUrl(tgt)).toBe('https://new-fixed.example/v1.1');

    const older = await refusal(applyBundle({ file: jan, trusted, dataDir: tgt, actor: 'cli' }));
    expect(older.code).toBe('older_bundle');
    expect(older.en).toContain('2026-01-01T00:00:00.000Z');
    expect(older.en).toContain('2026-12-01T00:00:00.000Z');
    expect(older.en).toContain('--allow-older');
    expect(feedUrl(tgt)).toBe('https://new-fixed.example/v1.1');

    const again = await refusal(applyBundle({ file: dec, trusted, dataDir: tgt, actor: 'cli' }));
    expect(again.code).toBe('already_applied');
    expect(again.en).toContain('2026-12-01T00:00:00.000Z');
  });

  it('verify shows the age and that it is older than the last applied; --allow-older applies it', async () => {
    const tgt = fresh('replay-cli');
    expect((await cli('bundle', 'apply', dec, '--trust', pubFile, '--data-dir', tgt)).code).toBe(0);
    const v = await cli('bundle', 'verify', jan, '--trust', pubFile, '--data-dir', tgt);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/2026-01-01T00:00:00\.000Z \(\d+ (days|ngày)/);
    expect(v.out).toContain('older than the last applied bundle (made 2026-12-01T00:00:00.000Z');
    const j = JSON.parse((await cli('bundle', 'verify', jan, '--trust', pubFile, '--data-dir', tgt, '--json')).out) as Record<string, unknown>;
    expect(j).toMatchObject({ ok: true, olderThanLastApplied: true, lastApplied: { createdAt: '2026-12-01T00:00:00.000Z' } });

    const refused = await cli('bundle', 'apply', jan, '--trust', pubFile, '--data-dir', tgt);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('2026-01-01T00:00:00.000Z');
    expect(feedUrl(tgt)).toBe('https://new-fixed.example/v1.1');
    const forced = await cli('bundle', 'apply', jan, '--trust', pubFile, '--data-dir', tgt, '--allow-older');
    expect(forced.code).toBe(0);
    expect(feedUrl(tgt)).toBe('https://old-vulnerable.example/v1.1');
  });

  it('a hand-made bundle with an unreadable date is older than any applied one', async () => {
    const tgt = fresh('replay-date');
    await applyBundle({ file: dec, trusted, dataDir: tgt, actor: 'cli' });
    const b = signedBundle(join(dir, 'nodate.iocbundle'), key, [{ path: 'layouts/layouts.json', body: '{}' }], { createdAt: 'yesterday' });
    expect((await refusal(applyBundle({ file: b, trusted, dataDir: tgt, actor: 'cli' }))).code).toBe('older_bundle');
  });
});

describe('bundle create never copies a secret value', () => {
  it('refuses a config whose feeds hold inline secrets, naming the fields (a read-only config file too)', async () => {
    const cfgFile = join(dir, `inline-config-${++n}.json`);
    writeFileSync(cfgFile, JSON.stringify({ dataDir: 'data', feeds: [hotline(`${PROVINCE}/open311/v2`, 'PROVINCE-SECRET-TOKEN-123')] }));
    chmodSync(cfgFile, 0o444);
    const data = fresh('create');
    const out = join(dir, `inline-${n}.iocbundle`);
    const { db } = openDatabase(data);
    try {
      const err = await refusal(createBundle({ db, config: loadConfig({ file: cfgFile, env: {} }), out, key, include: ['config'] }));
      expect(err.code).toBe('inline_secret');
      expect(err.en).toContain('feed "hotline"');
      expect(err.en).toContain('auth.token');
    } finally {
      db.close();
    }
    expect(existsSync(out)).toBe(false);

    const c = await cli('bundle', 'create', '--out', out, '--key', keyFile, '--config', cfgFile, '--data-dir', data);
    expect(c.code).toBe(1);
    expect(c.err).toContain('auth.token');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a console-saved feed with an inline value too; layouts alone are made', async () => {
    const data = fresh('create-db');
    const { db } = openDatabase(data);
    try {
      db.prepare(`INSERT INTO feeds (id, config, updated_at, updated_by) VALUES (?, ?, ?, ?)`).run(
        'legacy',
        JSON.stringify({ id: 'legacy', domain: 'hotline', adapter: 'open311', url: 'https://legacy.example/open311', auth: { type: 'basic', username: 'u', password: 'P4SS' } }),
        new Date().toISOString(),
        't',
      );
      const err = await refusal(createBundle({ db, config: loadConfig({ env: {} }), out: join(dir, 'x.iocbundle'), key, include: ['config'] }));
      expect(err.en).toContain('feed "legacy": auth.password');
      await expect(createBundle({ db, config: loadConfig({ env: {} }), out: join(dir, 'y.iocbundle'), key, include: ['layouts'] })).resolves.toBeTruthy();
    } finally {
      db.close();
    }
  });
});
