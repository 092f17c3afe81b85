// Where a cold wall start's CPU goes, by process and thread (not a benchmark: it prints a
// breakdown). `npx tsx bench/start-cpu.ts [--runs 3] [--chromium-arg ARG | --omnibox-popup]` serves the default
// 2x1 wall (seeded, host warm) and, per run, opens two blank windows, then both displays in fresh
// windows until each reports data-wall-ready, reading /proc before and after each: CPU of the
// host and of every Chromium process by type (browser, GPU, network service, renderers), the
// renderers split by thread (main, thread pool: compile and raster, compositor, IO). With
// --chromium-arg the same runs are also made in a second Chromium launched with that argument,
// taking turns, to compare; --omnibox-popup compares with a Chromium that loads its omnibox popup
// WebUI (the benches' Chromium before 2 Dec 2026, tests/e2e/support/chromium.ts). On a 2-core machine the sum says how far a start can get: two
// displays that need 6 s of CPU cannot paint in under 3 s, whatever the order of their requests.
//
// A `--disable-features=X` given to --chromium-arg is merged into the one the default args carry
// (Playwright's list and the omnibox popup's): Chromium keeps only the last such flag.
import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_ARGS_WITH_OMNIBOX_POPUP, CHROMIUM_PATH, chromiumArgs } from '../tests/e2e/support/chromium';
import { openWallBench, serveWall, stopServe } from './wall-browser';
import { cpuSnapshot as snapshot } from './proc-cpu';
import { argValue } from './types';

const TOKEN = 'bench-token-0123456789abcdef';
const VIEWPORT = { width: 960, height: 540 };
const RUNS = Number(argValue('runs') ?? 3);
const DISABLE = '--disable-features=';
const extraArg = argValue('chromium-arg');
/** The second browser's name and args, if any. */
const EXTRA: [string, readonly string[]] | undefined = process.argv.includes('--omnibox-popup')
  ? ['with the omnibox popup', CHROMIUM_ARGS_WITH_OMNIBOX_POPUP]
  : extraArg?.startsWith(DISABLE)
    ? [extraArg, chromiumArgs(extraArg.slice(DISABLE.length).split(','))]
    : extraArg
      ? [extraArg, [...CHROMIUM_ARGS, extraArg]]
      : undefined;
async function measured(browser: Browser, hostPid: number, urls: string[], ready: string | null) {
  const contexts = await Promise.all(urls.map(() => browser.newContext({ viewport: VIEWPORT })));
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const before = snapshot(hostPid);
    const t0 = performance.now();
    await Promise.all(
      pages.map(async (p, i) => {
        await p.goto(urls[i]!);
        if (ready) await p.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
      }),
    );
    const ms = performance.now() - t0;
    const by: Record<string, number> = {};
    for (const [id, v] of snapshot(hostPid)) {
      const d = v.ms - (before.get(id)?.ms ?? 0);
      if (d > 0) by[v.kind] = (by[v.kind] ?? 0) + d;
    }
    return { ms, by };
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

const print = (label: string, r: { ms: number; by: Record<string, number> }) => {
  const total = Object.values(r.by).reduce((a, b) => a + b, 0);
  console.log(`${label}: ${r.ms.toFixed(0)} ms, CPU ${total} ms, load ${loadavg()[0]!.toFixed(1)}`);
  for (const [k, v] of Object.entries(r.by).sort((a, b) => b[1] - a[1])) if (v >= 20) console.log(`    ${String(v).padStart(6)} ${k}`);
};

const wb = await openWallBench('ioc-wall-start-cpu-');
const dir = mkdtempSync(join(tmpdir(), 'ioc-wall-start-cpu-data-'));
const s = await serveWall(dir, TOKEN);
const browsers: [string, Browser][] = [['default', wb.browser]];
if (EXTRA) browsers.push([EXTRA[0], await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...EXTRA[1]] })]);
try {
  for (const [, b] of browsers) await measured(b, s.child.pid!, s.wallUrls, '[data-wall-ready="true"]'); // warms the host
  for (let i = 0; i < RUNS; i++) {
    for (const [name, b] of browsers) {
      print(`run ${i + 1} ${name}: two blank windows`, await measured(b, s.child.pid!, [wb.blankUrl, wb.blankUrl], null));
      print(`run ${i + 1} ${name}: both displays painted`, await measured(b, s.child.pid!, s.wallUrls, '[data-wall-ready="true"]'));
    }
  }
} finally {
  for (const [, b] of browsers.slice(1)) await b.close();
  await stopServe(s.child);
  await wb.close();
  rmSync(dir, { recursive: true, force: true });
}
