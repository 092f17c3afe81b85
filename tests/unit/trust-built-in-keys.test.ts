import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_KEYS_DIR, builtInKeys, generateKeys, keyIdOf, loadPublicKey, pemFilesIn } from '../../host/trust/keys';

/**
 * The release's public keys are compiled into the bundles (scripts/build.mjs `define`), so an
 * installed app trusts them without reading anything from disk: built here the same way.
 */

const root = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ioc-built-in-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('built-in keys', () => {
  it('scripts/build.mjs defines them for every Node-side bundle', () => {
    const script = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
    expect(script).toContain('define: { __IOC_WALL_BUILT_IN_KEYS__: JSON.stringify(builtInKeys) }');
    expect(script).toMatch(/readdirSync\(keysDir\)\.filter\(\(f\) => f\.endsWith\('\.pub\.pem'\)\)/);
  });

  it('a bundle built with a key defined trusts exactly that key', async () => {
    const k = generateKeys(join(dir, 'release'));
    const pem = readFileSync(k.publicFile, 'utf8');
    const outfile = join(dir, 'keys.mjs');
    await build({
      entryPoints: [join(root, 'host', 'trust', 'keys.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      define: { __IOC_WALL_BUILT_IN_KEYS__: JSON.stringify([pem]) },
      logLevel: 'silent',
    });
    const mod = (await import(pathToFileURL(outfile).href)) as { builtInKeys: typeof builtInKeys };
    const keys = mod.builtInKeys();
    expect(keys.map((x) => x.id)).toEqual([k.id]);
    expect(keyIdOf(loadPublicKey(pem).key)).toBe(k.id);
  });

  it('from the sources (tests, tsx) they are read from build/keys', () => {
    expect(builtInKeys().map((k) => k.id)).toEqual(pemFilesIn(BUILT_IN_KEYS_DIR).map((pem) => loadPublicKey(pem).id));
  });
});
