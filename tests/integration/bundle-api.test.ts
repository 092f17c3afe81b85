import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { updatesMethods } from '../../host/api/contract/updates';
import { createBundle } from '../../host/bundle/create';
import { loadConfig } from '../../host/config/load';
import { openDatabase } from '../../host/db/open';
import { duplicatePreset, exportFile, listPresets } from '../../host/layouts/store';
import { startHost, type HostService } from '../../host/service';
import { generateKeys, loadPrivateKey } from '../../host/trust/keys';
import type * as Keys from '../../host/trust/keys';
import { fingerprint } from './fingerprint';
import { signedBundle, type HandPart } from './support/signed-bundle';

// The build's own update key (build/keys holds none in this repository: a "nokey" build, whose
// updater could never install the installers these bundles carry, so verify would refuse them).
const updaterKeys = vi.hoisted(() => ({ none: false }));
vi.mock('../../host/trust/keys', async (importOriginal) => {
  const keys = await importOriginal<typeof Keys>();
  const { publicKey } = (await import('node:crypto')).generateKeyPairSync('ed25519');
  const release = { id: keys.keyIdOf(publicKey), key: publicKey, origin: 'built-in key #1' };
  return { ...keys, builtInKeys: () => (updaterKeys.none ? [] : [release]) };
});

/**
 * "Nhập gói cập nhật" as the console calls it: bundle.verify and bundle.apply on a running host
 * (admin only), trusting the key from config trust.bundleKeys; the displays hear of the change.
 */

let dir: string;
let host: HostService;
let good: string;
let withData: string;
let foreign: string;
let key: KeyObject;
let layoutsJson: string;
const events: [string, unknown][] = [];

/** What the running host changes by itself: its open database and its running mark. */
const hostOwn = (p: string) => /ioc-wall\.db(-wal|-shm)?$/.test(p) || p.startsWith('running');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-bundle-api-'));
  const k = generateKeys(join(dir, 'keys'));
  const other = generateKeys(join(dir, 'other'));
  const source = join(dir, 'source');
  const { db } = openDatabase(source);
  duplicatePreset(db, listPresets(db)[0]!.id, 'Từ gói USB');
  key = loadPrivateKey(k.privateFile);
  const file = exportFile(db, { wall: false, schedule: false });
  file.presets = [{ ...file.presets[0]!, id: 'forged-preset', name: 'Gói làm tay' }];
  layoutsJson = JSON.stringify(file);
  const config = loadConfig({ env: {} });
  good = join(dir, 'good.iocbundle');
  withData = join(dir, 'data.iocbundle');
  foreign = join(dir, 'foreign.iocbundle');
  await createBundle({ db, config, out: good, key: loadPrivateKey(k.privateFile), include: ['layouts', 'boundaries'] });
  await createBundle({ db, config, out: withData, key: loadPrivateKey(k.privateFile), include: ['layouts', 'data'] });
  await createBundle({ db, config, out: foreign, key: loadPrivateKey(other.privateFile), include: ['layouts'] });
  db.close();
  const hostConfig = loadConfig({ env: {}, flags: { demo: false } as never });
  host = await startHost({ config: { ...hostConfig, trust: { bundleKeys: [k.publicFile] } }, dataDir: join(dir, 'host'), serveHttp: false });
  for (const e of ['layout.changed', 'changed'] as const) host.dispatcher.on(e, (ev, data) => events.push([ev, data]));
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bundle.verify / bundle.apply', () => {
  it('bundles are admin only (apply a mutation); the settings are read by the console too', () => {
    expect(updatesMethods['bundle.apply']).toMatchObject({ roles: [], mutates: true });
    expect(updatesMethods['bundle.verify']).toMatchObject({ roles: [], mutates: false });
    expect(updatesMethods['updates.settings']).toMatchObject({ roles: ['console'], mutates: false });
  });

  it('verify says what is inside, changing nothing', async () => {
    const v = (await host.dispatcher.call('bundle.verify', { path: good }, 'test')) as { parts: { kind: string }[]; signer: string };
    expect(v.parts.map((p) => p.kind)).toEqual(['layouts', 'boundaries']);
    expect(v.signer).toContain('bundle-key.pub.pem');
  });

  it('apply lands the layouts and tells the displays', async () => {
    const r = (await host.dispatcher.call('bundle.apply', { path: good }, 'ipc:console')) as { applied: string[]; backup: string };
    expect(r.applied).toEqual(['layouts', 'boundaries']);
    expect(r.backup).toMatch(/ioc-wall-before-bundle-/);
    expect(listPresets(host.db).map((p) => p.name)).toContain('Từ gói USB');
    expect(events.map(([e]) => e)).toEqual(expect.arrayContaining(['changed']));
    expect(host.db.prepare(`SELECT actor FROM audit_log WHERE action = 'bundle.apply'`).pluck().all()).toEqual(['ipc:console']);
  });

  it('the same bundle again (or an older one) is refused unless allowOlder; verify says where it stands', async () => {
    const v = (await host.dispatcher.call('bundle.verify', { path: good }, 'test')) as Record<string, unknown>;
    expect(v).toMatchObject({ alreadyApplied: true, olderThanLastApplied: false, ageDays: 0, lastApplied: { createdAt: expect.any(String) } });
    await expect(host.dispatcher.call('bundle.apply', { path: good }, 'ipc:console')).rejects.toMatchObject({
      code: 'bundle_already_applied',
      message: expect.stringContaining('allowOlder'),
    });
    const older = signedBundle(join(dir, 'older.b'), key, [{ kind: 'layouts', path: 'layouts/layouts.json', body: layoutsJson }], { createdAt: '2020-01-01T00:00:00.000Z' });
    expect(await host.dispatcher.call('bundle.verify', { path: older }, 'test')).toMatchObject({ olderThanLastApplied: true });
    await expect(host.dispatcher.call('bundle.apply', { path: older }, 'ipc:console')).rejects.toMatchObject({ code: 'bundle_older_bundle', message: expect.stringContaining('2020-01-01T00:00:00.000Z') });
    const r = (await host.dispatcher.call('bundle.apply', { path: good, allowOlder: true }, 'ipc:console')) as { applied: string[] };
    expect(r.applied).toEqual(['layouts', 'boundaries']);
  });

  it('refuses a data snapshot while running, and an unknown key — with a code, both languages, nothing changed', async () => {
    const before = fingerprint(join(dir, 'host'), hostOwn);
    const presets = listPresets(host.db).length;
    await expect(host.dispatcher.call('bundle.apply', { path: withData }, 'test')).rejects.toMatchObject({
      code: 'bundle_bad_part',
      message: expect.stringMatching(/chỉ áp dụng được khi ứng dụng đã dừng.*only be applied with the app stopped/s),
    });
    await expect(host.dispatcher.call('bundle.apply', { path: foreign }, 'test')).rejects.toMatchObject({ code: 'bundle_unknown_key' });
    await expect(host.dispatcher.call('bundle.verify', { path: join(dir, 'missing.iocbundle') }, 'test')).rejects.toMatchObject({ code: 'bundle_unreadable' });
    // A folder opens on Linux and fails only when read; a device is read for ever: both refused before.
    await expect(host.dispatcher.call('bundle.verify', { path: dir }, 'test')).rejects.toMatchObject({ code: 'bundle_unreadable', message: expect.stringContaining('(EISDIR)') });
    await expect(host.dispatcher.call('bundle.apply', { path: '/dev/zero' }, 'test')).rejects.toMatchObject({ code: 'bundle_unreadable', message: expect.stringContaining('(not a regular file)') });
    expect(fingerprint(join(dir, 'host'), hostOwn)).toEqual(before);
    expect(listPresets(host.db)).toHaveLength(presets);
  });

  /** A validly signed bundle with the parts as given (kind, path, body), as a hand-made or older tool could make. */
  const signed = (name: string, parts: HandPart[]) => signedBundle(join(dir, name), key, parts);
  const feeds = JSON.stringify({ feeds: [{ id: 'forged-feed', domain: 'hotline', adapter: 'open311', url: 'https://example.gov.vn/requests.json' }] });
  const state = () => ({
    preset: host.db.prepare(`SELECT 1 FROM presets WHERE id = 'forged-preset'`).get() !== undefined,
    feed: host.db.prepare(`SELECT 1 FROM feeds WHERE id = 'forged-feed'`).get() !== undefined,
  });

  it('a part not where the format puts it is refused whole, with a readable code and message, before any change', async () => {
    const before = fingerprint(join(dir, 'host'), hostOwn);
    const nested = signed('nested.b', [
      { kind: 'layouts', path: 'layouts/layouts.json', body: layoutsJson },
      { kind: 'config', path: 'config/feeds.json', body: feeds },
      { kind: 'update', path: 'update/latest.yml', body: 'version: 9.9.9\n' },
      { kind: 'update', path: 'update/win/app.exe', body: 'x' },
    ]);
    await expect(host.dispatcher.call('bundle.apply', { path: nested }, 'test')).rejects.toMatchObject({
      code: 'bundle_bad_manifest',
      message: expect.stringContaining('the part "update/win/app.exe" (kind update) must sit directly in "update/"'),
    });
    // verify says the same: a bundle apply would refuse does not verify.
    await expect(host.dispatcher.call('bundle.verify', { path: nested }, 'test')).rejects.toMatchObject({ code: 'bundle_bad_manifest' });
    const clash = signed('clash.b', [
      { kind: 'layouts', path: 'layouts', body: layoutsJson },
      { kind: 'config', path: 'layouts/feeds.json', body: feeds },
    ]);
    await expect(host.dispatcher.call('bundle.apply', { path: clash }, 'test')).rejects.toMatchObject({
      code: 'bundle_bad_manifest',
      message: expect.stringContaining('the part "layouts" (kind layouts) must be at "layouts/layouts.json"'),
    });
    const badFeed = signed('bad-feed.b', [{ kind: 'config', path: 'config/feeds.json', body: JSON.stringify({ feeds: [{ id: 'x', domain: 'hotline', adapter: 'nope', url: 'https://example.gov.vn/a' }] }) }]);
    const err = (await host.dispatcher.call('bundle.apply', { path: badFeed }, 'test').catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toBe('bundle_bad_part');
    expect(err.message).toMatch(/cannot be used: feeds\.0\.adapter: adapter must be one of open311, .* \(feed "x"\)\. Nothing was changed\./);
    expect(err.message).not.toMatch(/"code"|\[\s*\{/);
    expect(state()).toEqual({ preset: false, feed: false });
    expect(fingerprint(join(dir, 'host'), hostOwn)).toEqual(before);
  });

  it('a step failing after the checks (the installer folder cannot be made): rolled back, bundle_apply_failed', async () => {
    const bundle = signed('update-blocked.b', [
      { kind: 'layouts', path: 'layouts/layouts.json', body: layoutsJson },
      { kind: 'config', path: 'config/feeds.json', body: feeds },
      { kind: 'update', path: 'update/latest.yml', body: 'version: 9.9.9\npath: app.exe\n' },
      { kind: 'update', path: 'update/app.exe', body: 'x' },
    ]);
    const blocker = join(dir, 'host', 'updates');
    writeFileSync(blocker, 'not a folder');
    try {
      await expect(host.dispatcher.call('bundle.apply', { path: bundle }, 'test')).rejects.toMatchObject({
        code: 'bundle_apply_failed',
        message: expect.stringMatching(/^Không áp dụng được gói: .*Không có gì thay đổi\. \/ The bundle could not be applied: .*Nothing was changed\.$/s),
      });
      expect(state()).toEqual({ preset: false, feed: false });
    } finally {
      unlinkSync(blocker);
    }
  });

  // Only a Linux updater checks an installer with the build's key; elsewhere the publisher is checked.
  it.runIf(process.platform === 'linux')('a build with no update key refuses installers it could never install, at verify and at apply', async () => {
    const withInstaller = signed('nokey.b', [
      { kind: 'layouts', path: 'layouts/layouts.json', body: layoutsJson },
      { kind: 'update', path: 'update/latest-linux.yml', body: 'version: 9.9.9\npath: app.AppImage\n' },
      { kind: 'update', path: 'update/app.AppImage', body: 'x' },
    ]);
    const before = fingerprint(join(dir, 'host'), hostOwn);
    updaterKeys.none = true;
    try {
      for (const method of ['bundle.verify', 'bundle.apply']) {
        await expect(host.dispatcher.call(method, { path: withInstaller }, 'test')).rejects.toMatchObject({
          code: 'bundle_no_update_key',
          message: expect.stringContaining('this build has no built-in update key (build/keys was empty), so it could never install them'),
        });
      }
      expect(state()).toEqual({ preset: false, feed: false });
      expect(fingerprint(join(dir, 'host'), hostOwn)).toEqual(before);
      // A bundle without installers is none of its business.
      expect(await host.dispatcher.call('bundle.verify', { path: good }, 'test')).toMatchObject({ parts: [{ kind: 'layouts' }, { kind: 'boundaries' }] });
    } finally {
      updaterKeys.none = false;
    }
    // With the release key built in, the same bundle verifies.
    expect(await host.dispatcher.call('bundle.verify', { path: withInstaller }, 'test')).toMatchObject({ parts: [{ kind: 'layouts' }, { kind: 'update' }, { kind: 'update' }] });
  });

  it('updates.settings reports the update rules the console shows', async () => {
    expect(await host.dispatcher.call('updates.settings', {}, 'test')).toEqual({
      url: null,
      insecure: false,
      channel: 'stable',
      group: 'general',
      installWindow: { from: '02:00', to: '04:00', timeZone: 'Asia/Ho_Chi_Minh', idleMinutes: 10 },
      lanServer: null,
    });
  });
});
