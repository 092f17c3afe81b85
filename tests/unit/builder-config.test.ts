import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The installer configuration cannot be exercised on CI (electron-builder downloads its tools),
 * so it is checked here: against electron-builder's own JSON schema (app-builder-lib's
 * validateConfiguration, offline) and for the things this app needs of it.
 */

const root = resolve(__dirname, '..', '..');
const require = createRequire(import.meta.url);
const CONFIG = join(root, 'build', 'electron-builder.config.cjs');

type Config = Record<string, any>;

const SIGNING_ENV = [
  'IOC_WALL_UPDATE_URL',
  'IOC_WALL_PUBLISHER_NAME',
  'IOC_WALL_PUBLISHER_NAMES',
  'IOC_WALL_REQUIRE_SIGNING',
  'IOC_WALL_CERT_SHA1',
  'CSC_LINK',
  'WIN_CSC_LINK',
];

function loadConfig(env: Record<string, string | undefined> = {}): Config {
  const saved = { ...process.env };
  for (const k of SIGNING_ENV) delete process.env[k];
  Object.assign(process.env, env);
  try {
    delete require.cache[require.resolve(CONFIG)];
    return require(CONFIG) as Config;
  } finally {
    process.env = saved;
  }
}

// electron-builder's validator lives in its app-builder-lib dependency.
const builderRequire = createRequire(require.resolve('electron-builder/package.json'));
const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  validateConfiguration(c: Config, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const validate = (c: Config) => validateConfiguration(c, { isEnabled: false, add() {} });

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const config = loadConfig();

// minimatch is what electron-builder matches `files`/`asarUnpack` patterns with.
const { minimatch } = builderRequire('minimatch') as { minimatch(p: string, g: string, o?: object): boolean };

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation, with and without signing settings", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(
      validate(loadConfig({ IOC_WALL_PUBLISHER_NAME: 'Sở TT&TT', IOC_WALL_CERT_SHA1: 'ab'.repeat(20), IOC_WALL_REQUIRE_SIGNING: '1' })),
    ).resolves.toBeUndefined();
  });

  it('the validator is real: a misspelt option is refused', async () => {
    await expect(validate({ ...config, nsis: { ...config.nsis, oneClik: false } })).rejects.toThrow(/Invalid configuration object[\s\S]*nsis/);
  });

  it('names the app', () => {
    expect(config.appId).toBe('vn.gov.binhphuoc.iocwall');
    expect(config.productName).toBe('IOC Wall');
  });

  it('packages the built app, data and package.json, not the tests', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'data/**/*', 'package.json']));
    expect(config.files.some((f: string) => f.startsWith('!') && f.includes('tests'))).toBe(true);
    expect(existsSync(join(root, 'data', 'geo'))).toBe(true);
  });

  it('starts the bundled main process (package.json main = what scripts/build.mjs writes)', () => {
    expect(pkg.main).toBe('dist/electron/main.js');
    const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
    expect(build).toContain("'dist/electron/main.js'");
    expect(build).toContain("'dist/electron/preload.cjs'");
    expect(config.files.some((f: string) => minimatch(pkg.main, f))).toBe(true);
  });

  it('unpacks better-sqlite3’s native module from the asar and does not rebuild it', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    const prebuilds = readdirSync(join(root, 'node_modules', 'better-sqlite3', 'prebuilds')).filter((f) => f.endsWith('.node'));
    expect(prebuilds.length).toBeGreaterThan(0);
    for (const f of ['win32-x64.node', 'linux-x64.node']) {
      expect(prebuilds).toContain(f);
      const inApp = `node_modules/better-sqlite3/prebuilds/${f}`;
      expect(config.asarUnpack.some((g: string) => minimatch(inApp, g, { dot: true })), inApp).toBe(true);
    }
  });

  it('ships the boundaries and their licence as extra resources', () => {
    const [geo] = config.extraResources;
    expect(geo.from).toBe('data/geo');
    const files = readdirSync(join(root, geo.from));
    const shipped = files.filter((f) => geo.filter.some((g: string) => minimatch(f, g)));
    expect(shipped.some((f) => f.endsWith('.geojson'))).toBe(true);
    expect(shipped.some((f) => /^LICENSE/.test(f))).toBe(true);
  });

  it('ships the third-party notices the build writes as an extra resource', () => {
    const notices = config.extraResources.find((r: { to: string }) => r.to === 'third-party-notices.json');
    expect(notices?.from).toBe('dist/renderer/third-party-notices.json');
    expect(existsSync(join(root, notices.from))).toBe(true);
  });

  it('Windows: NSIS installer for all users, directory choice, shortcuts, signing from the environment', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    // No certificate or password in the file: they come from CSC_LINK / CSC_KEY_PASSWORD.
    const text = readFileSync(CONFIG, 'utf8');
    expect(text).not.toMatch(/cscLink|cscKeyPassword|certificatePassword/);
    expect(config.win.forceCodeSigning).toBe(false);
    expect(config.win.signtoolOptions.publisherName).toBeUndefined();
    const signed = loadConfig({ IOC_WALL_PUBLISHER_NAMES: 'Trung tâm IOC', IOC_WALL_REQUIRE_SIGNING: '1' });
    expect(signed.win.signtoolOptions.publisherName).toEqual(['Trung tâm IOC']);
    expect(signed.win.verifyUpdateCodeSignature).toBe(true);
    expect(signed.win.forceCodeSigning).toBe(true);
  });

  it('Linux: AppImage and deb with category, maintainer and the runtime libraries', () => {
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBeTruthy();
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libnss3', 'libgtk-3-0', 'libsecret-1-0']));
  });

  it('publishes to a generic server so electron-updater works; the URL comes from IOC_WALL_UPDATE_URL', () => {
    expect(config.publish).toHaveLength(1);
    expect(config.publish[0]).toMatchObject({ provider: 'generic', channel: 'latest' });
    expect(config.publish[0].url).toBe('https://updates.example.invalid/ioc-wall');
    expect(loadConfig({ IOC_WALL_UPDATE_URL: 'https://ioc.example.vn/updates' }).publish[0].url).toBe('https://ioc.example.vn/updates');
    expect(pkg.dependencies['electron-updater']).toBeTruthy();
  });

  it('hardens the packaged binary with Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('has a real 512x512 PNG icon, with its SVG source', () => {
    for (const platform of ['win', 'linux', 'mac']) expect(config[platform].icon).toBe('build/icons/icon.png');
    const png = readFileSync(join(root, 'build', 'icons', 'icon.png'));
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(png.length).toBeGreaterThan(5_000); // drawn, not blank
    expect(readFileSync(join(root, 'build', 'icons', 'icon.svg'), 'utf8')).toContain('<svg');
  });

  it('builds with the Electron version the project pins', () => {
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(config.electronVersion === undefined || config.electronVersion === pkg.devDependencies.electron).toBe(true);
  });
});
