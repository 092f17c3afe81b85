// A SensorThings feed whose datastreams do not all answer: one deleted between the Things list and
// its Observations (404/410), one that fails every time, one the server is too busy for (503); and
// the URLs asked: a relative @iot.nextLink read against the page it came in, ids written in a path
// by the JSON type the server gave them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATASTREAM_FAILURES } from '../../sync/adapters/sensorthings';
import { runFeed } from '../../sync/engine';
import { feedConfigSchema, type FeedConfig } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** Handlers by decoded path (`/v1.1/Datastreams('42')/Observations`). */
const routes = new Map<string, Handler>();
/** The decoded paths asked, in order. */
const asked: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    asked.push(path);
    const h = routes.get(path);
    if (h) return h(req, res);
    // As FROST answers an id of the wrong type (Datastreams(42) where ids are strings).
    reply(400, { code: 400, type: 'error', message: 'Not a valid id: Path is not valid.' })(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const reply =
  (status: number, body: unknown): Handler =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

const thing = (id: unknown, ds: unknown[]) => ({
  '@iot.id': id,
  name: `Trạm ${String(id)}`,
  Locations: [{ location: { type: 'Point', coordinates: [106.88, 11.53] } }],
  Datastreams: ds.map((d) => ({ '@iot.id': d, ObservedProperty: { name: `P${String(d)}` } })),
});

/** The Things list: one Thing of these datastreams. */
const listThings = (ds: unknown[]) => routes.set('/v1.1/Things', reply(200, { value: [thing(1, ds)] }));

/** A datastream's Observations: one reading at 01:00 of value `value`, honouring `phenomenonTime gt`. */
function observations(id: string, value: number) {
  routes.set(`/v1.1/Datastreams(${id})/Observations`, (req, res) => {
    const gt = /phenomenonTime gt (\S+)/.exec(new URL(req.url!, 'http://x').searchParams.get('$filter') ?? '')?.[1];
    const obs = [{ '@iot.id': value, phenomenonTime: '2026-12-01T01:00:00Z', result: value }];
    reply(200, { value: obs.filter((o) => !gt || Date.parse(o.phenomenonTime) > Date.parse(gt)) })(req, res);
  });
}

const feed = (): FeedConfig => feedConfigSchema.parse({ id: 'sta', adapter: 'sensorthings', url: base, domain: 'environment', retries: 0 });
const readings = (t: TestDb) => t.db.prepare(`SELECT param, value FROM readings ORDER BY param`).all();
const quarantined = (t: TestDb) => t.db.prepare(`SELECT external_id AS id, reason FROM quarantine ORDER BY rowid`).all() as { id: string; reason: string }[];
/** The Observations paths one run asked, and whether it read the Things list. */
async function run(t: TestDb, worker?: object) {
  asked.length = 0;
  const r = worker ? await runFeed(feed(), { store: t.store, http: t.http, worker }) : await t.run(feed());
  return { r, asked: [...asked] };
}

let t: TestDb;
beforeEach(() => {
  routes.clear();
  t = testDb();
});
afterEach(() => t.close());

describe('SensorThings: a datastream that does not answer', () => {
  it.each([404, 410])('one deleted after the Things list named it (%i) is passed over and quarantined by name; the others are read', async (status) => {
    listThings([7, 8, 9]);
    observations('7', 12);
    routes.set('/v1.1/Datastreams(8)/Observations', reply(status, { code: status, type: 'error', message: 'Nothing found.' }));
    observations('9', 14);

    const first = await run(t);
    // Before: the run failed at 8 and its cursor held 8, so every later run asked for 8 alone.
    expect(first.r.ok, first.r.error?.en).toBe(true);
    expect(first.asked).toEqual(['/v1.1/Things', '/v1.1/Datastreams(7)/Observations', '/v1.1/Datastreams(8)/Observations', '/v1.1/Datastreams(9)/Observations']);
    expect(readings(t)).toEqual([{ param: 'P7', value: 12 }, { param: 'P9', value: 14 }]);
    expect(quarantined(t)).toEqual([
      { id: 'Datastreams(8)', reason: expect.stringMatching(/^Datastreams\(8\) \(station sta:1, P8\): the server has no such datastream now \(its Observations answer HTTP 404\/410\)/) },
    ]);
    expect(first.r.counts.quarantined).toBe(1);
    expect(t.store.getFeedState('sta').cursor).toBeNull();

    // The server stops listing 8: the next run starts from the Things list and forgets 8's place.
    listThings([7, 9]);
    const second = await run(t);
    expect(second.r.ok).toBe(true);
    expect(second.asked).toEqual(['/v1.1/Things', '/v1.1/Datastreams(7)/Observations', '/v1.1/Datastreams(9)/Observations']);
    expect(Object.keys(JSON.parse(t.store.getFeedState('sta').watermark!) as object)).toEqual(['7', '9']);
  });

  it('a place saved on a gone datastream by an earlier version (before 4 Dec 2026) heals at the next run', async () => {
    listThings([7, 9]);
    observations('7', 12);
    routes.set('/v1.1/Datastreams(8)/Observations', reply(404, { code: 404, type: 'error', message: 'Nothing found.' }));
    observations('9', 14);
    // As the earlier version saved it: no literal, stuck at 8.
    const ref = (id: string) => ({ id, stationId: 'sta:1', param: `P${id}` });
    t.store.setFeedState({
      ...t.store.getFeedState('sta'),
      cursor: JSON.stringify({ phase: 'observations', datastreams: ['7', '8', '9'].map(ref), index: 1, nextLink: null }),
      watermark: JSON.stringify({ 7: '2026-12-01T01:00:00Z' }),
    });
    const healed = await run(t);
    expect(healed.r.ok, healed.r.error?.en).toBe(true);
    expect(healed.asked).toEqual(['/v1.1/Datastreams(8)/Observations', '/v1.1/Datastreams(9)/Observations']);
    expect(readings(t)).toEqual([{ param: 'P9', value: 14 }]);
    const next = await run(t);
    expect(next.asked[0]).toBe('/v1.1/Things');
  });

  describe.each([
    ['on this thread', undefined],
    ['in the worker', {}],
  ])('%s', (_where, worker) => {
    it(`one that fails every time holds the others back for ${DATASTREAM_FAILURES - 1} runs, then is passed over until the next pass; nothing of it is lost`, async () => {
      listThings([7, 8, 9]);
      observations('7', 12);
      let broken = true;
      routes.set('/v1.1/Datastreams(8)/Observations', (req, res) => {
        if (broken) return reply(500, { code: 500, type: 'error', message: 'Internal server error' })(req, res);
        routes.delete('/v1.1/Datastreams(8)/Observations');
        observations('8', 13);
        routes.get('/v1.1/Datastreams(8)/Observations')!(req, res);
      });
      observations('9', 14);

      const runs = [];
      for (let i = 0; i < DATASTREAM_FAILURES; i++) runs.push(await run(t, worker));
      // The failing runs say which datastream, and resume on it.
      for (const [i, f] of runs.slice(0, -1).entries()) {
        expect(f.r.ok).toBe(false);
        expect(f.r.error?.code).toBe('server_error');
        expect(f.r.error?.en).toContain(`(SensorThings Datastreams(8) (station sta:1, P8): failure ${i + 1} in a row; at ${DATASTREAM_FAILURES} it is passed over`);
        expect(f.r.error?.vi).toContain('Datastreams(8), trạm sta:1, P8');
      }
      expect(runs[1]!.asked).toEqual(['/v1.1/Datastreams(8)/Observations']);
      // The last passes it over and reads the others.
      const last = runs.at(-1)!;
      expect(last.r.ok, last.r.error?.en).toBe(true);
      expect(last.asked).toEqual(['/v1.1/Datastreams(8)/Observations', '/v1.1/Datastreams(9)/Observations']);
      expect(readings(t)).toEqual([{ param: 'P7', value: 12 }, { param: 'P9', value: 14 }]);
      expect(quarantined(t)).toEqual([
        {
          id: 'Datastreams(8)',
          reason: expect.stringMatching(/^Datastreams\(8\) \(station sta:1, P8\): passed over in this pass after 3 runs in a row failed on it, the last with: The server failed \(HTTP 500\)/),
        },
      ]);
      expect(t.store.getFeedState('sta').cursor).toBeNull();

      // The next pass reads the Things list and asks for 8 again: once mended, its reading comes in.
      broken = false;
      const mended = await run(t, worker);
      expect(mended.r.ok, mended.r.error?.en).toBe(true);
      expect(mended.asked).toEqual(['/v1.1/Things', '/v1.1/Datastreams(7)/Observations', '/v1.1/Datastreams(8)/Observations', '/v1.1/Datastreams(9)/Observations']);
      expect(readings(t)).toEqual([{ param: 'P7', value: 12 }, { param: 'P8', value: 13 }, { param: 'P9', value: 14 }]);
    });
  });

  it('a server too busy (503) passes nothing over, however long: the run ends and the next goes on there', async () => {
    listThings([7, 8, 9]);
    observations('7', 12);
    let busy = true;
    routes.set('/v1.1/Datastreams(8)/Observations', (req, res) => (busy ? reply(503, 'busy')(req, res) : reply(200, { value: [{ phenomenonTime: '2026-12-01T01:00:00Z', result: 13 }] })(req, res)));
    observations('9', 14);
    for (let i = 0; i < DATASTREAM_FAILURES + 1; i++) {
      const f = await run(t);
      expect(f.r.error?.code).toBe('unavailable');
      expect(f.asked.at(-1)).toBe('/v1.1/Datastreams(8)/Observations');
    }
    expect(quarantined(t)).toEqual([]);
    busy = false;
    const back = await run(t);
    expect(back.r.ok, back.r.error?.en).toBe(true);
    expect(back.asked).toEqual(['/v1.1/Datastreams(8)/Observations', '/v1.1/Datastreams(9)/Observations']);
    expect(readings(t)).toEqual([{ param: 'P7', value: 12 }, { param: 'P8', value: 13 }, { param: 'P9', value: 14 }]);
  });
});

describe('SensorThings: the URLs asked', () => {
  it('a relative @iot.nextLink is the next page of the collection it came in, not of the service root', async () => {
    listThings([7]);
    routes.set('/v1.1/Datastreams(7)/Observations', (req, res) => {
      const skip = new URL(req.url!, 'http://x').searchParams.get('$skip');
      if (!skip) return reply(200, { value: [{ '@iot.id': 1, phenomenonTime: '2026-12-01T01:00:00Z', result: 12 }], '@iot.nextLink': 'Observations?$skip=1&$top=1' })(req, res);
      reply(200, { value: [{ '@iot.id': 2, phenomenonTime: '2026-12-01T02:00:00Z', result: 13 }] })(req, res);
    });
    // Every datastream's observations: before, read as 7's next page and stored under its station and parameter.
    routes.set('/v1.1/Observations', reply(200, { value: [{ '@iot.id': 99, phenomenonTime: '2026-12-01T03:00:00Z', result: 999 }] }));
    const { r, asked: paths } = await run(t);
    expect(r.ok, r.error?.en).toBe(true);
    expect(paths).toEqual(['/v1.1/Things', '/v1.1/Datastreams(7)/Observations', '/v1.1/Datastreams(7)/Observations']);
    expect(t.db.prepare(`SELECT value FROM readings ORDER BY time`).pluck().all()).toEqual([12, 13]);
  });

  it('an id the server wrote as a string is quoted in the path, a number is not, whatever its digits', async () => {
    // A server of string ids (FROST with idType STRING) answers 400 to Datastreams(42).
    const body = JSON.stringify({ value: [thing('thing-1', ['42', "O'Brien", 43, 'ồ/1'])] });
    // Past 2^53 a number is kept as its digits (a string) and is still a number in the path.
    const long = `{"@iot.id":"thing-2","name":"T2","Locations":[{"location":{"type":"Point","coordinates":[106.9,11.6]}}],"Datastreams":[{"@iot.id":18014398509481985,"ObservedProperty":{"name":"Plong"}},{"@iot.id":"18014398509481987","ObservedProperty":{"name":"Plongstr"}}]}`;
    routes.set('/v1.1/Things', reply(200, `${body.slice(0, -2)},${long}]}`));
    for (const [path, value] of [
      ["'42'", 1],
      ["'O''Brien'", 2],
      ['43', 3],
      ["'ồ/1'", 4],
      ['18014398509481985', 5],
      ["'18014398509481987'", 6],
    ] as const) {
      routes.set(`/v1.1/Datastreams(${path})/Observations`, reply(200, { value: [{ phenomenonTime: '2026-12-01T01:00:00Z', result: value }] }));
    }
    const { r, asked: paths } = await run(t);
    expect(r.ok, r.error?.en).toBe(true);
    expect(paths.slice(1)).toEqual([
      "/v1.1/Datastreams('42')/Observations",
      "/v1.1/Datastreams('O''Brien')/Observations",
      '/v1.1/Datastreams(43)/Observations',
      "/v1.1/Datastreams('ồ/1')/Observations",
      '/v1.1/Datastreams(18014398509481985)/Observations',
      "/v1.1/Datastreams('18014398509481987')/Observations",
    ]);
    expect(readings(t)).toEqual([
      { param: 'P42', value: 1 },
      { param: 'P43', value: 3 },
      { param: "PO'Brien", value: 2 },
      { param: 'Plong', value: 5 },
      { param: 'Plongstr', value: 6 },
      { param: 'Pồ/1', value: 4 },
    ]);
  });
});

describe('SensorThings: what a datastream is read as', () => {
  const mapped = (paramMap: Record<string, string>): FeedConfig =>
    feedConfigSchema.parse({ id: 'sta', adapter: 'sensorthings', url: base, domain: 'environment', retries: 0, options: { paramMap } });
  const rows = () => t.db.prepare(`SELECT param, time, value FROM readings ORDER BY param, time`).all();
  const station = (dss: object[]) =>
    routes.set('/v1.1/Things', reply(200, { value: [{ '@iot.id': 1, name: 'Trạm Đồng Xoài', Locations: [{ location: { type: 'Point', coordinates: [106.88, 11.53] } }], Datastreams: dss }] }));
  const pm = (id: number, name: string) => ({ '@iot.id': id, name, unitOfMeasurement: { symbol: 'µg/m³' }, ObservedProperty: { name: 'PM2.5' } });
  function hourlyAndDaily() {
    station([pm(11, 'PM2.5 24h mean'), pm(10, 'PM2.5 1h')]);
    routes.set('/v1.1/Datastreams(10)/Observations', reply(200, { value: [
      { '@iot.id': 1, phenomenonTime: '2026-11-20T00:00:00Z', result: 80 },
      { '@iot.id': 2, phenomenonTime: '2026-11-20T01:00:00Z', result: 95 },
    ] }));
    routes.set('/v1.1/Datastreams(11)/Observations', reply(200, { value: [
      { '@iot.id': 3, phenomenonTime: '2026-11-19T00:00:00Z/2026-11-20T00:00:00Z', result: 20 },
      { '@iot.id': 4, phenomenonTime: '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z', result: 22 },
    ] }));
  }

  it('two datastreams of one Thing observing one property: one is read, the other quarantined saying how to map it', async () => {
    hourlyAndDaily();
    asked.length = 0;
    const r = await t.run(mapped({ 'PM2.5': 'pm25' }));
    expect(r.ok, r.error?.en).toBe(true);
    // Before: both were read into one series, the hourly 80 at 00:00 overwritten by the daily mean 22.
    expect(rows()).toEqual([
      { param: 'pm25', time: '2026-11-20T00:00:00Z', value: 80 },
      { param: 'pm25', time: '2026-11-20T01:00:00Z', value: 95 },
    ]);
    expect(asked).toEqual(['/v1.1/Things', '/v1.1/Datastreams(10)/Observations']);
    expect(quarantined(t)).toEqual([
      {
        id: 'Datastreams(11)',
        reason: expect.stringMatching(/^Datastreams\(11\) 'PM2\.5 24h mean' observes pm25 at station sta:1 as Datastreams\(10\) 'PM2\.5 1h' does.*paramMap entry by datastream name \("PM2\.5 24h mean": /),
      },
    ]);
    expect(r.counts.quarantined).toBe(1);
  });

  it('paramMap names a datastream by its name or id before its ObservedProperty', async () => {
    hourlyAndDaily();
    const r = await t.run(mapped({ 'PM2.5': 'pm25', 'pm2.5 24H mean': 'pm25_24h' }));
    expect(r.ok, r.error?.en).toBe(true);
    expect(quarantined(t)).toEqual([]);
    expect(rows()).toEqual([
      { param: 'pm25', time: '2026-11-20T00:00:00Z', value: 80 },
      { param: 'pm25', time: '2026-11-20T01:00:00Z', value: 95 },
      { param: 'pm25_24h', time: '2026-11-19T00:00:00Z', value: 20 },
      { param: 'pm25_24h', time: '2026-11-20T00:00:00Z', value: 22 },
    ]);
    const byId = testDb();
    try {
      const s = await byId.run(mapped({ 'PM2.5': 'pm25', '11': 'pm25_24h' }));
      expect(s.ok, s.error?.en).toBe(true);
      expect(byId.db.prepare(`SELECT DISTINCT param FROM readings ORDER BY param`).pluck().all()).toEqual(['pm25', 'pm25_24h']);
    } finally {
      await byId.close();
    }
  });

  it("a datastream's unitOfMeasurement is converted to the catalog's unit, or the datastream quarantined naming both", async () => {
    station([
      { '@iot.id': 20, unitOfMeasurement: { name: 'milligram per cubic meter', symbol: 'mg/m³', definition: 'http://www.qudt.org/qudt/owl/1.0.0/unit/Instances.html#MilligramPerCubicMeter' }, ObservedProperty: { name: 'CO' } },
      { '@iot.id': 21, unitOfMeasurement: { symbol: 'ppb' }, ObservedProperty: { name: 'NO2' } },
      { '@iot.id': 22, unitOfMeasurement: { symbol: 'ug/m3' }, ObservedProperty: { name: 'PM10' } },
    ]);
    routes.set('/v1.1/Datastreams(20)/Observations', reply(200, { value: [
      { '@iot.id': 1, phenomenonTime: '2026-11-20T00:00:00Z', result: 1.2 },
      { '@iot.id': 2, phenomenonTime: '2026-11-20T01:00:00Z', result: 1.1 },
      // 300 mg/m³ is 300,000 µg/m³: past what a CO sensor reads once converted.
      { '@iot.id': 3, phenomenonTime: '2026-11-20T02:00:00Z', result: 300 },
    ] }));
    routes.set('/v1.1/Datastreams(21)/Observations', reply(200, { value: [{ '@iot.id': 4, phenomenonTime: '2026-11-20T00:00:00Z', result: 21 }] }));
    routes.set('/v1.1/Datastreams(22)/Observations', reply(200, { value: [{ '@iot.id': 5, phenomenonTime: '2026-11-20T00:00:00Z', result: 41 }] }));
    asked.length = 0;
    const r = await t.run(mapped({ CO: 'co', NO2: 'no2', PM10: 'pm10' }));
    expect(r.ok, r.error?.en).toBe(true);
    // Before: CO stored as 1.2 (µg/m³ by the catalog, 1000 times too low) and NO2 ppb as µg/m³.
    expect(rows()).toEqual([
      { param: 'co', time: '2026-11-20T00:00:00Z', value: 1200 },
      { param: 'co', time: '2026-11-20T01:00:00Z', value: 1100 },
      { param: 'pm10', time: '2026-11-20T00:00:00Z', value: 41 },
    ]);
    expect(asked).not.toContain('/v1.1/Datastreams(21)/Observations');
    expect(quarantined(t)).toEqual([
      { id: 'Datastreams(21)', reason: expect.stringMatching(/^Datastreams\(21\) \(station sta:1, no2\): unitOfMeasurement "ppb" is not the catalog's unit for no2, "µg\/m³"/) },
      { id: '3', reason: expect.stringMatching(/co 300000 is outside what a sensor can read/) },
    ]);
    expect(r.counts.quarantined).toBe(2);
  });

  it('a unitOfMeasurement written as bare text is its symbol, as for a MultiDatastream (it was taken for no unit)', async () => {
    station([
      { '@iot.id': 30, unitOfMeasurement: 'mg/m³', ObservedProperty: { name: 'CO' } },
      { '@iot.id': 31, unitOfMeasurement: 'ppb', ObservedProperty: { name: 'NO2' } },
      { '@iot.id': 32, unitOfMeasurement: 'null', ObservedProperty: { name: 'PM10' } },
    ]);
    routes.set('/v1.1/Datastreams(30)/Observations', reply(200, { value: [{ '@iot.id': 1, phenomenonTime: '2026-11-20T00:00:00Z', result: 1.2 }] }));
    routes.set('/v1.1/Datastreams(31)/Observations', reply(200, { value: [{ '@iot.id': 2, phenomenonTime: '2026-11-20T00:00:00Z', result: 21 }] }));
    routes.set('/v1.1/Datastreams(32)/Observations', reply(200, { value: [{ '@iot.id': 3, phenomenonTime: '2026-11-20T00:00:00Z', result: 41 }] }));
    const r = await t.run(mapped({ CO: 'co', NO2: 'no2', PM10: 'pm10' }));
    expect(r.ok, r.error?.en).toBe(true);
    // Before: CO stored as 1.2 (1000 times too low) and NO2's ppb read as µg/m³.
    expect(rows()).toEqual([
      { param: 'co', time: '2026-11-20T00:00:00Z', value: 1200 },
      { param: 'pm10', time: '2026-11-20T00:00:00Z', value: 41 },
    ]);
    expect(quarantined(t)).toEqual([{ id: 'Datastreams(31)', reason: expect.stringMatching(/unitOfMeasurement "ppb" is not the catalog's unit for no2/) }]);
  });
});
