// The host's resident memory without Chromium: `npx tsx bench/soak/host-rss.ts --minutes N
// --label NAME [--tick-every S (0: the simulator's data never changes)] [--feed-every S]`.
// Starts the built host (IOC_WALL_DIST or dist/) with the endpoint simulator as the soak does
// (bench/soak/main.ts), a playlist switching the bundled presets every 5 s, and one light
// client that asks every domain's views after every switch. Every 2 s it reads the host's
// /proc/PID/status (the soak's ResidentWatch, 30-s windows); every 30 s it forces a GC through
// the inspector as the soak's sample does, and splits /proc/PID/smaps by mapping kind: glibc's
// main heap ([heap], brk), glibc's thread arenas (anonymous mappings at 64 MB-aligned addresses),
// other anonymous memory (V8's heap and code, large mallocs, stacks), file-backed pages.
// Environment for the host (MALLOC_ARENA_MAX…) is inherited: set it on this command. The host is
// dist/cli.js itself, so it runs without the malloc tunables `ioc-wall serve` gives itself unless
// GLIBC_TUNABLES is set here (bin/malloc-tunables.js: compare the two that way).
// Writes NDJSON to --out (one line per 30-s sample) and smaps at the warm-up's end and at the end.
import { readFileSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLED_PRESETS, gridWall } from '../../layouts/presets';
import type { ScheduleConfig } from '../../layouts/schedule';
import { DOMAIN_IDS } from '../../domains/ids';
import { VIEW_IDS } from '../../domains/views';
import { ApiClient, ROOT, startServe } from '../../tests/e2e/support/layouts-host';
import { startSim } from '../../tools/endpoint-sim/server';
import { InspectorProbe, ResidentWatch } from './probes';

const { values: v } = parseArgs({
  options: {
    minutes: { type: 'string', default: '25' },
    label: { type: 'string', default: 'A' },
    'tick-every': { type: 'string', default: '2' },
    'feed-every': { type: 'string', default: '5' },
    'switch-every': { type: 'string', default: '5' },
    'warmup-smaps': { type: 'string', default: '3' },
    out: { type: 'string', default: '/tmp/rss-exp' },
    'no-client': { type: 'boolean', default: false },
  },
});
const minutes = Number(v.minutes);
const tickEvery = Number(v['tick-every']);
const feedEvery = Number(v['feed-every']);
const out = join(v.out!, `${v.label}.ndjson`);
writeFileSync(out, '');
const log = (s: string) => console.log(`[host-rss ${v.label} ${new Date().toISOString().slice(11, 19)}] ${s}`);

const sim = await startSim({
  port: 0,
  tickEveryMs: tickEvery * 1000,
  tickMs: tickEvery * 1000,
  requestsPerTick: 2,
  openTarget: 300,
  now: Date.now(),
});
const configFile = join(v.out!, `${v.label}-config.json`);
const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo-sim.json'), 'utf8')) as { feeds: { url: string; interval: number }[]; sync: { actionsEndpoint: { url: string } } };
const toSim = (u: string) => u.replace('http://127.0.0.1:8088', sim.url);
writeFileSync(
  configFile,
  JSON.stringify({
    ...demo,
    feeds: demo.feeds.map((f) => ({ ...f, url: toSim(f.url), interval: feedEvery * 1000 })),
    sync: { ...demo.sync, actionsEndpoint: { url: toSim(demo.sync.actionsEndpoint.url) } },
  }),
);
const served = await startServe({ token: 'rss-token-0123456789abcdef', args: ['--config', configFile], nodeArgs: ['--inspect=127.0.0.1:0'], startTimeoutMs: 600_000 });
const pid = served.pid;
log(`host pid ${pid} ${served.url}, sim ${sim.url}; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '-'} tick ${tickEvery}s feeds ${feedEvery}s`);
const stopAll = async () => {
  await served.stop().catch(() => {});
  await sim.close().catch(() => {});
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
process.once('SIGTERM', () => void stopAll().finally(() => process.exit(130)));

const probe = await InspectorProbe.connect(served.output());
const watch = new ResidentWatch(pid, 2000);
const api = await ApiClient.connect(served);
const wall = gridWall({ cols: 2, rows: 1, width: 1280, height: 720, bezel: 10 });
await api.call('wall.save', { wall });
api.subscribe('layout.changed');
const schedule = await api.call<ScheduleConfig>('schedule.get');
await api.call('schedule.save', {
  ...schedule,
  playlists: [...schedule.playlists.filter((p) => p.id !== 'soak'), { id: 'soak', name: 'Soak', items: BUNDLED_PRESETS.map((p) => ({ presetId: p.id, dwellSec: Number(v['switch-every']) })) }],
});
await api.call('playlist.start', { id: 'soak', until: 'release' });

// The light client: after each switch, what a wall page asks (layout, freshness, alerts, areas, views).
let asks = 0;
let busy = false;
const ask = async () => {
  if (busy || v['no-client']) return;
  busy = true;
  try {
    const calls: Promise<unknown>[] = [
      api.call('layout.active', {}),
      api.call('freshness.list', {}),
      api.call('alerts.list', {}),
      api.call('areas.list', { withGeometry: true }),
    ];
    for (const domain of DOMAIN_IDS) for (const view of VIEW_IDS) calls.push(api.call('view.query', { domain, view }).catch(() => null));
    await Promise.allSettled(calls);
    asks++;
  } finally {
    busy = false;
  }
};
const drain = setInterval(() => {
  const n = api.events.filter((e) => e.event === 'layout.changed').length;
  api.events.length = 0;
  if (n > 0) void ask();
}, 1000);

const MB64 = 64 * 1024 * 1024;
interface Kinds { brk: number; arena: number; arenaMaps: number; anon: number; file: number; stack: number; maps: number }
function smaps(save?: string): Kinds {
  const text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  if (save) writeFileSync(save, text);
  const k: Kinds = { brk: 0, arena: 0, arenaMaps: 0, anon: 0, file: 0, stack: 0, maps: 0 };
  let cur: keyof Kinds = 'anon';
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      k.maps++;
      const start = Number.parseInt(head[1]!, 16);
      const name = head[4]!.trim();
      if (name === '[heap]') cur = 'brk';
      else if (name === '[stack]') cur = 'stack';
      else if (name.startsWith('/') || name.startsWith('anon_inode') || name.startsWith('/memfd')) cur = 'file';
      else if (name === '' && start % MB64 === 0) {
        cur = 'arena';
        k.arenaMaps++;
      } else cur = 'anon';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) k[cur] += Number(rss[1]) / 1024;
  }
  return k;
}

const t0 = Date.now();
const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
let savedWarm = false;
const sampleEvery = 30_000;
const end = t0 + minutes * 60_000;
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, sampleEvery));
  const sec = (Date.now() - t0) / 1000;
  const window = watch.take();
  const h = await probe.sample();
  let save: string | undefined;
  if (!savedWarm && sec >= Number(v['warmup-smaps']) * 60) {
    save = join(v.out!, `${v.label}-smaps-warm.txt`);
    savedWarm = true;
  }
  const k = smaps(save);
  let fds = 0;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    /* */
  }
  const line = { sec, floor: window?.min, peak: window?.max, heapMb: h.heapMb, externalMb: h.externalMb, spaces: h.spaces, kinds: k, threads: threads(), fds, asks };
  appendFileSync(out, JSON.stringify(line) + '\n');
  log(`${(sec / 60).toFixed(1)} min floor ${window?.min.rss.toFixed(1)} (anon ${window?.min.anon.toFixed(1)}) heap ${h.heapMb.toFixed(1)} brk ${k.brk.toFixed(1)} arena ${k.arena.toFixed(1)}/${k.arenaMaps} anon ${k.anon.toFixed(1)} file ${k.file.toFixed(1)} thr ${line.threads}`);
}
smaps(join(v.out!, `${v.label}-smaps-end.txt`));
clearInterval(drain);
watch.stop();
probe.close();
api.close();
await stopAll();
log('done');
process.exit(0);
