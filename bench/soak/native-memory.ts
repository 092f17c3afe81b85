// Where a wall page's native memory goes over time (not a benchmark: it prints a breakdown).
// `npx tsx bench/soak/native-memory.ts [--minutes 20] [--switch-every 5] [--dumps 5]` serves the
// demo data (build first), shows display d1 of a 2×1 wall in a plain Chromium (as the soak does),
// lets the host's playlist switch the four bundled presets every S seconds, and takes Chromium's
// own memory dumps (memory-infra, after a forced GC) at the end of a 3-minute warm-up and then
// evenly until the end. It prints the page's renderer process by allocator (PartitionAlloc's
// partitions, Blink's GC heap, V8, malloc, Skia, fonts, canvases…), and its browser's GPU process
// (the display compositor: shared images, resource pools, malloc): the soak's USS says that a
// wall's renderer or GPU process grows; this says in which allocator, so a cause can be looked
// for there.
import { readFileSync } from 'node:fs';
import { BUNDLED_PRESETS, gridWall } from '../../layouts/presets';
import type { ScheduleConfig } from '../../layouts/schedule';
import { ApiClient, startServe } from '../../tests/e2e/support/layouts-host';
import { tree } from '../cameras.bench';
import { openPlainPage, until, type PlainPage } from '../plain-chromium';
import { numberOption } from '../load';
import { leastSquaresSlope } from './stats';
import { ussMb } from './probes';

const MINUTES = numberOption('minutes', 20);
const SWITCH_EVERY = numberOption('switch-every', 5);
const DUMPS = Math.max(2, numberOption('dumps', 5));
const WARMUP_MIN = Math.min(3, MINUTES / 4);
const W = 1920;
const H = 1080;

interface Entry {
  attrs?: { size?: { value: string } };
}
/** One dump of one process: bytes per allocator path ('partition_alloc/partitions/buffer'). */
type Dump = Map<string, number>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A memory-infra dump of every process of `page`'s browser, by pid. */
async function memoryDump(page: PlainPage): Promise<Map<number, Dump>> {
  const events: { ph: string; pid: number; args?: { dumps?: { allocators?: Record<string, Entry> } } }[] = [];
  const off = page.on('Tracing.dataCollected', (p) => void events.push(...(p.value as typeof events)));
  const done = new Promise<void>((r) => {
    const stop = page.on('Tracing.tracingComplete', () => {
      stop();
      r();
    });
  });
  await page.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'], memoryDumpConfig: { triggers: [] } },
  });
  const r = await page.send<{ success: boolean }>('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await page.send('Tracing.end');
  await done;
  off();
  if (!r.success) throw new Error('Chromium did not make the memory dump');
  const out = new Map<number, Dump>();
  for (const e of events) {
    const allocators = e.ph === 'v' ? e.args?.dumps?.allocators : undefined;
    if (!allocators) continue;
    const d = out.get(e.pid) ?? new Map<string, number>();
    for (const [path, entry] of Object.entries(allocators)) {
      const size = entry.attrs?.size?.value;
      if (size !== undefined) d.set(path, parseInt(size, 16));
    }
    out.set(e.pid, d);
  }
  return out;
}

/**
 * The page's renderer: of the browser's renderer processes, not one of Chromium's own WebUI
 * renderers (`--top-chrome-webui`, which every window gets), the one with the largest V8 heap.
 */
function pageRenderer(dumps: Map<number, Dump>, pids: readonly number[]): number {
  const ours = (p: number) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      return cmd.includes('--type=renderer') && !cmd.includes('--top-chrome-webui') && !cmd.includes('--extension-process');
    } catch {
      return false;
    }
  };
  const v8 = (p: number) => dumps.get(p)!.get('v8') ?? 0;
  const best = pids.filter((p) => dumps.has(p) && ours(p)).sort((a, b) => v8(b) - v8(a))[0];
  if (best === undefined) throw new Error('no renderer process of the page in the memory dump');
  return best;
}

/** The browser's GPU process (with software compositing it holds the display compositor). */
function gpuProcess(dumps: Map<number, Dump>, pids: readonly number[]): number | undefined {
  return pids.find((p) => {
    try {
      return dumps.has(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=gpu-process');
    } catch {
      return false;
    }
  });
}

/** Every allocator path of three levels at most, by its growth from the first dump to the last. */
function printGrowth(title: string, series: { min: number; dump: Dump }[]): void {
  // Shared memory segments come one row each, named by a GUID: their sum is `shared_memory`.
  const paths = [...new Set(series.flatMap((s) => [...s.dump.keys()]))].filter((p) => p.split('/').length <= 3 && !/\/[0-9A-F]{32}$/.test(p));
  const hours = series.map((s) => s.min / 60);
  const rows = paths
    .map((p) => {
      const mb = series.map((s) => (s.dump.get(p) ?? 0) / 2 ** 20);
      return { p, first: mb[0]!, last: mb.at(-1)!, slope: leastSquaresSlope(hours, mb) };
    })
    .filter((r) => Math.abs(r.last - r.first) >= 0.05 || r.first >= 1)
    .sort((a, b) => b.last - b.first - (a.last - a.first));
  console.log(`\n${title}, ${series[0]!.min.toFixed(1)} → ${series.at(-1)!.min.toFixed(1)} min (${DUMPS} dumps, a switch every ${SWITCH_EVERY} s):`);
  for (const r of rows) {
    const d = r.last - r.first;
    console.log(`  ${r.p.padEnd(52)} ${r.first.toFixed(2).padStart(8)} → ${r.last.toFixed(2).padStart(8)} MB  ${d >= 0 ? '+' : ''}${d.toFixed(2)}  ${r.slope.toFixed(2)} MB/h`);
  }
}

const served = await startServe({ token: 'native-memory-token-0123456789', startTimeoutMs: 600_000 });
let page: PlainPage | null = null;
const api = await ApiClient.connect(served);
// Its Chromium runs in a process group of its own: an interrupted run closes it and the host
// rather than leaving them running.
const onSignal = () => void Promise.allSettled([page?.close(), served.stop()]).finally(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  await api.call('wall.save', { wall: gridWall({ cols: 2, rows: 1, width: W, height: H, bezel: 10 }) });
  const schedule = await api.call<ScheduleConfig>('schedule.get');
  await api.call('schedule.save', {
    ...schedule,
    playlists: [
      ...schedule.playlists.filter((p) => p.id !== 'native-memory'),
      { id: 'native-memory', name: 'Native memory', items: BUNDLED_PRESETS.map((p) => ({ presetId: p.id, dwellSec: SWITCH_EVERY })) },
    ],
  });
  await api.call('playlist.start', { id: 'native-memory', until: 'release' });
  page = await openPlainPage(`${served.url}/wall?display=d1&token=${served.token}`, { width: W, height: H });
  await until(() => page!.evaluate<boolean>(`document.querySelector('.wall-root')?.getAttribute('data-wall-ready') === 'true'`), 120_000, 'the wall to paint');
  const started = Date.now();
  const at = Array.from({ length: DUMPS }, (_, i) => WARMUP_MIN + ((MINUTES - WARMUP_MIN) * i) / (DUMPS - 1));
  const series: { min: number; dump: Dump }[] = [];
  const gpuSeries: { min: number; dump: Dump }[] = [];
  let pid: number | undefined;
  let gpu: number | undefined;
  for (const min of at) {
    await sleep(Math.max(0, started + min * 60_000 - Date.now()));
    const dumps = await memoryDump(page);
    // The same process from the first dump to the last: a renderer that went away ends the run.
    pid ??= pageRenderer(dumps, tree(page.pid));
    if (!dumps.has(pid)) throw new Error(`the page's renderer ${pid} is gone (crashed, or the page moved to another process)`);
    // The process's private memory beside its allocators: what they do not account for
    // (code pages, stacks, shared memory it alone maps) is the difference.
    const dump = dumps.get(pid)!;
    dump.set('USS (smaps_rollup, not an allocator)', ussMb([pid]) * 2 ** 20);
    series.push({ min: (Date.now() - started) / 60_000, dump });
    gpu ??= gpuProcess(dumps, tree(page.pid));
    const gpuDump = gpu === undefined ? undefined : dumps.get(gpu);
    if (gpuDump) {
      gpuDump.set('USS (smaps_rollup, not an allocator)', ussMb([gpu!], /--type=gpu-process/) * 2 ** 20);
      gpuSeries.push({ min: series.at(-1)!.min, dump: gpuDump });
    }
    const mb = (k: string) => ((dump.get(k) ?? 0) / 2 ** 20).toFixed(1);
    console.log(
      `[${new Date().toISOString().slice(11, 19)}] ${series.at(-1)!.min.toFixed(1)} min: renderer ${pid}: USS ${mb('USS (smaps_rollup, not an allocator)')} MB, partition_alloc ${mb('partition_alloc')} MB, blink_gc ${mb('blink_gc')}, v8 ${mb('v8')}, malloc ${mb('malloc')}, skia ${mb('skia')} MB`,
    );
  }
  printGrowth("The wall page's renderer by allocator", series);
  if (gpuSeries.length === series.length) printGrowth("Its browser's GPU process by allocator", gpuSeries);
  else console.log(`\nIts browser's GPU process was not in every dump (${gpuSeries.length} of ${series.length}): not compared.`);
} finally {
  await page?.close();
  api.close();
  await served.stop();
}
