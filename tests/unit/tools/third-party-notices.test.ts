import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOTICES_FILE, type ThirdPartyNotice } from '../../../base/third-party';
import { collectNotices, licenceAllowed } from '../../../tools/build/third-party-notices';
import { shellManifest } from '../../../tools/build/service-worker-plugin';

const root = resolve(__dirname, '..', '..', '..');

describe('licenceAllowed: SPDX expressions', () => {
  it.each([
    ['MIT', true],
    ['Apache-2.0', true],
    ['(MIT OR CC0-1.0)', true],
    ['MIT OR GPL-3.0-only', true],
    ['MIT AND Zlib', true],
    ['(BSD-3-Clause AND Apache-2.0) OR GPL-2.0', true],
    ['Apache-2.0 WITH LLVM-exception', true],
    ['GPL-3.0-or-later', false],
    ['MIT AND GPL-3.0', false],
    ['AGPL-3.0', false],
    ['SEE LICENSE IN LICENSE.txt', false],
    ['UNLICENSED', false],
    ['', false],
  ])('%j → %s', (expr, ok) => expect(licenceAllowed(expr)).toBe(ok));
});

const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('collectNotices', () => {
  it('takes the installed production tree of the lockfile, with the texts the packages ship', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-notices-'));
    tmp.push(dir);
    const pkg = (path: string, json: object, files: Record<string, string> = {}) => {
      mkdirSync(join(dir, path), { recursive: true });
      writeFileSync(join(dir, path, 'package.json'), JSON.stringify(json));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, path, f), text);
    };
    pkg('node_modules/a', { name: 'a', version: '1.0.0', license: 'Apache-2.0' }, { LICENSE: 'Apache text', NOTICE: 'a NOTICE', 'index.js': '' });
    pkg('node_modules/a/node_modules/b', { name: 'b', version: '2.0.0', license: 'MIT' }, { 'LICENSE.md': 'MIT text' });
    pkg('node_modules/dev-only', { name: 'dev-only', version: '1.0.0', license: 'GPL-3.0' });
    pkg('node_modules/bare', { name: 'bare', version: '0.1.0', license: 'ISC' });
    writeFileSync(
      join(dir, 'package-lock.json'),
      JSON.stringify({
        packages: {
          '': { name: 'app' },
          'node_modules/a': { version: '1.0.0', license: 'Apache-2.0' },
          'node_modules/a/node_modules/b': { version: '2.0.0', license: 'MIT' },
          'node_modules/dev-only': { version: '1.0.0', dev: true },
          'node_modules/bare': { version: '0.1.0' },
          // Optional for another platform: not installed here, so not shipped from here.
          'node_modules/@esbuild/win32-x64': { version: '0.25.0', optional: true },
        },
      }),
    );
    expect(collectNotices(dir)).toEqual([
      { name: 'a', version: '1.0.0', licence: 'Apache-2.0', text: 'Apache text\n\na NOTICE' },
      { name: 'b', version: '2.0.0', licence: 'MIT', text: 'MIT text' },
      { name: 'bare', version: '0.1.0', licence: 'ISC', text: '' },
    ]);
  });

  it("this app's own production packages may all ship, each with its licence text", () => {
    const notices = collectNotices(root);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const names = new Set(notices.map((n) => n.name));
    for (const dep of Object.keys(pkg.dependencies)) expect(names, dep).toContain(dep);
    expect(notices.filter((n) => !licenceAllowed(n.licence)).map((n) => `${n.name} ${n.licence}`)).toEqual([]);
    // Apache-2.0 asks for its text to travel with the work: hls.js plays the wall's cameras.
    expect(notices.find((n) => n.name === 'hls.js')).toMatchObject({ licence: 'Apache-2.0', text: expect.stringContaining('Apache License') });
    // A few ship no licence file (the console then shows the licence they declare): most do.
    expect(notices.filter((n) => n.text === '').length).toBeLessThan(notices.length / 10);
    expect(notices.every((n) => n.licence !== '')).toBe(true);
    // Nothing of the tools that only build and test it.
    expect(names).not.toContain('vite');
    expect(names).not.toContain('electron');
  });
});

describe('the build', () => {
  const out = join(root, 'dist', 'renderer');

  it('writes the notices beside the app, and the offline shell leaves them out', () => {
    const written = JSON.parse(readFileSync(join(out, NOTICES_FILE), 'utf8')) as ThirdPartyNotice[];
    expect(written.map((n) => n.name)).toEqual(collectNotices(root).map((n) => n.name));
    expect(shellManifest(out).files).not.toContain(`/${NOTICES_FILE}`);
  });
});
