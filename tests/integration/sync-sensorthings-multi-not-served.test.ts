// A SensorThings server that links MultiDatastreams on its Things but answers that it does not
// serve their list (FROST without the extension answers HTTP 400, others 404): the list is asked
// again once a day, not every pass, and says so in one quarantine row a day, not one a pass. A
// server that does serve them and fails for a while (a 5xx, a timeout) is asked again the next
// pass, its MultiDatastreams read on from their watermarks. A real local HTTP server, the real
// engine and SQLite store, and an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFeed } from '../../sync/engine';
import { feedConfigSchema, type FeedConfig } from '../../sync/feeds/config';
import { MULTI_RECHECK_MS } from '../../sync/adapters/sensorthings';
import { testDb, type TestDb } from './sync/helpers';
import { EIONET, UG, at, reply, useFrost } from './sync/frost';
import type { RouteHandler } from './sync/route-server';

const { asked, routes, root, thing, op, multi, observations } = useFrost();
const PM25 = op(1, 'PM2.5', `${EIONET}6001`);
const PM10 = op(2, 'PM10', `${EIONET}5`);
const AQ = { 'PM2.5': 'pm25', PM10: 'pm10' };

let t: TestDb;
let clock = Date.parse('2026-12-01T12:00:00Z');
beforeEach(() => {
  asked.length = 0;
  clock = Date.parse('2026-12-01T12:00:00Z');
  t = testDb();
});
afterEach(() => t.close());

const feed = (over: Record<string, unknown> = {}): FeedConfig =>
  feedConfigSchema.parse({ id: 'aq', adapter: 'sensorthings', url: root(), domain: 'environment', retries: 0, options: { paramMap: AQ, top: 100 }, ...over });

/** A run at `clock`. */
const run = (f: FeedConfig = feed()) => runFeed(f, { store: t.store, http: t.http, now: () => new Date(clock) });
const HOUR = 3_600_000;
const listAsks = () => asked.filter((a) => a.path === '/v1.1/MultiDatastreams').length;
const quarantined = () => t.db.prepare(`SELECT external_id AS id, reason, count FROM quarantine ORDER BY rowid`).all() as { id: string; reason: string; count: number }[];
const readings = () => t.db.prepare(`SELECT station_id AS station, param, value FROM readings ORDER BY station_id, param, time`).all();
const watermarks = () => JSON.parse(t.store.getFeedState('aq').watermark ?? '{}') as Record<string, string>;
/** The Datastream's reading and both of MultiDatastream 40's, once its list is read. */
const ALL_READ = [
  { station: 'aq:1', param: 'pm25', value: 12 },
  { station: 'aq:2', param: 'pm10', value: 20 },
  { station: 'aq:2', param: 'pm10', value: 21 },
  { station: 'aq:2', param: 'pm25', value: 10 },
  { station: 'aq:2', param: 'pm25', value: 11 },
];

/** Station 1 with a PM2.5 Datastream; station 2 published only as a MultiDatastream (when served). */
function station(multiList: RouteHandler) {
  routes.set('/v1.1/Things', reply({ value: [thing(1, [{ '@iot.id': 7, name: 'PM2.5 1h', unitOfMeasurement: UG, ObservedProperty: PM25 }]), thing(2)] }));
  routes.set('/v1.1/MultiDatastreams', multiList);
  observations('Datastreams(7)', () => [at(1, 1, 12)]);
}

const NOT_SERVED: [string, RouteHandler][] = [
  ['HTTP 400 (FROST without the extension)', reply({ code: 400, type: 'error', message: 'Not a valid path: MultiDatastreams' }, 400)],
  ['HTTP 404', reply({ code: 404, type: 'error', message: 'Nothing found.' }, 404)],
];

describe('a server that answers that it does not serve the MultiDatastreams list', () => {
  for (const [what, answer] of NOT_SERVED) {
    it(`${what}: asked once a day, one quarantine row a day; the Datastreams read every pass`, async () => {
      station(answer);
      const first = await run();
      expect(first.ok, first.error?.en).toBe(true);
      expect(listAsks()).toBe(1);
      expect(quarantined().map((q) => [q.id, q.count])).toEqual([['MultiDatastreams', 1]]);
      expect(quarantined()[0]!.reason).toMatch(/does not serve .*asked for again once a day/);

      // Passes in the next 24 hours: the Datastreams are read, the list is not asked, no row is added or counted.
      for (const later of [HOUR, 12 * HOUR, MULTI_RECHECK_MS - 1]) {
        clock = Date.parse('2026-12-01T12:00:00Z') + later;
        const r = await run();
        expect(r.ok, r.error?.en).toBe(true);
        // Before: asked every pass, and the row counted again (2, 3, 4).
        expect(listAsks(), `${later / HOUR} h later`).toBe(1);
        expect(quarantined().map((q) => [q.id, q.count])).toEqual([['MultiDatastreams', 1]]);
      }
      expect(asked.filter((a) => a.path === '/v1.1/Datastreams(7)/Observations').length).toBe(4);
      expect(readings()).toEqual([{ station: 'aq:1', param: 'pm25', value: 12 }]);

      // A day on: asked again; still not served, the same row counted.
      clock = Date.parse('2026-12-01T12:00:00Z') + MULTI_RECHECK_MS;
      expect((await run()).ok).toBe(true);
      expect(listAsks()).toBe(2);
      expect(quarantined().map((q) => [q.id, q.count])).toEqual([['MultiDatastreams', 2]]);

      // The extension is turned on: read the first pass a day after the last answer, from its first Observation.
      routes.set('/v1.1/MultiDatastreams', reply({ value: [multi(40, 2, [PM25, PM10])] }));
      observations('MultiDatastreams(40)', () => [at(2, 1, [10, 20]), at(3, 2, [11, 21])]);
      clock += HOUR;
      expect((await run()).ok).toBe(true);
      expect(listAsks()).toBe(2);
      clock += MULTI_RECHECK_MS;
      const served = await run();
      expect(served.ok, served.error?.en).toBe(true);
      expect(listAsks()).toBe(3);
      expect(readings()).toEqual(ALL_READ);
      // Served: nothing of "not served" is kept, and the next pass asks again.
      expect(Object.keys(watermarks()).sort()).toEqual([' MultiDatastreams(40)', '7']);
      clock += 1;
      expect((await run()).ok).toBe(true);
      expect(listAsks()).toBe(4);
    });
  }

  it('the feed pointed at another source, or the clock set back past the answer, asks again at once', async () => {
    station(NOT_SERVED[0]![1]);
    expect((await run()).ok).toBe(true);
    expect(listAsks()).toBe(1);
    // What the feed fetches changed (its options): the state of the old source goes (engine.ts sourceDigest).
    clock += HOUR;
    expect((await run(feed({ options: { paramMap: AQ, top: 50 } })))).toMatchObject({ ok: true });
    expect(listAsks()).toBe(2);
    // A clock set back (the answer is "from the future"): not taken as a day's silence to come.
    clock -= 3 * HOUR;
    expect((await run(feed({ options: { paramMap: AQ, top: 50 } })))).toMatchObject({ ok: true });
    expect(listAsks()).toBe(3);
  });

  it('keeps one key in the watermark map for it, and the MultiDatastreams watermarks a server had before it stopped serving them', async () => {
    station(reply({ value: [multi(40, 2, [PM25, PM10])] }));
    observations('MultiDatastreams(40)', () => [at(2, 1, [10, 20])]);
    expect((await run()).ok).toBe(true);
    const mark = watermarks()[' MultiDatastreams(40)'];
    expect(mark).toBe('2026-12-01T01:00:00.000Z');
    routes.set('/v1.1/MultiDatastreams', NOT_SERVED[0]![1]);
    clock += HOUR;
    expect((await run()).ok).toBe(true);
    clock += HOUR;
    expect((await run()).ok).toBe(true);
    expect(listAsks()).toBe(2);
    const marks = watermarks();
    expect(Object.keys(marks).sort()).toEqual([' MultiDatastreams', ' MultiDatastreams(40)', '7']);
    expect(marks[' MultiDatastreams(40)']).toBe(mark);
    expect(marks[' MultiDatastreams']).toBe(new Date(Date.parse('2026-12-01T13:00:00Z')).toISOString());
  });
});

describe('a server that serves MultiDatastreams and fails for a while', () => {
  const failures: [string, RouteHandler, Partial<Record<string, unknown>>][] = [
    ['HTTP 500', reply('Internal Server Error', 500, 'text/plain'), {}],
    ['HTTP 502 from a proxy', reply('<html><body>Bad Gateway</body></html>', 502, 'text/html'), {}],
    // Never answered: the request times out (the feed's shortest timeout).
    ['a timeout', () => undefined, { timeout: 100 }],
  ];
  for (const [what, failure, over] of failures) {
    it(`${what} on the list: asked again the next pass, and its Observations read on from their watermark`, async () => {
      let obs = [at(2, 1, [10, 20])];
      station(reply({ value: [multi(40, 2, [PM25, PM10])] }));
      observations('MultiDatastreams(40)', () => obs);
      expect((await run(feed(over))).ok).toBe(true);

      routes.set('/v1.1/MultiDatastreams', failure);
      obs = [at(2, 1, [10, 20]), at(3, 2, [11, 21])];
      clock += HOUR;
      const failed = await run(feed(over));
      expect(failed.ok, failed.error?.en).toBe(true);
      // Said this pass, as before: the list, and the station that has nothing else.
      expect(quarantined().map((q) => q.id)).toEqual(['MultiDatastreams', 'Things(2)/MultiDatastreams']);
      expect(quarantined()[0]!.reason).not.toMatch(/does not serve/);

      routes.set('/v1.1/MultiDatastreams', reply({ value: [multi(40, 2, [PM25, PM10])] }));
      clock += 60_000;
      const back = await run(feed(over));
      expect(back.ok, back.error?.en).toBe(true);
      expect(listAsks()).toBe(3);
      expect(readings()).toEqual(ALL_READ);
    });
  }
});
