// Two builds of the wall, measured interleaved in one session (not a benchmark: it prints a
// comparison). `npx tsx bench/wall-ab.ts --base .base/dist [--runs 5]` serves this checkout's
// dist/ and another build's (copied inside the repository, so node_modules resolve) side by
// side, each on its own seeded data dir, and takes turns: a blank page, then each build's cold
// wall (both displays in fresh contexts), then a restart of each (a browser on a copy of the
// profile an earlier run of that build left: bench/warm-profile.ts) beside a blank page
// restarted the same way. On a machine shared with other work the load swings by ×5 within
// minutes; taking turns gives both builds the same swings, where two bench runs one after the
// other do not.
import type { Browser } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, argValue } from './types';
import { blankRun, openWallBench, serveEntry, serveWall, stopServe } from './wall-browser';
import { treeCpu } from './tree-cpu';
import { recordProfile, removeProfile, restartRun } from './warm-profile';

const TOKEN = 'bench-token-0123456789abcdef';
const VIEWPORT = { width: 960, height: 540 };
const READY = '[data-wall-ready="true"]';
const base = argValue('base');
if (!base) throw new Error('usage: npx tsx bench/wall-ab.ts --base <other build dist/> [--runs 5]');
const RUNS = Number(argValue('runs') ?? 5);

async function coldRun(browser: Browser, urls: string[]): Promise<number> {
  const contexts = await Promise.all(urls.map(() => browser.newContext({ viewport: VIEWPORT })));
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const t0 = performance.now();
    await Promise.all(
      pages.map(async (p, i) => {
        await p.goto(urls[i]!);
        await p.waitForSelector(READY, { timeout: 60_000, state: 'attached' });
      }),
    );
    return performance.now() - t0;
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

const wb = await openWallBench('ioc-wall-ab-');
const builds = [
  { name: 'base', entry: join(resolve(base), 'cli.js') },
  { name: 'this', entry: serveEntry() },
];
const hosts: { name: string; child: ChildProcess; urls: string[]; profile: string; dir: string }[] = [];
let blankProfile: string | null = null;
try {
  for (const b of builds) {
    const dir = mkdtempSync(join(tmpdir(), `ioc-wall-ab-${b.name}-`));
    const s = await serveWall(dir, TOKEN, b.entry);
    hosts.push({ name: b.name, child: s.child, urls: s.wallUrls, dir, profile: '' });
    await coldRun(wb.browser, s.wallUrls); // warms the host and Chromium's own code
    hosts.at(-1)!.profile = await recordProfile(s.wallUrls, { viewport: VIEWPORT, readySelector: READY });
  }
  blankProfile = await recordProfile([wb.blankUrl], { viewport: VIEWPORT });
  const r: Record<string, number[]> = { blank: [], 'blank restart': [], load: [] };
  for (const h of hosts) for (const k of ['cold', 'cold CPU', 'restart', 'restart live', 'restart CPU']) r[`${h.name} ${k}`] = [];
  for (let i = 0; i < RUNS; i++) {
    r.blank!.push(await blankRun(wb.browser, wb.blankUrl, VIEWPORT));
    // Alternate which build goes first, so neither always meets the other's leftovers.
    const order = i % 2 ? [...hosts].reverse() : hosts;
    for (const h of order) {
      const cpu = treeCpu();
      r[`${h.name} cold`]!.push(await coldRun(wb.browser, h.urls));
      r[`${h.name} cold CPU`]!.push(cpu.stop());
    }
    r['blank restart']!.push((await restartRun(blankProfile, [wb.blankUrl], { viewport: VIEWPORT })).ms);
    for (const h of order) {
      const cpu = treeCpu();
      const x = await restartRun(h.profile, h.urls, { viewport: VIEWPORT, readySelector: READY });
      r[`${h.name} restart CPU`]!.push(cpu.stop());
      r[`${h.name} restart`]!.push(x.ms);
      r[`${h.name} restart live`]!.push(x.liveMs);
    }
    r.load!.push(loadavg()[0]!);
    process.stderr.write(`run ${i + 1}/${RUNS}, load ${loadavg()[0]!.toFixed(1)}\n`);
  }
  const blank = median(r.blank!);
  const blankRestart = median(r['blank restart']!);
  for (const [k, v] of Object.entries(r)) {
    if (k === 'load') continue;
    if (k.endsWith('CPU')) {
      console.log(`${k.padEnd(18)} median ${median(v).toFixed(0).padStart(5)} ms of CPU (browser, host)   runs ${v.map(Math.round).join('/')}`);
      continue;
    }
    const ref = k.includes('restart') ? blankRestart : blank;
    const ratio = k.startsWith('blank') ? '' : ` ×${(median(v) / ref).toFixed(1)} ${k.includes('restart') ? 'the restarted' : 'a'} blank page`;
    console.log(`${k.padEnd(18)} median ${median(v).toFixed(0).padStart(5)} ms${ratio}   runs ${v.map(Math.round).join('/')}`);
  }
  console.log(`load average ${r.load!.map((l) => l.toFixed(1)).join('/')}`);
} finally {
  for (const h of hosts) {
    await stopServe(h.child);
    if (h.profile) removeProfile(h.profile);
    rmSync(h.dir, { recursive: true, force: true });
  }
  if (blankProfile) removeProfile(blankProfile);
  await wb.close();
}
