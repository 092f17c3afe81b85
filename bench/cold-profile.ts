// Where one cold wall display's renderer CPU goes, by source module (not a benchmark: it prints a
// breakdown). `npx tsx bench/cold-profile.ts [--runs 5] [--display N]` serves the default 2x1
// wall (seeded, host warm), opens one display alone in a fresh context with a CPU profile
// (CDP Profiler, 100 µs) started before navigation until data-wall-ready, maps every sample's
// position through the chunk's source map, and sums self time per source module (a package
// under node_modules, or the app's file) and per kind: (program) is Blink's own work (style,
// layout, paint, parsing HTML), (garbage collector) V8's GC. Compile and parse on background
// threads are not in it (start-cpu.ts reports them by thread).
import type { CDPSession } from '@playwright/test';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { argValue, median } from './types';
import { openWallBench, serveEntry, serveWall, stopServe } from './wall-browser';

const RUNS = Number(argValue('runs') ?? 5);
const DISPLAY = Number(argValue('display') ?? 1);
const TOKEN = 'bench-token-0123456789abcdef';
const VIEWPORT = { width: 960, height: 540 };
// The build the host serves (wall-browser.ts: dist/, or IOC_WALL_DIST).
const assetsDir = join(serveEntry(), '..', 'renderer', 'assets');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
const maps = new Map<string, TraceMap | null>();
function mapOf(file: string): TraceMap | null {
  if (!maps.has(file)) {
    try {
      maps.set(file, new TraceMap(readFileSync(join(assetsDir, `${file}.map`), 'utf8')));
    } catch {
      maps.set(file, null);
    }
  }
  return maps.get(file)!;
}
function moduleOf(n: ProfileNode): string {
  const fn = n.callFrame.functionName;
  if (!n.callFrame.url) return fn || '(native)';
  const file = n.callFrame.url.replace(/^.*\/assets\//, '');
  const m = mapOf(file);
  if (!m) return file;
  const pos = originalPositionFor(m, { line: n.callFrame.lineNumber + 1, column: n.callFrame.columnNumber });
  const src = pos.source ?? file;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
  return pkg ? `pkg:${pkg[1]}` : src.replace(/^(\.\.\/)+/, '');
}

const wb = await openWallBench('ioc-cold-profile-');
const s = await serveWall(wb.dir, TOKEN);
const byModule = new Map<string, number[]>();
const totals: number[] = [];
const walls: number[] = [];
try {
  const url = s.wallUrls[DISPLAY - 1]!;
  for (let i = -1; i < RUNS; i++) {
    const ctx = await wb.browser.newContext({ viewport: VIEWPORT });
    const page = await ctx.newPage();
    const cdp: CDPSession = await ctx.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const t0 = performance.now();
    await page.goto(url);
    await page.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
    const ms = performance.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const nodesCount = await page.evaluate(() => document.getElementsByTagName('*').length);
    if (i >= 0) console.log(`run ${i + 1}: ${ms.toFixed(0)} ms; DOM elements ${nodesCount}; ` + ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'ThreadTime', 'RecalcStyleCount', 'LayoutCount', 'JSHeapUsedSize'].map((k) => `${k} ${k.endsWith('Duration') || k === 'ThreadTime' ? (metrics[k] * 1000).toFixed(0) : metrics[k]}`).join(', '));
    await ctx.close();
    if (i < 0) continue; // the first load warms the host and Chromium
    walls.push(ms);
    const p = profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const run = new Map<string, number>();
    let total = 0;
    p.samples.forEach((sid, k) => {
      const n = nodes.get(sid)!;
      if (n.callFrame.functionName === '(idle)') return;
      const dt = (p.timeDeltas[k + 1] ?? 0) / 1000;
      total += dt;
      const key = moduleOf(n);
      run.set(key, (run.get(key) ?? 0) + dt);
    });
    totals.push(total);
    for (const [k, v] of run) byModule.set(k, [...(byModule.get(k) ?? []), v]);
  }
  const rows = [...byModule.entries()].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / RUNS] as const).sort((a, b) => b[1] - a[1]);
  console.log(
    `display ${DISPLAY} alone, cold: ready p50 ${median(walls).toFixed(0)} ms; main-thread samples p50 ${median(totals).toFixed(0)} ms (not idle); load ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const [k, v] of rows.slice(0, 45)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await stopServe(s.child);
  await wb.close();
}
