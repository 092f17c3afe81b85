import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';

// A real host on 127.0.0.1:0 serving a stand-in renderer build with a Vite manifest: the wall's
// shell names the wall's chunks (and what they import) up front; other routes get index.html as built.
let dir: string;
let renderer: string;
let host: HostService;
const SHELL = `<!doctype html>
<html lang="vi">
  <head>
    <script type="module" crossorigin src="/assets/index-aaaa1111.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/jsx-runtime-bbbb2222.js">
  </head>
  <body><div id="root"></div></body>
</html>`;
const MANIFEST = {
  'index.html': { file: 'assets/index-aaaa1111.js', isEntry: true, imports: ['_jsx-runtime-bbbb2222.js'], dynamicImports: ['boot/mount.tsx'] },
  'boot/mount.tsx': { file: 'assets/mount-iiii0000.js', isDynamicEntry: true, imports: ['_jsx-runtime-bbbb2222.js'], dynamicImports: ['wall/WallPage.tsx', 'console/ConsolePage.tsx'], css: ['assets/mount-jjjj0000.css'] },
  '_jsx-runtime-bbbb2222.js': { file: 'assets/jsx-runtime-bbbb2222.js' },
  'wall/WallPage.tsx': { file: 'assets/WallPage-cccc3333.js', isDynamicEntry: true, imports: ['_jsx-runtime-bbbb2222.js', '_geometry-dddd4444.js'], css: ['assets/alerts-eeee5555.css'] },
  '_geometry-dddd4444.js': { file: 'assets/geometry-dddd4444.js' },
  'panels/traffic/index.tsx': { file: 'assets/traffic-ffff6666.js', isDynamicEntry: true, imports: ['_parts-gggg7777.js'] },
  '_parts-gggg7777.js': { file: 'assets/parts-gggg7777.js', imports: ['_geometry-dddd4444.js'] },
  'console/ConsolePage.tsx': { file: 'assets/ConsolePage-hhhh8888.js', isDynamicEntry: true },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-wall-preload-'));
  renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, '.vite'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), SHELL);
  writeFileSync(join(renderer, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  const config = loadConfig({ env: {}, flags: { port: '0', token: 'preload-token-0123456789', demo: false } });
  host = await startHost({ config, dataDir: join(dir, 'data'), rendererDir: renderer });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = async (path: string) => {
  const res = await fetch(host.url + path);
  const body = await res.text();
  expect(res.status).toBe(200);
  expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
  return body;
};
const preloads = (html: string) => [...html.matchAll(/<link rel="(modulepreload|preload)"[^>]*href="([^"]+)"/g)].map((m) => m[2]);

describe("the wall's shell", () => {
  it("preloads the app's and the wall route's chunks with what they import, once each, app first; no panel", async () => {
    const html = await page('/wall?display=d1');
    expect(preloads(html)).toEqual([
      '/assets/jsx-runtime-bbbb2222.js', // as built
      '/assets/mount-iiii0000.js',
      '/assets/WallPage-cccc3333.js',
      '/assets/geometry-dddd4444.js',
      '/assets/mount-jjjj0000.css',
      '/assets/alerts-eeee5555.css',
    ]);
    // The page's start loads only the panels its display shows, once it knows the layout.
    expect(html).not.toContain('traffic-ffff6666');
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/WallPage-cccc3333.js">');
    expect(html).toMatch(/<link rel="preload" as="style" crossorigin href="\/assets\/alerts-eeee5555.css">\n  <\/head>/);
    expect(html).not.toContain('ConsolePage');
  });

  it('preloads the one chunk a build puts the whole wall in, with what it imports', async () => {
    // tools/build/wall-chunk.ts: boot/mount and wall/WallPage are no manifest keys of their own then.
    const oneChunk = {
      'index.html': MANIFEST['index.html'],
      '_jsx-runtime-bbbb2222.js': MANIFEST['_jsx-runtime-bbbb2222.js'],
      '_wall-kkkk1111.js': { file: 'assets/wall-kkkk1111.js', name: 'wall', imports: ['_jsx-runtime-bbbb2222.js', '_useQuery-llll2222.js'], css: ['assets/wall-mmmm3333.css'] },
      '_useQuery-llll2222.js': { file: 'assets/useQuery-llll2222.js' },
      '_wall-mmmm3333.css': { file: 'assets/wall-mmmm3333.css' },
      'console/ConsolePage.tsx': MANIFEST['console/ConsolePage.tsx'],
    };
    writeFileSync(join(renderer, '.vite', 'manifest.json'), JSON.stringify(oneChunk));
    const later = new Date(Date.now() + 3_000);
    utimesSync(join(renderer, '.vite', 'manifest.json'), later, later);
    expect(preloads(await page('/wall'))).toEqual([
      '/assets/jsx-runtime-bbbb2222.js', // as built
      '/assets/wall-kkkk1111.js',
      '/assets/useQuery-llll2222.js',
      '/assets/wall-mmmm3333.css',
    ]);
    writeFileSync(join(renderer, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
    const later2 = new Date(Date.now() + 4_000);
    utimesSync(join(renderer, '.vite', 'manifest.json'), later2, later2);
  });

  it('leaves the console, the kiosk and the bare shell as built', async () => {
    expect(await page('/console')).toBe(SHELL);
    expect(await page('/kiosk')).toBe(SHELL);
    expect(await page('/index.html')).toBe(SHELL);
  });

  it('follows a rebuild, and serves the shell unchanged when the build has no manifest', async () => {
    const next = { ...MANIFEST, 'wall/WallPage.tsx': { ...MANIFEST['wall/WallPage.tsx'], file: 'assets/WallPage-zzzz9999.js' } };
    writeFileSync(join(renderer, '.vite', 'manifest.json'), JSON.stringify(next));
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(renderer, '.vite', 'manifest.json'), later, later);
    expect(preloads(await page('/wall'))).toContain('/assets/WallPage-zzzz9999.js');
    rmSync(join(renderer, '.vite'), { recursive: true });
    expect(await page('/wall')).toBe(SHELL);
  });
});
