// Where a cold wall page's time goes, from Chromium's own trace (not a benchmark: it prints a
// breakdown). `npx tsx bench/wall-trace.ts [--displays 2] [--runs 3]` serves a seeded data dir,
// opens the default wall's displays in fresh contexts (one window each, as the benches do),
// records a trace (devtools.timeline, v8 compile and execute) from before navigation until every
// display reports data-wall-ready, and sums, per display, the main thread's top-level work by
// kind: script compile and parse, script run (split by the chunk it runs), style and layout,
// paint, garbage collection, and the idle time in between (waiting for the network, HostApi
// answers, the other display's renderer on a 2-core machine). Also lists HostApi round trips
// (WebSocket frames) and chunks as the page saw them. Writes the raw trace to
// bench/results/wall-trace-<display>.json for chrome://tracing or Perfetto.
import type { Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { TraceEvent } from './trace-breakdown';
import { blankRun, openWallBench, serveWall, stopServe } from './wall-browser';

const root = join(import.meta.dirname, '..');
const TOKEN = 'bench-token-0123456789abcdef';
const VIEWPORT = { width: 960, height: 540 };
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DISPLAYS = arg('displays', 2);
const RUNS = arg('runs', 3);


const KIND: [RegExp, string][] = [
  [/^(v8\.compile|v8\.parseOnBackground|V8\.ParseProgram|V8\.CompileCode|v8\.compileModule|V8\.CompileLazy|CompileScript|v8\.produceModuleCache|v8\.produceCache)/, 'compile/parse'],
  [/^(MinorGC|MajorGC|V8\.GC|BlinkGC|GCEvent|V8\.GCScavenger|V8\.GCFinalizeMC)/, 'gc'],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)/, 'style'],
  [/^(Layout|UpdateLayerTree|IntersectionObserverController)/, 'layout'],
  [/^(Paint|PaintImage|Rasterize|CompositeLayers|PrePaint|Layerize|Commit)/, 'paint'],
  [/^(ParseHTML)/, 'html'],
];

/** Top-level main-thread slices of the page's renderer, by kind, in ms. */
function breakdown(events: TraceEvent[], t0: number, t1: number) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  if (!main) return null;
  const slices = events
    .filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && e.ts >= t0 && e.ts <= t1 && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts);
  const byKind: Record<string, number> = {};
  const byScript: Record<string, number> = {};
  // Self time per kind: a slice's own time minus the nested slices (one level of nesting at a time).
  const stack: { e: TraceEvent; end: number; kind: string; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= upTo) {
      const top = stack.pop()!;
      byKind[top.kind] = (byKind[top.kind] ?? 0) + ((top.e.dur ?? 0) - top.child) / 1000;
      if (stack.length) stack[stack.length - 1]!.child += top.e.dur ?? 0;
    }
  };
  let busy = 0;
  for (const e of slices) {
    close(e.ts);
    if (stack.length === 0) busy += e.dur!;
    let kind = KIND.find(([re]) => re.test(e.name))?.[1];
    if (!kind) kind = /^(EvaluateScript|v8\.run|v8\.execute|FunctionCall|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.evaluateModule|ResourceReceivedData|XHRLoad)/.test(e.name) ? 'script' : stack.length ? stack[stack.length - 1]!.kind : 'other';
    if (kind === 'script' && !stack.some((s) => s.kind === 'script')) {
      const url = e.args?.data?.url ?? e.args?.fileName ?? '';
      const chunk = url.replace(/^.*\/assets\//, '').replace(/-[\w-]{8}\.js$/, '.js') || e.name;
      byScript[chunk] = (byScript[chunk] ?? 0) + e.dur! / 1000;
    }
    stack.push({ e, end: e.ts + e.dur!, kind, child: 0 });
  }
  close(Infinity);
  // The shell's service worker, when it installs during the first frame: it downloads the
  // build's files and Chromium compiles each script it stores (top-level tasks, in ms).
  const swThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'ServiceWorker thread').map((e) => `${e.pid}:${e.tid}`));
  const swBusy = events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && swThreads.has(`${e.pid}:${e.tid}`) && e.ts >= t0 && e.ts <= t1)
    .reduce((n, e) => n + (e.dur ?? 0), 0);
  return { byKind, byScript, busy: busy / 1000, wall: (t1 - t0) / 1000, swBusy: swBusy / 1000 };
}

async function tracedRun(page: Page, url: string) {
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'blink', 'loading', '__metadata'],
  });
  const t0 = performance.now();
  const frames: { at: number; dir: 'sent' | 'received'; method?: string; size: number }[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const s = String(f.payload);
      frames.push({ at: performance.now() - t0, dir: 'sent', method: /"method":"([^"]+)"/.exec(s)?.[1], size: s.length });
    });
    ws.on('framereceived', (f) => frames.push({ at: performance.now() - t0, dir: 'received', size: String(f.payload).length }));
  });
  await page.goto(url);
  await page.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
  const ms = performance.now() - t0;
  const buf = await browser.stopTracing();
  const trace = JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] };
  const ev = trace.traceEvents;
  const nav = ev.find((e) => e.name === 'navigationStart' || e.name === 'NavigationTiming' || e.name === 'TracingStartedInBrowser');
  let ready = 0;
  for (const e of ev) if (e.ph === 'X' && e.ts + (e.dur ?? 0) > ready) ready = e.ts + (e.dur ?? 0);
  const resources = (await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({ name: e.name.replace(/^.*\//, ''), start: e.startTime, end: e.responseEnd, size: e.encodedBodySize })),
  )) as { name: string; start: number; end: number; size: number }[];
  const marks = (await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { domInteractive: n?.domInteractive ?? 0, domContentLoaded: n?.domContentLoadedEventEnd ?? 0, load: n?.loadEventEnd ?? 0 };
  })) as Record<string, number>;
  return { ms, trace, b: breakdown(ev, nav?.ts ?? 0, ready), frames, resources, marks };
}

const fmt = (o: Record<string, number>) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => v >= 1)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');

const wb = await openWallBench('ioc-wall-trace-');
let child: ChildProcess | null = null;
try {
  const s = await serveWall(wb.dir, TOKEN);
  child = s.child;
  const urls = s.wallUrls.slice(0, DISPLAYS);
  // Warm the host and Chromium's own code once, as the benches do.
  for (const url of urls) {
    const c = await wb.browser.newContext({ viewport: VIEWPORT });
    const p = await c.newPage();
    await p.goto(url);
    await p.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
    await c.close();
  }
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  for (let r = 0; r < RUNS; r++) {
    const blank = await blankRun(wb.browser, wb.blankUrl, VIEWPORT);
    const contexts = await Promise.all(urls.map(() => wb.browser.newContext({ viewport: VIEWPORT })));
    // One trace at a time per browser: the first display is traced, the others load beside it.
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const t0 = performance.now();
    const [traced, ...others] = await Promise.all([
      tracedRun(pages[0]!, urls[0]!),
      ...pages.slice(1).map(async (p, i) => {
        await p.goto(urls[i + 1]!);
        await p.waitForSelector('[data-wall-ready="true"]', { timeout: 60_000, state: 'attached' });
        return performance.now() - t0;
      }),
    ]);
    const all = performance.now() - t0;
    writeFileSync(join(root, 'bench', 'results', `wall-trace-${r}.json`), JSON.stringify(traced.trace));
    console.log(`\nrun ${r + 1}: ${urls.length} displays painted in ${all.toFixed(0)} ms (traced display ${traced.ms.toFixed(0)} ms, others ${others.map((x) => (x as number).toFixed(0)).join('/')}); blank page ${blank.toFixed(0)} ms (×${(all / blank).toFixed(1)}); load ${loadavg()[0]!.toFixed(1)}`);
    if (traced.b) {
      console.log(`  main thread busy ${traced.b.busy.toFixed(0)} of ${traced.b.wall.toFixed(0)} ms; service worker threads (both displays) ${traced.b.swBusy.toFixed(0)} ms`);
      console.log(`  by kind (self ms): ${fmt(traced.b.byKind)}`);
      console.log(`  script by chunk (ms): ${fmt(traced.b.byScript)}`);
    }
    console.log(`  navigation: domInteractive ${traced.marks.domInteractive!.toFixed(0)}, DOMContentLoaded ${traced.marks.domContentLoaded!.toFixed(0)}, load ${traced.marks.load!.toFixed(0)} ms`);
    console.log(`  chunks: ${traced.resources.filter((x) => /\.(js|css)$/.test(x.name)).map((x) => `${x.name.replace(/-[\w-]{8}\./, '.')} ${x.start.toFixed(0)}→${x.end.toFixed(0)}`).join(', ')}`);
    const sent = traced.frames.filter((f) => f.dir === 'sent');
    const recv = traced.frames.filter((f) => f.dir === 'received');
    console.log(`  HostApi: ${sent.length} requests, first ${sent[0]?.at.toFixed(0)} ms, last ${sent.at(-1)?.at.toFixed(0)} ms; ${recv.length} frames back, last ${recv.at(-1)?.at.toFixed(0)} ms, ${(recv.reduce((n, f) => n + f.size, 0) / 1024).toFixed(0)} KB`);
    console.log(`  methods: ${Object.entries(sent.reduce<Record<string, number>>((m, f) => ((m[f.method ?? '?'] = (m[f.method ?? '?'] ?? 0) + 1), m), {})).map(([k, v]) => `${k}×${v}`).join(', ')}`);
    await Promise.all(contexts.map((c) => c.close()));
  }
} finally {
  if (child) await stopServe(child);
  await wb.close();
}
