import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBoundaries } from '../../host/geo/boundaries';
import { districtIndex } from '../../host/geo/district-index';
import { runView } from '../../host/views';
import { RecordWriter } from '../../host/store/records';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { simFeeds, testDb, type TestDb } from './sync/helpers';

// Open311 gives a point but no area; the host must place each report in its district so the
// district drill-down and the hotline desk's filter find it.
let sim: Sim;
let t: TestDb;
beforeEach(async () => {
  sim = await startSim({ events: 250, observations: 0, readingHours: 1, places: 0 });
  t = testDb();
});
afterEach(async () => {
  await t.close();
  await sim.close();
});

interface Row {
  id: string;
  area_id: string | null;
  lat: number;
  lon: number;
}

describe('synced records get the district their point falls in', () => {
  it('Open311 from the simulator: events inside the province carry the district that holds them', async () => {
    const areas = loadBoundaries();
    const w = new RecordWriter(t.db);
    t.db.transaction(() => areas.forEach((a) => w.area(a)))();
    // The reference answer, computed independently of the store's cached locator.
    const expected = districtIndex(areas.filter((a) => a.level === 'district'));

    const feed = simFeeds(sim.url)['hotline-open311']!;
    const run = await t.run(feed);
    expect(run.ok).toBe(true);
    expect(run.counts.inserted).toBe(250);

    const rows = t.db.prepare(`SELECT id, area_id, lat, lon FROM events`).all() as Row[];
    expect(rows).toHaveLength(250);
    for (const r of rows) expect([r.id, r.area_id]).toEqual([r.id, expected.locate(r.lon, r.lat)]);
    const located = rows.filter((r) => r.area_id !== null);
    // The simulator scatters reports around the district centres: nearly all fall inside the province.
    expect(located.length).toBeGreaterThanOrEqual(240);
    expect(new Set(located.map((r) => r.area_id)).size).toBeGreaterThanOrEqual(8);
    const districtIds = new Set(areas.filter((a) => a.level === 'district').map((a) => a.id));
    for (const r of located) expect(districtIds.has(r.area_id!)).toBe(true);

    // The simulator's own district of each report (named in its address) mostly agrees; its points
    // are rough (district centre ± 0.04°), so some land over a neighbouring border.
    const nameOf = new Map(areas.map((a) => [a.id, a.name]));
    const agree = [...sim.data.requests.values()].filter((q) => {
      const row = rows.find((r) => r.id === `hotline-open311:${q.service_request_id}`);
      return row?.area_id != null && q.address.startsWith(`${nameOf.get(row.area_id)},`);
    }).length;
    expect(agree).toBeGreaterThan(210);

    // The hotline desk's district filter now finds them: Đồng Xoài's queue holds exactly its open reports.
    const dongXoaiOpen = t.db
      .prepare(`SELECT count(*) FROM events WHERE area_id = '689' AND closed_at IS NULL AND domain = 'hotline'`)
      .pluck()
      .get() as number;
    expect(dongXoaiOpen).toBeGreaterThan(0);
    const queue = runView(t.db, 'hotline', 'queue', { areaId: '689' }, { now: new Date(sim.data.now) });
    expect(queue.open).toBe(dongXoaiOpen);
    expect(queue.rows.length).toBeGreaterThan(0);
    for (const r of queue.rows) expect(r.areaId).toBe('689');
  });

  it('without boundaries in the database the events keep a null area, and the sync still succeeds', async () => {
    const run = await t.run(simFeeds(sim.url)['hotline-open311']!);
    expect(run.ok).toBe(true);
    expect(t.db.prepare(`SELECT count(*) FROM events WHERE area_id IS NOT NULL`).pluck().get()).toBe(0);
    expect(t.count('events')).toBe(250);
  });
});
