// Two versions of the views taking turns on one cache: this checkout's computeView and another
// checkout's (e.g. main's tree unpacked with `git archive`), ask by ask, in one process, so both
// see the same machine at the same moment — on a shared machine whose load swings ×5 in minutes,
// the fair before/after of a view's CPU. Every pair of answers is compared (JSON text): a change
// that makes a view cheaper must not change what it answers.
//
//   npx tsx bench/views-ab.ts --base /path/to/other/checkout [filter]
//
// On the ×11 demo cache (BENCH_REUSE_DB=/path/cache.db keeps it between runs), the province and
// every district, the periods the views bench asks; VIEWS_AB_RUNS asks per view and version
// (default 240). Figures are the process's CPU time per ask (getrusage: the ask's own thread,
// plus the garbage collector's helper threads), which the machine's load sways far less than
// wall-clock time.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOG, DOMAIN_IDS } from '../domains';
import type { ViewId, ViewParams } from '../domains/views';
import { computeView } from '../host/views';
import { seededCache } from './seeded-cache';
import { percentile } from './types';

const args = process.argv.slice(2);
const baseAt = args.indexOf('--base');
if (baseAt < 0 || !args[baseAt + 1]) {
  console.error('usage: npx tsx bench/views-ab.ts --base /path/to/other/checkout [filter]');
  process.exit(2);
}
const baseDir = resolve(args[baseAt + 1]!);
const ONLY = args.filter((_, i) => i !== baseAt && i !== baseAt + 1)[0] ?? '';
const RUNS = Number(process.env.VIEWS_AB_RUNS ?? 240);
const NOW = new Date('2026-11-25T08:00:00Z');

type Compute = typeof computeView;
const base = (await import(pathToFileURL(join(baseDir, 'host/views/index.ts')).href)) as { computeView: Compute };

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmt = (v: number) => v.toFixed(3);

const cache = seededCache('ioc-views-ab-', Number(process.env.VIEWS_BENCH_SCALE ?? 11), NOW);
const { db } = cache;
const areas = [undefined, ...(db.prepare(`SELECT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all() as string[])];
const periods = [undefined, '2026', '2025', '2026-Q3', '2025-Q1', '2026-10', '2025-06', '2026-11'];
let differ = 0;
let sumBase = 0;
let sumThis = 0;
try {
  console.log(`view: CPU ms per ask, p50 / p99, ${baseDir} → this checkout (ratio of p50)`);
  for (const domain of DOMAIN_IDS) {
    for (const v of CATALOG[domain].views) {
      const view = v.id as ViewId;
      if (!`${domain}.${view}`.includes(ONLY)) continue;
      for (let i = 0; i < 10; i++) {
        base.computeView(db, domain, view, {}, { now: NOW });
        computeView(db, domain, view, {}, { now: NOW });
      }
      const before: number[] = [];
      const after: number[] = [];
      let mismatched = 0;
      for (let i = 0; i < RUNS; i++) {
        const areaId = areas[i % areas.length];
        const period = periods[Math.floor(i / areas.length) % periods.length];
        const params: ViewParams = { ...(areaId ? { areaId } : {}), ...(period ? { period } : {}) };
        // Alternate which goes first, so neither always finds the other's pages in SQLite's cache.
        const order = i % 2 ? ([['after', computeView], ['before', base.computeView]] as const) : ([['before', base.computeView], ['after', computeView]] as const);
        const answers: Record<string, string> = {};
        for (const [which, compute] of order) {
          const t = cpuMs();
          const answer = compute(db, domain, view, params, { now: NOW });
          (which === 'before' ? before : after).push(cpuMs() - t);
          answers[which] = JSON.stringify(answer);
        }
        if (answers.before !== answers.after) mismatched++;
      }
      differ += mismatched;
      const b50 = percentile(before, 50);
      const a50 = percentile(after, 50);
      sumBase += b50;
      sumThis += a50;
      console.log(
        `${domain}.${view}: ${fmt(b50)} / ${fmt(percentile(before, 99))} → ${fmt(a50)} / ${fmt(percentile(after, 99))} (×${(a50 / b50).toFixed(2)})` +
          (mismatched ? `; ${mismatched} of ${RUNS} answers DIFFER` : ''),
      );
    }
  }
  console.log(`sum of p50: ${fmt(sumBase)} → ${fmt(sumThis)} ms (×${(sumThis / sumBase).toFixed(2)}); answers that differ: ${differ}`);
} finally {
  cache.close();
}
if (differ > 0) process.exitCode = 1;
