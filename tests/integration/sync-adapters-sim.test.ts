import { canonicalTime } from '../../domains/time';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { feedConfigSchema } from '../../sync/feeds/config';
import { simFeeds, testDb, type TestDb } from './sync/helpers';

let sim: Sim;
let t: TestDb;
beforeEach(async () => {
  sim = await startSim({ events: 250, observations: 660, readingHours: 6, places: 33 });
  t = testDb();
});
afterEach(async () => {
  await t.close();
  await sim.close();
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const eventsInDb = () =>
  new Map(
    (t.db.prepare(`SELECT id, status, updated_at, agency FROM events`).all() as { id: string; status: string; updated_at: string; agency: string | null }[]).map(
      (r) => [r.id, r],
    ),
  );

describe('each adapter against the endpoint simulator', () => {
  it('Open311 (JSON, paged): full sync, then only changes; the database equals the source', async () => {
    const feed = simFeeds(sim.url)['hotline-open311']!;
    const first = await t.run(feed);
    expect(first.ok).toBe(true);
    expect(first.counts.inserted).toBe(250);
    expect(first.counts.requests).toBeGreaterThan(1); // 200 a page
    expect(t.count('events')).toBe(250);

    sim.data.tick();
    const second = await t.run(feed);
    expect(second.ok).toBe(true);
    expect(second.counts.fetched).toBeLessThan(20); // only what changed since the watermark (+ the boundary)
    const db = eventsInDb();
    expect(db.size).toBe(sim.data.requests.size);
    for (const r of sim.data.requests.values()) {
      const row = db.get(`hotline-open311:${r.service_request_id}`)!;
      expect(row.status).toBe(r.status === 'open' ? 'received' : 'resolved');
      expect(row.updated_at).toBe(canonicalTime(r.updated_datetime)); // stored in UTC, same instant
      expect(row.agency).toBe(r.agency_responsible);
    }
  });

  it('Open311 (XML) gives the same events as JSON', async () => {
    const json = simFeeds(sim.url)['hotline-open311']!;
    const xml = feedConfigSchema.parse({ ...json, id: 'hotline-xml', url: json.url.replace('.json', '.xml'), format: 'xml' });
    expect((await t.run(xml)).ok).toBe(true);
    expect((await t.run(json)).ok).toBe(true);
    const rows = t.db.prepare(`SELECT source, count(*) n FROM events GROUP BY source ORDER BY source`).all();
    expect(rows).toEqual([
      { source: 'hotline-open311', n: 250 },
      { source: 'hotline-xml', n: 250 },
    ]);
    const diff = t.db
      .prepare(
        `SELECT count(*) FROM events a JOIN events b ON substr(a.id, 13) = substr(b.id, 17)
         WHERE a.source='hotline-xml' AND b.source='hotline-open311'
           AND (a.status != b.status OR a.updated_at != b.updated_at OR a.lat != b.lat OR a.title != b.title)`,
      )
      .pluck()
      .get();
    expect(diff).toBe(0);
  });

  it('SensorThings: stations from Things, readings by datastream with phenomenonTime gt watermark and nextLink', async () => {
    // Small pages, so that every datastream takes two (its options only: other adapters refuse `top`).
    const base = simFeeds(sim.url)['aqi-sensorthings']!;
    const feed = feedConfigSchema.parse({ ...base, options: { ...base.options, top: 4 } });
    const first = await t.run(feed);
    expect(first.ok).toBe(true);
    expect(t.count('stations')).toBe(11);
    expect(t.count('readings')).toBe(33 * 6);
    expect(first.counts.requests).toBe(1 + 33 * 2); // 6 readings at 4 a page: 2 pages per datastream
    const before = sim.data.datastreams.reduce((n, d) => n + d.times.length, 0);
    sim.data.tick(2 * 3600_000);
    const after = sim.data.datastreams.reduce((n, d) => n + d.times.length, 0);
    expect(after).toBeGreaterThan(before);
    const second = await t.run(feed);
    expect(second.counts.fetched).toBe(after - before + 11); // + the 11 Things
    expect(second.counts.inserted).toBe(after - before);
    expect(t.count('readings')).toBe(after);
    const st = t.db.prepare(`SELECT params, area_id FROM stations WHERE id = 'aqi-sensorthings:2'`).get();
    expect(st).toEqual({ params: '["pm25","pm10","no2"]', area_id: '689' });
  });

  it('CKAN: observations paged by offset, newest first; then only rows changed since the watermark; 304 when unchanged', async () => {
    const feed = simFeeds(sim.url)['stats-ckan']!;
    const small = feedConfigSchema.parse({ ...feed, mapping: { ...feed.mapping!, pageSize: 100 } });
    const first = await t.run(small);
    expect(first.ok).toBe(true);
    expect(first.counts.inserted).toBe(660);
    expect(first.counts.requests).toBe(7);
    const unchanged = await t.run(small);
    expect(unchanged.notModified).toBe(true);
    expect(unchanged.counts.notModified).toBe(1);
    sim.data.tick();
    const third = await t.run(small);
    expect(third.ok).toBe(true);
    expect(third.counts.requests).toBe(1);
    const rows = t.db.prepare(`SELECT indicator, area_id, period, value FROM observations ORDER BY 1,2,3`).all();
    const src = sim.data
      .liveObservations()
      .map((o) => ({ indicator: o.indicator, area_id: o.area, period: o.period, value: o.value }))
      .sort((a, b) => cmp(a.indicator, b.indicator) || cmp(a.area_id, b.area_id) || cmp(a.period, b.period)); // SQLite's binary order
    expect(rows).toEqual(src);
  });

  it('SDMX-JSON 2.1 and 1.0: observations by series; updatedAfter brings only revisions; then 304', async () => {
    const feed = simFeeds(sim.url)['stats-sdmx']!;
    const first = await t.run(feed);
    expect(first.ok).toBe(true);
    expect(first.counts.inserted).toBe(660);
    sim.data.tick();
    const second = await t.run(feed);
    expect(second.counts.fetched).toBe(3);
    expect(second.counts.updated).toBe(3);
    const third = await t.run(feed); // empty answer for the same updatedAfter: 200 once…
    expect(third.counts.fetched).toBe(0);
    const fourth = await t.run(feed); // …then the validators match
    expect(fourth.notModified).toBe(true);
    const v1 = feedConfigSchema.parse({ ...feed, id: 'sdmx-v1', url: `${feed.url}?format=1.0` });
    const r1 = await t.run(v1);
    expect(r1.counts.fetched).toBe(660);
    // Same keys, but they belong to the first feed: a feed never overwrites another's figures.
    expect(r1.counts.quarantined).toBe(660);
    expect(t.db.prepare(`SELECT count(*) FROM observations WHERE source = 'stats-sdmx'`).pluck().get()).toBe(660);
    const kept = t.db
      .prepare(`SELECT count(*) FROM quarantine WHERE feed_id = 'sdmx-v1' AND reason LIKE '%belongs to source "stats-sdmx"%'`)
      .pluck()
      .get();
    expect(kept).toBe(660);
  });

  it('GeoJSON: places through the mapping, ETag/Last-Modified then 304', async () => {
    const feed = simFeeds(sim.url)['places-geojson']!;
    const first = await t.run(feed);
    expect(first.counts.inserted).toBe(33);
    const second = await t.run(feed);
    expect(second.notModified).toBe(true);
    expect(t.store.getFeedState(feed.id).totalCounts.notModified).toBe(1);
    sim.data.tick();
    const third = await t.run(feed);
    expect(third.notModified).toBe(false);
    expect(third.counts.updated).toBe(33);
  });

  it('invalid records are quarantined with their reason and counted; the rest goes in', async () => {
    sim.setFaults([{ kind: 'invalid' }]);
    const feeds = simFeeds(sim.url);
    const results = [];
    for (const id of ['hotline-open311', 'aqi-sensorthings', 'stats-ckan', 'stats-sdmx', 'places-geojson']) results.push(await t.run(feeds[id]!));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.counts.quarantined)).toEqual([1, 33, 1, 1, 1]);
    const reasons = t.db.prepare(`SELECT feed_id, reason FROM quarantine GROUP BY feed_id ORDER BY feed_id`).all() as { feed_id: string; reason: string }[];
    expect(reasons.find((r) => r.feed_id === 'places-geojson')!.reason).toMatch(/GeoProperty/);
    expect(reasons.find((r) => r.feed_id === 'hotline-open311')!.reason).toMatch(/^requested_datetime: missing/);
    expect(reasons.find((r) => r.feed_id === 'stats-ckan')!.reason).toMatch(/value/);
    expect(t.count('events')).toBe(250);
    expect(t.count('places')).toBe(33);
  });
});
