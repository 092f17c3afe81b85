// Two builds' cold layout switches, taking turns in one session (not a benchmark: it prints a
// comparison). `npx tsx bench/switch-ab.ts --base .base/dist [--switches 12]` serves another
// build's dist/ (copied inside the repository, so node_modules resolve) and this checkout's
// dist/ (or `--this DIR`), each with the layout-switch bench's 3×2 wall of six 1280×720 pages in
// the same Chromium, and alternates cold switches between them (a copy of a bundled preset saved
// under a new id just before it is shown; which build goes first alternates too). Per switch and
// build: the six pages' main-thread CPU (CDP ThreadTime) from 'preset.activate' until every
// page has painted it, and over a fixed window after it (what follows the paint: label
// placement, the next preset prepared at idle), and the wall-clock time to the last display
// painted. On a machine whose load swings ×5 in minutes, two bench runs one after the other
// see different machines; switches taking turns see the same one.
import type { Browser, CDPSession, Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { ApiClient, launchChromium, startServe, type Served } from '../tests/e2e/support/layouts-host';
import { openSwitchWall, saveFreshCopy, SWITCH_CYCLE as CYCLE } from './switch-wall';
import { median, percentile, argValue } from './types';

const base = argValue('base');
if (!base) throw new Error('usage: npx tsx bench/switch-ab.ts --base <other build dist/> [--this DIR] [--switches 12] [--window-ms 3000]');
const SWITCHES = Number(argValue('switches') ?? 12);
/** CPU is also summed over this window from the switch (what follows the paint). */
const WINDOW_MS = Number(argValue('window-ms') ?? 3000);

interface Side {
  name: string;
  served: Served;
  api: ApiClient;
  pages: Page[];
  cdps: CDPSession[];
  fresh: string[];
  toReady: number[];
  cpuToReady: number[];
  cpuWindow: number[];
  loads: number[];
}

async function openSide(browser: Browser, name: string, dist: string | undefined): Promise<Side> {
  const saved = process.env.IOC_WALL_DIST;
  if (dist) process.env.IOC_WALL_DIST = resolve(dist);
  else delete process.env.IOC_WALL_DIST;
  const served = await startServe({ token: `bench-switch-ab-${name}-0123456789` });
  if (saved === undefined) delete process.env.IOC_WALL_DIST;
  else process.env.IOC_WALL_DIST = saved;
  const api = await ApiClient.connect(served);
  const pages = await openSwitchWall(browser, served, api);
  const cdps = await Promise.all(pages.map((p) => p.context().newCDPSession(p)));
  await Promise.all(cdps.map((c) => c.send('Performance.enable')));
  return { name, served, api, pages, cdps, fresh: [], toReady: [], cpuToReady: [], cpuWindow: [], loads: [] };
}

async function cpuMs(s: Side): Promise<number> {
  const all = await Promise.all(s.cdps.map((c) => c.send('Performance.getMetrics')));
  return all.reduce((sum, r) => sum + (r.metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000, 0);
}

/** One switch of `s` to a fresh copy of `preset`; `record` false for the warm-up round. */
async function coldSwitch(s: Side, preset: string, record: boolean): Promise<void> {
  const id = `switch-ab-${s.fresh.length + 1}`;
  await saveFreshCopy(s.api, preset, id, `switch-ab ${id}`);
  s.fresh.push(id);
  const load = loadavg()[0]!;
  const cpu0 = await cpuMs(s);
  const t0 = performance.now();
  const windowEnd = t0 + WINDOW_MS;
  void s.api.call('preset.activate', { id });
  await Promise.all(s.pages.map((p) => p.waitForSelector(`.wall-root[data-layout-id="${id}"][data-wall-ready="true"]`, { timeout: 60_000 })));
  const ready = performance.now() - t0;
  const cpuReady = (await cpuMs(s)) - cpu0;
  // A fixed window, the same for both builds: whatever the pages do after the paint counts.
  while (performance.now() < windowEnd) await new Promise((r) => setTimeout(r, windowEnd - performance.now()));
  const cpuWin = (await cpuMs(s)) - cpu0;
  if (!record) return;
  s.toReady.push(ready);
  s.cpuToReady.push(cpuReady);
  s.cpuWindow.push(cpuWin);
  s.loads.push(load);
}

const browser = await launchChromium();
const sides: Side[] = [];
try {
  sides.push(await openSide(browser, 'base', base));
  sides.push(await openSide(browser, 'this', argValue('this')));
  // One round of the bundled presets on each (their panels' chunks loaded), then a cold warm-up.
  for (const s of sides) {
    for (const id of CYCLE) {
      await s.api.call('preset.activate', { id });
      await Promise.all(s.pages.map((p) => p.waitForSelector(`.wall-root[data-layout-id="${id}"][data-wall-ready="true"]`, { timeout: 60_000 })));
    }
    await coldSwitch(s, CYCLE[0]!, false);
  }
  for (let i = 0; i < SWITCHES; i++) {
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) await coldSwitch(s, CYCLE[(i + 1) % CYCLE.length]!, true);
    process.stdout.write(`switch ${i + 1}/${SWITCHES}: ${sides.map((s) => `${s.name} ${s.cpuToReady.at(-1)!.toFixed(0)} ms CPU, ${s.toReady.at(-1)!.toFixed(0)} ms`).join(' · ')} (load ${loadavg()[0]!.toFixed(1)})\n`);
  }
  const [b, t] = sides as [Side, Side];
  const row = (label: string, f: (s: Side) => number) => `${label.padEnd(52)} ${f(b).toFixed(0).padStart(7)} ${f(t).toFixed(0).padStart(7)}   ×${(f(t) / f(b)).toFixed(2)}`;
  console.log(`\n${SWITCHES} cold switches each, taking turns; load ${Math.min(...b.loads, ...t.loads).toFixed(1)}–${Math.max(...b.loads, ...t.loads).toFixed(1)}`);
  console.log(`${''.padEnd(52)} ${'base'.padStart(7)} ${'this'.padStart(7)}   this/base`);
  console.log(row('six pages main-thread CPU to painted, median (ms)', (s) => median(s.cpuToReady)));
  console.log(row('six pages main-thread CPU to painted, mean (ms)', (s) => s.cpuToReady.reduce((a, x) => a + x, 0) / s.cpuToReady.length));
  console.log(row(`six pages main-thread CPU over ${WINDOW_MS} ms, median (ms)`, (s) => median(s.cpuWindow)));
  console.log(row('to the last display painted p50 (ms)', (s) => percentile(s.toReady, 50)));
  console.log(row('to the last display painted p95 (ms)', (s) => percentile(s.toReady, 95)));
  const wins = b.cpuToReady.filter((x, i) => t.cpuToReady[i]! < x).length;
  console.log(`this used less CPU to painted than base in ${wins} of ${SWITCHES} pairs`);
} finally {
  for (const s of sides) {
    for (const id of s.fresh) await s.api.call('preset.delete', { id }).catch(() => {});
    s.api.close();
  }
  await browser.close();
  for (const s of sides) await s.served.stop();
}
