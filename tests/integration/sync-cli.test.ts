import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../host/cli/commands';
import { getCommand } from '../../host/cli/registry';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { ROOT } from './sync/helpers';

/**
 * Each `sync --once` is CPU-bound work, not waiting: preparing the demo data (~3.7 s) and one
 * worker thread per feed loaded through tsx (~1.5 s each, six feeds), ~15 s in all on an idle
 * machine. On a loaded CI machine that scales with the load, so the budget is several times
 * that, per test, instead of the 30 s default.
 */
const RUN_BUDGET_MS = 150_000;

let sim: Sim;
let dir: string;
beforeAll(async () => {
  sim = await startSim({ events: 50 });
  dir = mkdtempSync(join(tmpdir(), 'ioc-sync-cli-'));
  const demo = readFileSync(join(ROOT, 'config/demo-sim.json'), 'utf8').replaceAll('http://127.0.0.1:8088', sim.url);
  writeFileSync(join(dir, 'config.json'), demo);
}, 60_000);
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await getCommand('sync')!.run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ioc-wall sync --once', () => {
  it('runs every feed of the demo config once and prints a table; exit 0', async () => {
    const r = await run(['--once', '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const id of ['hotline-open311', 'aqi-sensorthings', 'stats-ckan', 'stats-sdmx', 'places-geojson']) expect(r.out).toContain(id);
    expect(r.out).toMatch(/hotline-open311\s+OK\s+50\s+50/);
  }, RUN_BUDGET_MS);

  it('--json: the second run is all 304s where the source supports it', async () => {
    const r = await run(['--once', '--json', '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { feeds: { feedId: string; ok: boolean; notModified: boolean }[] };
    expect(j.feeds.find((f) => f.feedId === 'places-geojson')!.notModified).toBe(true);
    expect(j.feeds.find((f) => f.feedId === 'stats-ckan')!.notModified).toBe(true);
  }, RUN_BUDGET_MS);

  it('exits 1 when a feed fails, naming the reason in plain words', async () => {
    sim.setFaults([{ kind: 'error500', path: '/sdmx' }]);
    const r = await run(['--once', '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data')]);
    sim.setFaults([]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/stats-sdmx\s+LỖI\/FAILED server_error/);
    expect(r.out).toContain('Máy chủ gặp lỗi (HTTP 500)');
  }, RUN_BUDGET_MS);
});
