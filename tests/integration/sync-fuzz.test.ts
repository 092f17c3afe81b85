import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSchemas, type CapMessage } from '../../domains';
import { Random } from '../../host/demo/random';
import { loadBoundaries } from '../../host/geo/boundaries';
import { RecordWriter } from '../../host/store/records';
import { feedConfigSchema, type FeedConfig, type FeedConfigInput } from '../../sync/feeds/config';
import { parseJsonLenient } from '../../sync/text/lenient-json';
import type { QuarantinedItem, RecordBatch } from '../../sync/store';
import { testDb, type TestDb } from './sync/helpers';

/**
 * Every adapter, run through the engine into SQLite against a real HTTP server whose answers are
 * real sample documents of its standard, changed at random: values swapped for odd ones (nulls,
 * wrong types, 100 000-character text, 2 000-level nesting, `__proto__` keys, impossible dates and
 * coordinates, links that are not URLs or not http), keys dropped, redirects to nowhere, items repeated, bodies cut short or given bad bytes, XML elements
 * dropped, repeated or nested 3 000 deep. Whatever arrives, a run ends with its records stored
 * or with a SyncError that says what was wrong, never with "Unexpected error"; everything stored
 * passes its record schema; a quarantined item has a reason; nothing reaches Object.prototype;
 * and no run asks the server more than MAX_REQUESTS times. The province's districts are loaded,
 * so every point is also checked against the area and given its district. Seeded
 * (`SYNC_FUZZ_SEED=N` tries another run); a failure names the seed, the document and the run.
 */
const SEED = Number(process.env.SYNC_FUZZ_SEED ?? 0x51c0fe);
const ROUNDS = 12;
const MAX_REQUESTS = 200;

const FIXTURES = join(__dirname, '..', 'fixtures');
const fixture = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');

let server: Server;
let base: string;
/** The bodies the server answers with for the current run, by path prefix. */
let answers: Answer[] = [];
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const path = new URL(req.url!, 'http://x').pathname;
    const a = answers.find((x) => path.startsWith(x.prefix));
    if (!a) {
      res.statusCode = 404;
      return res.end();
    }
    if (a.location !== undefined) {
      res.statusCode = 302;
      res.setHeader('location', a.location);
      return res.end();
    }
    res.setHeader('content-type', a.type);
    res.end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const random = new Random(SEED);
const int = (n: number) => random.int(0, n - 1);
const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
const nest = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));

/** Values no source should send, each made fresh (a shared object would be mutated in place). */
const ODD: (() => unknown)[] = [
  () => null, () => true, () => 0, () => -1, () => 1.5, () => 1e308, () => -1e308, () => 91, () => -181,
  () => '', () => ' ', () => 'NaN', () => '1e999', () => '-0', () => '006', () => 'Infinity',
  () => '9999-12-31T23:59:59Z', () => '2026-11-20T08:00:00-23:59', () => '0000-01-01T00:00:00Z', () => '2025-13', () => '2025-02-30', () => '2026-02-30T25:61:00+07:00', () => '0000-00-00', () => '2026-11-20',
  () => 'x'.repeat(100_000), () => 'đường\u0000\u202e<script>alert(1)</script>', () => '__proto__',
  () => [], () => ({}), () => [null], () => [200, 100], () => [106.9, 11.7, 5, 'x'], () => ['106.9', '11.7'],
  () => ({ type: 'Point', coordinates: ['a', 'b'] }), () => ({ type: 'Polygon', coordinates: [[[0, 0]]] }),
  () => nest(2000),
  () => JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}'),
];

/** A JSON document with parts swapped for odd values, keys dropped and list items repeated. */
function mutateJson(v: unknown): unknown {
  if (int(14) === 0) return pick(ODD)();
  if (Array.isArray(v)) {
    const out = v.map(mutateJson);
    if (out.length > 0 && int(8) === 0) out.splice(int(out.length), 0, ...Array.from({ length: 1 + int(50) }, () => mutateJson(pick(v))));
    return out;
  }
  if (v && typeof v === 'object') {
    // defineProperty: a key named __proto__ stays a key, as JSON.parse makes it.
    const out = {};
    for (const [k, e] of Object.entries(v)) if (int(30) > 0) Object.defineProperty(out, k, { value: mutateJson(e), enumerable: true, writable: true, configurable: true });
    if (int(20) === 0) Object.defineProperty(out, pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'value', 'id']), { value: pick(ODD)(), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

const XML_TEXT = [
  '', ' ', '&amp;&lt;&gt;', '&#0;', '&unknown;', '<![CDATA[<b>x</b>]]>', 'x'.repeat(100_000), '-999,-999 0,0', '11.5,106.9 11.6,107.0 11.5,106.9',
  '91,181 0,0 1,1 91,181', 'NaN', '2026-02-30T25:61:00+07:00', '9999-12-31T23:59:59Z', '2026-11-20T08:00:00-23:59', 'Actual', 'Cancel', 'đường\u202e',
];

/** Attribute values (links above all) a server should not send. */
const XML_ATTR = ['', ' ', 'http://a b/x.cap', 'http://[', 'https://:80/x', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://x/y', '//other.invalid/x', 'x'.repeat(10_000), '&amp;', '&#0;'];

/** An XML document with element texts and attributes swapped, elements dropped or repeated, and odd markup put in. */
function mutateXml(doc: string): string {
  let s = doc;
  for (let k = 1 + int(3); k > 0; k--) {
    const op = int(7);
    if (op === 6) {
      const attrs = [...s.matchAll(/\s[\w:.-]+="([^"]*)"/g)];
      if (attrs.length) {
        const m = pick(attrs);
        const at = m.index! + m[0].length - 1 - m[1]!.length;
        s = s.slice(0, at) + pick(XML_ATTR) + s.slice(at + m[1]!.length);
      }
      continue;
    }
    if (op === 0) {
      const texts = [...s.matchAll(/>([^<]{1,200})</g)];
      if (texts.length) {
        const m = pick(texts);
        s = s.slice(0, m.index! + 1) + pick(XML_TEXT) + s.slice(m.index! + 1 + m[1]!.length);
      }
    } else if (op === 1 || op === 2) {
      const leaves = [...s.matchAll(/<([A-Za-z][\w:.-]*)(\s[^>]*)?>[^<]*<\/\1>/g)];
      if (leaves.length) {
        const m = pick(leaves);
        const copies = op === 1 ? '' : m[0].repeat(1 + int(40));
        s = s.slice(0, m.index!) + copies + s.slice(m.index!);
        if (op === 1) s = s.slice(0, m.index!) + s.slice(m.index! + m[0].length);
      }
    } else if (op === 3) {
      const tags = [...s.matchAll(/<\/?[A-Za-z][^>]*>/g)];
      if (tags.length) {
        const m = pick(tags);
        s = s.slice(0, m.index!) + s.slice(m.index! + m[0].length);
      }
    } else if (op === 4) {
      const close = s.lastIndexOf('</');
      if (close > 0) s = s.slice(0, close) + '<x>'.repeat(3000) + '</x>'.repeat(3000) + s.slice(close);
    } else {
      const at = s.indexOf('?>') + 2;
      s = s.slice(0, at) + '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + s.slice(at);
    }
  }
  return s;
}

/** Now and then the bytes themselves: cut short, a BOM, bytes that are not UTF-8, a NUL. */
function corruptBytes(text: string): Buffer | string {
  const b = Buffer.from(text);
  switch (int(12)) {
    case 0:
      return b.subarray(0, int(b.length));
    case 1:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
    case 2: {
      const at = int(b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00]), b.subarray(at)]);
    }
    default:
      return text;
  }
}

/** What the server answers for paths under `prefix`: a body, or (with `location`) a redirect. */
interface Answer {
  prefix: string;
  type: string;
  body: Buffer | string;
  location?: string;
}

interface Scenario {
  name: string;
  feed: FeedConfig;
  /** The server's answers for one run, each document changed anew. */
  answers(): Answer[];
}

/** Now and then a redirect instead of the document: to nowhere, to another scheme, to itself. */
function maybeRedirect(a: Answer): Answer {
  if (int(24) > 0) return a;
  return { ...a, location: pick(['http://[', 'http://a b/', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://127.0.0.1/x', '', `${a.prefix}`]) };
}

const feed = (f: Partial<FeedConfigInput> & Pick<FeedConfigInput, 'id' | 'adapter' | 'url' | 'domain'>) => feedConfigSchema.parse({ retries: 0, ...f });
const jsonDoc = (prefix: string, doc: unknown, type = 'application/json') => (): Answer =>
  maybeRedirect({ prefix, type, body: corruptBytes(JSON.stringify(mutateJson(doc))) });
const xmlDoc = (prefix: string, doc: string, type = 'application/xml') => (): Answer => maybeRedirect({ prefix, type, body: corruptBytes(mutateXml(doc)) });

const thing = (id: number, ds: number) => ({
  '@iot.id': id,
  name: `Trạm ${id}`,
  Locations: [{ location: { type: 'Point', coordinates: [106.88 + id / 100, 11.53] } }],
  Datastreams: [{ '@iot.id': ds, ObservedProperty: { name: 'PM2.5' } }, { '@iot.id': ds + 1, ObservedProperty: { name: 'AQI' } }],
});
const observations = { value: Array.from({ length: 6 }, (_, i) => ({ '@iot.id': i, phenomenonTime: `2026-11-20T0${i}:00:00Z`, result: 10 + i })) };

function scenarios(): Scenario[] {
  const out: Scenario[] = [];
  const o311 = (name: string, path: string, xml: boolean) =>
    out.push({
      name,
      feed: feed({ id: 'o311', adapter: 'open311', domain: 'hotline', url: `${base}/o311/requests.${xml ? 'xml' : 'json'}` }),
      answers: () => [(xml ? xmlDoc('/o311', fixture(path)) : jsonDoc('/o311', parseJsonLenient(fixture(path))))()],
    });
  o311('open311 spec JSON', 'sync/open311/georeport-v2-spec/requests.json', false);
  o311('open311 extended attributes', 'sync/open311/georeport-v2-spec/requests-extended-attributes.json', false);
  o311('open311 Chicago', 'sync/open311/real-captures/chicago-2014-07-12-requests.json', false);
  o311('open311 spec XML', 'sync/open311/georeport-v2-spec/requests.xml', true);
  o311('open311 Toronto XML', 'sync/open311/real-captures/toronto-2018-07-30-requests.xml', true);
  out.push({
    name: 'sensorthings',
    feed: feed({ id: 'sta', adapter: 'sensorthings', domain: 'environment', url: `${base}/sta` }),
    answers: () => [jsonDoc('/sta/Things', { value: [thing(1, 7), thing(2, 9)] })(), jsonDoc('/sta/Datastreams', observations)()],
  });
  out.push({
    // A station published as one MultiDatastream (FROST), beside one with Datastreams.
    name: 'sensorthings MultiDatastreams',
    feed: feed({ id: 'sta-m', adapter: 'sensorthings', domain: 'environment', url: `${base}/sta-m` }),
    answers: () => [
      jsonDoc('/sta-m/Things', { value: [{ ...thing(3, 11), 'MultiDatastreams@iot.navigationLink': 'Things(3)/MultiDatastreams' }, { '@iot.id': 4, name: 'Trạm 4', Locations: thing(4, 0).Locations, 'MultiDatastreams@iot.navigationLink': 'Things(4)/MultiDatastreams' }] })(),
      jsonDoc('/sta-m/MultiDatastreams(', {
        value: Array.from({ length: 5 }, (_, i) => ({ '@iot.id': i, phenomenonTime: `2026-11-20T0${i}:00:00Z`, result: [10 + i, 20 + i, null] })),
      })(),
      jsonDoc('/sta-m/MultiDatastreams', {
        value: [
          {
            '@iot.id': 40,
            name: 'Bụi',
            Thing: { '@iot.id': 4 },
            multiObservationDataTypes: ['OM_Measurement', 'OM_Measurement', 'OM_Measurement'],
            unitOfMeasurements: [{ symbol: 'µg/m³' }, { symbol: 'mg/m³' }, { symbol: 'ppb' }],
            ObservedProperties: [{ name: 'PM2.5' }, { name: 'PM10' }, { name: 'NO2' }],
          },
        ],
      })(),
      jsonDoc('/sta-m/Datastreams', observations)(),
    ],
  });
  out.push({
    name: 'ckan places',
    feed: feed({
      id: 'ckan-p',
      adapter: 'ckan',
      domain: 'traffic',
      url: `${base}/ckan-p`,
      mapping: { kind: 'place', fields: { id: 'Identifier', name: 'Location_Name', lat: 'Latitude', lon: 'Longitude', 'attrs.state': 'State' }, constants: { kind: 'blackspot' } },
    }),
    answers: () => [jsonDoc('/ckan-p', JSON.parse(fixture('sync/ckan/data-gov-au-mobile-blackspots-datastore_search.json')))()],
  });
  out.push({
    name: 'ckan observations',
    feed: feed({
      id: 'ckan-o',
      adapter: 'ckan',
      domain: 'publicAdmin',
      url: `${base}/ckan-o`,
      mapping: { kind: 'observation', fields: { indicator: 'ServiceTypeName', period: 'date', value: 'WaitingCustomersSQ', updatedAt: 'date' }, constants: { areaId: '70' } },
    }),
    answers: () => [jsonDoc('/ckan-o', JSON.parse(fixture('sync/ckan/odaa-aarhus-2017-datastore_search.json')))()],
  });
  for (const v of ['v1.0', 'v2.1']) {
    for (const n of ['exr-time-series', 'exr-flat', 'exr-action-delete', 'agri']) {
      out.push({
        name: `sdmx ${v} ${n}`,
        feed: feed({ id: 'sdmx', adapter: 'sdmx', domain: 'economy', url: `${base}/sdmx`, mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' }, constants: { areaId: '70' } } }),
        answers: () => [jsonDoc('/sdmx', JSON.parse(fixture(`sync/sdmx/${v}/${n}.json`)))()],
      });
    }
  }
  const feature = JSON.parse(fixture('sync/geojson/sdm-Open311_ServiceRequest--example-geojsonfeature.json')) as { geometry: { value: unknown } };
  const places = {
    type: 'FeatureCollection',
    features: [{ ...feature, geometry: feature.geometry.value }, ...[1, 2, 3].map((i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.8 + i / 10, 11.6] }, properties: { id: `BV${i}`, name: `Bệnh viện ${i}`, kind: 'hospital' } }))],
  };
  out.push({
    name: 'geojson places',
    feed: feed({ id: 'geo', adapter: 'geojson', domain: 'health', url: `${base}/geo`, mapping: { kind: 'place', fields: { id: 'properties.id', name: 'properties.name', kind: 'properties.kind' } } }),
    answers: () => [jsonDoc('/geo', places, 'application/geo+json')()],
  });
  for (const f of ['bp-storm-alert.xml', 'oasis-cap12-a2-thunderstorm.xml', 'nws-blizzard-warning-cap11.xml', 'oasis-cap12-a3-earthquake-update.xml']) {
    out.push({
      name: `cap ${f}`,
      feed: feed({ id: 'cap', adapter: 'cap', domain: 'environment', url: `${base}/cap/${f}` }),
      answers: () => [xmlDoc('/cap', fixture(`cap/${f}`), 'application/cap+xml')()],
    });
  }
  out.push({
    name: 'cap index',
    feed: feed({ id: 'cap-i', adapter: 'cap', domain: 'environment', url: `${base}/cap-i/bp-index.atom` }),
    // The index and every document it links to, each changed.
    answers: () => [xmlDoc('/cap-i/bp-index', fixture('cap/bp-index.atom'), 'application/atom+xml')(), xmlDoc('/cap-i/', fixture('cap/bp-storm-update.xml'), 'application/cap+xml')()],
  });
  return out;
}

/** Why a stored CAP message could not be shown, or null. */
function capProblem(m: CapMessage): string | null {
  if (!m.identifier || !m.sender) return 'identifier or sender empty';
  if (!Number.isFinite(Date.parse(m.sent))) return `sent ${m.sent}`;
  for (const i of m.info)
    for (const a of i.areas) {
      for (const p of a.polygons) if (p.points.some(([lat, lon]) => !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180))) return 'polygon point out of range';
      for (const c of a.circles) if (!(Math.abs(c.lat) <= 90 && Math.abs(c.lon) <= 180 && c.radiusKm >= 0)) return 'circle out of range';
    }
  return null;
}

/** What the engine hands the store that it should not have: each a line naming the record. */
function badRecords(batch: RecordBatch, quarantined: QuarantinedItem[]): string[] {
  const out: string[] = [];
  const check = (kind: keyof typeof recordSchemas, list: unknown[] | undefined) => {
    for (const r of list ?? []) {
      const p = recordSchemas[kind].safeParse(r);
      if (!p.success) out.push(`${kind} ${JSON.stringify(r).slice(0, 200)}: ${p.error.issues[0]?.message}`);
    }
  };
  check('observation', batch.observations);
  check('event', batch.events);
  check('station', batch.stations);
  check('reading', batch.readings);
  check('place', batch.places);
  for (const m of batch.capMessages ?? []) {
    const why = capProblem(m);
    if (why) out.push(`cap ${m.identifier}: ${why}`);
  }
  for (const q of quarantined) if (typeof q.reason !== 'string' || q.reason.trim() === '') out.push(`quarantined ${String(q.externalId)} without a reason`);
  return out;
}

describe('sync fuzz: every adapter against changed real documents', () => {
  it(`stores valid records or ends with a clear SyncError, whatever the server sends (seed ${SEED})`, async () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const boundaries = loadBoundaries();
    const failures: string[] = [];
    const totals = { runs: 0, ok: 0, failed: 0, inserted: 0, quarantined: 0 };
    for (const sc of scenarios()) {
      const t: TestDb = testDb({ baseDelayMs: 1, maxDelayMs: 2 });
      // The province's districts, as a node has them: points are checked against its area and
      // given the district that holds them.
      const writer = new RecordWriter(t.db);
      t.db.transaction(() => boundaries.forEach((a) => writer.area(a)))();
      const applyBatch = t.store.applyBatch.bind(t.store);
      let round = 0;
      t.store.applyBatch = (feedId, batch, quarantined, state) => {
        for (const line of badRecords(batch, quarantined)) failures.push(`${sc.name} round ${round}: stored ${line}`);
        return applyBatch(feedId, batch, quarantined, state);
      };
      try {
        for (round = 0; round < ROUNDS; round++) {
          answers = sc.answers();
          requests = 0;
          const r = await t.run(sc.feed);
          totals.runs++;
          if (r.ok) totals.ok++;
          else totals.failed++;
          totals.inserted += r.counts.inserted + r.counts.updated;
          totals.quarantined += r.counts.quarantined;
          if (!r.ok && (!r.error || r.error.code === 'unknown')) failures.push(`${sc.name} round ${round}: ${r.error?.code ?? 'no error'}: ${r.error?.en}`);
          if (requests > MAX_REQUESTS) failures.push(`${sc.name} round ${round}: ${requests} requests in one run`);
          if (({} as { polluted?: unknown }).polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).sort().join() !== protoKeys.join()) {
            failures.push(`${sc.name} round ${round}: Object.prototype changed`);
          }
        }
      } finally {
        await t.close();
      }
    }
    expect(failures, `seed ${SEED}`).toEqual([]);
    // The changes left enough intact that records went in, were quarantined, and runs failed.
    expect(totals.ok).toBeGreaterThan(totals.runs / 4);
    expect(totals.failed).toBeGreaterThan(0);
    expect(totals.inserted).toBeGreaterThan(totals.runs / 2);
    expect(totals.quarantined).toBeGreaterThan(totals.runs / 4);
  }, 120_000);
});
