// The host draws a wall display's first frame into its page (host/server/first-frame.ts) through
// an in-process session of the page's own credential. Here the drawing module is a stand-in (the
// real one, built from the renderer, is tried in first-frame-real.test.ts): what the host does
// around it — who gets a frame, with whose rights, what a slow, failing or absent drawing gives,
// how many are drawn at once, and what the page that carries one looks like and may be kept as.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { DEADLINE_MS, MAX_DRAWING } from '../../host/server/first-frame';
import { startHost, type HostService } from '../../host/service';
import { enrolledClient } from './support/room';

const TOKEN = 'first-frame-token-0123456789';
let dir: string;
let host: HostService;

interface Calls {
  started: string[];
  held: (() => void)[];
}
const calls = (): Calls => ((globalThis as { __frameCalls?: Calls }).__frameCalls ??= { started: [], held: [] });
const releaseHeld = () => calls().held.splice(0).forEach((r) => r());

// A drawing module with the real one's export: asks the host through the client it is given.
const MODULE = `
export async function renderFirstFrame(client, displayId) {
  const calls = (globalThis.__frameCalls ??= { started: [], held: [] });
  calls.started.push(displayId);
  if (displayId === 'throws') throw new Error('drawing failed');
  if (displayId === 'nothing') return null;
  if (displayId === 'holds') return new Promise((r) => calls.held.push(() => r({ html: '<p>late</p>', layoutId: 'x' })));
  const active = await client.call('layout.active', {});
  const operatorOnly = await client.call('nodes.list', {}).then(() => 'allowed', (e) => e.code);
  return { html: '<p class="drawn" data-layout="' + active.layout.id + '" data-nodes-list="' + operatorOnly + '">' + displayId + '</p>', layoutId: active.layout.id };
}`;

const SHELL = `<!doctype html>
<html lang="vi">
  <head>
    <script type="module" crossorigin src="/assets/index-aaaa1111.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;
const MANIFEST = {
  'index.html': { file: 'assets/index-aaaa1111.js', isEntry: true, dynamicImports: ['wall/WallPage.tsx'] },
  'wall/WallPage.tsx': { file: 'assets/WallPage-cccc3333.js', isDynamicEntry: true, css: ['assets/wall-eeee5555.css'] },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-first-frame-'));
  const renderer = join(dir, 'dist', 'renderer');
  mkdirSync(join(renderer, '.vite'), { recursive: true });
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'first-frame'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), SHELL);
  writeFileSync(join(renderer, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(renderer, 'assets', 'wall-eeee5555.css'), '.tile { position: absolute }');
  writeFileSync(join(dir, 'dist', 'first-frame', 'render.js'), MODULE);
  const config = loadConfig({ env: {}, flags: { port: '0', token: TOKEN, demo: true } });
  host = await startHost({ config, dataDir: join(dir, 'data'), rendererDir: renderer });
});
afterAll(async () => {
  releaseHeld();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function wallPage(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${host.url}/wall?${query}`, { headers });
  const body = await res.text();
  expect(res.status).toBe(200);
  expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
  return { body, cache: res.headers.get('cache-control'), frame: /<div id="first-frame"[^>]*>([\s\S]*?)<\/div>\s*<div id="root">/.exec(body)?.[1] ?? null };
}

describe("a wall page asked for with the page's credential", () => {
  it('carries the frame in front of the app, with the wall stylesheets in it, and may not be kept', async () => {
    const p = await wallPage(`display=d2&token=${TOKEN}`);
    expect(p.frame).toContain('<p class="drawn" data-layout="');
    expect(p.frame).toContain('>d2</p>');
    expect(p.frame).toContain('<style>.tile { position: absolute }</style>');
    expect(p.body).toMatch(/<div id="first-frame" class="first-frame" data-frame-live="true" aria-hidden="true">/);
    expect(p.body.indexOf('id="first-frame"')).toBeLessThan(p.body.indexOf('<div id="root">'));
    expect(p.cache).toBe('no-store');
  });

  it('is drawn with the rights of that credential: the host token may list nodes, a wall node may not', async () => {
    const admin = await wallPage(`display=d1&token=${TOKEN}`);
    expect(admin.frame).toContain('data-nodes-list="allowed"');
    const node = await enrolledClient(host, 'wall', 'first-frame wall');
    try {
      const asNode = await wallPage(`display=d1&token=${encodeURIComponent(node.credential)}`);
      expect(asNode.frame).toContain('data-nodes-list="forbidden"');
      // The bearer header is taken as the WebSocket and /api/whoami take it.
      const byHeader = await wallPage('display=d1', { authorization: `Bearer ${node.credential}` });
      expect(byHeader.frame).toContain('data-nodes-list="forbidden"');
      // Revoked: the page is the plain shell, and nothing was drawn for it.
      await host.dispatcher.call('nodes.revoke', { id: node.nodeId }, 'test');
      const before = calls().started.length;
      const revoked = await wallPage(`display=d1&token=${encodeURIComponent(node.credential)}`);
      expect(revoked.frame).toBeNull();
      expect(revoked.cache).toBe('no-cache');
      expect(calls().started.length).toBe(before);
    } finally {
      node.close();
    }
  });

  it('without a credential, or with a wrong one, is the plain shell and nothing is drawn', async () => {
    const before = calls().started.length;
    for (const q of ['display=d1', 'display=d1&token=wrong-token-0123456789']) {
      const p = await wallPage(q);
      expect(p.frame).toBeNull();
      expect(p.body).not.toContain('first-frame');
      expect(p.cache).toBe('no-cache');
    }
    expect(calls().started.length).toBe(before);
  });

  it('is the plain shell when the drawing fails or has nothing to show', async () => {
    for (const display of ['throws', 'nothing']) {
      const p = await wallPage(`display=${display}&token=${TOKEN}`);
      expect(p.frame, display).toBeNull();
      expect(p.body).toContain('<div id="root">');
    }
  });

  it(`does not wait for a drawing past ${DEADLINE_MS} ms, and draws at most ${MAX_DRAWING} at once`, async () => {
    const t0 = performance.now();
    const late = await wallPage(`display=holds&token=${TOKEN}`);
    expect(late.frame).toBeNull();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    // The late drawing still counts as one of the host's drawings until it settles.
    const more = Array.from({ length: MAX_DRAWING - 1 }, () => wallPage(`display=holds&token=${TOKEN}`));
    await expect.poll(() => calls().held.length).toBe(MAX_DRAWING);
    const before = calls().started.length;
    const extra = await wallPage(`display=d1&token=${TOKEN}`);
    expect(extra.frame).toBeNull(); // not drawn, and not held behind them either
    expect(calls().started.length).toBe(before);
    for (const p of await Promise.all(more)) expect(p.frame).toBeNull();
    releaseHeld();
    // Once they have settled, frames are drawn again.
    await expect.poll(async () => (await wallPage(`display=d1&token=${TOKEN}`)).frame).toContain('>d1</p>');
  });

  it('other pages are never framed', async () => {
    for (const path of ['/console', '/kiosk', '/']) {
      const res = await fetch(`${host.url}${path}?token=${TOKEN}`);
      expect(await res.text(), path).not.toContain('first-frame');
    }
  });
});
