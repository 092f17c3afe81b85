// Cold start: from spawning `ioc-wall serve` on an already seeded data dir to every tile of both
// displays of the 2x1 wall painted ([data-wall-ready="true"]) in Debian's Chromium. Baseline: a
// blank page served by a bare node:http server, loaded in the same Chromium in the same run.
// The browser is already running (display nodes keep it up); each run gets fresh contexts, so
// the HTTP cache is empty while the OS file cache is warm. First-run seeding is reported apart.
// Each display gets its own context, i.e. its own window, as on the wall (one full-screen window
// per display). The old way, two tabs of one window, is still reported beside it: Chromium gives
// the background tab about one frame a second, so that figure mostly measures frame throttling
// of a tab nobody sees (every requestAnimationFrame waits ~1 s there).
// The node's offline cache (renderer/wall/cache, renderer/sw): on a node that has shown the wall
// before, the first full frame from its cache with the host unreachable (a reboot while the host
// is down), beside the live frame of a node with nothing cached (host up, fresh profile), both
// from page.goto to every tile of both displays painted, against the same blank page.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { median, type BenchRow } from './types';
import { blankRun, openWallBench, serveEntry } from './wall-browser';

const RUNS = 5;
const TOKEN = 'bench-token-0123456789abcdef';

interface Serving {
  child: ChildProcess;
  wallUrls: string[];
  seedMs: number | null;
  upMs: number;
}

/** Spawns serve and resolves once its banner has printed every URL. */
function serve(dataDir: string, t0: number): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [serveEntry(), 'serve', '--data-dir', dataDir, '--port', '0', '--token', TOKEN],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IOC_WALL_CONFIG: '' } },
    );
    let out = '';
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`serve: ${why}\n${out}`));
    };
    const timer = setTimeout(() => fail('no URLs within 60 s'), 60_000);
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      if (!out.includes('Ctrl+C')) return; // the banner's last line
      clearTimeout(timer);
      const wallUrls = [...out.matchAll(/(http:\/\/\S+\/wall\?display=\S+)/g)].map((m) => m[1]!);
      const seed = /seeded in (\d+) ms/.exec(out);
      resolve({ child, wallUrls, seedMs: seed ? Number(seed[1]) : null, upMs: performance.now() - t0 });
    });
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function wallRun(
  browser: Browser,
  dataDir: string,
  mode: 'windows' | 'tabs' = 'windows',
): Promise<{ readyMs: number; upMs: number; seedMs: number | null }> {
  const t0 = performance.now();
  const s = await serve(dataDir, t0);
  try {
    const shared = mode === 'tabs' ? await browser.newContext({ viewport: { width: 960, height: 540 } }) : null;
    const contexts = shared ? [shared] : [];
    try {
      await Promise.all(
        s.wallUrls.map(async (url) => {
          let context = shared;
          if (!context) contexts.push((context = await browser.newContext({ viewport: { width: 960, height: 540 } })));
          const page = await context.newPage();
          await page.goto(url);
          await page.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
        }),
      );
      return { readyMs: performance.now() - t0, upMs: s.upMs, seedMs: s.seedMs };
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  } finally {
    await stop(s.child);
  }
}

const VIEWPORT = { width: 960, height: 540 };

/** page.goto → every tile painted, on each display at once (one window each); the slowest, in ms. */
async function paintAll(contexts: BrowserContext[], urls: string[]): Promise<number> {
  const t0 = performance.now();
  const pages: Page[] = [];
  try {
    await Promise.all(
      urls.map(async (url, i) => {
        const page = await contexts[i]!.newPage();
        pages.push(page);
        await page.goto(url);
        await page.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
      }),
    );
    return performance.now() - t0;
  } finally {
    await Promise.all(pages.map((p) => p.close()));
  }
}

/** This display's cached entries as the page sees them (0 before its cache exists). */
function cachedEntries(page: Page, displayId: string): Promise<number> {
  return page.evaluate(async (d) => {
    // Never open (and so create) the database before the page's own cache code has.
    if (!(await indexedDB.databases()).some((x) => x.name === 'ioc-wall-cache')) return 0;
    return new Promise<number>((ok) => {
      const open = indexedDB.open('ioc-wall-cache');
      open.onerror = () => ok(0);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('wall')) return ok(0);
        const get = db.transaction('wall').objectStore('wall').get(`${d}|index`);
        get.onsuccess = () => ok((get.result as { hashes?: string[] } | undefined)?.hashes?.length ?? 0);
        get.onerror = () => ok(0);
      };
    });
  }, displayId);
}

/** Until the service worker controls the page and this display's cache holds its answers. */
async function cached(page: Page, displayId: string): Promise<void> {
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
  const deadline = performance.now() + 30_000;
  while ((await cachedEntries(page, displayId)) <= 2) {
    if (performance.now() > deadline) throw new Error(`the wall's cache for ${displayId} was not written within 30 s`);
    await page.waitForFunction(() => new Promise((r) => setTimeout(() => r(true), 100))); // next look in 100 ms
  }
}

/**
 * Live frames (fresh contexts, host up) and cached frames (contexts that showed the wall once,
 * host stopped), each run interleaved with a blank page load.
 */
async function cacheRuns(browser: Browser, dir: string, blankUrl: string): Promise<{ live: number[]; cache: number[]; blanks: number[] }> {
  const s = await serve(dir, performance.now());
  const warm: BrowserContext[] = [];
  const live: number[] = [];
  const cache: number[] = [];
  const blanks: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      blanks.push(await blankRun(browser, blankUrl));
      const fresh = await Promise.all(s.wallUrls.map(() => browser.newContext({ viewport: VIEWPORT })));
      try {
        live.push(await paintAll(fresh, s.wallUrls));
      } finally {
        await Promise.all(fresh.map((c) => c.close()));
      }
    }
    // A node that has shown the wall: its cache and the shell's service worker are filled.
    for (const url of s.wallUrls) {
      const c = await browser.newContext({ viewport: VIEWPORT });
      warm.push(c);
      const page = await c.newPage();
      await page.goto(url);
      await page.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
      await cached(page, new URL(url).searchParams.get('display')!);
      await page.close();
    }
  } finally {
    await stop(s.child);
  }
  try {
    for (let i = 0; i < RUNS; i++) {
      blanks.push(await blankRun(browser, blankUrl));
      cache.push(await paintAll(warm, s.wallUrls)); // the host is down: shell and data from the node
    }
  } finally {
    await Promise.all(warm.map((c) => c.close()));
  }
  return { live, cache, blanks };
}

export default async function coldStart(): Promise<BenchRow[]> {
  const wb = await openWallBench('ioc-bench-cold-');
  const { dir, browser, blankUrl } = wb;
  try {
    // First start: creates and seeds the database (reported, not part of the cold-start median).
    const t0 = performance.now();
    const first = await serve(dir, t0);
    await stop(first.child);
    if (first.seedMs === null) throw new Error('the first start did not seed the demo data');

    await blankRun(browser, blankUrl); // warm Chromium's own code paths once, as for the walls below
    const ready: number[] = [];
    const up: number[] = [];
    const blanks: number[] = [];
    const tabs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so drift in machine load touches both series alike.
      blanks.push(await blankRun(browser, blankUrl));
      const r = await wallRun(browser, dir);
      ready.push(r.readyMs);
      up.push(r.upMs);
      tabs.push((await wallRun(browser, dir, 'tabs')).readyMs);
    }
    const readyMed = median(ready);
    const blankMed = median(blanks);
    const c = await cacheRuns(browser, dir, blankUrl);
    const load = loadavg()[0]!.toFixed(1);
    const cBlank = median(c.blanks);
    const runs = (v: number[]) => v.map((x) => Math.round(x)).join('/');
    return [
      {
        name: 'first full frame from the cache (host down), 2 displays',
        value: median(c.cache),
        unit: 'ms',
        baseline: { name: 'blank page load', value: cBlank },
        ratio: median(c.cache) / cBlank,
        note: `median of ${RUNS}; runs ${runs(c.cache)} ms; goal ≤ 2× blank; page.goto → painted, a node that showed the wall before, host stopped (shell from the service worker, data from IndexedDB); load avg ${load}`,
      },
      {
        name: 'first full frame live (nothing cached), 2 displays',
        value: median(c.live),
        unit: 'ms',
        baseline: { name: 'blank page load', value: cBlank },
        ratio: median(c.live) / cBlank,
        note: `median of ${RUNS}; runs ${runs(c.live)} ms; page.goto → painted, fresh profile, host up and warm`,
      },
      {
        name: 'cold start: serve → 2 displays painted',
        value: readyMed,
        unit: 'ms',
        baseline: { name: 'blank page load', value: blankMed },
        ratio: readyMed / blankMed,
        note: `median of ${RUNS}; runs ${ready.map((v) => Math.round(v)).join('/')} ms; ${first.wallUrls.length} displays, one window each; load avg ${load}`,
      },
      {
        name: 'cold start: serve → 2 displays painted, as 2 tabs',
        value: median(tabs),
        unit: 'ms',
        baseline: { name: 'blank page load', value: blankMed },
        ratio: median(tabs) / blankMed,
        note: `median of ${RUNS}; runs ${tabs.map((v) => Math.round(v)).join('/')} ms; both pages in one window: the background tab gets ~1 frame/s`,
      },
      {
        name: 'cold start: URLs printed → 2 displays painted',
        value: median(ready.map((r, i) => r - up[i]!)),
        unit: 'ms',
        baseline: { name: 'blank page load', value: blankMed },
        ratio: median(ready.map((r, i) => r - up[i]!)) / blankMed,
        note: `median of ${RUNS}; the browser side: renderer load, HostApi queries, panels drawn`,
      },
      {
        name: 'cold start: serve → URLs printed',
        value: median(up),
        unit: 'ms',
        note: `median of ${RUNS}; host up, database open, before any page`,
      },
      { name: 'first run: demo seed', value: first.seedMs, unit: 'ms', note: 'once, empty database; included in neither median' },
    ];
  } finally {
    await wb.close();
  }
}
