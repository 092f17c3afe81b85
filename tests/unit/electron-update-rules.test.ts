import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppUpdates } from '../../electron/app-updates';
import { inInstallWindow, minuteOfDay } from '../../electron/install-window';
import { serveLocalUpdates } from '../../electron/local-update-feed';
import { fetchSignedMetadata, sha512Base64, UpdateRefused, verifyLinuxUpdate } from '../../electron/update-verify';
import { startUpdater, type UpdaterLike, type UpdaterOptions } from '../../electron/updater';
import { runCli } from '../../host/cli/run';
import { loadConfig } from '../../host/config/load';
import { generateKeys, loadPrivateKey, loadPublicKey, signDetached, type TrustedKey } from '../../host/trust/keys';

/**
 * The update rules against electron-updater itself where it decides (a real AppImageUpdater with a
 * fake AppAdapter: its isUpdateAvailable with our allowDowngrade and rollout settings, its
 * stagingPercentage arithmetic on a real .updaterId), and with a scripted updater for the install
 * window, the Linux metadata check and the offline bundle's loopback feed.
 */

const require = createRequire(import.meta.url);
const { AppImageUpdater } = require('electron-updater') as { AppImageUpdater: new (o: unknown, app: unknown) => UpdaterLike & Record<string, any> };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-update-rules-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real electron-updater, not touching Electron: our AppAdapter, a userData folder for .updaterId. */
function realUpdater(version: string, updaterId: string) {
  const userData = mkdtempSync(join(dir, 'userdata-'));
  writeFileSync(join(userData, '.updaterId'), updaterId);
  const app = {
    version,
    name: 'IOC Wall',
    isPackaged: true,
    appUpdateConfigPath: join(userData, 'app-update.yml'),
    userDataPath: userData,
    baseCachePath: join(userData, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch() {},
    quit() {},
    onQuit() {},
  };
  const u = new AppImageUpdater(null, app);
  u.checkForUpdates = () => Promise.resolve(null); // no network: the decision is what we test
  return u;
}
// UUID whose bytes 12..15 give electron-updater's rollout position: 0x80000000 → 50 %.
const HALFWAY = '6f1c2b7a-3d4e-4f5a-8b6c-7d8e80000000';

const quiet = { audit: () => {}, log: () => {}, idleSeconds: () => 0, setInterval: (() => ({ unref() {} })) as never, clearInterval: () => {} };

describe("electron-updater's own decisions with our settings", () => {
  it('never installs a lower version, on stable or beta (the channel setter turns downgrades on; we set it off after)', async () => {
    for (const channel of ['stable', 'beta'] as const) {
      const u = realUpdater('0.5.0', HALFWAY);
      startUpdater({ ...quiet, updater: u, isPackaged: true, updates: { channel } });
      expect(u.allowDowngrade).toBe(false);
      expect(await u.isUpdateAvailable({ version: '0.4.9', files: [], path: 'x', sha512: 'x', releaseDate: '' })).toBe(false);
      expect(await u.isUpdateAvailable({ version: '0.5.1', files: [], path: 'x', sha512: 'x', releaseDate: '' })).toBe(true);
    }
    // The setter really does turn it on: without our line a beta machine would downgrade.
    const bare = realUpdater('0.5.0', HALFWAY);
    bare.allowDowngrade = false;
    bare.channel = 'beta';
    expect(bare.allowDowngrade).toBe(true);
  });

  it('honours stagingPercentage; a canary machine takes every release at once', async () => {
    const info = (stagingPercentage: number) => ({ version: '0.6.0', stagingPercentage, files: [], path: 'x', sha512: 'x', releaseDate: '' });
    const general = realUpdater('0.5.0', HALFWAY);
    startUpdater({ ...quiet, updater: general, isPackaged: true, updates: { url: 'https://u.example/ioc', group: 'general' } });
    expect(await general.isUpdateAvailable(info(10))).toBe(false); // this machine sits at 50 %
    expect(await general.isUpdateAvailable(info(60))).toBe(true);
    const canary = realUpdater('0.5.0', HALFWAY);
    startUpdater({ ...quiet, updater: canary, isPackaged: true, updates: { url: 'https://u.example/ioc', group: 'canary' } });
    expect(await canary.isUpdateAvailable(info(0))).toBe(true);
    expect(await canary.isUpdateAvailable({ ...info(0), version: '0.4.0' })).toBe(false);
  });
});

describe('https only', () => {
  it('the config refuses an http:// update URL unless updates.allowInsecure', () => {
    expect(() => loadConfig({ env: { IOC_WALL_UPDATES_URL: 'http://10.0.0.5/updates' } })).toThrow(/updates\.url: phải là https:\/\/ \/ must be https:\/\//);
    const file = join(dir, 'lab.json');
    writeFileSync(file, JSON.stringify({ updates: { url: 'http://10.0.0.5/updates', allowInsecure: true } }));
    expect(loadConfig({ file, env: {} }).updates).toMatchObject({ url: 'http://10.0.0.5/updates', allowInsecure: true });
    expect(loadConfig({ env: { IOC_WALL_UPDATES_URL: 'https://10.0.0.5/updates' } }).updates.installWindow).toEqual({
      from: '02:00',
      to: '04:00',
      timeZone: 'Asia/Ho_Chi_Minh',
      idleMinutes: 10,
    });
    writeFileSync(file, JSON.stringify({ updates: { installWindow: { from: '25:00', timeZone: 'Mars/Olympus' } } }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/installWindow\.from: must be a time HH:MM[\s\S]*installWindow\.timeZone: must be an IANA time zone/);
  });

  it('the updater itself refuses http:// without allowInsecure, and records it when allowed', () => {
    const audit: string[] = [];
    const u = realUpdater('0.5.0', HALFWAY);
    const off = startUpdater({ ...quiet, audit: (a) => audit.push(a), updater: u, isPackaged: true, updates: { url: 'http://10.0.0.5/u' } });
    expect(off.enabled).toBe(false);
    expect(off.reason).toMatch(/not https/);
    const lab = startUpdater({ ...quiet, audit: (a) => audit.push(a), updater: u, isPackaged: true, updates: { url: 'http://10.0.0.5/u', allowInsecure: true } });
    expect(lab.enabled).toBe(true);
    expect(lab.insecure).toBe(true);
    expect(audit).toContain('update.insecure');
  });
});

describe('maintenance window', () => {
  it('is read on Vietnam time (UTC+7), and may span midnight', () => {
    const w = { from: '02:00', to: '04:00', timeZone: 'Asia/Ho_Chi_Minh' };
    expect(minuteOfDay(new Date('2026-12-01T19:30:00Z'), w.timeZone)).toBe(2 * 60 + 30);
    expect(inInstallWindow(new Date('2026-12-01T18:59:00Z'), w)).toBe(false); // 01:59
    expect(inInstallWindow(new Date('2026-12-01T19:00:00Z'), w)).toBe(true); // 02:00
    expect(inInstallWindow(new Date('2026-12-01T20:59:00Z'), w)).toBe(true); // 03:59
    expect(inInstallWindow(new Date('2026-12-01T21:00:00Z'), w)).toBe(false); // 04:00
    const night = { from: '23:00', to: '01:00', timeZone: 'Asia/Ho_Chi_Minh' };
    expect(inInstallWindow(new Date('2026-12-01T16:30:00Z'), night)).toBe(true); // 23:30
    expect(inInstallWindow(new Date('2026-12-01T17:30:00Z'), night)).toBe(true); // 00:30
    expect(inInstallWindow(new Date('2026-12-01T18:30:00Z'), night)).toBe(false); // 01:30
  });

  class Scripted extends EventEmitter implements UpdaterLike {
    autoDownload = false;
    autoInstallOnAppQuit = true;
    allowPrerelease = false;
    allowDowngrade = true;
    channel: string | null = null;
    logger: UpdaterLike['logger'] = null;
    installs: [boolean | undefined, boolean | undefined][] = [];
    setFeedURL() {}
    checkForUpdates() {
      return Promise.resolve(null);
    }
    quitAndInstall(a?: boolean, b?: boolean) {
      this.installs.push([a, b]);
    }
  }

  function scripted(over: Partial<UpdaterOptions> = {}) {
    const u = new Scripted();
    let now = new Date('2026-12-01T03:00:00Z'); // 10:00 in Vietnam
    let idle = 0;
    const audit: [string, Record<string, unknown>][] = [];
    const order: string[] = [];
    const ticks: (() => void)[] = [];
    const handle = startUpdater({
      updater: u,
      isPackaged: true,
      updates: { url: 'https://u.example/ioc', installWindow: { from: '02:00', to: '04:00', timeZone: 'Asia/Ho_Chi_Minh', idleMinutes: 10 } },
      platform: 'win32',
      audit: (a, d) => audit.push([a, d]),
      log: () => {},
      now: () => now,
      idleSeconds: () => idle,
      beforeInstall: () => {
        order.push('host closed');
      },
      setInterval: ((fn: () => void) => {
        ticks.push(fn);
        return { unref() {} };
      }) as never,
      clearInterval: () => {},
      ...over,
    });
    return {
      u,
      handle,
      audit,
      order,
      at: (iso: string) => (now = new Date(iso)),
      idleFor: (s: number) => (idle = s),
      tick: async () => {
        for (const t of ticks) t();
        await vi.waitFor(() => undefined);
      },
    };
  }
  const settled = () => new Promise((r) => setImmediate(r));

  it('a downloaded update waits for 02:00–04:00 and 10 idle minutes, then installs silently and restarts', async () => {
    const s = scripted();
    expect(s.handle.pending()).toBeNull();
    s.u.emit('update-downloaded', { version: '0.6.0', downloadedFile: 'C:/x/IOC Wall-Setup-0.6.0.exe' });
    await settled();
    expect(s.handle.pending()).toMatchObject({ version: '0.6.0', verified: true, refused: null, installs: expect.stringContaining('02:00–04:00 Asia/Ho_Chi_Minh') });
    expect(s.u.autoInstallOnAppQuit).toBe(true);
    expect(s.u.installs).toEqual([]); // 10:00, during the day shift
    s.at('2026-12-01T19:30:00Z'); // 02:30
    s.idleFor(5 * 60);
    expect(await s.handle.tryInstall()).toBe(false); // somebody used the console 5 minutes ago
    expect(s.u.installs).toEqual([]);
    s.idleFor(11 * 60);
    expect(await s.handle.tryInstall()).toBe(true);
    expect(s.order).toEqual(['host closed']);
    expect(s.u.installs).toEqual([[true, true]]);
    expect(await s.handle.tryInstall()).toBe(false); // once
    expect(s.u.installs).toHaveLength(1);
    expect(s.audit.map(([a]) => a)).toContain('update.installing');
  });

  it('the minute tick installs it without anybody calling', async () => {
    const s = scripted();
    s.u.emit('update-downloaded', { version: '0.6.0', downloadedFile: 'x' });
    await settled();
    s.at('2026-12-01T20:00:00Z'); // 03:00
    s.idleFor(3600);
    await s.tick();
    await settled();
    expect(s.u.installs).toEqual([[true, true]]);
  });

  it('Linux: nothing installs before the signed metadata checks out; a refusal is kept and reported', async () => {
    let verdict: Error | null = new UpdateRefused('metadata not signed by a trusted key');
    const s = scripted({ platform: 'linux', verifyDownloaded: async () => (verdict ? Promise.reject(verdict) : undefined) });
    s.at('2026-12-01T20:00:00Z');
    s.idleFor(3600);
    s.u.emit('update-downloaded', { version: '0.6.0', downloadedFile: '/tmp/IOC-Wall.AppImage' });
    await settled();
    expect(s.handle.pending()).toMatchObject({ version: '0.6.0', verified: false, refused: 'metadata not signed by a trusted key' });
    expect(s.u.autoInstallOnAppQuit).toBe(false);
    expect(await s.handle.tryInstall()).toBe(false);
    expect(s.u.installs).toEqual([]);
    expect(s.audit.find(([a]) => a === 'update.refused')?.[1]).toEqual({ version: '0.6.0', message: 'metadata not signed by a trusted key' });
    // The next download (a re-signed release) that checks out installs in the window.
    verdict = null;
    s.u.emit('update-downloaded', { version: '0.6.1', downloadedFile: '/tmp/IOC-Wall.AppImage' });
    await settled();
    await settled();
    expect(s.u.installs).toEqual([[true, true]]);
  });

  it('a stable machine refuses a prerelease (a beta served under the stable name), on every platform; a beta machine takes it', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      let verified = 0;
      const s = scripted({ platform, verifyDownloaded: async () => void verified++ });
      s.at('2026-12-01T20:00:00Z');
      s.idleFor(3600);
      s.u.emit('update-downloaded', { version: '0.6.0-beta.1', downloadedFile: '/tmp/IOC-Wall.AppImage' });
      await settled();
      expect(s.handle.pending()?.refused).toMatch(/stable channel: the prerelease 0\.6\.0-beta\.1 is not installed/);
      expect(await s.handle.tryInstall()).toBe(false);
      expect(s.u.installs).toEqual([]);
      expect(verified).toBe(0);
    }
    const beta = scripted({ platform: 'linux', updates: { channel: 'beta' }, verifyDownloaded: async () => undefined });
    beta.at('2026-12-01T20:00:00Z');
    beta.idleFor(3600);
    beta.u.emit('update-downloaded', { version: '0.6.0-beta.1', downloadedFile: '/tmp/IOC-Wall.AppImage' });
    await settled();
    await settled();
    expect(beta.handle.pending()?.refused).toBeNull();
  });

  it('Linux without a verifier never installs', async () => {
    const s = scripted({ platform: 'linux' });
    s.at('2026-12-01T20:00:00Z');
    s.idleFor(3600);
    s.u.emit('update-downloaded', { version: '0.6.0', downloadedFile: 'x' });
    await settled();
    expect(s.handle.pending()?.refused).toMatch(/no verifier/);
    expect(await s.handle.tryInstall()).toBe(false);
  });
});

describe('signed Linux update metadata (Ed25519, node:crypto)', () => {
  let key: ReturnType<typeof loadPrivateKey>;
  let trusted: TrustedKey[];
  let other: TrustedKey[];
  let appImage: string;
  let yml: Buffer;
  beforeAll(async () => {
    const k = generateKeys(join(dir, 'release-key'));
    key = loadPrivateKey(k.privateFile);
    trusted = [loadPublicKey(k.publicFile)];
    other = [loadPublicKey(generateKeys(join(dir, 'other-key')).publicFile)];
    appImage = join(dir, 'IOC Wall-0.6.0-linux-x86_64.AppImage');
    writeFileSync(appImage, Buffer.alloc(100_000, 3));
    yml = Buffer.from(`version: 0.6.0\nfiles:\n  - url: IOC Wall-0.6.0-linux-x86_64.AppImage\n    sha512: ${await sha512Base64(appImage)}\n    size: 100000\n`);
  });
  const sig = (b: Buffer) => Buffer.from(signDetached(key, b).toString('base64') + '\n');
  const update = () => ({ version: '0.6.0', downloadedFile: appImage });

  it('accepts the download the signed metadata lists', async () => {
    await expect(verifyLinuxUpdate(update(), { yml, sig: sig(yml), from: 'latest-linux.yml' }, trusted)).resolves.toMatchObject({ id: trusted[0]!.id });
  });

  it('`ioc-wall keys sign` writes the .sig this check reads', async () => {
    const file = join(dir, 'latest-linux.yml');
    writeFileSync(file, yml);
    const out: string[] = [];
    expect(await runCli(['keys', 'sign', '--key', join(dir, 'release-key', 'bundle-key.pem'), file], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    const m = { yml: readFileSync(file), sig: readFileSync(`${file}.sig`), from: file };
    await expect(verifyLinuxUpdate(update(), m, trusted)).resolves.toBeTruthy();
  });

  it('refuses: a changed metadata byte, another key, no built-in key, a file not listed, another version', async () => {
    const changed = Buffer.from(yml.toString().replace('size: 100000', 'size: 100001'));
    await expect(verifyLinuxUpdate(update(), { yml: changed, sig: sig(yml), from: 'm' }, trusted)).rejects.toThrow(/not signed by a key this app trusts/);
    await expect(verifyLinuxUpdate(update(), { yml, sig: sig(yml), from: 'm' }, other)).rejects.toThrow(/not signed by a key this app trusts/);
    await expect(verifyLinuxUpdate(update(), { yml, sig: sig(yml), from: 'm' }, [])).rejects.toThrow(/no public key/);
    const swapped = join(dir, 'swapped.AppImage');
    writeFileSync(swapped, Buffer.alloc(100_000, 4));
    await expect(verifyLinuxUpdate({ version: '0.6.0', downloadedFile: swapped }, { yml, sig: sig(yml), from: 'm' }, trusted)).rejects.toThrow(/matches no sha512/);
    await expect(verifyLinuxUpdate({ version: '0.7.0', downloadedFile: appImage }, { yml, sig: sig(yml), from: 'm' }, trusted)).rejects.toThrow(/version 0\.6\.0/);
  });

  it('the verification step refuses a prerelease on a stable machine, even validly signed (beta-linux.yml served as latest-linux.yml)', async () => {
    const beta = join(dir, 'IOC Wall-0.6.0-beta.1.AppImage');
    writeFileSync(beta, 'beta build');
    const betaYml = Buffer.from(`version: 0.6.0-beta.1\nfiles:\n  - url: IOC Wall-0.6.0-beta.1.AppImage\n    sha512: ${await sha512Base64(beta)}\n`);
    const m = { yml: betaYml, sig: sig(betaYml), from: 'https://updates.example/ioc/latest-linux.yml' };
    const u = { version: '0.6.0-beta.1', downloadedFile: beta };
    await expect(verifyLinuxUpdate(u, m, trusted, { channel: 'stable' })).rejects.toThrow(/stable channel: the prerelease 0\.6\.0-beta\.1 is not installed/);
    await expect(verifyLinuxUpdate(u, m, trusted)).rejects.toBeInstanceOf(UpdateRefused);
    await expect(verifyLinuxUpdate(u, m, trusted, { channel: 'beta' })).resolves.toMatchObject({ id: trusted[0]!.id });
    // Build metadata is no prerelease.
    await expect(verifyLinuxUpdate({ version: '0.6.0+build.7', downloadedFile: appImage }, { yml, sig: sig(yml), from: 'm' }, trusted, { channel: 'stable' })).rejects.toThrow(/version 0\.6\.0/);
  });

  it('fetches latest-linux.yml and its .sig over HTTP from the feed; the loopback feed serves only its own files', async () => {
    const feedDir = join(dir, 'feed');
    mkdirSync(feedDir);
    writeFileSync(join(feedDir, 'latest-linux.yml'), yml);
    writeFileSync(join(feedDir, 'latest-linux.yml.sig'), sig(yml));
    writeFileSync(join(dir, 'secret.txt'), 'not for the updater');
    const feed = await serveLocalUpdates(feedDir);
    try {
      const m = await fetchSignedMetadata(feed.url, 'latest-linux.yml');
      await expect(verifyLinuxUpdate(update(), m, trusted)).resolves.toBeTruthy();
      // Malformed escapes (any local process may ask) are a 404, never a throw out of the listener.
      for (const path of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', 'nothing.yml', '%', '%E0%A4%A']) {
        expect((await fetch(feed.url + path)).status, path).toBe(404);
      }
      await expect(fetchSignedMetadata(feed.url, 'beta-linux.yml')).rejects.toThrow(/HTTP 404/);
    } finally {
      await feed.close();
    }
  });

  it('an offline bundle installer is handed to electron-updater as a loopback feed, and still checked', async () => {
    const dataDir = join(dir, 'data');
    const local = join(dataDir, 'updates', 'local');
    mkdirSync(local, { recursive: true });
    writeFileSync(join(local, 'latest-linux.yml'), yml);
    writeFileSync(join(local, 'latest-linux.yml.sig'), sig(yml));
    const feeds: { url: string; channel?: string | null }[] = [];
    const u = Object.assign(new EventEmitter(), {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowPrerelease: false,
      allowDowngrade: true,
      channel: null,
      logger: null,
      setFeedURL: (o: { url: string; channel?: string | null }) => feeds.push(o),
      checkForUpdates: () => Promise.resolve(null),
      quitAndInstall: () => {},
    });
    const audit: [string, Record<string, unknown>][] = [];
    const updates = await startAppUpdates({
      isPackaged: true,
      platform: 'linux',
      updates: loadConfig({ env: { IOC_WALL_UPDATES_URL: 'https://updates.ioc.example.vn/ioc-wall' } }).updates,
      dataDir,
      audit: (a, d) => audit.push([a, d]),
      idleSeconds: () => 0,
      loadUpdater: async () => u,
      keys: () => trusted,
      log: () => {},
    });
    try {
      expect(feeds).toHaveLength(1);
      expect(feeds[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(feeds[0]!.url + 'latest-linux.yml')).status).toBe(200);
      u.emit('update-downloaded', { version: '0.6.0', downloadedFile: appImage });
      await vi.waitFor(() => expect(updates.handle.pending()?.verified).toBe(true));
      // A download that the bundle's signed metadata does not list is refused; the bundle is
      // then retired and the machine goes back to its update server (left on the loopback feed,
      // it would be offered the same refused installer at every check, for good).
      const swapped = join(dir, 'swapped2.AppImage');
      writeFileSync(swapped, Buffer.alloc(10, 1));
      const loopback = feeds[0]!.url;
      u.emit('update-downloaded', { version: '0.6.0', downloadedFile: swapped });
      await vi.waitFor(() => expect(updates.handle.pending()?.refused).toMatch(/matches no sha512/));
      expect(feeds[1]).toEqual({ provider: 'generic', url: 'https://updates.ioc.example.vn/ioc-wall', channel: 'latest' });
      expect(u.allowDowngrade).toBe(false);
      expect(existsSync(local)).toBe(false);
      await vi.waitFor(() => expect(fetch(loopback + 'latest-linux.yml')).rejects.toThrow());
      expect(audit.filter(([a]) => a === 'update.offlineBundleDone').map(([, d]) => d.reason)).toEqual(['its update was refused']);
      // Nothing newer on the server afterwards: no second retirement, the server stays.
      u.emit('update-not-available', { version: '0.6.0' });
      expect(feeds).toHaveLength(2);
      expect(audit.filter(([a]) => a === 'update.none').map(([, d]) => d.from)).toEqual(['server']);
    } finally {
      await updates.close();
    }
  });
});
