// Where a view's computation spends its CPU: per view, the CPU of computeView (no answer kept)
// split into the statements it runs (SQLite plus turning rows into JavaScript, which better-sqlite3
// does inside `all`/`get`) and the rest (the view's own JavaScript), with its costliest statements.
// Not a benchmark of latency (bench/views.bench.ts is): CPU time, so a busy machine skews it less.
//
//   npx tsx bench/views-profile.ts [filter]      e.g. `hotline` or `environment.stations`
//
// On the ×11 demo cache (BENCH_REUSE_DB=/path/cache.db keeps it between runs), province and every
// district, the periods the views bench asks; VIEWS_PROFILE_RUNS asks per view (default 96).
import type Database from 'better-sqlite3';
import { CATALOG, DOMAIN_IDS } from '../domains';
import type { ViewId, ViewParams } from '../domains/views';
import { computeView } from '../host/views';
import { seededCache } from './seeded-cache';

const NOW = new Date('2026-11-25T08:00:00Z');
const RUNS = Number(process.env.VIEWS_PROFILE_RUNS ?? 96);
const ONLY = process.argv[2] ?? '';
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const cache = seededCache('ioc-views-profile-', Number(process.env.VIEWS_BENCH_SCALE ?? 11), NOW);
const { db } = cache;
// Every statement's CPU, by SQL text, while a view is being computed.
const spent = new Map<string, { ms: number; calls: number; rows: number }>();
let tracking = false;
const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'all' | 'get', (this: Database.Statement, ...a: unknown[]) => unknown>;
for (const method of ['all', 'get'] as const) {
  const original = proto[method];
  proto[method] = function (this: Database.Statement, ...args: unknown[]) {
    if (!tracking) return original.apply(this, args);
    const t = cpuMs();
    const out = original.apply(this, args);
    const e = spent.get(this.source) ?? { ms: 0, calls: 0, rows: 0 };
    e.ms += cpuMs() - t;
    e.calls++;
    e.rows += Array.isArray(out) ? out.length : 1;
    spent.set(this.source, e);
    return out;
  };
}

const areas = [undefined, ...(db.prepare(`SELECT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all() as string[])];
const periods = [undefined, '2026', '2025', '2026-Q3', '2025-Q1', '2026-10', '2025-06', '2026-11'];
const fmt = (v: number) => v.toFixed(3);
try {
  for (const domain of DOMAIN_IDS) {
    for (const v of CATALOG[domain].views) {
      const view = v.id as ViewId;
      if (!`${domain}.${view}`.includes(ONLY)) continue;
      for (let i = 0; i < 10; i++) computeView(db, domain, view, {}, { now: NOW });
      spent.clear();
      const cpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const areaId = areas[i % areas.length];
        const period = periods[Math.floor(i / areas.length) % periods.length];
        const params: ViewParams = { ...(areaId ? { areaId } : {}), ...(period ? { period } : {}) };
        tracking = true;
        const t = cpuMs();
        computeView(db, domain, view, params, { now: NOW });
        cpu.push(cpuMs() - t);
        tracking = false;
      }
      const total = cpu.reduce((a, b) => a + b, 0) / RUNS;
      const sql = [...spent.values()].reduce((a, e) => a + e.ms, 0) / RUNS;
      cpu.sort((a, b) => a - b);
      console.log(
        `${domain}.${view}: CPU mean ${fmt(total)} ms (p50 ${fmt(cpu[RUNS >> 1]!)}, max ${fmt(cpu[RUNS - 1]!)}); statements ${fmt(sql)}, the view's own JS ${fmt(total - sql)}`,
      );
      for (const [source, e] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 4)) {
        console.log(`    ${fmt(e.ms / RUNS)} ms  ${(e.calls / RUNS).toFixed(1)}× ${Math.round(e.rows / e.calls)} rows  ${source.replace(/\s+/g, ' ').slice(0, 140)}`);
      }
    }
  }
} finally {
  cache.close();
}
