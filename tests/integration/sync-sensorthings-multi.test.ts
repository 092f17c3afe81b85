// A SensorThings feed whose stations are published as MultiDatastreams (the 1.1 extension, OGC
// 18-088 clause 12), as FROST-Server serves them: Things that link MultiDatastreams, one list of
// them with their Thing and ObservedProperties expanded, and Observations whose result is an array.
// A real local HTTP server speaking SensorThings, the real engine and the real SQLite store.
// Before MultiDatastreams were read, each of these stations was stored with no parameters and its
// MultiDatastreams quarantined as "not read": every test below asks for readings from them.
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { DATASTREAM_FAILURES } from '../../sync/adapters/sensorthings';
import { feedConfigSchema, type FeedConfig } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';
import { CELSIUS, EIONET, MG, OM, UG, at, reply, useFrost, type Obs } from './sync/frost';

const { asked, routes, root, op, thing, multi, observations } = useFrost();
const PM25 = op(1, 'PM2.5', `${EIONET}6001`);
const PM10 = op(2, 'PM10', `${EIONET}5`);
const CO = op(3, 'CO', `${EIONET}10`);
const TEMP = op(4, 'Nhiệt độ', 'http://vocab.nerc.ac.uk/collection/P07/current/CFSN0023/');

const listThings = (things: unknown[]) => routes.set('/v1.1/Things', reply({ value: things }));
const listMultis = (multis: unknown[]) => routes.set('/v1.1/MultiDatastreams', reply({ value: multis }));

const feed = (paramMap: Record<string, string> = {}, top = 100): FeedConfig =>
  feedConfigSchema.parse({ id: 'aq', adapter: 'sensorthings', url: root(), domain: 'environment', retries: 0, options: { paramMap, top } });
const AQ = { 'PM2.5': 'pm25', PM10: 'pm10', [`${EIONET}10`]: 'co', 'Nhiệt độ': 'temp' };

let t: TestDb;
beforeEach(() => {
  asked.length = 0;
  t = testDb();
});
afterEach(() => t.close());

const readings = () => t.db.prepare(`SELECT station_id AS station, param, time, value FROM readings ORDER BY station_id, param, time`).all();
const quarantined = () => t.db.prepare(`SELECT external_id AS id, reason, count FROM quarantine ORDER BY rowid`).all() as { id: string; reason: string; count: number }[];
const watermarks = () => JSON.parse(t.store.getFeedState('aq').watermark ?? '{}') as Record<string, string>;
const paths = () => asked.map((a) => a.path);
const filterOf = (path: string) => asked.filter((a) => a.path === path).map((a) => a.query.get('$filter'));

describe('SensorThings MultiDatastreams: a FROST air-quality station', () => {
  it('is read into readings in the catalog units, and the next run asks after its watermark and stores only what is new', async () => {
    listThings([thing(1)]);
    listMultis([multi(40, 1, [PM25, PM10, CO], { unitOfMeasurements: [UG, UG, MG] })]);
    const obs = [at(100, 1, [12.5, 30, 1.1]), at(101, 2, [14, 33, 1.2]), at(102, 3, [15.5, 35, '0.9'])];
    const answered = observations('MultiDatastreams(40)', () => obs);

    // Pages of two: the third observation comes by @iot.nextLink.
    const first = await t.run(feed(AQ, 2));
    expect(first.ok, first.error?.en).toBe(true);
    expect(paths()).toEqual(['/v1.1/Things', '/v1.1/MultiDatastreams', '/v1.1/MultiDatastreams(40)/Observations', '/v1.1/MultiDatastreams(40)/Observations']);
    expect(asked[1]!.query.get('$expand')).toBe('Thing,ObservedProperties');
    expect(asked[2]!.query.get('$orderby')).toBe('phenomenonTime asc');
    expect(filterOf('/v1.1/MultiDatastreams(40)/Observations')).toEqual([null, null]);
    expect(t.db.prepare(`SELECT id, params FROM stations`).all()).toEqual([{ id: 'aq:1', params: JSON.stringify(['pm25', 'pm10', 'co']) }]);
    // CO in mg/m³ is stored in the catalog's µg/m³; a number written as text is read as one.
    const hour = (h: number) => `2026-12-01T0${h}:00:00Z`;
    /** A watermark: the time as the adapter writes it, to the millisecond. */
    const mark = (h: number) => `2026-12-01T0${h}:00:00.000Z`;
    expect(readings()).toEqual([
      { station: 'aq:1', param: 'co', time: hour(1), value: 1100 },
      { station: 'aq:1', param: 'co', time: hour(2), value: 1200 },
      { station: 'aq:1', param: 'co', time: hour(3), value: 900 },
      { station: 'aq:1', param: 'pm10', time: hour(1), value: 30 },
      { station: 'aq:1', param: 'pm10', time: hour(2), value: 33 },
      { station: 'aq:1', param: 'pm10', time: hour(3), value: 35 },
      { station: 'aq:1', param: 'pm25', time: hour(1), value: 12.5 },
      { station: 'aq:1', param: 'pm25', time: hour(2), value: 14 },
      { station: 'aq:1', param: 'pm25', time: hour(3), value: 15.5 },
    ]);
    expect(quarantined()).toEqual([]);
    expect(watermarks()).toEqual({ ' MultiDatastreams(40)': mark(3) });

    // An hour later the server has one more.
    obs.push(at(103, 4, [16, 36, 1.3]));
    asked.length = 0;
    answered.length = 0;
    const second = await t.run(feed(AQ, 2));
    expect(second.ok, second.error?.en).toBe(true);
    expect(filterOf('/v1.1/MultiDatastreams(40)/Observations')).toEqual([`phenomenonTime gt ${mark(3)}`]);
    expect(answered).toEqual([[obs[3]]]);
    expect(second.counts.fetched).toBe(1 + 1);
    expect(readings()).toHaveLength(12);
    expect(t.db.prepare(`SELECT param, value FROM readings WHERE time = ? ORDER BY param`).all(hour(4))).toEqual([
      { param: 'co', value: 1300 },
      { param: 'pm10', value: 36 },
      { param: 'pm25', value: 16 },
    ]);
    expect(watermarks()).toEqual({ ' MultiDatastreams(40)': mark(4) });
  });

  it("keeps the Datastreams' stored watermarks as they were, under keys no Datastream id can take", async () => {
    // A Datastream whose string id is spelled as the MultiDatastream's path: its watermark is its own.
    const ds = (id: unknown, o: unknown) => ({ '@iot.id': id, name: `ds ${String(id)}`, unitOfMeasurement: CELSIUS, ObservedProperty: o });
    listThings([thing(1, [ds(7, TEMP), ds('MultiDatastreams(40)', op(9, 'Độ ẩm', null))])]);
    listMultis([multi(40, 1, [PM25, PM10])]);
    observations('Datastreams(7)', () => [at(1, 1, 28), at(2, 2, 29)]);
    observations("Datastreams('MultiDatastreams(40)')", () => [at(3, 1, 80), at(4, 3, 81)]);
    observations('MultiDatastreams(40)', () => [at(5, 1, [10, 20]), at(6, 2, [11, 21])]);
    // As a version that read Datastreams alone saved them.
    t.store.setFeedState({ ...t.store.getFeedState('aq'), watermark: JSON.stringify({ 7: '2026-12-01T01:00:00.000Z', 'MultiDatastreams(40)': '2026-12-01T02:00:00.000Z' }) });

    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(filterOf('/v1.1/Datastreams(7)/Observations')).toEqual(['phenomenonTime gt 2026-12-01T01:00:00.000Z']);
    expect(filterOf("/v1.1/Datastreams('MultiDatastreams(40)')/Observations")).toEqual(['phenomenonTime gt 2026-12-01T02:00:00.000Z']);
    // The MultiDatastream was never read: all of it, whatever the Datastream of its name had.
    expect(filterOf('/v1.1/MultiDatastreams(40)/Observations')).toEqual([null]);
    expect(t.db.prepare(`SELECT param, value FROM readings ORDER BY param, time`).all()).toEqual([
      { param: 'pm10', value: 20 },
      { param: 'pm10', value: 21 },
      { param: 'pm25', value: 10 },
      { param: 'pm25', value: 11 },
      { param: 'temp', value: 29 },
      { param: 'Độ ẩm', value: 81 },
    ]);
    expect(watermarks()).toEqual({
      7: '2026-12-01T02:00:00.000Z',
      'MultiDatastreams(40)': '2026-12-01T03:00:00.000Z',
      ' MultiDatastreams(40)': '2026-12-01T02:00:00.000Z',
    });
  });

  it('a parameter both a Datastream and a MultiDatastream give is read from the Datastream, the value quarantined saying how to map it; so mapped, both are read', async () => {
    const pm25ds = { '@iot.id': 7, name: 'PM2.5 1h', unitOfMeasurement: UG, ObservedProperty: PM25 };
    listThings([thing(1, [pm25ds])]);
    listMultis([multi(40, 1, [PM25, PM10])]);
    observations('Datastreams(7)', () => [at(1, 1, 12)]);
    observations('MultiDatastreams(40)', () => [at(2, 1, [99, 30]), at(3, 2, [98, 31])]);

    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    expect(t.db.prepare(`SELECT param, value FROM readings ORDER BY param, time`).all()).toEqual([
      { param: 'pm10', value: 30 },
      { param: 'pm10', value: 31 },
      { param: 'pm25', value: 12 },
    ]);
    expect(quarantined()).toEqual([
      {
        id: 'MultiDatastreams(40)[0]',
        reason:
          "result[0] (PM2.5) of MultiDatastreams(40) 'Không khí 40' observes pm25 at station aq:1 as Datastreams(7) 'PM2.5 1h' does; one series cannot hold both (one overwrote the other at the same times), so only Datastreams(7) is read. Give it its own paramMap entry by MultiDatastream name and property (\"Không khí 40/PM2.5\": \"<parameter id>\") or by id and property (\"40/PM2.5\": \"<parameter id>\")",
        count: 1,
      },
    ]);

    // The operator does as the reason says.
    const mapped = testDb();
    try {
      const m = await mapped.run(feed({ ...AQ, 'Không khí 40/PM2.5': 'pm25_multi' }));
      expect(m.ok, m.error?.en).toBe(true);
      expect(mapped.db.prepare(`SELECT param, value FROM readings ORDER BY param, time`).all()).toEqual([
        { param: 'pm10', value: 30 },
        { param: 'pm10', value: 31 },
        { param: 'pm25', value: 12 },
        { param: 'pm25_multi', value: 99 },
        { param: 'pm25_multi', value: 98 },
      ]);
      expect(mapped.count('quarantine')).toBe(0);
    } finally {
      await mapped.close();
    }
  });
});

describe('SensorThings MultiDatastreams: odd and hostile Observations', () => {
  it('each bad value is quarantined alone and counted; a result that cannot be split, once for its Observation', async () => {
    listThings([thing(1)]);
    listMultis([multi(40, 1, [PM25, PM10, TEMP], { unitOfMeasurements: [UG, UG, CELSIUS] })]);
    const obs = [
      at(1, 1, [10, 20, 28]),
      at(2, 2, [null, 21, 'n/a']), // pm25 missing, temp not a number: pm10 stored
      at(3, 3, [11, 65535, 29]), // pm10 past what a sensor reads (the catalog's limit)
      { '@iot.id': 4, phenomenonTime: '2026-12-01T00:00:00.000Z/2026-12-02T00:00:00.000Z', result: [9, 19, 27] }, // a daily mean
      at(5, 4, 42), // not an array
      at(6, 5, { 0: 1, 1: 2, 2: 3 }), // an object, not an array
      at(7, 6, [12, 22]), // a value short
      at(8, 7, [12, 22, 30, 99]), // a value too many
      { '@iot.id': 9, phenomenonTime: 'yesterday', result: [1, 2, 3] },
      at(10, 8, [13, 23, 31]),
    ];
    observations('MultiDatastreams(40)', () => obs);

    const r = await t.run(feed(AQ));
    expect(r.ok, r.error?.en).toBe(true);
    const hour = (h: number) => `2026-12-01T0${h}:00:00Z`;
    expect(t.db.prepare(`SELECT param, time, value FROM readings ORDER BY time, param`).all()).toEqual([
      // The daily mean's temp: not a parameter kept hourly.
      { param: 'temp', time: hour(0), value: 27 },
      { param: 'pm10', time: hour(1), value: 20 },
      { param: 'pm25', time: hour(1), value: 10 },
      { param: 'temp', time: hour(1), value: 28 },
      { param: 'pm10', time: hour(2), value: 21 },
      { param: 'pm25', time: hour(3), value: 11 },
      { param: 'temp', time: hour(3), value: 29 },
      { param: 'pm10', time: hour(8), value: 23 },
      { param: 'pm25', time: hour(8), value: 13 },
      { param: 'temp', time: hour(8), value: 31 },
    ]);
    expect(quarantined().map((q) => [q.id, q.reason])).toEqual([
      ['2', 'result[0] (pm25): missing'],
      ['2', 'result[2] (temp): "n/a" is not a number'],
      ['3', expect.stringMatching(/^result\[1\] \(pm10\): 65535 is not accepted \(pm10 65535 is outside what a sensor can read/)],
      ['4', expect.stringMatching(/^phenomenonTime: "2026-12-01T00:00:00.000Z\/2026-12-02T00:00:00.000Z" spans 24 h 0 min; pm25 is kept as hourly readings .* Map result\[0\] \(pm25\) of MultiDatastreams\(40\) to a parameter of its own$/)],
      ['4', expect.stringMatching(/spans 24 h 0 min; pm10 is kept as hourly readings/)],
      ['5', 'result: 42 is not an array of 3 values (one per ObservedProperty of MultiDatastreams(40))'],
      ['6', 'result: {"0":1,"1":2,"2":3} is not an array of 3 values (one per ObservedProperty of MultiDatastreams(40))'],
      ['7', 'result: 2 values where MultiDatastreams(40) has 3 ObservedProperties, so which value is which is not known'],
      ['8', 'result: 4 values where MultiDatastreams(40) has 3 ObservedProperties, so which value is which is not known'],
      ['9', 'phenomenonTime: "yesterday" is not a date'],
    ]);
    expect(r.counts.quarantined).toBe(10);
    // Nothing bad is asked for again: the watermark is past every Observation read.
    expect(watermarks()).toEqual({ ' MultiDatastreams(40)': '2026-12-01T08:00:00.000Z' });
  });
});

describe('SensorThings MultiDatastreams: odd and hostile MultiDatastreams', () => {
  it('what cannot be read is quarantined once per run with its reason, by class; the rest of each station is read', async () => {
    listThings([thing(1), thing(2), thing(3), thing(4)]);
    const notExpanded = multi(44, 4, []);
    delete (notExpanded as Record<string, unknown>).ObservedProperties;
    (notExpanded as Record<string, unknown>)['ObservedProperties@iot.navigationLink'] = `${root()}/MultiDatastreams(44)/ObservedProperties`;
    notExpanded.unitOfMeasurements = [UG, UG];
    notExpanded.multiObservationDataTypes = [`${OM}OM_Measurement`, `${OM}OM_Measurement`];
    const lost = { ...notExpanded, '@iot.selfLink': `${root()}/MultiDatastreams(45)`, '@iot.id': 45, name: 'Không khí 45', Thing: { '@iot.id': 4 } };
    listMultis([
      // The standard's own example: a visibility category beside two measurements, its unit "null".
      multi(40, 1, [TEMP, op(5, 'Relative Humidity', null), op(6, 'Visibility (Weather)', null)], {
        multiObservationDataTypes: [`${OM}OM_Measurement`, `${OM}OM_Measurement`, `${OM}OM_CategoryObservation`],
        unitOfMeasurements: [CELSIUS, { name: 'percent', symbol: '%', definition: 'http://unitsofmeasure.org/ucum.html#para-29' }, { name: 'null', symbol: 'null', definition: 'null' }],
      }),
      // No unitOfMeasurements at all: read as is, as a Datastream that gives no unit.
      multi(41, 2, [PM25, op(7, null, null), op(8, null, 'urn:x:unknown'), PM10], { unitOfMeasurements: undefined }),
      // One unit short: which is whose is not known.
      multi(42, 3, [PM25, PM10, CO], { unitOfMeasurements: [UG, MG] }),
      // A unit that is not converted, beside one that is.
      multi(43, 3, [op(11, 'NO2', null), op(12, 'SO2', null)], { unitOfMeasurements: [{ symbol: 'ppb' }, UG] }),
      notExpanded,
      lost,
      // Listed with no Thing: whose station it is is not known.
      multi(46, null, [PM25]),
    ]);
    routes.set('/v1.1/MultiDatastreams(44)/ObservedProperties', reply({ value: [PM25, PM10] }));
    routes.set('/v1.1/MultiDatastreams(45)/ObservedProperties', reply({ code: 404, type: 'error', message: 'Nothing found.' }, 404));
    const three = () => [at(1, 1, [28, 70, 'clear']), at(2, 2, [29, 71, 'haze']), at(3, 3, [30, 72, 'clear'])];
    observations('MultiDatastreams(40)', three);
    observations('MultiDatastreams(41)', () => [at(4, 1, [12, 'a', 'b', 30]), at(5, 2, [13, 'a', 'b', 31])]);
    observations('MultiDatastreams(43)', () => [at(6, 1, [40, 8])]);
    observations('MultiDatastreams(44)', () => [at(7, 1, [15, 25])]);
    const paramMap = { ...AQ, NO2: 'no2', SO2: 'so2', 'Relative Humidity': 'rh' };

    const runs = [await t.run(feed(paramMap)), await t.run(feed(paramMap))];
    for (const r of runs) expect(r.ok, r.error?.en).toBe(true);
    expect(t.db.prepare(`SELECT id, params FROM stations ORDER BY id`).all()).toEqual([
      { id: 'aq:1', params: JSON.stringify(['temp', 'rh']) },
      { id: 'aq:2', params: JSON.stringify(['pm25', 'pm10']) },
      { id: 'aq:3', params: JSON.stringify(['so2']) },
      { id: 'aq:4', params: JSON.stringify(['pm25', 'pm10']) },
    ]);
    expect(t.db.prepare(`SELECT station_id AS s, param, value FROM readings ORDER BY station_id, param, time`).all()).toEqual([
      { s: 'aq:1', param: 'rh', value: 70 },
      { s: 'aq:1', param: 'rh', value: 71 },
      { s: 'aq:1', param: 'rh', value: 72 },
      { s: 'aq:1', param: 'temp', value: 28 },
      { s: 'aq:1', param: 'temp', value: 29 },
      { s: 'aq:1', param: 'temp', value: 30 },
      { s: 'aq:2', param: 'pm10', value: 30 },
      { s: 'aq:2', param: 'pm10', value: 31 },
      { s: 'aq:2', param: 'pm25', value: 12 },
      { s: 'aq:2', param: 'pm25', value: 13 },
      { s: 'aq:3', param: 'so2', value: 8 },
      { s: 'aq:4', param: 'pm10', value: 25 },
      { s: 'aq:4', param: 'pm25', value: 15 },
    ]);
    // MultiDatastreams(42) is never asked for; the one whose ObservedProperties failed, not either.
    expect(paths().filter((p) => p.startsWith('/v1.1/MultiDatastreams(42)') || p === '/v1.1/MultiDatastreams(45)/Observations')).toEqual([]);
    // One row per thing not read, counted once in each of the two runs: not one per Observation
    // (MultiDatastreams(40) gave three, its visibility value in each).
    expect(quarantined()).toEqual([
      { id: 'MultiDatastreams(46)', reason: 'MultiDatastreams(46): listed with no Thing (the list asks for each one\'s Thing), so whose station it is is not known. Not read', count: 2 },
      {
        id: 'MultiDatastreams(45)',
        reason: expect.stringMatching(
          /^MultiDatastreams\(45\) 'Không khí 45' \(station aq:4\): its ObservedProperties did not come with it, and reading them from MultiDatastreams\(45\)\/ObservedProperties failed: .*HTTP 404.* not read in this pass/,
        ),
        count: 2,
      },
      {
        id: 'MultiDatastreams(40)[2]',
        reason: `result[2] (Visibility (Weather)) of MultiDatastreams(40) 'Không khí 40' (station aq:1): its multiObservationDataTypes entry is ${OM}OM_CategoryObservation, whose values are not numbers; a station reading is one. Not read`,
        count: 2,
      },
      {
        id: 'MultiDatastreams(41)[1]',
        reason: "result[1] of MultiDatastreams(41) 'Không khí 41' (station aq:2): ObservedProperties[1] has no name or definition, so it cannot be mapped to a parameter. Not read",
        count: 2,
      },
      {
        id: 'MultiDatastreams(41)[2]',
        reason: `result[2] (urn:x:unknown) of MultiDatastreams(41) 'Không khí 41' (station aq:2): its ObservedProperty has no name, and its definition "urn:x:unknown" has no paramMap entry. Map it: {"urn:x:unknown": "<parameter id>"}`,
        count: 2,
      },
      {
        id: 'MultiDatastreams(42)',
        reason:
          "MultiDatastreams(42) 'Không khí 42' (station aq:3): 3 ObservedProperties, 2 unitOfMeasurements, 3 multiObservationDataTypes: the standard gives one of each per value of a result, in one order; these do not line up, so which unit and which value belong to which property is not known. Not read; the MultiDatastream needs mending on the server",
        count: 2,
      },
      {
        id: 'MultiDatastreams(43)[0]',
        reason: expect.stringMatching(/^result\[0\] \(NO2\) of MultiDatastreams\(43\) 'Không khí 43' \(station aq:3, no2\): unitOfMeasurements\[0\] "ppb" is not the catalog's unit for no2, "µg\/m³"/),
        count: 2,
      },
    ]);
    // The second run asked each MultiDatastream read after its own watermark.
    expect(filterOf('/v1.1/MultiDatastreams(40)/Observations')).toEqual([null, 'phenomenonTime gt 2026-12-01T03:00:00.000Z']);
    // The one whose ObservedProperties could not be read keeps its place for a later pass.
    expect(Object.keys(watermarks()).sort()).toEqual([' MultiDatastreams(40)', ' MultiDatastreams(41)', ' MultiDatastreams(43)', ' MultiDatastreams(44)']);
  });
});

describe('SensorThings MultiDatastreams: failures', () => {
  it('one gone (404) is passed over and quarantined by name; one that fails every time, after as many runs as a Datastream; the others are read', async () => {
    listThings([thing(1), thing(2), thing(3)]);
    listMultis([multi(40, 1, [PM25]), multi(41, 2, [PM10]), multi(42, 3, [PM25, PM10])]);
    observations('MultiDatastreams(40)', () => [at(1, 1, [12])]);
    routes.set('/v1.1/MultiDatastreams(41)/Observations', reply({ code: 404, type: 'error', message: 'Nothing found.' }, 404));
    let broken = true;
    const fine = observations('MultiDatastreams(42)', () => [at(2, 1, [13, 23])]);
    const answer = routes.get('/v1.1/MultiDatastreams(42)/Observations')!;
    routes.set('/v1.1/MultiDatastreams(42)/Observations', (req, res) => (broken ? reply({ code: 500, type: 'error', message: 'Internal server error' }, 500)(req, res) : answer(req, res)));

    const runs = [];
    for (let i = 0; i < DATASTREAM_FAILURES; i++) runs.push(await t.run(feed(AQ)));
    for (const [i, f] of runs.slice(0, -1).entries()) {
      expect(f.ok).toBe(false);
      expect(f.error?.en).toContain(`(SensorThings MultiDatastreams(42) (station aq:3, pm25, pm10): failure ${i + 1} in a row; at ${DATASTREAM_FAILURES} it is passed over`);
      expect(f.error?.vi).toContain('MultiDatastreams(42), trạm aq:3, pm25, pm10');
    }
    expect(runs.at(-1)!.ok, runs.at(-1)!.error?.en).toBe(true);
    expect(t.db.prepare(`SELECT station_id AS s, param, value FROM readings`).all()).toEqual([{ s: 'aq:1', param: 'pm25', value: 12 }]);
    expect(quarantined().map((q) => [q.id, q.reason])).toEqual([
      ['MultiDatastreams(41)', expect.stringMatching(/^MultiDatastreams\(41\) \(station aq:2, pm10\): the server has no such MultiDatastream now \(its Observations answer HTTP 404\/410\)/)],
      ['MultiDatastreams(42)', expect.stringMatching(/^MultiDatastreams\(42\) \(station aq:3, pm25, pm10\): passed over in this pass after 3 runs in a row failed on it, the last with: The server failed \(HTTP 500\)/)],
    ]);

    // Mended, the next pass reads it.
    broken = false;
    const mended = await t.run(feed(AQ));
    expect(mended.ok, mended.error?.en).toBe(true);
    expect(fine).toHaveLength(1);
    expect(t.db.prepare(`SELECT station_id AS s, param, value FROM readings ORDER BY station_id, param`).all()).toEqual([
      { s: 'aq:1', param: 'pm25', value: 12 },
      { s: 'aq:3', param: 'pm10', value: 23 },
      { s: 'aq:3', param: 'pm25', value: 13 },
    ]);
  });

  it('a MultiDatastreams list that fails is said once; the Datastreams are read, and the MultiDatastreams keep their places for the next pass', async () => {
    listThings([thing(1, [{ '@iot.id': 7, name: 'temp', unitOfMeasurement: CELSIUS, ObservedProperty: TEMP }]), thing(2)]);
    let listFails = true;
    const list = reply({ value: [multi(40, 2, [PM25, PM10])] });
    routes.set('/v1.1/MultiDatastreams', (req, res) => (listFails ? reply({ code: 500, type: 'error', message: 'Failed to execute query.' }, 500)(req, res) : list(req, res)));
    observations('Datastreams(7)', () => [at(1, 1, 28)]);
    observations('MultiDatastreams(40)', () => [at(2, 1, [10, 20]), at(3, 2, [11, 21])]);
    t.store.setFeedState({ ...t.store.getFeedState('aq'), watermark: JSON.stringify({ ' MultiDatastreams(40)': '2026-12-01T01:00:00.000Z' }) });

    const failed = await t.run(feed(AQ));
    expect(failed.ok, failed.error?.en).toBe(true);
    expect(t.db.prepare(`SELECT param, value FROM readings`).all()).toEqual([{ param: 'temp', value: 28 }]);
    expect(quarantined().map((q) => [q.id, q.reason])).toEqual([
      ['MultiDatastreams', expect.stringMatching(/^MultiDatastreams: the server links MultiDatastreams on its Things, but its list of them could not be read: The server failed \(HTTP 500\).* None is read in this pass \(the Datastreams are\)/)],
      ['Things(2)/MultiDatastreams', expect.stringMatching(/^Things\(2\) \(station aq:2\) has no Datastreams; its MultiDatastreams, if it has any, are not read in this pass/)],
    ]);
    expect(watermarks()).toEqual({ 7: '2026-12-01T01:00:00.000Z', ' MultiDatastreams(40)': '2026-12-01T01:00:00.000Z' });

    listFails = false;
    const next = await t.run(feed(AQ));
    expect(next.ok, next.error?.en).toBe(true);
    expect(filterOf('/v1.1/MultiDatastreams(40)/Observations')).toEqual(['phenomenonTime gt 2026-12-01T01:00:00.000Z']);
    expect(t.db.prepare(`SELECT param, value FROM readings ORDER BY param`).all()).toEqual([
      { param: 'pm10', value: 21 },
      { param: 'pm25', value: 11 },
      { param: 'temp', value: 28 },
    ]);
  });
});
