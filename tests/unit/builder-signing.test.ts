import childProcess from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Update signature checking can never be silently off: every combination of the signing
 * environment is built into a config and checked, and the publisher names it writes are fed to
 * electron-updater's own Windows verifier (windowsExecutableCodeSignatureVerifier.verifySignature,
 * with Get-AuthenticodeSignature's answer faked) to show a rotation build accepts either certificate.
 */

const root = resolve(__dirname, '..', '..');
const require = createRequire(import.meta.url);
const CONFIG = join(root, 'build', 'electron-builder.config.cjs');
const ENV = ['IOC_WALL_PUBLISHER_NAME', 'IOC_WALL_PUBLISHER_NAMES', 'IOC_WALL_REQUIRE_SIGNING', 'IOC_WALL_CERT_SHA1', 'CSC_LINK', 'WIN_CSC_LINK'] as const;
type Env = Partial<Record<(typeof ENV)[number], string>>;

function build(env: Env): Record<string, any> {
  const saved = { ...process.env };
  for (const k of [...ENV, 'IOC_WALL_UPDATE_URL']) delete process.env[k];
  Object.assign(process.env, env);
  try {
    delete require.cache[require.resolve(CONFIG)];
    return require(CONFIG);
  } finally {
    process.env = saved;
  }
}

const OLD_DN = 'CN=Sở Thông tin và Truyền thông tỉnh Bình Phước, O=UBND tỉnh Bình Phước, C=VN';
const NEW_CN = 'Trung tâm Điều hành thông minh tỉnh Bình Phước';

describe('signing environment → generated configuration (every combination)', () => {
  const values: Record<(typeof ENV)[number], (string | undefined)[]> = {
    IOC_WALL_PUBLISHER_NAME: [undefined, 'Trung tâm IOC'],
    IOC_WALL_PUBLISHER_NAMES: [undefined, `${OLD_DN}; ${NEW_CN}`],
    IOC_WALL_REQUIRE_SIGNING: [undefined, '1'],
    IOC_WALL_CERT_SHA1: [undefined, 'ab'.repeat(20)],
    CSC_LINK: [undefined, '/secure/ioc.pfx'],
    WIN_CSC_LINK: [undefined, '/secure/ioc-win.pfx'],
  };
  const combos: Env[] = [{}];
  for (const k of ENV) {
    const next: Env[] = [];
    for (const c of combos) for (const v of values[k]) next.push(v === undefined ? c : { ...c, [k]: v });
    combos.splice(0, combos.length, ...next);
  }

  it('covers all 64 combinations', () => expect(combos).toHaveLength(64));

  it.each(combos.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, env) => {
    const signs = !!(env.CSC_LINK || env.WIN_CSC_LINK || env.IOC_WALL_CERT_SHA1 || env.IOC_WALL_REQUIRE_SIGNING === '1');
    const names = [
      ...(env.IOC_WALL_PUBLISHER_NAMES ? [OLD_DN, NEW_CN] : []),
      ...(env.IOC_WALL_PUBLISHER_NAME ? ['Trung tâm IOC'] : []),
    ];
    if (signs && names.length === 0) {
      expect(() => build(env)).toThrow(/IOC_WALL_PUBLISHER_NAMES/);
      return;
    }
    const c = build(env);
    if (signs) expect(c.win.verifyUpdateCodeSignature).toBe(true);
    expect(c.win.verifyUpdateCodeSignature).toBe(names.length > 0);
    expect(c.win.signtoolOptions.publisherName).toEqual(names.length ? names : undefined);
    // What electron-builder copies into app-update.yml, where electron-updater reads it.
    expect(c.publish[0].publisherName).toEqual(names.length ? names : undefined);
    expect(c.win.forceCodeSigning).toBe(env.IOC_WALL_REQUIRE_SIGNING === '1');
  });
});

describe("a rotation build, against electron-updater's own signature verifier", () => {
  const realExecFile = childProcess.execFile;
  afterEach(() => {
    (childProcess as { execFile: unknown }).execFile = realExecFile;
  });

  const verifySignature = require('electron-updater/out/windowsExecutableCodeSignatureVerifier').verifySignature as (
    names: string[],
    file: string,
    logger: { info(): void; warn(): void },
  ) => Promise<string | null>;

  /** Get-AuthenticodeSignature's JSON for an installer signed (Status 0 = Valid) by `subject`. */
  function signedBy(subject: string, status = 0) {
    (childProcess as { execFile: unknown }).execFile = (_cmd: string, args: string[], _o: unknown, cb: (e: null, out: string, err: string) => void) => {
      const path = /-LiteralPath '(.*)' \|/.exec(args[args.length - 1]!)![1]!.replace(/''/g, "'");
      cb(null, JSON.stringify({ Status: status, Path: path, SignerCertificate: { Subject: subject } }), '');
    };
  }
  const logger = { info() {}, warn() {} };
  const names = build({ CSC_LINK: '/secure/new.pfx', IOC_WALL_PUBLISHER_NAMES: `${OLD_DN}\n${NEW_CN}` }).publish[0].publisherName as string[];

  it('accepts an update signed with the old certificate (full DN)', async () => {
    signedBy(`${OLD_DN}, L=Đồng Xoài`);
    await expect(verifySignature(names, '/tmp/IOC Wall-Setup-0.2.0.exe', logger)).resolves.toBeNull();
  });

  it('accepts an update signed with the new certificate (CN)', async () => {
    signedBy(`CN=${NEW_CN}, O=UBND tỉnh Bình Phước, C=VN`);
    await expect(verifySignature(names, '/tmp/IOC Wall-Setup-0.3.0.exe', logger)).resolves.toBeNull();
  });

  it('refuses one signed by anybody else, or with an invalid signature', async () => {
    signedBy('CN=Someone Else, O=Elsewhere, C=VN');
    await expect(verifySignature(names, '/tmp/x.exe', logger)).resolves.toMatch(/publisherNames: /);
    signedBy(`CN=${NEW_CN}`, 2); // NotSigned / HashMismatch
    await expect(verifySignature(names, '/tmp/x.exe', logger)).resolves.toMatch(/publisherNames: /);
  });

  it('the old single-name build would have stranded machines after the renewal', async () => {
    const single = build({ CSC_LINK: '/secure/old.pfx', IOC_WALL_PUBLISHER_NAME: OLD_DN }).publish[0].publisherName as string[];
    signedBy(`CN=${NEW_CN}, C=VN`);
    await expect(verifySignature(single, '/tmp/x.exe', logger)).resolves.not.toBeNull();
  });
});
