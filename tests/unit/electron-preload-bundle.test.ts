import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * A sandboxed preload can only require('electron') (and a few polyfilled built-ins). Bundled
 * the way scripts/build.mjs bundles it, ours must need nothing else, or every window would
 * open without window.iocHost on an installed machine.
 */
const root = resolve(__dirname, '..', '..');

describe('preload bundle', () => {
  it('is CommonJS that requires only electron, with no Node built-ins', async () => {
    const out = await build({
      entryPoints: [join(root, 'electron', 'preload.ts')],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
    expect(code).toContain('exposeInMainWorld');
  });

  it('is the file build.mjs writes and main.ts loads', () => {
    expect(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8')).toMatch(/format: 'cjs',[\s\S]*preload\.cjs/);
    expect(readFileSync(join(root, 'electron', 'main.ts'), 'utf8')).toContain("join(here, 'preload.cjs')");
  });
});
