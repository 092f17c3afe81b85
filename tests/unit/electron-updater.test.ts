import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore } from '../../electron/secrets';
import { startUpdater, type UpdaterLike } from '../../electron/updater';
import { fakeSafeStorage } from './electron-fake';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = false;
  allowDowngrade = false;
  channel: string | null = null;
  logger: UpdaterLike['logger'] = null;
  feed: unknown = null;
  checks = 0;
  fail = false;
  installs: [boolean | undefined, boolean | undefined][] = [];
  isUserWithinRollout?: (info: unknown) => boolean;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
  setFeedURL(o: unknown) {
    this.feed = o;
  }
  checkForUpdates() {
    this.checks++;
    return this.fail ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(null);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function run(over: Partial<Parameters<typeof startUpdater>[0]> = {}) {
  const updater = new FakeUpdater();
  const audit: [string, Record<string, unknown>][] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const handle = startUpdater({
    updater,
    isPackaged: true,
    updates: { url: 'https://updates.ioc.binhphuoc.gov.vn/ioc-wall', channel: 'stable' },
    env: {},
    audit: (a, d) => audit.push([a, d]),
    log: () => {},
    idleSeconds: () => 0,
    platform: 'win32',
    setInterval: ((fn: () => void, ms: number) => {
      timers.push({ fn, ms });
      return { unref() {} };
    }) as never,
    clearInterval: () => {},
    ...over,
  });
  return { updater, audit, timers, handle };
}

describe('auto-updater', () => {
  it('is off in development (unpackaged) and when disabled by the environment', () => {
    const dev = run({ isPackaged: false });
    expect(dev.handle.enabled).toBe(false);
    expect(dev.updater.checks).toBe(0);
    const env = run({ env: { IOC_WALL_DISABLE_UPDATES: '1' } });
    expect(env.handle.enabled).toBe(false);
    expect(env.timers).toEqual([]);
  });

  it('uses the configured generic server, downloads in the background; nothing installs on quit before it is checked', () => {
    const { updater, handle, audit } = run();
    expect(handle.enabled).toBe(true);
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://updates.ioc.binhphuoc.gov.vn/ioc-wall', channel: 'latest' });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.allowPrerelease).toBe(false);
    expect(audit[0][0]).toBe('update.started');
  });

  it('checks on start and every N hours (and looks for the install window every minute)', async () => {
    const { updater, timers } = run({ updates: { url: 'https://u.example/x', intervalHours: 4 } });
    expect(updater.checks).toBe(1);
    expect(timers.map((t) => t.ms)).toEqual([4 * 3_600_000, 60_000]);
    await settle();
    timers[0].fn();
    expect(updater.checks).toBe(2);
  });

  it('beta channel allows prereleases; without a URL the built-in publish config is used', () => {
    const { updater } = run({ updates: { channel: 'beta' } });
    expect(updater.feed).toBeNull();
    expect(updater.channel).toBe('beta');
    expect(updater.allowPrerelease).toBe(true);
  });

  it("writes what happened to the host's audit log, errors included", async () => {
    const { updater, audit, handle } = run();
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    await settle();
    updater.fail = true;
    await handle.check();
    expect(audit.map(([a]) => a)).toEqual(['update.started', 'update.available', 'update.downloaded', 'update.error']);
    expect(audit[3][1]).toEqual({ message: 'ECONNREFUSED' });
  });

  it('a newer download waiting for its check is not installed on quit, whatever was verified before it (Linux)', async () => {
    let release: () => void = () => {};
    const { updater } = run({
      platform: 'linux',
      verifyDownloaded: ({ version }) => (version === '0.6.0' ? Promise.resolve() : new Promise<void>((r) => (release = r))),
    });
    updater.emit('update-downloaded', { version: '0.6.0' });
    await settle();
    expect(updater.autoInstallOnAppQuit).toBe(true);
    // 0.7.0 comes down; its signed metadata is still being fetched.
    updater.emit('update-downloaded', { version: '0.7.0' });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    release();
    await settle();
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('an offline bundle whose feed has nothing newer, or cannot be used, hands the machine back to its update server', () => {
    for (const end of ['none', 'error'] as const) {
      const spent: string[] = [];
      const { updater, audit } = run({ localFeedUrl: 'http://127.0.0.1:38909/', onLocalFeedSpent: () => spent.push(end) });
      expect(updater.feed).toMatchObject({ url: 'http://127.0.0.1:38909/' });
      if (end === 'none') updater.emit('update-not-available', { version: '0.1.0' });
      // A Windows bundle on a Linux node: its feed has no latest-linux.yml.
      else updater.emit('error', new Error('Cannot find channel "latest-linux.yml" update info: HttpError: 404'));
      expect(updater.feed).toMatchObject({ url: 'https://updates.ioc.binhphuoc.gov.vn/ioc-wall' });
      expect(spent).toEqual([end]);
      expect(audit.some(([a]) => a === 'update.offlineBundleDone')).toBe(true);
      updater.emit('error', new Error('again'));
      expect(spent).toEqual([end]);
    }
  });

  it('never runs two checks at once', async () => {
    const { updater, handle } = run();
    const before = updater.checks;
    await Promise.all([handle.check(), handle.check()]);
    expect(updater.checks - before).toBeLessThanOrEqual(1);
  });
});

describe('safeStorage secret store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips secrets and keeps only ciphertext on disk', () => {
    const file = join(dir, 'secrets.json');
    const store = new SafeStorageSecretStore(fakeSafeStorage as never, file);
    expect(store.get('lgsp.clientSecret')).toBeNull();
    store.set('lgsp.clientSecret', 'mật-khẩu-rất-bí-mật');
    store.set('apiKey', 'k-123');
    expect(new SafeStorageSecretStore(fakeSafeStorage as never, file).get('lgsp.clientSecret')).toBe('mật-khẩu-rất-bí-mật');
    const disk = readFileSync(file, 'utf8');
    expect(disk).not.toContain('bí-mật');
    expect(disk).not.toContain('k-123');
    store.set('apiKey', null);
    expect(store.get('apiKey')).toBeNull();
    expect(store.get('lgsp.clientSecret')).toBe('mật-khẩu-rất-bí-mật');
  });

  it('refuses to store a secret when the OS has no keyring, saying what to do', () => {
    const none = { ...fakeSafeStorage, isEncryptionAvailable: () => false };
    const store = new SafeStorageSecretStore(none as never, join(dir, 'x.json'));
    expect(() => store.set('k', 'v')).toThrow(/keyring/);
  });

  it('a damaged secrets file is named with what to do, and set() does not overwrite it', () => {
    const file = join(dir, 'damaged.json');
    writeFileSync(file, '{"apiKey": "ZW5j');
    const store = new SafeStorageSecretStore(fakeSafeStorage as never, file);
    expect(() => store.get('apiKey')).toThrow(/secrets file .*damaged\.json is damaged .*Move it away/);
    expect(() => store.set('other', 'v')).toThrow(/is damaged/);
    expect(readFileSync(file, 'utf8')).toBe('{"apiKey": "ZW5j');
  });
});
