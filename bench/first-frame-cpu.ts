// A cold wall's first frame in renderer CPU (not a benchmark: it prints a comparison).
// `npx tsx bench/first-frame-cpu.ts [--runs 7] [--base DIR]` serves the default 2x1 wall
// (seeded demo data, host warm) and opens both displays in fresh contexts at once, as
// full-wall-paint does, until both report data-wall-ready; it reports the wall-clock time and the
// main-thread CPU time of the two renderers (CDP ThreadTime, read once painted). CPU time leaves
// out what the OS gave to other processes, so on this shared 2-core machine it says what a change
// to the wall's code saves far more steadily than the wall-clock figure. With --base DIR (a
// dist/ copy inside the repo, as IOC_WALL_DIST) the runs alternate between that build and
// dist/, one host each, in the same browser, so both see the same load. It also reports the CPU
// of every Chromium process (browser, network service, GPU, renderers and their threads) from
// /proc: what a change in the number of files or requests moves, which the renderers' main
// threads do not show.
import type { Browser, CDPSession } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, argValue } from './types';
import { chromiumMsSince, cpuSnapshot } from './proc-cpu';
import { openWallBench, serveWall, stopServe } from './wall-browser';

const RUNS = Number(argValue('runs') ?? 7);
const BASE = argValue('base');
const TOKEN = 'bench-token-0123456789abcdef';
const VIEWPORT = { width: 960, height: 540 };

async function run(browser: Browser, hostPid: number, urls: string[]): Promise<{ ms: number; cpuMs: number; chromiumMs: number }> {
  const contexts = await Promise.all(urls.map(() => browser.newContext({ viewport: VIEWPORT })));
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const cdps: CDPSession[] = await Promise.all(pages.map((p) => p.context().newCDPSession(p)));
    await Promise.all(cdps.map((c) => c.send('Performance.enable')));
    const before = cpuSnapshot(hostPid);
    const t0 = performance.now();
    await Promise.all(
      pages.map(async (p, i) => {
        await p.goto(urls[i]!);
        await p.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
      }),
    );
    const ms = performance.now() - t0;
    const chromiumMs = chromiumMsSince(before, cpuSnapshot(hostPid));
    let cpuMs = 0;
    for (const c of cdps) cpuMs += ((await c.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
    return { ms, cpuMs, chromiumMs };
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

const builds = BASE ? [{ name: 'base', dist: resolve(BASE) }, { name: 'this', dist: undefined }] : [{ name: 'this', dist: undefined }];
const wb = await openWallBench('ioc-first-frame-cpu-');
const hosts: { name: string; child: ChildProcess; urls: string[]; dir: string }[] = [];
try {
  for (const b of builds) {
    // serveEntry() reads IOC_WALL_DIST when it starts a host: one host per build.
    if (b.dist) process.env.IOC_WALL_DIST = b.dist;
    else delete process.env.IOC_WALL_DIST;
    const dir = mkdtempSync(join(tmpdir(), `ioc-first-frame-${b.name}-`));
    const s = await serveWall(dir, TOKEN);
    hosts.push({ name: b.name, child: s.child, urls: s.wallUrls, dir });
    await run(wb.browser, s.child.pid!, s.wallUrls); // warm the host and Chromium once
  }
  const results = new Map<string, { ms: number[]; cpu: number[]; chromium: number[]; load: number[] }>(
    hosts.map((h) => [h.name, { ms: [], cpu: [], chromium: [], load: [] }]),
  );
  for (let i = 0; i < RUNS; i++) {
    for (const h of i % 2 === 0 ? hosts : [...hosts].reverse()) {
      const r = await run(wb.browser, h.child.pid!, h.urls);
      const acc = results.get(h.name)!;
      acc.ms.push(r.ms);
      acc.cpu.push(r.cpuMs);
      acc.chromium.push(r.chromiumMs);
      acc.load.push(loadavg()[0]!);
    }
  }
  for (const [name, r] of results) {
    console.log(
      `${name}: both displays painted p50 ${median(r.ms).toFixed(0)} ms; renderer main-thread CPU, two displays, p50 ${median(r.cpu).toFixed(0)} ms ` +
        `(runs ${r.cpu.map((v) => v.toFixed(0)).join('/')}); all of Chromium p50 ${median(r.chromium).toFixed(0)} ms (runs ${r.chromium.join('/')}); load ${Math.min(...r.load).toFixed(1)}–${Math.max(...r.load).toFixed(1)}`,
    );
  }
  if (BASE) {
    const [b, t] = [results.get('base')!, results.get('this')!];
    console.log(`this / base: renderers' main-thread CPU ×${(median(t.cpu) / median(b.cpu)).toFixed(2)}, all of Chromium ×${(median(t.chromium) / median(b.chromium)).toFixed(2)}, wall-clock ×${(median(t.ms) / median(b.ms)).toFixed(2)}`);
  }
} finally {
  for (const h of hosts) {
    await stopServe(h.child);
    rmSync(h.dir, { recursive: true, force: true });
  }
  await wb.close();
}
