// What the wall benches (cold start, full-wall paint) share: the built dist/ required, a temp
// data dir, Debian's Chromium, and the baseline they are measured against, a blank page served
// by a bare node:http server and loaded in a fresh context of the same Chromium.
import { chromium, type Browser } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/chromium';

const root = join(import.meta.dirname, '..');

export interface WallBench {
  dir: string;
  browser: Browser;
  blankUrl: string;
  /** Closes the browser and the blank server, removes the data dir. */
  close(): Promise<void>;
}

export async function openWallBench(tmpPrefix: string): Promise<WallBench> {
  if (!existsSync(join(root, 'dist', 'cli.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/ is not built: run `npm run build` first.');
  }
  const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  const blank = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>blank</title><p>blank</p>');
  });
  await new Promise<void>((r) => blank.listen(0, '127.0.0.1', r));
  const blankUrl = `http://127.0.0.1:${(blank.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
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
