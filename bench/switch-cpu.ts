// All of Chromium's CPU per cold layout switch (not a benchmark: it prints a breakdown).
// `npx tsx bench/switch-cpu.ts [--switches 14]` opens the layout-switch bench's 3×2 wall (six
// 1280×720 pages in one Chromium), and per cold switch (a copy of a bundled preset saved under a
// new id just before it is shown) reads from /proc the CPU time of every process of that
// Chromium (renderers with all their threads, the GPU process, the browser) from 'preset.activate'
// until every display has painted, and one second later.
//
// It answers what the main-thread figures of the other tools leave out: how much CPU a cold
// switch needs in all, and so the least time it can take on this machine's cores even if every
// process ran in parallel without waiting (CPU ÷ cores). Only this Chromium's processes count
// (other Chromiums on the machine, a soak or a CI run, are left out), but what they take from
// the cores still shows in the wall-clock time.
import { cpus, loadavg } from 'node:os';
import { ApiClient, launchChromium, startServe } from '../tests/e2e/support/layouts-host';
import { cpuSnapshot } from './proc-cpu';
import { openSwitchWall, saveFreshCopy, SWITCH_CYCLE as CYCLE } from './switch-wall';
import { argValue, median, percentile } from './types';

const SWITCHES = Number(argValue('switches') ?? 14);
/** Switches not counted: the first ones load the panels' chunks. */
const SKIP = 2;

type Snapshot = ReturnType<typeof cpuSnapshot>;
/** CPU ms between two snapshots by process type ('renderer', 'gpu-process', 'browser'…), Chromium only. */
function byType(before: Snapshot, after: Snapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, v] of after) {
    if (!v.kind.startsWith('chromium')) continue;
    const type = v.kind.slice('chromium '.length).split(' / ')[0]!;
    out[type] = (out[type] ?? 0) + v.ms - (before.get(id)?.ms ?? 0);
  }
  return out;
}
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

const served = await startServe({ token: 'bench-switch-cpu-0123456789' });
const api = await ApiClient.connect(served);
const browser = await launchChromium();
try {
  const pages = await openSwitchWall(browser, served, api);
  // 'attached': Playwright's visibility check would lay the page out on every poll.
  const shown = (id: string) =>
    Promise.all(pages.map((p) => p.waitForSelector(`.wall-root[data-layout-id="${id}"][data-wall-ready="true"]`, { state: 'attached', timeout: 60_000 })));
  for (const id of CYCLE) {
    await api.call('preset.activate', { id });
    await shown(id);
  }
  const snap = () => cpuSnapshot(served.pid, process.pid);
  const rows: { wallMs: number; painted: Record<string, number>; later: number }[] = [];
  for (let i = 0; i < SWITCHES + SKIP; i++) {
    const id = `switch-cpu-${i}`;
    await saveFreshCopy(api, CYCLE[i % CYCLE.length]!, id);
    // Whatever the last switch left running (label placement, idle preparation) ends first.
    await pages[0]!.waitForTimeout(1500);
    const before = snap();
    const t0 = performance.now();
    await api.call('preset.activate', { id });
    await shown(id);
    const wallMs = performance.now() - t0;
    const painted = byType(before, snap());
    await pages[0]!.waitForTimeout(1000);
    const later = sum(byType(before, snap()));
    if (i >= SKIP) rows.push({ wallMs, painted, later });
    console.log(
      `switch ${i + 1}${i < SKIP ? ' (not counted)' : ''}: ${wallMs.toFixed(0)} ms to the last display painted; Chromium CPU ${sum(painted)} ms ` +
        `(${Object.entries(painted).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')}), ${later} ms with the second after; load ${loadavg()[0]!.toFixed(1)}`,
    );
  }
  const cores = cpus().length;
  const cpu = rows.map((r) => sum(r.painted));
  const types = [...new Set(rows.flatMap((r) => Object.keys(r.painted)))].filter((t) => median(rows.map((r) => r.painted[t] ?? 0)) > 0);
  console.log(`\n${rows.length} cold switches, ${cores} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`to the last display painted: p50 ${median(rows.map((r) => r.wallMs)).toFixed(0)} ms, p95 ${percentile(rows.map((r) => r.wallMs), 95).toFixed(0)} ms`);
  console.log(`Chromium CPU to painted: p50 ${median(cpu)} ms (${types.map((t) => `${t} ${median(rows.map((r) => r.painted[t] ?? 0))}`).join(', ')}); with the second after ${median(rows.map((r) => r.later))} ms`);
  console.log(`least time that CPU allows on ${cores} cores (CPU ÷ cores, p50): ${(median(cpu) / cores).toFixed(0)} ms`);
} finally {
  await browser.close();
  api.close();
  await served.stop();
}
