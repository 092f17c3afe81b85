// Reading SensorThings MultiDatastreams at the edges: what a real FROST server, a misconfigured
// one and a hostile one can send, and that an existing installation's Datastreams read as they did
// before MultiDatastreams were read. A real local HTTP server, the real engine and the real SQLite
// store, as sync-sensorthings-multi.test.ts. A test with a "Before:" comment failed on the first
// build that read MultiDatastreams (c820cf5); the others check what held.
import { createServer } from 'node:http';
import { beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { feedConfigSchema, type FeedConfig } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';
import { CELSIUS, EIONET, OM, UG, at, reply, useFrost } from './sync/frost';
import type { RouteHandler } from './sync/route-server';

const { asked, routes, root, op, thing, multi, observations } = useFrost();
const PM25 = op(1, 'PM2.5', `${EIONET}6001`);
const PM10 = op(2, 'PM10', `${EIONET}5`);
const CO = op(3, 'CO', `${EIONET}10`);

const listThings = (things: unknown[]) => routes.set('/v1.1/Things', reply({ value: things }));
const listMultis = (multis: unknown[]) => routes.set('/v1.1/MultiDatastreams', reply({ value: multis }));

const feed = (paramMap: Record<string, string> = {}): FeedConfig =>
  feedConfigSchema.parse({ id: 'aq', adapter: 'sensorthings', url: root(), domain: 'environment', retries: 0, options: { paramMap, top: 100 } });
const AQ = { 'PM2.5': 'pm25', PM10: 'pm10', CO: 'co' };

let t: TestDb;
beforeEach(() => {
  asked.length = 0;
  t = testDb();
});
afterEach(() => t.close());

const readings = () => t.db.prepare(`SELECT station_id AS station, param, value FROM readings ORDER BY station_id, param, time`).all();
const quarantined = () => t.db.prepare(`SELECT external_id AS id, reason, count FROM quarantine ORDER BY rowid`).all() as { id: string; reason: string; count: number }[];
const watermarks = () => JSON.parse(t.store.getFeedState('aq').watermark ?? '{}') as Record<string, string>;
const paths = () => asked.map((a) => a.path);

describe('an existing single-Datastream feed reads as it did before MultiDatastreams were read', () => {
  it("a paramMap entry written for one ObservedProperty's name does not take over another's whose definition is that same word", async () => {
    // An installation's paramMap, written before definitions were looked up: "Temperature" is the
    // name of the ObservedProperty of Datastreams(5). Datastreams(3), a second sensor, is of an
    // ObservedProperty named otherwise whose definition is the word "Temperature" (servers that
    // fill `definition` with a word, not a vocabulary URI). Before c820cf5: 5 → temp, 3 → its own
    // name. After: both came to temp, the lower id won, and the temp series of the station silently
    // switched to the other sensor while Datastreams(5) was quarantined (Before: one reading, temp = 40).
    const ds = (id: number, name: string, o: unknown) => ({ '@iot.id': id, name, unitOfMeasurement: CELSIUS, ObservedProperty: o });
    listThings([thing(1, [ds(3, 'Cảm biến 2', op(8, 'Nhiệt độ (cảm biến 2)', 'Temperature')), ds(5, 'Cảm biến 1', op(9, 'Temperature', 'Temperature'))], false)]);
    observations('Datastreams(3)', () => [at(1, 1, 40)]);
    observations('Datastreams(5)', () => [at(2, 1, 28)]);

    const r = await t.run(feed({ Temperature: 'temp' }));
    expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'Nhiệt độ (cảm biến 2)', value: 40 },
      { station: 'aq:1', param: 'temp', value: 28 },
    ]);
    expect(quarantined()).toEqual([]);
  });

  it('a definition that is a vocabulary URI still maps a Datastream (the lookup c820cf5 added)', async () => {
    listThings([thing(1, [{ '@iot.id': 7, name: 'Khí CO', ObservedProperty: op(3, 'Carbon monoxide', `${EIONET}10`) }], false)]);
    observations('Datastreams(7)', () => [at(1, 1, 900)]);
    const r = await t.run(feed({ [`${EIONET}10`]: 'co' }));
    expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([{ station: 'aq:1', param: 'co', value: 900 }]);
  });
});

describe('unitOfMeasurements entries as a careless server writes them', () => {
  it('a unit written as text is read as that unit: CO in "mg/m³" is stored in µg/m³, not a thousandfold too small', async () => {
    // Before: a text entry was taken for "no unit" and CO stored as 1.1 µg/m³.
    listThings([thing(1)]);
    listMultis([multi(40, 1, [PM25, CO], { unitOfMeasurements: ['µg/m³', 'mg/m³'] })]);
    observations('MultiDatastreams(40)', () => [at(1, 1, [12, 1.1])]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'co', value: 1100 },
      { station: 'aq:1', param: 'pm25', value: 12 },
    ]);
  });

  it('a unit that is neither an object, text nor null (an array, a number) is not taken as "no unit": the value is quarantined once per run, not read as is', async () => {
    // Before: CO stored as 1.1, its unit ["mg/m³"] taken for none.
    listThings([thing(1)]);
    listMultis([multi(40, 1, [PM25, CO], { unitOfMeasurements: [null, ['mg/m³']] })]);
    observations('MultiDatastreams(40)', () => [at(1, 1, [12, 1.1])]);
    const runs = [await t.run(feed(AQ)), await t.run(feed(AQ))];
    for (const r of runs) expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([{ station: 'aq:1', param: 'pm25', value: 12 }]);
    expect(quarantined().map((q) => [q.id, q.count])).toEqual([['MultiDatastreams(40)[1]', 2]]);
    expect(quarantined()[0]!.reason).toMatch(/unitOfMeasurements\[1\] .*mg\/m³.* is not the catalog's unit for co/);
  });
});

describe('a server that links MultiDatastreams on its Things but does not serve their list', () => {
  /** A port nothing listens on: one a server had, closed again (a connection to it is refused). */
  let closedPort = 0;
  beforeAll(async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    closedPort = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
  });
  const answers: [string, RouteHandler][] = [
    ['HTTP 400 (FROST without the extension)', reply({ code: 400, type: 'error', message: 'Not a valid path: MultiDatastreams' }, 400)],
    ['HTTP 404', reply({ code: 404, type: 'error', message: 'Nothing found.' }, 404)],
    ['HTTP 501', reply('Not Implemented', 501, 'text/plain')],
    ['an HTML page', reply('<!doctype html><html><head><title>Portal</title></head><body>Welcome</body></html>', 200, 'text/html')],
    ['HTTP 401 (a gateway that lets only some paths through)', reply('{"message":"Unauthorized"}', 401)],
    ['HTTP 403', reply('{"message":"Forbidden"}', 403)],
    [
      'a redirect to a login page on the same server',
      (_req, res) => {
        res.statusCode = 302;
        res.setHeader('location', '/login');
        res.end();
      },
    ],
    [
      'a redirect to a single-sign-on host this machine cannot reach',
      (_req, res) => {
        res.statusCode = 302;
        res.setHeader('location', `http://127.0.0.1:${closedPort}/sso/login`);
        res.end();
      },
    ],
  ];
  /** Answers that say the server does not serve the list: asked again a day later, not on the next pass (sync-sensorthings-multi-not-served.test.ts). */
  const notServed = new Set(['HTTP 400 (FROST without the extension)', 'HTTP 404']);
  for (const [what, answer] of answers) {
    // Before: the 401 and the unreachable sign-on host failed the run on every pass, its Datastreams never read.
    it(`${what}: the Datastreams are stored every pass and the list is said in one row, the feed not failed`, async () => {
      listThings([thing(1, [{ '@iot.id': 7, name: 'PM2.5 1h', unitOfMeasurement: UG, ObservedProperty: PM25 }])]);
      routes.set('/v1.1/MultiDatastreams', answer);
      routes.set('/login', reply('<!doctype html><html><head><title>Sign in</title></head><body></body></html>', 200, 'text/html'));
      observations('Datastreams(7)', () => [at(1, 1, 12)]);
      const runs = [await t.run(feed(AQ)), await t.run(feed(AQ))];
      for (const r of runs) expect(r.ok, r.error?.en).toBe(true);
      expect(readings()).toEqual([{ station: 'aq:1', param: 'pm25', value: 12 }]);
      expect(quarantined().map((q) => [q.id, q.count])).toEqual([['MultiDatastreams', notServed.has(what) ? 1 : 2]]);
      expect(paths().filter((p) => p === '/v1.1/MultiDatastreams')).toHaveLength(notServed.has(what) ? 1 : 2);
    });
  }
});

describe('ids and paging of the MultiDatastreams list', () => {
  it("string ids with quotes, parentheses, a slash and Vietnamese letters, and numeric ids past 2^53, are asked for and kept under their own watermark", async () => {
    const big = '9007199254740993';
    listThings([thing("Trạm 'A' (1)"), thing(2)]);
    // 2^53 + 1 written as a JSON number: the list as the server sends it, its digits exact.
    routes.set(
      '/v1.1/MultiDatastreams',
      reply(
        `{"value":[${JSON.stringify(multi("Bụi O'Brien (1)/x", "Trạm 'A' (1)", [PM25, PM10]))},{"@iot.id":${big},"name":"Lớn","multiObservationDataTypes":["${OM}OM_Measurement"],"unitOfMeasurements":[{"symbol":"µg/m³"}],"Thing":{"@iot.id":2},"ObservedProperties":[${JSON.stringify(PM10)}]}]}`,
      ),
    );
    const literal = "'Bụi O''Brien (1)/x'";
    observations(`MultiDatastreams(${encodeURIComponent(literal)})`, () => [at(1, 1, [10, 20])]);
    observations(`MultiDatastreams(${big})`, () => [at(2, 1, [30])]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(paths()).toContain(`/v1.1/MultiDatastreams(${literal})/Observations`);
    expect(paths()).toContain(`/v1.1/MultiDatastreams(${big})/Observations`);
    expect(readings()).toEqual([
      { station: 'aq:2', param: 'pm10', value: 30 },
      { station: "aq:Trạm 'A' (1)", param: 'pm10', value: 20 },
      { station: "aq:Trạm 'A' (1)", param: 'pm25', value: 10 },
    ]);
    expect(Object.keys(watermarks()).sort()).toEqual([` MultiDatastreams(${encodeURIComponent(literal)})`, ` MultiDatastreams(${big})`].sort());
  });

  it('a relative nextLink is read, an empty page with a link ends the list, and a nextLink loop passes the list over keeping every watermark', async () => {
    listThings([thing(1), thing(2)]);
    routes.set('/v1.1/MultiDatastreams', (req, res) => {
      const skip = new URL(req.url!, 'http://x').searchParams.get('$skip');
      if (skip === null) return reply({ value: [multi(40, 1, [PM25])], '@iot.nextLink': 'MultiDatastreams?$skip=1' })(req, res);
      if (skip === '1') return reply({ value: [multi(41, 2, [PM10])], '@iot.nextLink': 'MultiDatastreams?$skip=2' })(req, res);
      return reply({ value: [], '@iot.nextLink': 'MultiDatastreams?$skip=3' })(req, res);
    });
    observations('MultiDatastreams(40)', () => [at(1, 1, [10])]);
    observations('MultiDatastreams(41)', () => [at(2, 1, [20])]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(paths().filter((p) => p === '/v1.1/MultiDatastreams')).toHaveLength(3);
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'pm25', value: 10 },
      { station: 'aq:2', param: 'pm10', value: 20 },
    ]);

    // Now the server loops: page 1 links back to the first page.
    routes.set('/v1.1/MultiDatastreams', (req, res) => {
      const skip = new URL(req.url!, 'http://x').searchParams.get('$skip');
      const back = `${root()}/MultiDatastreams?$skip=1`;
      return reply({ value: [multi(skip === null ? 40 : 41, skip === null ? 1 : 2, [skip === null ? PM25 : PM10])], '@iot.nextLink': back })(req, res);
    });
    const looped = await t.run(feed(AQ));
    expect(looped.ok, looped.error?.en).toBe(true);
    expect(quarantined().map((q) => q.id)).toContain('MultiDatastreams');
    expect(Object.keys(watermarks()).sort()).toEqual([' MultiDatastreams(40)', ' MultiDatastreams(41)']);
  });
});

describe('ObservedProperties repeated, reordered', () => {
  it('a MultiDatastream that lists one ObservedProperty twice: the second value is not read, and the reason does not advise an entry that cannot tell them apart', async () => {
    listThings([thing(1)]);
    // Before: the reason advised "Không khí 40/PM2.5", which names both values.
    listMultis([multi(40, 1, [PM25, PM25, PM10])]);
    observations('MultiDatastreams(40)', () => [at(1, 1, [10, 11, 20])]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'pm10', value: 20 },
      { station: 'aq:1', param: 'pm25', value: 10 },
    ]);
    const q = quarantined();
    expect(q.map((x) => x.id)).toEqual(['MultiDatastreams(40)[1]']);
    // "Không khí 40/PM2.5" names both values: following such advice changes nothing.
    expect(q[0]!.reason).not.toMatch(/Give it its own paramMap entry/);
    expect(q[0]!.reason).toMatch(/ObservedProperties\[1\] repeats ObservedProperties\[0\]/);
  });

  it('ObservedProperties listed in another order on the next pass: each value goes to its own parameter', async () => {
    listThings([thing(1)]);
    listMultis([multi(40, 1, [PM25, PM10])]);
    let obs = [at(1, 1, [10, 20])];
    observations('MultiDatastreams(40)', () => obs);
    expect((await t.run(feed(AQ))).ok).toBe(true);
    listMultis([multi(40, 1, [PM10, PM25])]);
    obs = [at(1, 1, [20, 10]), at(2, 2, [21, 11])];
    expect((await t.run(feed(AQ))).ok).toBe(true);
    expect(t.db.prepare(`SELECT param, value FROM readings ORDER BY param, time`).all()).toEqual([
      { param: 'pm10', value: 20 },
      { param: 'pm10', value: 21 },
      { param: 'pm25', value: 10 },
      { param: 'pm25', value: 11 },
    ]);
  });
});

describe('a value mapped apart after its MultiDatastream was read', () => {
  it('following the quarantine advice on an existing installation reads the new parameter from the start, as a Datastream mapped apart is', async () => {
    const pm25ds = { '@iot.id': 7, name: 'PM2.5 1h', unitOfMeasurement: UG, ObservedProperty: PM25 };
    listThings([thing(1, [pm25ds])]);
    listMultis([multi(40, 1, [PM25, PM10])]);
    observations('Datastreams(7)', () => [at(1, 1, 12)]);
    const obs = [at(2, 1, [99, 30]), at(3, 2, [98, 31])];
    observations('MultiDatastreams(40)', () => obs);
    expect((await t.run(feed(AQ))).ok).toBe(true);
    expect(quarantined().map((q) => q.id)).toEqual(['MultiDatastreams(40)[0]']);

    // The operator does as the reason says; the server has one more Observation by then. The
    // watermark is the MultiDatastream's, not the value's, yet nothing is missed: a feed whose
    // config changed starts again from nothing (engine.ts sourceDigest).
    obs.push(at(4, 3, [97, 32]));
    const r = await t.run(feed({ ...AQ, 'Không khí 40/PM2.5': 'pm25_multi' }));
    expect(r.ok, r.error?.en).toBe(true);
    expect(t.db.prepare(`SELECT value FROM readings WHERE param = 'pm25_multi' ORDER BY time`).pluck().all()).toEqual([99, 98, 97]);
  });
});

describe('hostile sizes and values', () => {
  it('values that are objects, nested arrays, text with commas, NaN and Infinity are quarantined one by one; a result of 100,000 values once, its row bounded', async () => {
    listThings([thing(1)]);
    listMultis([multi(40, 1, [PM25, PM10, CO])]);
    const huge = Array.from({ length: 100_000 }, (_, i) => i);
    routes.set(
      '/v1.1/MultiDatastreams(40)/Observations',
      reply(
        `{"value":[` +
          `{"@iot.id":1,"phenomenonTime":"2026-12-01T01:00:00Z","result":[{"v":1},[2],"1,5"]},` +
          `{"@iot.id":2,"phenomenonTime":"2026-12-01T02:00:00Z","result":["NaN","Infinity","-Infinity"]},` +
          `{"@iot.id":3,"phenomenonTime":"2026-12-01T03:00:00Z","result":${JSON.stringify(huge)}},` +
          `{"@iot.id":4,"phenomenonTime":"2026-12-01T04:00:00Z","result":[10,20,"1e400"]}` +
          `]}`,
      ),
    );
    const runs = [await t.run(feed(AQ)), await t.run(feed(AQ))];
    for (const r of runs) expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'pm10', value: 20 },
      { station: 'aq:1', param: 'pm25', value: 10 },
    ]);
    const q = t.db.prepare(`SELECT external_id AS id, reason, length(raw) AS raw, count FROM quarantine ORDER BY rowid`).all() as { id: string; reason: string; raw: number; count: number }[];
    expect(q.map((x) => x.id)).toEqual(['1', '1', '1', '2', '2', '2', '3', '4']);
    // The second run asked after the watermark; this server ignores $filter and sent them all
    // again: the same rows counted twice, not new rows.
    expect(asked.filter((a) => a.path.endsWith('/Observations')).map((a) => a.query.get('$filter'))).toEqual([null, 'phenomenonTime gt 2026-12-01T04:00:00.000Z']);
    expect(q.every((x) => x.count === 2)).toBe(true);
    expect(q.find((x) => x.id === '3')!.reason).toBe('result: 100000 values where MultiDatastreams(40) has 3 ObservedProperties, so which value is which is not known');
    expect(Math.max(...q.map((x) => x.raw + x.reason.length))).toBeLessThan(20_000);
  });

  it('10,000 MultiDatastreams, one per Thing: one list read in pages, one request each for Observations, saved state linear', async () => {
    const N = 10_000;
    listThings(Array.from({ length: N }, (_, i) => thing(i + 1)));
    const all = Array.from({ length: N }, (_, i) => multi(i + 1, i + 1, [PM25, PM10], { name: `M${i + 1}` }));
    routes.set('/v1.1/MultiDatastreams', (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const skip = Number(q.get('$skip') ?? 0);
      const top = Number(q.get('$top'));
      const next = new URL(`${root()}/MultiDatastreams`);
      for (const [k, v] of q) next.searchParams.set(k, v);
      next.searchParams.set('$skip', String(skip + top));
      reply({ value: all.slice(skip, skip + top), ...(skip + top < N ? { '@iot.nextLink': next.toString() } : {}) })(req, res);
    });
    for (let i = 1; i <= N; i++) routes.set(`/v1.1/MultiDatastreams(${i})/Observations`, reply({ value: [at(i, 1, [1, 2])] }));
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(paths().filter((p) => p === '/v1.1/MultiDatastreams')).toHaveLength(N / 200);
    expect(paths().filter((p) => p.endsWith('/Observations'))).toHaveLength(N);
    expect(t.count('readings')).toBe(2 * N);
    expect(t.count('quarantine')).toBe(0);
    expect(Object.keys(watermarks())).toHaveLength(N);
    // The saved place is written about CHECKPOINTS times, each the whole list: linear in N.
    expect(t.store.getFeedState('aq').cursor).toBeNull();
    expect(JSON.stringify(watermarks()).length).toBeLessThan(N * 60);
  }, 120_000);
});

describe('watermarks across runs', () => {
  it('a run that fails half-way after the list could not be read resumes from its cursor and still keeps the unread MultiDatastreams’ watermarks; one gone from the list is forgotten', async () => {
    const ds7 = { '@iot.id': 7, name: 'PM2.5 1h', unitOfMeasurement: UG, ObservedProperty: PM25 };
    listThings([thing(1, [ds7]), thing(2), thing(3)]);
    let listFails = true;
    let dsFails = true;
    const list = reply({ value: [multi(40, 2, [PM10]), multi(41, 3, [CO])] });
    routes.set('/v1.1/MultiDatastreams', (req, res) => (listFails ? reply({ code: 500, type: 'error', message: 'boom' }, 500)(req, res) : list(req, res)));
    routes.set('/v1.1/Datastreams(7)/Observations', (req, res) => (dsFails ? reply({ message: 'boom' }, 500)(req, res) : reply({ value: [at(1, 1, 12)] })(req, res)));
    observations('MultiDatastreams(40)', () => [at(2, 1, [20]), at(3, 2, [21])]);
    observations('MultiDatastreams(41)', () => [at(4, 1, [900])]);
    const marks = { ' MultiDatastreams(40)': '2026-12-01T01:00:00.000Z', ' MultiDatastreams(41)': '2026-12-01T01:00:00.000Z' };
    t.store.setFeedState({ ...t.store.getFeedState('aq'), watermark: JSON.stringify(marks) });

    const failed = await t.run(feed(AQ));
    expect(failed.ok).toBe(false);
    dsFails = false;
    const resumed = await t.run(feed(AQ));
    expect(resumed.ok, resumed.error?.en).toBe(true);
    // The resumed run read on from the cursor (no Things list asked again) and ended the pass.
    expect(paths().filter((p) => p === '/v1.1/Things')).toHaveLength(1);
    expect(watermarks()).toEqual({ 7: '2026-12-01T01:00:00.000Z', ...marks });

    // The next pass lists them; 41 is gone from the server by then.
    listFails = false;
    routes.set('/v1.1/MultiDatastreams', reply({ value: [multi(40, 2, [PM10])] }));
    const next = await t.run(feed(AQ));
    expect(next.ok, next.error?.en).toBe(true);
    expect(asked.filter((a) => a.path === '/v1.1/MultiDatastreams(40)/Observations').map((a) => a.query.get('$filter'))).toEqual(['phenomenonTime gt 2026-12-01T01:00:00.000Z']);
    expect(watermarks()).toEqual({ 7: '2026-12-01T01:00:00.000Z', ' MultiDatastreams(40)': '2026-12-01T02:00:00.000Z' });
  });
});

describe('the list as FROST pages it', () => {
  it("a MultiDatastream whose expanded ObservedProperties the server paged (ObservedProperties@iot.nextLink) is read with all of them", async () => {
    // Before: the MultiDatastream refused whole, "1 ObservedProperties, 2 unitOfMeasurements … needs mending on the server".
    listThings([thing(1)]);
    const paged = multi(40, 1, [PM25], {
      unitOfMeasurements: [UG, UG],
      multiObservationDataTypes: [`${OM}OM_Measurement`, `${OM}OM_Measurement`],
      'ObservedProperties@iot.nextLink': 'MultiDatastreams(40)/ObservedProperties?$top=1&$skip=1',
    });
    listMultis([paged]);
    routes.set('/v1.1/MultiDatastreams(40)/ObservedProperties', reply({ value: [PM10] }));
    observations('MultiDatastreams(40)', () => [at(1, 1, [10, 20])]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(quarantined()).toEqual([]);
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'pm10', value: 20 },
      { station: 'aq:1', param: 'pm25', value: 10 },
    ]);
  });
});

describe('a MultiDatastream does not cost a station what it had before', () => {
  it('one whose ObservedProperty is named with a paragraph (longer than a parameter id may be): the station and its Datastreams are read, the MultiDatastream quarantined', async () => {
    // Before: the station was refused whole ("params … too long"), its Datastream no longer read,
    // where before MultiDatastreams were read it was stored and read with the MultiDatastream quarantined.
    const long = `Bụi mịn PM2.5 ${'đo bằng phương pháp suy giảm tia beta, hiệu chuẩn theo QCVN 05:2023/BTNMT, '.repeat(4)}`;
    listThings([thing(1, [{ '@iot.id': 7, name: 'PM10 1h', unitOfMeasurement: UG, ObservedProperty: PM10 }])]);
    listMultis([multi(40, 1, [op(5, long, null), CO])]);
    observations('Datastreams(7)', () => [at(1, 1, 30)]);
    observations('MultiDatastreams(40)', () => [at(2, 1, [12, 900])]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(t.db.prepare(`SELECT id, params FROM stations`).all()).toEqual([{ id: 'aq:1', params: JSON.stringify(['pm10']) }]);
    expect(readings()).toEqual([{ station: 'aq:1', param: 'pm10', value: 30 }]);
    expect(quarantined().map((q) => q.id)).toEqual(['MultiDatastreams(40)']);
    expect(quarantined()[0]!.reason).toMatch(/^MultiDatastreams\(40\) \(station aq:1, 2 values\): with its values the station is not one the catalog takes \(.*params.*\); without them it is\. Not read/);
  });

  it('MultiDatastreams that would give a station more parameters than one may have: its Datastreams are read all the same', async () => {
    const many = Array.from({ length: 501 }, (_, i) => op(100 + i, `chỉ số ${i}`, null));
    listThings([thing(1, [{ '@iot.id': 7, name: 'PM10 1h', unitOfMeasurement: UG, ObservedProperty: PM10 }])]);
    listMultis([multi(40, 1, many, { unitOfMeasurements: undefined })]);
    observations('Datastreams(7)', () => [at(1, 1, 30)]);
    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(readings()).toEqual([{ station: 'aq:1', param: 'pm10', value: 30 }]);
    expect(quarantined().map((q) => q.id)).toEqual(['MultiDatastreams(40)']);
    expect(paths()).not.toContain('/v1.1/MultiDatastreams(40)/Observations');
  });
});
