import { canonicalTime } from '../../domains/time';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { mulberry32 } from '../../tools/endpoint-sim/data';
import { feedConfigSchema } from '../../sync/feeds/config';
import { ROOT, simFeeds, testDb, type TestDb } from './sync/helpers';

/**
 * Crash safety: a child process syncing a large Open311 feed (paged, one transaction per page with
 * its cursor) is killed with SIGKILL at random points, 15 times, while the source keeps changing.
 * Afterwards the database passes PRAGMA integrity_check and, after one last uninterrupted sync,
 * equals the source exactly: every request, with its latest state, once.
 */
const KILLS = 15;
const CHILD = join(__dirname, 'sync/crash-child.ts');
void mulberry32;

let sim: Sim;
let t: TestDb;
let childJs: string;
beforeAll(async () => {
  // One bundle for the child: node starts it in ~0.2 s, where tsx would transpile for seconds.
  const { build } = await import('esbuild');
  childJs = join(ROOT, 'node_modules/.cache/ioc-wall-tests/sync-crash-child.mjs');
  await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', outfile: childJs, logLevel: 'silent' });
  sim = await startSim({ events: 6_000, seed: 11 });
  t = testDb();
  t.db.close(); // the children open it; the test reopens it at the end
}, 90_000); // esbuild and a 6 000-report source: CPU-bound, slower the busier the machine
afterAll(async () => {
  await sim.close();
});

function runChild(feedJson: string, kill: { batches: number; ms: number } | null): Promise<{ killed: boolean; code: number | null; batches: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, t.dir, feedJson], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let batches = 0;
    let timer: NodeJS.Timeout | null = null;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of String(d).split('\n')) {
        if (!line.startsWith('batch')) continue;
        batches++;
        if (kill !== null && timer === null && batches >= kill.batches) {
          timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') return reject(new Error(`child failed (${code}): ${stderr}`));
      resolve({ killed: signal === 'SIGKILL', code, batches });
    });
  });
}

describe('crash safety', () => {
  // 16 children and a full sync of 6 000 reports: CPU-bound, ~10 s on an idle machine; the
  // budget leaves room for a CI machine many times busier.
  it(`survives ${KILLS} SIGKILLs mid-sync: integrity ok, then the database equals the source`, async () => {
    const feed = feedConfigSchema.parse({ ...simFeeds(sim.url)['hotline-open311']!, options: { pageSize: 50, statusMap: { open: 'received', closed: 'resolved' } } });
    const json = JSON.stringify(feed);
    const rnd = mulberry32(2026);
    let killed = 0;
    let interrupted = 0; // runs that died with a paging cursor stored: killed mid-run, not between runs
    // The source keeps changing while the children sync: new reports, handled reports.
    const changing = setInterval(() => sim.data.tick(60_000), 150);
    try {
      for (let i = 0; i < KILLS; i++) {
        // Kill in the middle of the run: after 1–4 committed pages, 0–40 ms later (mid-request,
        // mid-parse or mid-transaction). Bounded progress per child keeps every kill mid-run.
        const r = await runChild(json, { batches: 1 + Math.floor(rnd() * 4), ms: Math.floor(rnd() * 40) });
        if (r.killed) killed++;
        const peek = new Database(join(t.dir, 'ioc-wall.db'), { readonly: true });
        if (peek.prepare(`SELECT cursor FROM feed_state WHERE feed_id = ?`).pluck().get(feed.id)) interrupted++;
        peek.close();
      }
    } finally {
      clearInterval(changing);
    }
    expect(killed).toBe(KILLS);
    expect(interrupted).toBeGreaterThanOrEqual(KILLS - 2);

    const { openDatabase } = await import('../../host/db/open');
    const { db } = openDatabase(t.dir);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }

    const last = await runChild(json, null);
    expect(last.killed).toBe(false);
    const reopened = openDatabase(t.dir).db;
    try {
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = reopened.prepare(`SELECT id, status, updated_at, agency FROM events`).all() as {
        id: string;
        status: string;
        updated_at: string;
        agency: string | null;
      }[];
      const src = [...sim.data.requests.values()];
      expect(rows.length).toBe(src.length); // no gap, no duplicate
      const byId = new Map(rows.map((r) => [r.id, r]));
      const mismatches = src.filter((r) => {
        const row = byId.get(`hotline-open311:${r.service_request_id}`);
        return !row || row.updated_at !== canonicalTime(r.updated_datetime) || row.status !== (r.status === 'open' ? 'received' : 'resolved') || row.agency !== r.agency_responsible;
      });
      expect(mismatches).toEqual([]);
      const st = reopened.prepare(`SELECT cursor FROM feed_state WHERE feed_id = ?`).pluck().get(feed.id);
      expect(st).toBeNull();
    } finally {
      reopened.close();
    }
  }, 240_000);
});
