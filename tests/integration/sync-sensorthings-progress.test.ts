// A SensorThings feed of many datastreams: how often a run saves its place, what it reads again
// after a failure half-way, and that the watermarks of datastreams the server no longer lists go.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINTS } from '../../sync/adapters/sensorthings';
import { feedConfigSchema, type FeedConfig } from '../../sync/feeds/config';
import type { FeedState } from '../../sync/store';
import { testDb, type TestDb } from './sync/helpers';

const PARAMS = ['PM2.5', 'PM10', 'NO2', 'SO2', 'CO', 'O3', 'temp', 'humidity', 'wind', 'rain'];
const HOURS = 6;

let things = 40;
/** Extra Things the server lists, as they are sent. */
let odd: unknown[] = [];
/** Things written as JSON text after the others (numbers JSON.stringify cannot write exactly). */
let oddText = '';
/** The paths of the observation requests, in order. */
const observationPaths: string[] = [];
/** The body of the one paged-Datastreams request, if any. */
let pagedBody = '';
/** The observations request (1-based, over the server's life) to answer 503, if any. */
let failAt = 0;
let observationRequests = 0;
let server: Server;
let base: string;

const thing = (t: number) => ({
  '@iot.id': t,
  name: `Trạm ${t}`,
  Locations: [{ location: { type: 'Point', coordinates: [106.6 + (t % 40) / 100, 11.4 + t / 1000] } }],
  Datastreams: PARAMS.map((name, p) => ({ '@iot.id': t * PARAMS.length + p, name: `ds${p}`, ObservedProperty: { name } })),
});
const observations = Array.from({ length: HOURS }, (_, h) => ({ '@iot.id': h, phenomenonTime: `2026-12-01T0${h}:00:00Z`, result: 10 + h }));

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, base);
    res.setHeader('content-type', 'application/json');
    if (url.pathname.endsWith('/Things')) {
      const listed = JSON.stringify({ value: [...Array.from({ length: things }, (_, t) => thing(t)), ...odd] });
      res.end(oddText ? `${listed.slice(0, -2)},${oddText}]}` : listed);
      return;
    }
    if (url.pathname.endsWith('/Datastreams')) {
      res.end(pagedBody);
      return;
    }
    observationRequests++;
    observationPaths.push(decodeURIComponent(url.pathname));
    if (observationRequests === failAt) {
      res.statusCode = 503;
      res.end('{}');
      return;
    }
    res.end(JSON.stringify({ value: url.searchParams.get('$filter') ? [] : observations }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function watch(t: TestDb): { saved: FeedState[] } {
  const seen = { saved: [] as FeedState[] };
  const apply = t.store.applyBatch.bind(t.store);
  t.store.applyBatch = (feedId, records, quarantined, state) => {
    if (state) seen.saved.push(state);
    return apply(feedId, records, quarantined, state);
  };
  return seen;
}

describe('SensorThings: a run through many datastreams', () => {
  const feed = (): FeedConfig => feedConfigSchema.parse({ id: 'air', adapter: 'sensorthings', url: base, domain: 'environment', retries: 0 });

  it(`saves its place about ${CHECKPOINTS} times, not once per datastream, and state stays linear in the datastreams`, async () => {
    const t = testDb();
    const seen = watch(t);
    try {
      const r = await t.run(feed());
      expect(r.ok).toBe(true);
      const datastreams = things * PARAMS.length;
      expect(t.count('readings')).toBe(datastreams * HOURS);
      // The stations and their cursor, the checkpoints, the end.
      expect(seen.saved.length).toBeLessThanOrEqual(CHECKPOINTS + 2);
      const largest = Math.max(...seen.saved.map((s) => (s.cursor ?? '').length + (s.watermark ?? '').length));
      const total = seen.saved.reduce((n, s) => n + (s.cursor ?? '').length + (s.watermark ?? '').length, 0);
      expect(total).toBeLessThanOrEqual((CHECKPOINTS + 2) * largest);
      const end = t.store.getFeedState('air');
      expect(end.cursor).toBeNull();
      expect(Object.keys(JSON.parse(end.watermark!))).toHaveLength(datastreams);
    } finally {
      await t.close();
    }
  });

  it('after a failure half-way the next run goes on from the last save: nothing lost, little read twice', async () => {
    const t = testDb();
    try {
      const datastreams = things * PARAMS.length;
      const every = Math.ceil(datastreams / CHECKPOINTS);
      observationRequests = 0;
      failAt = Math.floor(datastreams * 0.6);
      const first = await t.run(feed());
      expect(first.ok).toBe(false);
      expect(first.error?.code).toBe('unavailable');
      const saved = JSON.parse(t.store.getFeedState('air').cursor!) as { index: number };
      expect(saved.index).toBeGreaterThan(failAt - 1 - every);
      expect(saved.index).toBeLessThanOrEqual(failAt - 1);

      failAt = 0;
      observationRequests = 0;
      const second = await t.run(feed());
      expect(second.ok).toBe(true);
      expect(observationRequests).toBe(datastreams - saved.index);
      expect(t.count('readings')).toBe(datastreams * HOURS);
    } finally {
      await t.close();
    }
  });

  it('forgets the watermarks of datastreams the server no longer lists', async () => {
    const t = testDb();
    try {
      things = 40;
      expect((await t.run(feed())).ok).toBe(true);
      things = 5;
      expect((await t.run(feed())).ok).toBe(true);
      expect(Object.keys(JSON.parse(t.store.getFeedState('air').watermark!)).map(Number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 5 * PARAMS.length }, (_, i) => i),
      );
    } finally {
      things = 40;
      await t.close();
    }
  });

  it('a paged Datastreams list of 150,000 items and a Thing of 5,000 parameters: each a clear outcome, the rest stored', async () => {
    const t = testDb();
    try {
      // One page larger than a spread call takes (push(...items) threw RangeError: "Unexpected error").
      pagedBody = JSON.stringify({ value: Array.from({ length: 150_000 }, () => ({})) });
      const paged = { ...thing(900), Datastreams: [], 'Datastreams@iot.nextLink': `${base}/Things(900)/Datastreams?$skip=0` };
      const many = { ...thing(901), Datastreams: Array.from({ length: 5000 }, (_, p) => ({ '@iot.id': 1_000_000 + p, ObservedProperty: { name: `param-${p}` } })) };
      odd = [paged, many];
      things = 3;
      const r = await t.run(feed());
      expect(r.ok, r.error?.en).toBe(true);
      const stations = t.db.prepare(`SELECT id FROM stations ORDER BY id`).pluck().all();
      expect(stations).toEqual(['air:0', 'air:1', 'air:2', 'air:900']);
      const reason = t.db.prepare(`SELECT reason FROM quarantine WHERE external_id = '901'`).pluck().get() as string;
      expect(reason).toMatch(/more than 500 parameters/);
      expect(t.count('readings')).toBe(3 * PARAMS.length * HOURS);
    } finally {
      odd = [];
      pagedBody = '';
      things = 40;
      await t.close();
    }
  });

  it('asks for a datastream of a 64-bit id by its exact digits and stores its station under them', async () => {
    const t = testDb();
    try {
      things = 1;
      // Beyond 2^53: as a double the Thing would be …888 and the datastream …896, another entity.
      oddText = `{"@iot.id":9007199254740993,"name":"Trạm 64","Locations":[{"location":{"type":"Point","coordinates":[106.9,11.7]}}],"Datastreams":[{"@iot.id":18014398509481985,"name":"pm","ObservedProperty":{"name":"PM2.5"}}]}`;
      observationPaths.length = 0;
      const r = await t.run(feed());
      expect(r.ok, r.error?.en).toBe(true);
      expect(observationPaths).toContain('/v1.1/Datastreams(18014398509481985)/Observations');
      expect(t.db.prepare(`SELECT id FROM stations ORDER BY id`).pluck().all()).toEqual(['air:0', 'air:9007199254740993']);
      expect(t.db.prepare(`SELECT count(*) FROM readings WHERE station_id = 'air:9007199254740993'`).pluck().get()).toBe(HOURS);
    } finally {
      oddText = '';
      things = 40;
      await t.close();
    }
  });
});
