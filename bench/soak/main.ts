// The soak (issue 12): `npm run soak -- [--minutes N] [--switch-every S]`. The host with the
// endpoint simulator changing its data every few seconds and every feed syncing every few
// seconds, a 2-display wall (one Chromium page per display), the console and the kiosk, and a
// playlist switching presets. Every --sample-every seconds it measures each process after a
// forced GC, then prints the growth after the warm-up per process and writes
// bench/results/soak-latest.json and soak-latest.svg. A bench, not a test: it asserts nothing,
// and its exit code is 0 whether the goal is met or not (1 only when the run itself failed).
//
// Each page runs in its own plain Chromium (bench/plain-chromium.ts), as the desktop app and a
// browser display node run it: no automation attached, one DevTools connection that enables no
// domain and sends only what a sample needs (bench/soak/probes.ts). Under Playwright the pages
// grew by themselves (its Network and Runtime domains, its injected scripts): `--playwright`
// runs them that way, to compare.
import type { Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUNDLED_PRESETS, gridWall } from '../../layouts/presets';
import type { ScheduleConfig } from '../../layouts/schedule';
import { ApiClient, launchChromium, ROOT, startServe } from '../../tests/e2e/support/layouts-host';
import { withHostMallocTunables } from '../../bin/malloc-tunables.js';
import { startSim } from '../../tools/endpoint-sim/server';
import { pssMb, tree } from '../cameras.bench';
import { parseSoakArgs, SOAK_USAGE } from './args';
import { countByConstructor, diffCounts, HEAP_KINDS, sizeByKind, type HeapCount, type KindSplit } from './heap-diff';
import { openPlainPage, until, type PlainPage } from '../plain-chromium';
import { cdpDevTools, fileMb, InspectorProbe, PageProbe, residentMb, ResidentWatch, ussMb, type HostSample, type PageSample, type ResidentMb, type ResidentRange } from './probes';
import { GOAL, growthOf, kindGrowth, type Growth, type Point } from './stats';
import { soakSvg } from './svg';

let opts;
try {
  opts = parseSoakArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const o = opts;
const dist = process.env.IOC_WALL_DIST ?? join(ROOT, 'dist');
if (!existsSync(join(dist, 'cli.js')) || !existsSync(join(dist, 'renderer', 'index.html'))) {
  console.error(`${dist} chưa được build / is not built: run \`npm run build\` first.\n${SOAK_USAGE}`);
  process.exit(2);
}
const W = 1280;
const H = 720;
const log = (s: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${s}`);

interface Sample {
  sec: number;
  at: string;
  loadavg: number;
  host: HostSample;
  /** The host's RSS by kind (anonymous, file, shared) right after the forced GC. */
  hostResident?: ResidentMb;
  /** Its lowest and highest RSS by kind over the window since the previous sample (read every 2 s). */
  hostWindow?: ResidentRange;
  /** Chromium's renderer and GPU processes together (PSS), of every browser. */
  chromiumPssMb: number;
  /** The same, per page (with plain Chromiums, one browser per page). */
  pagePssMb?: Record<string, number>;
  /** Their private memory (USS), which other processes on the machine do not move. */
  chromiumUssMb: number;
  /** The same per page (its browser's renderers, its GPU process): whose private memory moves. */
  pageUssMb?: Record<string, { renderer: number; gpu: number }>;
  pages: Record<string, PageSample>;
  db: { dbMb: number; walMb: number };
}

// The simulator's data clock follows real time (a tick moves it by its own interval) and a
// constant number of hotline requests arrives per tick; the oldest open ones are closed beyond
// --open-target (300, what the simulator starts with), so the open reports stay in steady state
// as in a province, while the history (closed reports, readings) grows linearly as in life.
const sim = await startSim({
  port: 0,
  tickEveryMs: o.tickEvery * 1000,
  tickMs: o.tickEvery * 1000,
  requestsPerTick: 2,
  ...(o.openTarget > 0 ? { openTarget: o.openTarget } : {}),
  now: Date.now(),
});
const configFile = join(tmpdir(), `ioc-soak-config-${process.pid}.json`);
const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo-sim.json'), 'utf8')) as {
  feeds: { url: string; interval: number }[];
  sync: { actionsEndpoint: { url: string } };
};
const toSim = (u: string) => u.replace('http://127.0.0.1:8088', sim.url);
writeFileSync(
  configFile,
  JSON.stringify({
    ...demo,
    feeds: demo.feeds.map((f) => ({ ...f, url: toSim(f.url), interval: o.feedEvery * 1000 })),
    sync: { ...demo.sync, actionsEndpoint: { url: toSim(demo.sync.actionsEndpoint.url) } },
  }),
);
// A new database with the demo data takes minutes to start on a machine at load 50.
// dist/cli.js directly, with the malloc tunables `ioc-wall serve` starts itself with
// (bin/malloc-tunables.js): the host measured is the host as it runs in the room.
const served = await startServe({
  token: 'soak-token-0123456789abcdef',
  args: ['--config', configFile],
  nodeArgs: ['--inspect=127.0.0.1:0'],
  env: withHostMallocTunables(process.env),
  startTimeoutMs: 600_000,
}).catch(async (err: unknown) => {
  await sim.close();
  rmSync(configFile, { force: true });
  console.error((err as Error).message);
  process.exit(1);
});
const started = Date.now();
const samples: Sample[] = [];
let switches = 0;
let failed = false;
const pageErrors: string[] = [];
let browser = null as Awaited<ReturnType<typeof launchChromium>> | null;
const plain: PlainPage[] = [];
let api: ApiClient | null = null;
let host: InspectorProbe | null = null;
let hostWatch: ResidentWatch | null = null;
let switcher: NodeJS.Timeout | null = null;
// The plain Chromiums run in their own process groups: an interrupted soak closes them (and the
// host) rather than leaving them running.
const onSignal = () => {
  log('interrupted: closing the browsers, the host and the simulator');
  void Promise.allSettled([...plain.map((p) => p.close()), browser?.close()])
    .then(() => Promise.allSettled([served.stop(), sim.close()]))
    .finally(() => {
      rmSync(configFile, { force: true });
      process.exit(130);
    });
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  log(`host ${served.url} (pid ${served.pid}, ${dist}), simulator ${sim.url}; ${o.minutes} min, switch every ${o.switchEvery} s, feeds every ${o.feedEvery} s, data tick every ${o.tickEvery} s, ${o.openTarget > 0 ? `open hotline reports kept at ${o.openTarget}` : 'open hotline reports growing'}`);
  host = await InspectorProbe.connect(served.output());
  hostWatch = new ResidentWatch(served.pid, 2000);
  api = await ApiClient.connect(served);
  const wall = gridWall({ cols: 2, rows: 1, width: W, height: H, bezel: 10 });
  await api.call('wall.save', { wall });
  api.subscribe('layout.changed');
  const presetIds = BUNDLED_PRESETS.map((p) => p.id);
  if (o.switchEvery >= 5) {
    // The host's own playlist (its dwell floor is 5 s): the schedule's timer does the switching.
    const schedule = await api.call<ScheduleConfig>('schedule.get');
    await api.call('schedule.save', {
      ...schedule,
      playlists: [...schedule.playlists.filter((p) => p.id !== 'soak'), { id: 'soak', name: 'Soak', items: presetIds.map((presetId) => ({ presetId, dwellSec: o.switchEvery })) }],
    });
    await api.call('playlist.start', { id: 'soak', until: 'release' });
  } else {
    let i = 0;
    switcher = setInterval(() => void api!.call('preset.activate', { id: presetIds[i++ % presetIds.length] }), o.switchEvery * 1000);
  }

  const probes: PageProbe[] = [];
  const pids = new Map<string, number>();
  const open = async (name: string, url: string, viewport: { width: number; height: number }): Promise<PageProbe> => {
    if (!o.playwright) {
      const page = await openPlainPage(url, viewport);
      plain.push(page);
      pids.set(name, page.pid);
      return new PageProbe(name, page);
    }
    browser ??= await launchChromium();
    const page: Page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    page.on('crash', () => pageErrors.push(`${name}: the page crashed`));
    const probe = new PageProbe(name, cdpDevTools(await page.context().newCDPSession(page)));
    await page.goto(url);
    return probe;
  };
  /** Until every wall shows `layoutId` (any, when null) and has painted it; false after `ms`. */
  const wallsShow = async (walls: PageProbe[], layoutId: string | null, ms: number): Promise<boolean> => {
    try {
      for (const w of walls) {
        // Polls the page's one fixed state expression (probes.ts PAGE_STATE).
        await until(async () => {
          const st = await w.state().catch(() => null);
          return st !== null && st.ready && (layoutId === null || st.layoutId === layoutId);
        }, ms, `${w.name} to show ${layoutId ?? 'a layout'}`);
      }
      return true;
    } catch {
      return false;
    }
  };
  for (const d of wall.displays) probes.push(await open(`wall ${d.id}`, `${served.url}/wall?display=${d.id}&token=${served.token}`, { width: W, height: H }));
  if (!(await wallsShow(probes, null, 120_000))) throw new Error('the walls did not paint within 120 s');
  // Counts layout changes the walls are told about (the playlist's switches).
  const countSwitches = setInterval(() => {
    switches += api!.events.filter((e) => e.event === 'layout.changed').length;
    api!.events.length = 0;
  }, 1000);
  probes.push(await open('console', `${served.url}/console?token=${served.token}`, { width: 1600, height: 1000 }));
  probes.push(await open('kiosk', `${served.url}/kiosk?token=${served.token}`, { width: 720, height: 1280 }));
  log(o.playwright ? 'pages driven by Playwright (--playwright): its instrumentation is on every page' : `pages in ${plain.length} plain Chromiums (no automation attached)`);

  const snapshots = new Map<string, Map<string, HeapCount>>();
  const heapDiffs: Record<string, ReturnType<typeof diffCounts>> = {};
  const splits: Record<string, KindSplit[]> = {};
  const walls = probes.filter((p) => p.name.startsWith('wall'));
  const cycleMs = (o.switchEvery * presetIds.length + 30) * 1000;
  // The walls' heaps differ by preset (12 to 18 MB): samples and snapshots wait until the walls
  // show the same preset, so they compare like with like.
  const wallsOnFirstPreset = () => wallsShow(walls, presetIds[0]!, cycleMs);
  /**
   * A heap snapshot of every process: its heap by kind (`splits`), and with --snapshots the
   * constructor counts after the warm-up ('before') and at the end ('after') compared.
   */
  const snapshotAll = async (phase: 'prime' | 'before' | 'after' | null) => {
    const sec = Math.round((Date.now() - started) / 1000);
    const take = async (name: string, snap: () => Promise<string>) => {
      try {
        return { name, text: await snap() };
      } catch (err) {
        // A snapshot is a diagnosis: the run's samples must not be lost for it.
        log(`heap snapshot of ${name} failed: ${(err as Error).message}`);
        return { name, text: null };
      }
    };
    const taken = [];
    if (!(await wallsOnFirstPreset())) log(`heap snapshots: the walls did not show ${presetIds[0]} within ${cycleMs / 1000} s`);
    // Both walls at once, before the playlist moves on.
    taken.push(...(await Promise.all(walls.map((w) => take(w.name, () => w.heapSnapshot())))));
    for (const p of probes.filter((x) => !walls.includes(x))) taken.push(await take(p.name, () => p.heapSnapshot()));
    // The host's only with --host-snapshots: each leaves its RSS ~150 MB larger (args.ts).
    if (o.hostSnapshots) taken.push(await take('host', () => host!.heapSnapshot()));
    for (const { name, text } of taken) {
      if (text === null || phase === 'prime') continue;
      // Every snapshot is kept (named by the minute it was taken) for heap-retainers.ts.
      if (process.env.SOAK_KEEP_SNAPSHOTS) writeFileSync(join(process.env.SOAK_KEEP_SNAPSHOTS, `${name.replace(/\W+/g, '-')}-${String(Math.round(sec / 60)).padStart(3, '0')}min.heapsnapshot`), text);
      const parsed = JSON.parse(text) as Parameters<typeof sizeByKind>[0];
      (splits[name] ??= []).push({ sec, mb: sizeByKind(parsed) });
      if (phase === 'before') snapshots.set(name, countByConstructor(parsed));
      else if (phase === 'after' && snapshots.has(name)) heapDiffs[name] = diffCounts(snapshots.get(name)!, countByConstructor(parsed), 30);
    }
  };

  const end = started + o.minutes * 60_000;
  let tookBefore = false;
  let primed = false;
  let lastSplitSec = -Infinity;
  for (let i = 0; ; i++) {
    const due = started + i * o.sampleEvery * 1000;
    if (due > end || Date.now() > end) break;
    // A slot already past while a snapshot ran is skipped rather than sampled in a burst.
    if (due + o.sampleEvery * 1000 < Date.now()) continue;
    // The soak's own clock: it samples at fixed times, it does not wait for a condition.
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (!(await wallsOnFirstPreset())) log(`the walls did not show ${presetIds[0]} within ${cycleMs / 1000} s: sampling what they show`);
    const sec = (Date.now() - started) / 1000;
    const pages: Record<string, PageSample> = {};
    // Both walls at once, before the playlist moves on (the dwell can be 5 s; a GC takes a second under load).
    let s: Sample;
    try {
      const wallSamples = await Promise.all(walls.map((p) => p.sample()));
      walls.forEach((p, k) => (pages[p.name] = wallSamples[k]!));
      for (const p of probes.filter((x) => !walls.includes(x))) pages[p.name] = await p.sample();
      // Each process tree once per sample: a walk reads every /proc entry.
      const everyBrowser = tree(process.pid);
      const perPage = [...pids].map(([n, pid]) => [n, tree(pid)] as const);
      s = {
        sec: Math.round(sec),
        at: new Date().toISOString(),
        loadavg: loadavg()[0]!,
        host: await host.sample(),
        ...(() => {
          const resident = residentMb(served.pid);
          const window = hostWatch!.take();
          return { ...(resident ? { hostResident: resident } : {}), ...(window ? { hostWindow: window } : {}) };
        })(),
        chromiumPssMb: pssMb(everyBrowser),
        chromiumUssMb: ussMb(everyBrowser),
        ...(perPage.length
          ? {
              pagePssMb: Object.fromEntries(perPage.map(([n, t]) => [n, pssMb(t)])),
              pageUssMb: Object.fromEntries(perPage.map(([n, t]) => [n, { renderer: ussMb(t, /--type=renderer/), gpu: ussMb(t, /--type=gpu-process/) }])),
            }
          : {}),
        pages,
        db: { dbMb: fileMb(join(served.dataDir, 'ioc-wall.db')), walMb: fileMb(join(served.dataDir, 'ioc-wall.db-wal')) },
      };
    } catch (err) {
      // One sample lost (a page reloading, the host busy) is reported, not the end of an hour's run.
      log(`sample at ${(sec / 60).toFixed(1)} min failed: ${(err as Error).message}`);
      pageErrors.push(`sample at ${Math.round(sec)} s: ${(err as Error).message}`);
      continue;
    }
    samples.push(s);
    log(
      `${(sec / 60).toFixed(1)} min: host rss ${s.host.rssMb.toFixed(1)} heap ${s.host.heapMb.toFixed(1)} MB; ` +
        Object.entries(pages)
          .map(([n, p]) => `${n} ${p.heapMb.toFixed(2)} MB ${p.nodes} nodes ${p.listeners} lst ${p.websockets} ws${p.layoutId ? ` [${p.layoutId}, ${p.canvases} canvases]` : ''}`)
          .join('; ') +
        `; db ${s.db.dbMb.toFixed(1)}+${s.db.walMb.toFixed(1)} MB; load ${s.loadavg.toFixed(1)}; ${switches} switches`,
    );
    if (sec < o.warmup * 60) {
      // A process's first heap snapshot makes V8 compute the line ends of every script (for the
      // snapshot's locations) and keep them: 1.75 MB in the host, once. Taken halfway through the
      // warm-up and thrown away, so that step falls in the warm-up and not into the growth.
      if (!primed && (o.snapshots || o.splitEvery > 0) && sec >= (o.warmup * 60) / 2) {
        primed = true;
        await snapshotAll('prime');
      }
      continue;
    }
    if (o.snapshots && !tookBefore) {
      tookBefore = true;
      lastSplitSec = sec;
      await snapshotAll('before');
    } else if (o.splitEvery > 0 && sec - lastSplitSec >= o.splitEvery * 60) {
      lastSplitSec = sec;
      await snapshotAll(null);
    }
  }
  if ((o.snapshots && tookBefore) || o.splitEvery > 0) await snapshotAll(o.snapshots && tookBefore ? 'after' : null);
  clearInterval(countSwitches);

  // Figures per process, after the warm-up.
  const warmupSec = o.warmup * 60;
  const series: { name: string; points: Point[] }[] = [
    { name: 'host RSS', points: samples.map((s) => ({ sec: s.sec, mb: s.host.rssMb })) },
    // The RSS read every 2 s between two samples, lowest of each window: what stays resident,
    // without what a sync, a WAL checkpoint or a view refresh holds for a moment.
    { name: 'host RSS floor (lowest of each window)', points: samples.map((s) => ({ sec: s.sec, mb: s.hostWindow?.min.rss ?? s.host.rssMb })) },
    { name: 'host V8 heap', points: samples.map((s) => ({ sec: s.sec, mb: s.host.heapMb })) },
    ...probes.map((p) => ({ name: `${p.name} JS heap`, points: samples.map((s) => ({ sec: s.sec, mb: s.pages[p.name]!.heapMb })) })),
    { name: 'Chromium renderers+GPU PSS', points: samples.map((s) => ({ sec: s.sec, mb: s.chromiumPssMb })) },
    { name: 'Chromium renderers+GPU USS', points: samples.map((s) => ({ sec: s.sec, mb: s.chromiumUssMb })) },
  ];
  const processes: Record<string, Growth> = {};
  for (const s of series) processes[s.name] = growthOf(s.points, warmupSec);
  // The database grows with the data the feeds bring (not a leak): reported and drawn, not judged.
  const dbSeries = { name: 'SQLite db+wal (data)', points: samples.map((s) => ({ sec: s.sec, mb: s.db.dbMb + s.db.walMb })) };
  const files = { [dbSeries.name]: growthOf(dbSeries.points, warmupSec) };
  // Each page's own browser (plain Chromiums): which page the renderers+GPU figure comes from.
  const pagePss = Object.fromEntries(
    [...pids.keys()].map((n) => [n, growthOf(samples.map((s) => ({ sec: s.sec, mb: s.pagePssMb?.[n] ?? 0 })), warmupSec)]),
  );
  const ussOf = (n: string, k: 'renderer' | 'gpu') => growthOf(samples.map((s) => ({ sec: s.sec, mb: s.pageUssMb?.[n]?.[k] ?? 0 })), warmupSec);
  const pageUss = Object.fromEntries([...pids.keys()].map((n) => [n, { renderer: ussOf(n, 'renderer'), gpu: ussOf(n, 'gpu') }]));
  const flat = (k: 'nodes' | 'listeners' | 'websockets') =>
    Object.fromEntries(probes.map((p) => [p.name, growthOf(samples.map((s) => ({ sec: s.sec, mb: s.pages[p.name]![k] })), warmupSec)]));

  console.log(`\nGrowth after the ${o.warmup}-minute warm-up (goal: ≤ ${GOAL.growth * 100} % and < ${GOAL.mbPerWeek} MB/week):`);
  const width = Math.max(...[...Object.keys(processes), ...Object.keys(files)].map((n) => n.length));
  for (const [name, g] of [...Object.entries(processes), ...Object.entries(files)]) {
    console.log(
      `  ${name.padEnd(width)}  ${g.first.toFixed(1).padStart(7)} → ${g.last.toFixed(1).padStart(7)} MB  ${(g.growth >= 0 ? '+' : '') + (g.growth * 100).toFixed(1)} %  ` +
        `${g.slopeMBPerHour.toFixed(2)} MB/h (later half ${g.lateSlopeMBPerHour.toFixed(2)})  ${g.projectedMBPerWeek.toFixed(0)} MB/week  ${name in files ? '(data, not judged)' : g.pass ? 'ok' : 'NOT met'}`,
    );
  }
  for (const [name, g] of Object.entries(pagePss)) {
    console.log(`    ${`${name}: its Chromium's PSS`.padEnd(width - 2)}  ${g.first.toFixed(1).padStart(7)} → ${g.last.toFixed(1).padStart(7)} MB  ${(g.growth >= 0 ? '+' : '') + (g.growth * 100).toFixed(1)} %  ${g.slopeMBPerHour.toFixed(2)} MB/h (later half ${g.lateSlopeMBPerHour.toFixed(2)})`);
  }
  for (const [name, kinds] of Object.entries(pageUss)) {
    for (const [label, g] of [["renderers' USS", kinds.renderer], ["GPU process's USS", kinds.gpu]] as const) {
      console.log(`    ${`${name}: its Chromium's ${label}`.padEnd(width - 2)}  ${g.first.toFixed(1).padStart(7)} → ${g.last.toFixed(1).padStart(7)} MB  ${(g.growth >= 0 ? '+' : '') + (g.growth * 100).toFixed(1)} %  ${g.slopeMBPerHour.toFixed(2)} MB/h (later half ${g.lateSlopeMBPerHour.toFixed(2)})`);
    }
  }
  const la = samples.map((s) => s.loadavg);
  console.log(`  load average ${Math.min(...la).toFixed(1)}–${Math.max(...la).toFixed(1)} (mean ${(la.reduce((a, b) => a + b, 0) / la.length).toFixed(1)}) on ${cpus().length} cores; ${switches} layout switches`);
  // Mounted canvases per wall page: a count above the bound, or a step that stays, is a canvas kept twice.
  const canvasCounts = probes
    .map((p) => ({ name: p.name, n: samples.filter((s) => s.sec >= warmupSec).map((s) => s.pages[p.name]?.canvases).filter((n): n is number => n !== undefined) }))
    .filter((c) => c.n.length);
  if (canvasCounts.length) console.log(`  canvases mounted after the warm-up: ${canvasCounts.map((c) => `${c.name} ${Math.min(...c.n)}–${Math.max(...c.n)}`).join(', ')}`);
  if (pageErrors.length) console.log(`  page errors (${pageErrors.length}): ${pageErrors.slice(0, 5).join(' | ')}`);
  // Where the growth went: the host's V8 spaces at every sample, each process's heap by kind at
  // every split snapshot (V8's code and feedback grow as functions get hot, then plateau; the
  // app's objects growing is retention).
  const hostSpaces = Object.fromEntries(
    Object.keys(samples[0]?.host.spaces ?? {})
      .filter((sp) => samples.some((s) => (s.host.spaces[sp] ?? 0) > 0.05))
      .map((sp) => [sp, growthOf(samples.map((s) => ({ sec: s.sec, mb: s.host.spaces[sp] ?? 0 })), warmupSec)]),
  );
  if (Object.keys(hostSpaces).length) {
    console.log(`
Host V8 heap by space (used MB after the warm-up):`);
    for (const [sp, g] of Object.entries(hostSpaces)) {
      console.log(`  ${sp.padEnd(24)} ${g.first.toFixed(2).padStart(7)} → ${g.last.toFixed(2).padStart(7)} MB  ${g.slopeMBPerHour.toFixed(2)} MB/h`);
    }
  }
  // The host's RSS by kind after the GC, and each window's floor and peak: which kind swings.
  const hostResident = samples.some((s) => s.hostResident)
    ? Object.fromEntries(
        (['rss', 'anon', 'file', 'shmem'] as const).flatMap((k) => [
          [`${k} after GC`, growthOf(samples.map((s) => ({ sec: s.sec, mb: s.hostResident?.[k] ?? 0 })), warmupSec)],
          [`${k} floor`, growthOf(samples.map((s) => ({ sec: s.sec, mb: s.hostWindow?.min[k] ?? 0 })), warmupSec)],
          [`${k} peak`, growthOf(samples.map((s) => ({ sec: s.sec, mb: s.hostWindow?.max[k] ?? 0 })), warmupSec)],
        ]),
      )
    : {};
  if (Object.keys(hostResident).length) {
    console.log(`
Host RSS by kind (MB after the warm-up, /proc/PID/status; floor and peak of each window read every 2 s):`);
    for (const [k, g] of Object.entries(hostResident)) {
      console.log(`  ${k.padEnd(24)} ${g.first.toFixed(1).padStart(7)} → ${g.last.toFixed(1).padStart(7)} MB  ${g.slopeMBPerHour.toFixed(2)} MB/h`);
    }
  }
  const byKind = Object.fromEntries(Object.entries(splits).map(([name, list]) => [name, { splits: list, growth: kindGrowth(list) }]));
  if (Object.keys(byKind).length) {
    console.log(`
Heap by kind (MB, heap snapshots after the warm-up, first → last, slope):`);
    for (const [name, k] of Object.entries(byKind)) {
      const sp = k.splits;
      console.log(`  ${name} (${sp.length} snapshots, ${((sp.at(-1)!.sec - sp[0]!.sec) / 60).toFixed(0)} min apart):`);
      console.log(
        '    ' +
          HEAP_KINDS.filter((kind) => kind !== 'native')
            .map((kind) => {
              const g = k.growth[kind];
              return `${kind} ${g.first.toFixed(2)} → ${g.last.toFixed(2)} (${g.deltaMb >= 0 ? '+' : ''}${g.deltaMb.toFixed(2)}, ${g.slopeMBPerHour.toFixed(2)} MB/h)`;
            })
            .join('; '),
      );
    }
  }
  for (const [name, rows] of Object.entries(heapDiffs)) {
    console.log(`\n${name}: constructors grown between the heap snapshot after the warm-up and the last one`);
    for (const r of rows.slice(0, 15)) console.log(`  ${r.name.slice(0, 60).padEnd(60)} ${String(r.before).padStart(7)} → ${String(r.after).padStart(7)}  ${(r.bytesDelta / 1024).toFixed(1)} KB`);
  }

  const outDir = resolve(ROOT, o.out);
  mkdirSync(outDir, { recursive: true });
  const result = {
    at: new Date(started).toISOString(),
    node: process.versions.node,
    cpus: cpus().length,
    options: o,
    goal: GOAL,
    switches,
    loadavg: { min: Math.min(...la), max: Math.max(...la), mean: la.reduce((a, b) => a + b, 0) / la.length },
    processes,
    files,
    pagePss,
    pageUss,
    counts: { nodes: flat('nodes'), listeners: flat('listeners'), websockets: flat('websockets') },
    pageErrors,
    hostSpaces,
    hostResident,
    byKind,
    heapDiffs,
    samples,
  };
  writeFileSync(join(outDir, 'soak-latest.json'), JSON.stringify(result, null, 2) + '\n');
  const title = `IOC Wall soak ${result.at.slice(0, 16)}Z: ${o.minutes} min, switch every ${o.switchEvery} s, ${switches} switches, load ${result.loadavg.mean.toFixed(1)} (${cpus().length} cores)`;
  const kindPanels = Object.entries(byKind)
    .filter(([, k]) => k.splits.length >= 2)
    .map(([name, k]) => ({
      name: `${name}: heap by kind (snapshots)`,
      points: [],
      lines: (['code', 'objects', 'arrays', 'strings'] as const).map((kind) => ({ name: kind, points: k.splits.map((s) => ({ sec: s.sec, mb: s.mb[kind] })) })),
    }));
  writeFileSync(
    join(outDir, 'soak-latest.svg'),
    soakSvg(title, [...series.map((s) => ({ ...s, growth: processes[s.name] })), { ...dbSeries, growth: files[dbSeries.name], judged: false }, ...kindPanels], warmupSec),
  );
  console.log(`\n→ ${join(o.out, 'soak-latest.json')}, ${join(o.out, 'soak-latest.svg')}`);
} catch (err) {
  failed = true;
  console.error(err);
  console.error(served.output().slice(-4000));
} finally {
  if (switcher) clearInterval(switcher);
  hostWatch?.stop();
  host?.close();
  api?.close();
  await browser?.close();
  for (const p of plain) await p.close();
  await served.stop();
  await sim.close();
  rmSync(configFile, { force: true });
}
process.exit(failed ? 1 : 0);
