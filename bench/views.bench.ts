// Each panel view's latency on a cache of over a million rows (issue 4: p99 under 5 ms each),
// beside the same run's floor: a prepared `SELECT 1`. The cache is the demo generator at a
// volume scale that passes one million rows, in a temp SQLite file (WAL), as the host opens it.
import { CATALOG, DOMAIN_IDS } from '../domains';
import type { ViewId } from '../domains/views';
import { runView } from '../host/views';
import { seededCache, selectOneFloor } from './seeded-cache';
import { median, percentile, type BenchRow } from './types';

const SCALE = Number(process.env.VIEWS_BENCH_SCALE ?? 11);
const RUNS = 200;
const NOW = new Date('2026-11-25T08:00:00Z');

export default async function viewsBench(): Promise<BenchRow[]> {
  const cache = seededCache('ioc-bench-views-', SCALE, NOW);
  const { db, seeded, rows, seedMs } = cache;
  try {

    // Varied drill-downs: the province and every district; years, quarters, months, default.
    const areas = [undefined, ...(db.prepare(`SELECT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all() as string[])];
    const periods = [undefined, '2026', '2025', '2026-Q3', '2025-Q1', '2026-10', '2025-06', '2026-11'];

    const baseline = { name: 'SELECT 1 p50', value: selectOneFloor(db) };

    const out: BenchRow[] = [
      { name: 'views: baseline SELECT 1 p50', value: baseline.value * 1000, unit: 'µs', note: 'prepared statement, same database, same run' },
      { name: 'views: cache rows', value: rows, unit: 'rows', note: `demo generator ×${SCALE}: ${seeded.events} events, ${seeded.readings} readings; seeded in ${(seedMs / 1000).toFixed(1)} s` },
    ];
    let worst = { name: '', p99: 0 };
    for (const domain of DOMAIN_IDS) {
      for (const v of CATALOG[domain].views) {
        const view = v.id as ViewId;
        // Warm the statement cache once, as a running host has it.
        runView(db, domain, view, {}, { now: NOW });
        const times: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const areaId = areas[i % areas.length];
          const period = periods[Math.floor(i / areas.length) % periods.length];
          const c = process.cpuUsage();
          const t = performance.now();
          runView(db, domain, view, { ...(areaId ? { areaId } : {}), ...(period ? { period } : {}) }, { now: NOW });
          times.push(performance.now() - t);
          const used = process.cpuUsage(c);
          cpu.push((used.user + used.system) / 1000);
        }
        times.sort((a, b) => a - b);
        cpu.sort((a, b) => a - b);
        const p50 = percentile(times, 50);
        const p99 = percentile(times, 99);
        // On a shared 2-core machine wall-clock p99 includes time the process was not running;
        // CPU time per call shows the view's own cost.
        const cpuP99 = percentile(cpu, 99);
        if (p99 > worst.p99) worst = { name: `${domain}.${view}`, p99 };
        out.push({ name: `view ${domain}.${view} p50`, value: p50, unit: 'ms', baseline, ratio: p50 / baseline.value });
        out.push({ name: `view ${domain}.${view} p99`, value: p99, unit: 'ms', baseline, ratio: p99 / baseline.value, note: `${RUNS} runs, 12 areas × 8 periods; CPU-time p99 ${cpuP99.toFixed(2)} ms` });
      }
    }
    out.push({ name: 'views: worst p99', value: worst.p99, unit: 'ms', note: `${worst.name} (target < 5 ms)` });
    return out;
  } finally {
    cache.close();
  }
}
