// Where a cold layout switch's time goes (not a benchmark: it prints a breakdown).
// `npx tsx bench/switch-profile.ts [--switches 8] [--fresh]` opens the 3x2 wall of the
// layout-switch bench (six 1280x720 pages), cycles the same four presets through 'preset.activate'
// (no cue; with --fresh each is a copy saved under a new id just before, which no display has
// prepared: the cold switch),
// and for each switch records, per page: when the 'layout.changed' frame arrived (CDP
// Network.webSocketFrameReceived), the HostApi requests the page sent after it and when each was
// answered, and when the page reported data-wall-ready; plus a CPU profile (CDP Profiler) of every
// page over the switches, summed by self time per source file and per function (top entries).
// It answers: are there round trips in series on a cold switch, and which code costs the CPU.
import type { CDPSession, Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ApiClient, launchChromium, startServe } from '../tests/e2e/support/layouts-host';
import { openSwitchWall, saveFreshCopy, SWITCH_CYCLE as CYCLE } from './switch-wall';
import { mainThreadBreakdown, TRACE_CATEGORIES, type TraceEvent } from './trace-breakdown';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SWITCHES = arg('switches', 8);
const FRESH = process.argv.includes('--fresh');
// --trace: Chromium's trace instead of CPU profiles: the six renderers' main-thread time per switch
// by kind (script, style, layout, paint, gc), which a CPU profile leaves in '(program)'.
const TRACE = process.argv.includes('--trace');
// --dump FILE: the raw CPU profiles (one per page) as JSON, for a closer look (source maps, call trees).
const DUMP = process.argv.includes('--dump') ? process.argv[process.argv.indexOf('--dump') + 1] : undefined;

interface Frame {
  at: number;
  dir: 'in' | 'out';
  payload: string;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

async function main() {
  const served = await startServe({ token: 'bench-switch-profile-0123456789' });
  const api = await ApiClient.connect(served);
  const browser = await launchChromium();
  try {
    const cdps: CDPSession[] = [];
    const frames: Frame[][] = [];
    const pages = await openSwitchWall(browser, served, api, async (p) => {
      const c = await p.context().newCDPSession(p);
      await c.send('Network.enable');
      const fs: Frame[] = [];
      // CDP timestamps are monotonic seconds; the page's performance.timeOrigin+now() is wall time.
      c.on('Network.webSocketFrameReceived', (e) => fs.push({ at: e.timestamp * 1000, dir: 'in', payload: e.response.payloadData }));
      c.on('Network.webSocketFrameSent', (e) => fs.push({ at: e.timestamp * 1000, dir: 'out', payload: e.response.payloadData }));
      cdps.push(c);
      frames.push(fs);
    });
    // One round of the cycle first: chunks loaded, as in the bench's skipped switches.
    const show = async (id: string) => {
      await api.call('preset.activate', { id });
      await Promise.all(pages.map((p) => p.waitForSelector(`.wall-root[data-layout-id="${id}"][data-wall-ready="true"]`, { timeout: 60_000 })));
    };
    for (const id of CYCLE) await show(id);
    const canvases = await Promise.all(pages.map((p) => p.evaluate(() => document.querySelectorAll('.wall-canvas').length)));
    console.log(`canvases mounted per page after one cycle: ${canvases.join(' ')}`);

    if (TRACE) await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
    else {
      await Promise.all(cdps.map((c) => c.send('Profiler.enable')));
      await Promise.all(cdps.map((c) => c.send('Profiler.setSamplingInterval', { interval: 200 })));
      await Promise.all(cdps.map((c) => c.send('Profiler.start')));
    }
    const perSwitch: string[] = [];
    const reqCounts: number[] = [];
    for (let i = 0; i < SWITCHES; i++) {
      let id = CYCLE[i % CYCLE.length]!;
      if (FRESH) {
        const from = id;
        id = `profile-fresh-${i}`;
        await saveFreshCopy(api, from, id);
      }
      const marks = frames.map((f) => f.length);
      const t0 = Date.now();
      await show(id);
      const total = Date.now() - t0;
      const lines: string[] = [];
      frames.forEach((f, pi) => {
        const mine = f.slice(marks[pi]);
        const changed = mine.find((x) => x.dir === 'in' && x.payload.includes('"layout.changed"'));
        const base = changed?.at ?? mine[0]?.at ?? 0;
        const reqs = mine.filter((x) => x.dir === 'out' && x.payload.includes('"request"'));
        reqCounts.push(reqs.length);
        const desc = reqs.map((r) => {
          const m = JSON.parse(r.payload) as { id: number; method: string; params: { view?: string; domain?: string } };
          const ans = mine.find((x) => x.dir === 'in' && x.payload.startsWith(`{"type":"response","id":${m.id},`));
          return `${m.method}${m.params.domain ? `(${m.params.domain}.${m.params.view})` : ''} +${(r.at - base).toFixed(0)}→+${ans ? (ans.at - base).toFixed(0) : '?'}`;
        });
        lines.push(`   d${pi + 1}: ${reqs.length} requests after layout.changed${desc.length ? `: ${desc.join(', ')}` : ''}`);
      });
      perSwitch.push(`switch ${i + 1} → ${id}: ${total} ms to the last display ready (load ${loadavg()[0]!.toFixed(1)})\n${lines.join('\n')}`);
    }
    console.log(perSwitch.join('\n'));
    if (TRACE) {
      const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
      if (DUMP) writeFileSync(DUMP, JSON.stringify(trace));
      const { byKind, byName, busy } = mainThreadBreakdown(trace.traceEvents);
      const per = (o: Record<string, number>, n: number) =>
        Object.entries(o)
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([k, v]) => `  ${(v / SWITCHES).toFixed(1).padStart(6)} ms  ${k}`)
          .join('\n');
      console.log(`\nmain threads of the six pages, busy ${(busy / SWITCHES).toFixed(0)} ms per switch; self time by kind:\n${per(byKind, 10)}\nby trace event:\n${per(byName, 25)}`);
      return;
    }
    const profiles = await Promise.all(cdps.map((c) => c.send('Profiler.stop')));
    if (DUMP) writeFileSync(DUMP, JSON.stringify(profiles.map((p) => p.profile)));

    // Self time by file and by function, over all six pages.
    const byFile = new Map<string, number>();
    const byFn = new Map<string, number>();
    let totalMs = 0;
    for (const { profile } of profiles) {
      const p = profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
      const nodes = new Map(p.nodes.map((n) => [n.id, n]));
      p.samples.forEach((sid, k) => {
        const n = nodes.get(sid)!;
        const dt = (p.timeDeltas[k + 1] ?? 0) / 1000;
        const fn = n.callFrame.functionName || '(anonymous)';
        if (fn === '(idle)' || fn === '(program)') return;
        totalMs += dt;
        const file = n.callFrame.url.replace(/^.*\/assets\//, '') || fn;
        byFile.set(file, (byFile.get(file) ?? 0) + dt);
        const key = `${fn} ${file}:${n.callFrame.lineNumber}`;
        byFn.set(key, (byFn.get(key) ?? 0) + dt);
      });
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `  ${(v / SWITCHES).toFixed(1).padStart(6)} ms  ${k}`)
        .join('\n');
    console.log(`\nJS self time per switch, six pages: ${(totalMs / SWITCHES).toFixed(0)} ms (sampled; (program)/(idle) excluded)`);
    console.log(`by file:\n${top(byFile, 15)}`);
    console.log(`by function:\n${top(byFn, 30)}`);
  } finally {
    api.close();
    await browser.close();
    await served.stop();
  }
}

await main();
