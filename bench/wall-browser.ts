// What the wall benches (cold start, full-wall paint) share: the built dist/ required, a temp
// data dir, Debian's Chromium, and the baseline they are measured against, a blank page served
// by a bare node:http server and loaded in a fresh context of the same Chromium.
import { chromium, type Browser } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_ARGS_WITH_OMNIBOX_POPUP, CHROMIUM_PATH } from '../tests/e2e/support/chromium';

const root = join(import.meta.dirname, '..');

/**
 * The CLI bundle the benches start `serve` from: dist/cli.js, or IOC_WALL_DIST/cli.js (another
 * build's dist/ copied inside the repository, e.g. .base/dist, so node_modules resolve and the
 * host serves that build's renderer): before and after measured in one session.
 */
export function serveEntry(): string {
  return join(process.env.IOC_WALL_DIST ?? join(root, 'dist'), 'cli.js');
}

/**
 * The wall benches' Chromium flags: CHROMIUM_ARGS (no omnibox popup WebUI, as a kiosk node started
 * with the README's command), or with `BENCH_OMNIBOX_POPUP=1` the flags of the benches before
 * 2 Dec 2026, whose every new window also loaded Chromium's omnibox popup, to compare with them.
 */
export function benchChromiumArgs(): string[] {
  return [...(process.env.BENCH_OMNIBOX_POPUP === '1' ? CHROMIUM_ARGS_WITH_OMNIBOX_POPUP : CHROMIUM_ARGS)];
}

export interface WallBench {
  dir: string;
  browser: Browser;
  blankUrl: string;
  /** Closes the browser and the blank server, removes the data dir. */
  close(): Promise<void>;
}

export async function openWallBench(tmpPrefix: string): Promise<WallBench> {
  if (!existsSync(serveEntry()) || !existsSync(join(serveEntry(), '..', 'renderer', 'index.html'))) {
    throw new Error('dist/ is not built: run `npm run build` first.');
  }
  const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  const blank = await blankServer();
  const blankUrl = blank.url;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: benchChromiumArgs() });
  return {
    dir,
    browser,
    blankUrl,
    async close() {
      await browser.close();
      blank.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The baseline's server: a bare node:http server answering a blank page on 127.0.0.1. */
export async function blankServer(): Promise<{ url: string; close(): void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>blank</title><p>blank</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** One load of the blank page in a fresh context, in ms. */
export async function blankRun(browser: Browser, url: string, viewport = { width: 960, height: 540 }): Promise<number> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    return performance.now() - t0;
  } finally {
    await context.close();
  }
}

/**
 * `serve` on a data dir (seeding it on first start); resolves once the banner has printed every
 * wall URL. `entry`: another build's cli.js (default serveEntry()).
 */
export function serveWall(dataDir: string, token: string, entry = serveEntry()): Promise<{ child: ChildProcess; wallUrls: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, 'serve', '--data-dir', dataDir, '--port', '0', '--token', token], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, IOC_WALL_CONFIG: '' },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve: no URLs within 60 s\n${out}`));
    }, 60_000);
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      if (!out.includes('Ctrl+C')) return;
      clearTimeout(timer);
      resolve({ child, wallUrls: [...out.matchAll(/(http:\/\/\S+\/wall\?display=\S+)/g)].map((m) => m[1]!) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}\n${out}`)));
  });
}

/** Stops a served host (SIGTERM) and waits for it to exit. */
export function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise<void>((r) => {
    child.removeAllListeners('exit');
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}
