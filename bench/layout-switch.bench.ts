// Layout switch latency on a 3x2 wall: six wall pages (one per display, 1280x720 each) in Debian's
// Chromium and the console. Each switch is a click on "Hiển thị lên tường" in the console (the
// console sends 'preset.activate'); it ends when the LAST of the six displays shows the new
// layout fully painted (data-layout-id = the preset and data-wall-ready="true", time-stamped in
// the page by a MutationObserver, so polling does not add to it). Warm: two bundled presets
// alternate, and the walls keep recently shown layouts mounted (hidden), so a switch is a flip.
// Uncued: four presets cycle through the API call the click makes, without the editor's cue (what
// an alert, a leader's request or the schedule does). The walls prepare the presets 'layout.ahead'
// names at idle (all four bundled ones here), so since that change these switches are flips too;
// before it, every one mounted and painted new panels on the six displays. Cold: a preset saved
// just before it is shown (a copy of one of the four under a new id, never among the presets
// ahead), so every display mounts and paints it from nothing — the switch no preparation can
// help. Cued: the four through the console, where picking a preset cues it and the walls prepare
// it before the click.
// Baselines, same run: a blank page loaded in a fresh context of the same Chromium (bare
// node:http server; one load before each switch of the cold and cued series, interleaved, so a
// change in machine load touches both), and a HostApi WebSocket round-trip ('wall.get').
// Each switch starts once the host and the pages are idle (bench/quiet.ts: the bench's own step
// before it, a blank page closed or a preset saved, otherwise shares the cores with the switch,
// where a real wall's switches come minutes apart); `--no-settle` starts it right away, as runs
// before 3 Dec 2026 did. The load average is sampled at every switch and printed per series. `--load N` starts N busy
// processes first (bench/load.ts) and waits, up to two minutes, for the load average to reach N:
// the same switches on a busy machine, reproducibly.
// IOC_WALL_DIST=<a dist/ copy inside the repo> runs another build (before/after in one session).
import type { Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { ApiClient, launchChromium, startServe } from '../tests/e2e/support/layouts-host';
import { numberOption, startLoad, waitForLoad } from './load';
import { untilQuiet, type QuietWait } from './quiet';
import { openSwitchWall, saveFreshCopy, SWITCH_CYCLE as CYCLE, SWITCH_H as H, SWITCH_W as W } from './switch-wall';
import { median, type BenchRow } from './types';
import { blankRun, blankServer } from './wall-browser';

const LOAD = numberOption('load', 0);
const SETTLE = !process.argv.includes('--no-settle');
const WARM_SWITCHES = 50;
// Per series of switches that are not warm. A p95 of 16 is the slowest switch of the series, which
// one scheduling hiccup decides; of 40 it is the third slowest.
const COLD_SWITCHES = 40;
/** Ids of the presets the cold series saves (and deletes afterwards). */
const FRESH = 'bench-fresh-';
// SWITCH_CYCLE ends on the wall's current preset ('overview'); ALTERNATE then starts elsewhere.
const ALTERNATE = ['traffic-order', 'overview'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** Records, in the page, when the wall root first shows each layout fully painted. */
async function watch(page: Page): Promise<void> {
  // A string, not a function: tsx's name-keeping helpers do not exist in the page.
  await page.evaluate(`(() => {
    const root = document.querySelector('.wall-root');
    window.__seen = [];
    function check() {
      if (root.getAttribute('data-wall-ready') !== 'true') return;
      const id = root.getAttribute('data-layout-id');
      const last = window.__seen[window.__seen.length - 1];
      if (!last || last.id !== id) window.__seen.push({ id, at: performance.timeOrigin + performance.now() });
    }
    new MutationObserver(check).observe(root, { attributes: true, attributeFilter: ['data-layout-id', 'data-wall-ready'] });
    check();
  })()`);
}

/**
 * The page's clock minus this process's (both `performance.timeOrigin + performance.now()`), from
 * the shortest of three round trips (off by at most half of it, about a millisecond). Each
 * renderer maps its monotonic clock to the system clock once, when it starts, and so does this
 * process: a system clock corrected after that (a VM's, in its first hour) puts them apart. On
 * 3 Dec 2026 the console page's clock ran 3.3 s ahead of the wall pages' and gave negative
 * switch times; every time a page stamps is moved to this process's clock before it is compared.
 */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 3; i++) {
    const a = performance.timeOrigin + performance.now();
    const there = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const b = performance.timeOrigin + performance.now();
    if (b - a < best.rtt) best = { rtt: b - a, offset: there - (a + b) / 2 };
  }
  return best.offset;
}

/** How many layouts the page has recorded so far: a switch's own record comes after these. */
const seenCount = (page: Page) => page.evaluate('window.__seen.length') as Promise<number>;

/**
 * When the page first showed layout `id` painted among the records after the first `from`. Matched
 * by position, not by time: the page's clock and this process's are different clocks (within 2 ms
 * of each other when measured), and a position needs no assumption about them. A timeout says what
 * the display shows, for the one run that timed out without saying which display or why.
 */
function seenAfter(page: Page, id: string, from: number): Promise<number> {
  // No named inner functions here: the predicate runs in the page (and the page's CSP forbids eval).
  return page
    .waitForFunction(
      ([want, first]) => {
        const seen = (window as unknown as { __seen: { id: string | null; at: number }[] }).__seen;
        return seen.slice(first as number).find((x) => x.id === want)?.at ?? false;
      },
      [id, from] as const,
      { polling: 25, timeout: 60_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(async (err: unknown) => {
      const state = await page
        .evaluate(`(() => { const r = document.querySelector('.wall-root'); return JSON.stringify({ display: r.dataset.displayId, layout: r.dataset.layoutId, ready: r.dataset.wallReady, cued: r.dataset.cuedLayoutId, canvases: [...document.querySelectorAll('.wall-canvas')].map((c) => c.dataset.canvasLayoutId), seen: window.__seen.slice(-4) }); })()`)
        .catch(() => 'page gone');
      throw new Error(`layout ${id} not shown painted: ${String(state)} (${(err as Error).message})`);
    });
}

export default async function layoutSwitch(): Promise<BenchRow[]> {
  const served = await startServe({ token: 'bench-layout-switch-0123456789' });
  const api = await ApiClient.connect(served);
  const browser = await launchChromium();
  const blank = await blankServer();
  const busy = LOAD > 0 ? startLoad(LOAD) : null;
  try {
    if (busy) await waitForLoad(LOAD, 120_000, (s) => process.stderr.write(`${s}\n`));
    api.subscribe('layout.changed');
    const walls = await openSwitchWall(browser, served, api);
    for (const p of walls) await watch(p);
    // CPU time of the six pages' main threads (Chromium's ThreadTime): the work a switch costs.
    // Unlike wall-clock time (and TaskDuration), time the OS gave to other processes is not in it.
    const cdps = await Promise.all(walls.map((p) => p.context().newCDPSession(p)));
    await Promise.all(cdps.map((c) => c.send('Performance.enable')));
    const cpuMs = async () => {
      let sum = 0;
      for (const c of cdps) sum += ((await c.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
      return sum;
    };

    const console_ = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await console_.goto(`${served.url}/console?token=${served.token}&tab=layouts`);
    await console_.waitForSelector('.le-wall');

    // Baseline: WebSocket round-trips to the same host.
    const rtts: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await api.call('wall.get');
      rtts.push(performance.now() - t);
    }

    const eventLag: number[] = [];
    /** Every page clock offset read (see clockOffset), for the run's note. */
    const clocks: number[] = [];
    const blanks: number[] = [];
    const loads: Record<string, number[]> = {};
    const settles: Record<string, QuietWait[]> = {};
    const settle = async (series: string) => {
      if (SETTLE) (settles[series] ??= []).push(await untilQuiet(served.pid));
    };
    const cpu: Record<string, number> = {};
    const fresh: string[] = [];
    const mapCanvases = { kept: 0, new: 0 };
    const chartCanvases = { kept: 0, new: 0 };
    const run = async (presets: string[], n: number, skip: number, how: 'console' | 'api' | 'fresh', series: string, withBlank = false): Promise<number[]> => {
      const times: number[] = [];
      const load = (loads[series] = [] as number[]);
      let cpuAtStart = 0;
      for (let i = 0; i < n + skip; i++) {
        let id = presets[i % presets.length]!;
        if (how === 'fresh') {
          // A copy of the preset under a new id, saved now: no display has seen it.
          const from = id;
          id = `${FRESH}${fresh.length + 1}`;
          await saveFreshCopy(api, from, id, `bench ${id}`);
          fresh.push(id);
        }
        if (i === skip) cpuAtStart = await cpuMs();
        if (withBlank && i >= skip) blanks.push(await blankRun(browser, blank.url, { width: W, height: H }));
        load.push(loadavg()[0]!);
        let t0: number;
        const seenEvents = api.events.length;
        const from = await Promise.all(walls.map(seenCount));
        if (how === 'console') {
          // Picking it in the editor cues it; the operator looks before clicking: wait until
          // every display has it prepared (or still mounted from before).
          await console_.selectOption('select[name="preset"]', id);
          await console_.waitForSelector(`.le[data-editing-preset="${id}"]:not([data-dirty])`);
          for (const p of walls) {
            await p.waitForFunction(
              (want) => {
                const r = document.querySelector('.wall-root')!;
                return (r.getAttribute('data-cued-layout-id') === want && r.getAttribute('data-cued-ready') === 'true') || r.querySelector(`.wall-canvas[data-canvas-layout-id="${want}"]`) !== null;
              },
              id,
              { polling: 50, timeout: 60_000 },
            );
          }
          await console_.waitForTimeout(100);
          await settle(series);
          // The click's own time, taken in the console page right before it dispatches.
          t0 = (await console_.evaluate(`(() => {
            const t = performance.timeOrigin + performance.now();
            document.querySelector('[data-action="show"]').click();
            return t;
          })()`)) as number;
        } else {
          await settle(series);
          // What the click sends, without the console's cue: every display starts from nothing.
          t0 = performance.timeOrigin + performance.now();
          void api.call('preset.activate', { id });
        }
        const stamped = await Promise.all(walls.map((p, k) => seenAfter(p, id, from[k]!)));
        // On this process's clock (see clockOffset), read right after the switch.
        const offsets = await Promise.all(walls.map(clockOffset));
        const ends = stamped.map((t, k) => t - offsets[k]!);
        if (how === 'console') {
          offsets.push(await clockOffset(console_));
          t0 -= offsets.at(-1)!;
        }
        for (const o of offsets) clocks.push(o);
        if (i >= skip) {
          times.push(Math.max(...ends) - t0);
          if (how === 'fresh') {
            // Maps and charts of the layout just mounted: did each find a canvas a removed one left (canvas-pool.ts)?
            for (const p of walls) {
              for (const [sel, count] of [['.leaflet-container', mapCanvases], ['.chart', chartCanvases]] as const) {
                for (const k of await p.evaluate(`[...document.querySelectorAll('.wall-canvas:not(.wall-canvas--hidden) ${sel}')].map((e) => e.dataset.canvas)`) as (string | undefined)[]) {
                  if (k === 'kept') count.kept++;
                  else if (k === 'new') count.new++;
                }
              }
            }
          }
          const ev = api.events.slice(seenEvents).find((e) => e.event === 'layout.changed');
          if (ev) eventLag.push(performance.timeOrigin + ev.at - t0);
        }
        await console_.waitForTimeout(50);
      }
      cpu[series] = (await cpuMs() - cpuAtStart) / n;
      return times;
    };
    const uncued = await run(CYCLE, COLD_SWITCHES, CYCLE.length, 'api', 'uncued', true);
    const cold = await run(CYCLE, COLD_SWITCHES, 2, 'fresh', 'cold', true);
    // Back on a bundled preset, then the copies go (the wall never keeps more than it may show).
    const backFrom = await Promise.all(walls.map(seenCount));
    await api.call('preset.activate', { id: 'overview' });
    await Promise.all(walls.map((p, k) => seenAfter(p, 'overview', backFrom[k]!)));
    for (const id of fresh) await api.call('preset.delete', { id });
    const cued = await run(CYCLE, COLD_SWITCHES, CYCLE.length, 'console', 'cued', true);
    const times = await run(ALTERNATE, WARM_SWITCHES, 2, 'console', 'warm');

    // Memory the kept canvases cost: each page's JS heap after a forced GC, and its canvases.
    const heaps: number[] = [];
    for (const c of cdps) {
      await c.send('HeapProfiler.collectGarbage');
      heaps.push((await c.send('Runtime.getHeapUsage')).usedSize / 2 ** 20);
    }
    const canvases = await Promise.all(walls.map((p) => p.evaluate(() => document.querySelectorAll('.wall-canvas').length)));
    const p50 = pct(times, 50);
    const p95 = pct(times, 95);
    const rtt = median(rtts);
    const blankMed = median(blanks);
    const page = { name: 'blank page load p50', value: blankMed };
    const ws = { name: 'WebSocket round-trip p50', value: rtt };
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
    const build = process.env.IOC_WALL_DIST ? `build ${process.env.IOC_WALL_DIST}; ` : '';
    // How each series' switches started: after the host and pages were idle, or at the deadline.
    const settled = (series: string) => {
      const w = settles[series];
      if (!w) return '; started right after the step before (--no-settle)';
      return `; started idle ${w.filter((x) => x.quiet).length} of ${w.length} times (wait p50 ${median(w.map((x) => x.waitedMs)).toFixed(0)} ms, else after 5 s)`;
    };
    return [
      {
        name: 'layout switch, uncued p50 (API → last of 6 displays painted)',
        value: pct(uncued, 50),
        unit: 'ms',
        baseline: page,
        ratio: pct(uncued, 50) / blankMed,
        note: `${build}${uncued.length} 'preset.activate' calls cycling 4 presets, no cue (prepared ahead at idle where the build does it); load ${range(loads.uncued!)}${settled('uncued')}`,
      },
      {
        name: 'layout switch, uncued p95',
        value: pct(uncued, 95),
        unit: 'ms',
        baseline: page,
        ratio: pct(uncued, 95) / blankMed,
        note: `target ≤ 300 ms: ${pct(uncued, 95) <= 300 ? 'met' : 'NOT met'}; blank page p95 ${pct(blanks, 95).toFixed(0)} ms, ${blanks.length} loads interleaved with the uncued, cold and cued switches`,
      },
      {
        name: 'layout switch, cold p50 (preset saved just before)',
        value: pct(cold, 50),
        unit: 'ms',
        baseline: page,
        ratio: pct(cold, 50) / blankMed,
        note: `${cold.length} presets saved then shown at once ('preset.save' + 'preset.activate', copies of the 4): new panels mounted and painted on every display; load ${range(loads.cold!)}${busy ? ` (${LOAD} busy processes started by the bench)` : ''}${settled('cold')}`,
      },
      {
        name: 'layout switch, cold p95',
        value: pct(cold, 95),
        unit: 'ms',
        baseline: page,
        ratio: pct(cold, 95) / blankMed,
        note: `target ≤ 300 ms: ${pct(cold, 95) <= 300 ? 'met' : 'NOT met'}; p99 ${pct(cold, 99).toFixed(0)} ms, slowest ${Math.max(...cold).toFixed(0)} ms; maps drawn on a kept canvas ${mapCanvases.kept} of ${mapCanvases.kept + mapCanvases.new}, charts ${chartCanvases.kept} of ${chartCanvases.kept + chartCanvases.new}`,
      },
      {
        name: 'layout switch, warm p50 (click → last of 6 displays painted)',
        value: p50,
        unit: 'ms',
        baseline: page,
        ratio: p50 / blankMed,
        note: `${times.length} switches alternating 2 presets (warm), 3x2 wall, six ${W}x${H} pages; load ${range(loads.warm!)}${settled('warm')}`,
      },
      { name: 'layout switch, warm p95', value: p95, unit: 'ms', baseline: page, ratio: p95 / blankMed, note: `target < 300 ms: ${p95 < 300 ? 'met' : 'NOT met'}` },
      {
        name: 'layout switch, cued p50',
        value: pct(cued, 50),
        unit: 'ms',
        baseline: page,
        ratio: pct(cued, 50) / blankMed,
        note: `${cued.length} console clicks cycling 4 presets, each prepared by the editor's cue before the click; load ${range(loads.cued!)}${settled('cued')}`,
      },
      { name: 'layout switch, cued p95', value: pct(cued, 95), unit: 'ms', baseline: page, ratio: pct(cued, 95) / blankMed },
      {
        name: 'renderer main-thread CPU per cold switch, 6 displays',
        value: cpu.cold!,
        unit: 'ms',
        baseline: { name: 'per warm switch', value: cpu.warm! },
        ratio: cpu.cold! / cpu.warm!,
        note: `CPU time of the six wall pages' main threads (CDP ThreadTime) per switch, incl. what runs until the next one; uncued ${cpu.uncued!.toFixed(0)} ms, cued ${cpu.cued!.toFixed(0)} ms`,
      },
      {
        name: 'wall page JS heap after GC, mean of 6',
        value: heaps.reduce((a, b) => a + b, 0) / heaps.length,
        unit: 'MB',
        note: `per page ${heaps.map((h) => h.toFixed(1)).join(' ')} MB; canvases mounted per page ${canvases.join(' ')} (current + hidden)`,
      },
      { name: 'blank page load p50 (baseline)', value: blankMed, unit: 'ms', note: `fresh context, same Chromium, ${W}x${H}` },
      { name: 'click → layout.changed at a WebSocket client p50', value: median(eventLag), unit: 'ms', baseline: ws, ratio: median(eventLag) / rtt, note: `host + network part of a switch; page clocks were ${Math.min(...clocks).toFixed(1)} to ${Math.max(...clocks).toFixed(1)} ms off this process's (every time taken in a page is corrected by its own)` },
      { name: 'WebSocket round-trip p95 (wall.get)', value: pct(rtts, 95), unit: 'ms' },
    ];
  } finally {
    busy?.stop();
    blank.close();
    api.close();
    await browser.close();
    await served.stop();
  }
}
