import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedConfigSchema, type AdapterId, type FeedConfigInput, type FeedOf } from '../../sync/feeds/config';
import { open311ToEvents, readOpen311Body } from '../../sync/adapters/open311';
import { datastreamPath, nextPageUrl, observationsToReadings, readCollection, sensorThingsAdapter, thingsToStations, unitFactor } from '../../sync/adapters/sensorthings';
import { initialFeedState } from '../../sync/store';
import { ckanAdapter, ckanRowsToRecords, readCkanPage } from '../../sync/adapters/ckan';
import { readSdmxMessage, sdmxToObservations } from '../../sync/adapters/sdmx';
import { featuresToRecords, readFeatures } from '../../sync/adapters/geojson';
import { toPeriod } from '../../sync/adapters/mapping';
import { parseJsonLenient } from '../../sync/text/lenient-json';
import { asList } from '../../sync/adapters/util';
import { onFeedServer } from '../../sync/http/url';
import { SyncError } from '../../sync/http/errors';
import { Random } from '../../host/demo/random';

const DIR = join(__dirname, '../fixtures/sync');
const text = (p: string) => readFileSync(join(DIR, p), 'utf8');
/** A parsed feed of adapter A (parse checks the adapter's options; the type follows the adapter). */
const feed = <A extends AdapterId>(f: Partial<FeedConfigInput> & { adapter: A }) =>
  feedConfigSchema.parse({ id: 'f', domain: 'hotline', url: 'http://127.0.0.1/x', ...f }) as FeedOf<A>;
const NOW = '2026-01-01T00:00:00Z';
/** How a reader refuses a document: the SyncError's code and English words, or null when it reads it. */
const refusalOf = (read: () => unknown): [code: string, en: string] | null => {
  try {
    read();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(SyncError);
    return [(err as SyncError).code, (err as SyncError).en];
  }
};

/** Every fixture file must be exercised by a test below: adding one without a test fails here. */
const covered = new Set<string>();
const use = (p: string) => {
  covered.add(p);
  return text(p);
};

describe('asList: lists as servers write them', () => {
  it('an array; null as an empty list; an object of array indexes in their order; nothing else', () => {
    expect(asList([1, 2])).toEqual([1, 2]);
    expect(asList(null)).toEqual([]);
    expect(asList({ '10': 'c', '0': 'a', '2': 'b' })).toEqual(['a', 'b', 'c']);
    for (const no of [undefined, {}, { '01': 1 }, { '-1': 1 }, { '0': 1, x: 2 }, { '1.5': 1 }, { '99999999999': 1 }, 'abc', 5, true]) expect(asList(no), JSON.stringify(no)).toBeNull();
  });
  it('SDMX-JSON dataSets and dimension lists written as numbered objects read as lists', () => {
    const msg = readSdmxMessage({
      data: {
        structure: { dimensions: { series: { '0': { id: 'INDICATOR', values: { '0': { id: 'GRDP' } } } }, observation: [{ id: 'TIME_PERIOD', values: [{ id: '2025' }] }] } },
        dataSets: { '0': { series: { '0': { observations: { '0': [7] } } } } },
      },
    });
    expect(msg.dataSets).toHaveLength(1);
    expect(msg.structures[0]!.dimensions.series![0]!.values).toEqual([{ id: 'GRDP' }]);
  });
});

describe('onFeedServer: a next link with a server\'s inner address', () => {
  const on = (link: string, onto: string) => onFeedServer(new URL(link), new URL(onto));
  it('keeps the path after the same versioned service root, or the same collection path, with the link\'s query', () => {
    expect(on('http://localhost:8080/FROST-Server/v1.1/Datastreams(7)/Observations?$skip=100', 'https://iot.tinh.gov.vn/sta/v1.1/')).toBe('https://iot.tinh.gov.vn/sta/v1.1/Datastreams(7)/Observations?$skip=100');
    expect(on('http://localhost:8080/geoserver/ogc/features/v1/collections/dat:thua/items?offset=10&f=json', 'https://gis.tinh.gov.vn/gs/ogc/features/v1/collections/dat:thua/items')).toBe(
      'https://gis.tinh.gov.vn/gs/ogc/features/v1/collections/dat:thua/items?offset=10&f=json',
    );
    expect(on('http://10.0.0.5/api/parcels/items?page=2', 'https://gis.tinh.gov.vn/public/parcels/items')).toBe('https://gis.tinh.gov.vn/public/parcels/items?page=2');
  });
  it('names nothing for a link that is not the same resource', () => {
    expect(on('http://evil.example/steal', 'https://iot.tinh.gov.vn/sta/v1.1/')).toBeNull();
    expect(on('http://localhost:8080/FROST-Server/v1.0/Things', 'https://iot.tinh.gov.vn/sta/v1.1/')).toBeNull();
    expect(on('http://evil.example/other/items?offset=2', 'https://gis.tinh.gov.vn/public/parcels/items')).toBeNull();
  });
});

describe('Open311 GeoReport v2', () => {
  const f = feed({ adapter: 'open311', options: { statusMap: { open: 'received', closed: 'resolved' } } });

  it('reads the spec JSON sample despite its leading-zero numbers, keeping the zeros', () => {
    const items = readOpen311Body(use('open311/georeport-v2-spec/requests.json'));
    const { records, quarantined } = open311ToEvents(items, f);
    expect(quarantined).toEqual([]);
    expect(records).toHaveLength(2);
    const [a] = records;
    expect(a!.id).toBe('f:638344');
    expect(a!.kind).toBe('006');
    expect(a!.status).toBe('resolved');
    expect(a!.closedAt).toBe('2010-04-14T06:37:38-08:00');
    expect(a!.dueAt).toBe('2010-04-15T06:37:38-08:00');
    expect(a!.attrs.statusNotes).toBe('Duplicate request.');
    expect(a!.attrs.mediaUrl).toBe('http://city.gov.s3.amazonaws.com/requests/media/638344.jpg');
    expect(a!.attrs.zipcode).toBe('94122');
    expect(a!.lat).toBeCloseTo(37.762221815);
    expect(a!.lon).toBeCloseTo(-122.4651145);
    expect(records[1]!.status).toBe('received');
    expect(records[1]!.closedAt).toBeNull();
  });

  it("gives the spec's own statuses the domain's states when no statusMap names them", () => {
    const items = readOpen311Body(use('open311/georeport-v2-spec/requests.json'));
    const states = (fd: Partial<FeedConfigInput> & { adapter: 'open311' }) => open311ToEvents(items, feed(fd)).records.map((r) => [r.status, r.closedAt !== null]);
    // The spec sample has one closed and one open request.
    expect(states({ adapter: 'open311' })).toEqual([['resolved', true], ['received', false]]);
    expect(states({ adapter: 'open311', domain: 'traffic' })).toEqual([['cleared', true], ['reported', false]]);
    // The feed's own words still win, and a word of neither kind is kept as the server wrote it.
    expect(states({ adapter: 'open311', options: { statusMap: { open: 'assigned' } } })).toEqual([['resolved', true], ['assigned', false]]);
    const other = open311ToEvents([{ service_request_id: 'r1', service_code: 'x', status: 'pending', requested_datetime: '2026-12-01T08:00:00+07:00' }], feed({ adapter: 'open311' }));
    expect(other.records[0]!.status).toBe('pending');
  });

  it('reads the same requests from the XML sample identically', () => {
    const fromJson = open311ToEvents(readOpen311Body(text('open311/georeport-v2-spec/requests.json')), f).records;
    const fromXml = open311ToEvents(readOpen311Body(use('open311/georeport-v2-spec/requests.xml')), f).records;
    expect(fromXml).toEqual(fromJson);
  });

  it('reads the single-request samples (JSON and XML)', () => {
    for (const p of ['open311/georeport-v2-spec/request-638344.json', 'open311/georeport-v2-spec/request-638344.xml']) {
      const { records } = open311ToEvents(readOpen311Body(use(p)), f);
      expect(records.map((r) => r.id)).toEqual(['f:638344']);
    }
  });

  it('keeps notes, attributes and extended attributes of the SF extension sample', () => {
    const { records } = open311ToEvents(readOpen311Body(use('open311/georeport-v2-spec/requests-extended-attributes.json')), f);
    expect(records).toHaveLength(1);
    const notes = records[0]!.attrs.notes as { description: string }[];
    expect(notes.map((n) => n.description)).toEqual(['Submitted via Android', 'Opened']);
    expect((records[0]!.attrs.extendedAttributes as { channel: string }).channel).toBe('android');
    expect(records[0]!.description).toBe('Garbage on sidewalk');
  });

  it('reads times as PHP, PostgreSQL, Flask and Unix write them, at their instants; an impossible date is quarantined, not moved', () => {
    const req = (id: string, requested: unknown, updated: unknown = requested) => ({ service_request_id: id, service_code: 'x', status: 'open', lat: 11.7, long: 106.9, requested_datetime: requested, updated_datetime: updated });
    const { records, quarantined } = open311ToEvents(
      [
        req('php', '2026-12-01T10:00:00+0700'),
        req('pg', '2026-12-01 10:00:00+07'),
        req('flask', 'Tue, 01 Dec 2026 03:00:00 GMT'),
        req('unix', 1796094000, 1796094000000),
        req('feb30', '2026-02-30T10:00:00+07:00'),
        req('far', 1e20),
      ],
      f,
    );
    const at = Object.fromEntries(records.map((r) => [r.id, [Date.parse(r.openedAt), Date.parse(r.updatedAt)]]));
    const instant = Date.parse('2026-12-01T03:00:00Z');
    for (const id of ['php', 'pg', 'flask', 'unix']) expect(at[`f:${id}`], id).toEqual([instant, instant]);
    expect(records.find((r) => r.id === 'f:php')!.openedAt).toBe('2026-12-01T10:00:00+07:00');
    expect(quarantined.map((q) => [q.externalId, q.reason])).toEqual([
      ['feb30', 'updated_datetime: "2026-02-30T10:00:00+07:00" is not a date'],
      ['far', 'updated_datetime: 100000000000000000000 is not a date'],
    ]);
  });

  it('keeps ids past 2^53 exact: neighbouring 64-bit ids stay two records', () => {
    // As a double both are 9007199254740992: one record would overwrite the other.
    const body = `[${['9007199254740993', '9007199254740992', '-12345678901234567890'].map((id) => `{"service_request_id":${id},"service_code":"x","status":"open","requested_datetime":"2026-12-01T10:00:00+07:00","lat":11.762221815000001,"long":106.9}`).join(',')}]`;
    const { records, quarantined } = open311ToEvents(readOpen311Body(body), f);
    expect(quarantined).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['f:9007199254740993', 'f:9007199254740992', 'f:-12345678901234567890']);
    // Quantities keep their doubles; only whole numbers past 2^53 are kept as digits.
    expect(records[0]!.lat).toBe(11.762221815000001);
    expect(parseJsonLenient('{"v":12345678901234567890,"w":1.5e300,"x":0.30000000000000004,"y":9007199254740991,"z":007}')).toEqual({ v: '12345678901234567890', w: 1.5e300, x: 0.30000000000000004, y: 9007199254740991, z: '007' });
  });

  it('maps status words as the installer wrote them, whatever their case, spacing or Unicode form, and stores text in one form', () => {
    const g = feed({ adapter: 'open311', options: { statusMap: { 'Đã xử lý': 'resolved', 'Đang xử lý': 'in_progress' } } });
    const req = (id: string, status: string, kind: string) => ({ service_request_id: id, service_code: kind, status, requested_datetime: '2026-12-01T10:00:00+07:00' });
    const nfd = (s: string) => s.normalize('NFD');
    const { records } = open311ToEvents(
      [req('1', 'Đã xử lý', 'Cây đổ'), req('2', 'đã xử lý', nfd('Cây đổ')), req('3', nfd('ĐANG  XỬ LÝ'), 'Cây đổ'), req('4', 'mới', nfd('Cây đổ'))],
      g,
    );
    expect(records.map((r) => r.status)).toEqual(['resolved', 'resolved', 'in_progress', 'mới']);
    // The kind a count rule groups by is one text, not two that look alike.
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['Cây đổ']));
  });

  it('stores text without control characters or bidirectional overrides, line breaks kept', () => {
    const { records } = open311ToEvents(
      [{ service_request_id: 'x\u0000', service_code: 'a', service_name: 'Đèn \u202Ehỏng\u202C đường', description: 'dòng 1\ndòng 2\u0007\t!', address: '\u2066QL14\u2069', status: 'open', requested_datetime: '2026-12-01T10:00:00+07:00' }],
      f,
    );
    expect(records[0]).toMatchObject({ id: 'f:x', title: 'Đèn hỏng đường', description: 'dòng 1\ndòng 2\t!', address: 'QL14' });
  });

  it('ends the run with the server\'s own words when it answers with a GeoReport error list under HTTP 200', () => {
    const refusal = (body: string) => refusalOf(() => readOpen311Body(body));
    expect(refusal('[{"code":403,"description":"Invalid api_key"}]')).toEqual(['forbidden', 'The Open311 server answered with an error: "Invalid api_key" (403). Check the feed\'s API key or access. Old data is kept.']);
    expect(refusal('<?xml version="1.0"?><errors><error><code>401</code><description>Missing api_key</description></error></errors>')![0]).toBe('auth');
    expect(refusal('<errors><error><code>400</code><description>a</description></error><error><code>400</code><description>b</description></error></errors>')![1]).toMatch(/"a" \(400\)/);
    expect(refusal('[{"code":"x","description":"Service unavailable"}]')![0]).toBe('client_error');
    // Requests, and a list where only some items look like errors, are read as requests.
    expect(refusal('[{"code":403,"description":"x"},{"service_request_id":"1"}]')).toBeNull();
    expect(refusal('[{"service_request_id":"1","code":"x","description":"y"}]')).toBeNull();
    expect(refusal('[]')).toBeNull();
  });

  it('reads the Chicago capture (string ids, status_notes on one request only)', () => {
    const { records } = open311ToEvents(readOpen311Body(use('open311/real-captures/chicago-2014-07-12-requests.json')), f);
    expect(records.map((r) => r.id)).toEqual(['f:14-01100669', 'f:14-01100627']);
    expect(records[0]!.attrs.statusNotes).toBeUndefined();
    expect(records[1]!.attrs.statusNotes).toBe('Locked');
    expect(records[0]!.agency).toBe('Division of Electrical Operations CDOT');
  });

  it('reads the Toronto XML capture: empty elements, <long> before <lat>, missing updated_datetime', () => {
    const items = readOpen311Body(use('open311/real-captures/toronto-2018-07-30-requests.xml'));
    const { records, quarantined } = open311ToEvents(items, f);
    expect(quarantined).toEqual([]);
    expect(records.length).toBe(items.length);
    expect(records.length).toBe(2);
    const r = records[0]!;
    expect(r.id).toBe('f:101005420892');
    expect(r.description).toBe('');
    expect(r.updatedAt).toBe(r.openedAt);
    expect(r.lat).toBeCloseTo(43.691104288);
    expect(r.lon).toBeCloseTo(-79.272306875);
  });

  it('refuses documents that are not request lists with a parse error in plain words', () => {
    for (const p of [
      'open311/georeport-v2-spec/services.json',
      'open311/georeport-v2-spec/service-definition-DMV66.json',
      'open311/georeport-v2-spec/post-requests-response.json',
      'open311/georeport-v2-spec/tokens-response.json',
      'open311/real-captures/bloomington-2012-05-23-services.json',
    ]) {
      // services lists and POST/token responses are arrays of non-requests: every item is quarantined
      let items: unknown[] = [];
      try {
        items = readOpen311Body(use(p));
      } catch (e) {
        expect(e).toBeInstanceOf(SyncError);
        continue;
      }
      const { records, quarantined } = open311ToEvents(items, f);
      expect(records, p).toEqual([]);
      expect(quarantined.length, p).toBe(items.length);
    }
    for (const p of [
      'open311/georeport-v2-spec/services.xml',
      'open311/georeport-v2-spec/service-definition-DMV66.xml',
      'open311/georeport-v2-spec/post-requests-response.xml',
      'open311/georeport-v2-spec/tokens-response.xml',
      'open311/real-captures/giessen-services.xml',
      'open311/georeport-v2-spec/error-403.http.txt',
      'open311/georeport-v2-spec/error-403.json.http.txt',
      'open311/georeport-v2-spec/post-requests-example-request.http.txt',
    ]) {
      let err: unknown;
      try {
        const items = readOpen311Body(use(p));
        expect(open311ToEvents(items, f).records, p).toEqual([]);
      } catch (e) {
        err = e;
      }
      if (err) {
        expect(err, p).toBeInstanceOf(SyncError);
        expect((err as SyncError).vi).toMatch(/không đúng định dạng/);
      }
    }
  });

  it('services sample needs the lenient parser (leading zeros) and keeps "001" as text', () => {
    const raw = use('open311/georeport-v2-spec/services.json');
    expect(() => JSON.parse(raw)).toThrow();
    const services = parseJsonLenient(raw) as { service_code: string }[];
    expect(services[0]!.service_code).toBe('001');
  });

  it('reads the Smart Data Models NGSI renderings only as quarantined items, never crashing', () => {
    for (const name of readdirSync(join(DIR, 'open311/smart-data-models'))) {
      const p = `open311/smart-data-models/${name}`;
      const json = parseJsonLenient(use(p));
      const items = (Array.isArray(json) ? json : [json]) as Record<string, unknown>[];
      const { records, quarantined } = open311ToEvents(items, f);
      expect(records.length + quarantined.length, p).toBe(items.length);
      for (const q of quarantined) expect(q.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('OGC SensorThings API', () => {
  const f = feed({ adapter: 'sensorthings', domain: 'environment' });

  it('follows a nextLink only on the feed server, once, and stops at an empty page', () => {
    const base = 'http://127.0.0.1:9/v1.1';
    const from = `${base}/Things?$top=2`;
    const seen = new Set<string>();
    expect(nextPageUrl(base, from, 'Things?$skip=2', 2, seen)).toBe('http://127.0.0.1:9/v1.1/Things?$skip=2');
    expect(() => nextPageUrl(base, from, 'Things?$skip=2', 2, seen)).toThrow(/repeats a page/);
    expect(() => nextPageUrl(base, from, 'http://evil.example/Things?$skip=4', 2, seen)).toThrow(/another server, evil\.example/);
    expect(() => nextPageUrl(base, from, '//evil.example/v0/Things?$skip=4', 2, seen)).toThrow(/another server, evil\.example/);
    // A server behind a proxy names its inner address: the same service path is read on the feed's server.
    expect(nextPageUrl(base, from, 'http://localhost:8080/FROST-Server/v1.1/Things?$skip=200&$top=200', 2, seen)).toBe('http://127.0.0.1:9/v1.1/Things?$skip=200&$top=200');
    expect(() => nextPageUrl(base, from, 'http://localhost:8080/FROST-Server/v1.0/Things?$skip=200', 2, seen)).toThrow(/another server, localhost:8080/);
    expect(nextPageUrl(base, from, `${base}/Things?$skip=6`, 0, seen)).toBeNull();
    expect(nextPageUrl(base, from, null, 2, seen)).toBeNull();
  });

  it("resolves a relative nextLink against the page it came in (RFC 3986), not the service root", () => {
    const base = 'http://127.0.0.1:9/v1.1';
    const seen = new Set<string>();
    const page1 = `${base}/Datastreams(7)/Observations?$top=1`;
    // FROST-style: relative to the collection's own URL, this datastream's next page.
    expect(nextPageUrl(base, page1, 'Observations?$skip=1&$top=1', 1, seen)).toBe(`${base}/Datastreams(7)/Observations?$skip=1&$top=1`);
    expect(nextPageUrl(base, page1, '?$skip=2&$top=1', 1, seen)).toBe(`${base}/Datastreams(7)/Observations?$skip=2&$top=1`);
    expect(nextPageUrl(base, page1, '/v1.1/Datastreams(7)/Observations?$skip=3', 1, seen)).toBe(`${base}/Datastreams(7)/Observations?$skip=3`);
    expect(nextPageUrl(base, `${base}/Things(1)/Datastreams`, 'Datastreams?$skip=5', 1, seen)).toBe(`${base}/Things(1)/Datastreams?$skip=5`);
  });

  it('writes an id in a URL path by the JSON type the server gave it: numbers bare, strings quoted', () => {
    const page = (text: string) => readCollection(parseJsonLenient(text)).items;
    const ds = (id: string) => `{"@iot.id":${id},"ObservedProperty":{"name":"p${id.length}"}}`;
    const thing = (dss: string[]) =>
      `{"value":[{"@iot.id":1,"name":"T","Locations":[{"location":{"type":"Point","coordinates":[106.9,11.7]}}],"Datastreams":[${dss.join(',')}]}]}`;
    const refs = thingsToStations(page(thing([ds('42'), ds('"42"'), ds(`"O'Brien"`), ds('"a/b?c#d%e"'), ds('"ồ 1"')])), f).datastreams;
    expect(refs.map((r) => r.literal)).toEqual(['42', "'42'", "'O''Brien'", "'a/b?c#d%e'", "'ồ 1'"]);
    expect(refs.map(datastreamPath)).toEqual(['Datastreams(42)', "Datastreams('42')", "Datastreams('O''Brien')", "Datastreams('a%2Fb%3Fc%23d%25e')", "Datastreams('%E1%BB%93%201')"]);
    // A cursor saved before the literal was kept: digits bare, anything else quoted, as then.
    expect(datastreamPath({ id: '8', stationId: 'f:1', param: 'p' })).toBe('Datastreams(8)');
    expect(datastreamPath({ id: "ds'1", stationId: 'f:1', param: 'p' })).toBe("Datastreams('ds''1')");
  });

  it('a server that always answers with the same nextLink ends the run with a clear error, not a hang', async () => {
    const url = 'http://127.0.0.1:9/v1.1';
    const body = Buffer.from(JSON.stringify({ value: [{ '@iot.id': 1 }], '@iot.nextLink': `${url}/Things?$skip=1` }));
    let requests = 0;
    const http = {
      fetch: async () => {
        if (++requests > 10) throw new Error('still paging');
        return { status: 200, url, headers: {}, body, notModified: false, etag: null, lastModified: null, wireBytes: body.length, attempts: 1 };
      },
    };
    const ctx = {
      feed: { ...f, url },
      state: initialFeedState(f.id),
      http,
      profile: { timeout: 1000, maxBytes: 1 << 20, retries: 0 },
      now: () => new Date(),
    };
    const run = async () => {
      for await (const _ of sensorThingsAdapter.run(ctx)) void _;
    };
    await expect(run()).rejects.toThrow(/repeats a page/);
    expect(requests).toBe(2);
  });

  it('turns Things with expanded Datastreams into stations; a Thing without location is quarantined', () => {
    const page = readCollection(JSON.parse(use('sensorthings/ogc-18-088-examples/response--Things_expand_Datastreams.json')));
    expect(page.items).toHaveLength(1);
    const noLoc = thingsToStations(page.items, f);
    expect(noLoc.records).toEqual([]);
    expect(noLoc.quarantined[0]!.reason).toMatch(/Location/);
    const loc = JSON.parse(use('sensorthings/ogc-18-088-examples/Locations-entity.json'));
    const withLoc = thingsToStations([{ ...(page.items[0] as object), Locations: [loc] }], f);
    expect(withLoc.records).toEqual([
      { id: 'f:1', domain: 'environment', name: 'Oven', areaId: null, lat: 51.05, lon: -114.06, params: ['oven temperature'], source: 'f' },
    ]);
    expect(withLoc.datastreams).toEqual([{ id: '1', literal: '1', stationId: 'f:1', param: 'oven temperature' }]);
  });

  it('reads entity examples: Thing + Location + Datastream compose a station', () => {
    const thing = JSON.parse(use('sensorthings/ogc-18-088-examples/Things-entity.json'));
    const ds = JSON.parse(use('sensorthings/ogc-18-088-examples/Datastreams-entity.json'));
    const loc = JSON.parse(text('sensorthings/ogc-18-088-examples/Locations-entity.json'));
    const { records } = thingsToStations([{ ...thing, Locations: [loc], Datastreams: [ds] }], f);
    expect(records[0]!.params).toEqual(['oven temperature']);
    const foi = JSON.parse(use('sensorthings/ogc-18-088-examples/FeaturesOfInterest-entity.json'));
    expect(thingsToStations([{ ...thing, Locations: [{ location: foi.feature }] }], f).records[0]!.lat).toBe(51.05);
  });

  it('turns Observations into readings with UTC times; observations without result are quarantined', () => {
    const ds = { id: '1', stationId: 'f:1', param: 'pm25' };
    const one = JSON.parse(use('sensorthings/ogc-18-088-examples/Observations-entity.json'));
    const r = observationsToReadings(readCollection(one).items, ds);
    expect(r.records).toEqual([{ stationId: 'f:1', param: 'pm25', time: '2014-12-31T03:59:59.000Z', value: 70.4 }]);
    expect(r.last).toBe('2014-12-31T03:59:59.000Z');
    const refs = readCollection(JSON.parse(use('sensorthings/ogc-18-088-examples/response--Datastreams_1_Observations_ref.json')));
    expect(observationsToReadings(refs.items, ds).quarantined).toHaveLength(2);
    const rt = JSON.parse(use('sensorthings/ogc-18-088-examples/response--Observations_1_resultTime.json'));
    expect(() => readCollection(rt)).toThrow(SyncError);
  });

  it('maps an observed property whose name differs from the paramMap key only in case or Unicode form', () => {
    const g = feed({ adapter: 'sensorthings', options: { paramMap: { 'Nhiệt độ': 'temp', 'PM2.5': 'pm25' } } });
    const t = (id: number, names: string[]) => ({ '@iot.id': id, name: `Trạm ${id}`, Locations: [{ location: { type: 'Point', coordinates: [106.9, 11.7] } }], Datastreams: names.map((name, i) => ({ '@iot.id': id * 10 + i, ObservedProperty: { name } })) });
    const r = thingsToStations([t(1, ['nhiệt độ'.normalize('NFD'), 'pm2.5', 'Độ ẩm'])], g);
    expect(r.quarantined).toEqual([]);
    expect(r.records[0]!.params).toEqual(['temp', 'pm25', 'Độ ẩm']);
  });

  it('reads the MultiDatastreams listed on a Thing as its parameters; a Thing with no Datastreams whose MultiDatastreams could not be listed is said', () => {
    const loc = [{ location: { type: 'Point', coordinates: [106.88, 11.53] } }];
    const multi = { '@iot.id': 40, name: 'Bụi', multiObservationDataTypes: ['OM_Measurement', 'OM_Measurement'], ObservedProperties: [{ name: 'PM2.5' }, { name: 'PM10' }] };
    const r = thingsToStations([{ '@iot.id': 4, name: 'Trạm đa thông số', Locations: loc, Datastreams: [], MultiDatastreams: [multi] }], f);
    // Before MultiDatastreams were read: a station with params [] and the MultiDatastream quarantined as not read.
    expect(r.records.map((s) => [s.id, s.params])).toEqual([['f:4', ['PM2.5', 'PM10']]]);
    expect(r.quarantined).toEqual([]);
    expect(r.datastreams).toEqual([
      { kind: 'multi', id: '40', literal: '40', stationId: 'f:4', size: 2, components: [{ index: 0, param: 'PM2.5' }, { index: 1, param: 'PM10' }] },
    ]);
    // A Thing whose MultiDatastreams are only linked, not listed (the run could not list them), and has no Datastreams: said once.
    const linked = thingsToStations([{ '@iot.id': 5, name: 'T5', Locations: loc, 'MultiDatastreams@iot.navigationLink': 'Things(5)/MultiDatastreams' }], f);
    expect(linked.quarantined.map((q) => q.externalId)).toEqual(['Things(5)/MultiDatastreams']);
    expect(linked.quarantined[0]!.reason).toMatch(/no Datastreams; its MultiDatastreams, if it has any, are not read in this pass/);
    // Linked MultiDatastreams of a Thing that has Datastreams are no news (FROST links them on every Thing).
    const both = thingsToStations([{ '@iot.id': 6, name: 'T6', Locations: loc, Datastreams: [{ '@iot.id': 60, ObservedProperty: { name: 'PM10' } }], 'MultiDatastreams@iot.navigationLink': 'x' }], f);
    expect(both.quarantined).toEqual([]);
  });

  it("reads a datastream's unit against the catalog's: spellings of one unit, known factors, a missing unit as is", () => {
    for (const symbol of ['µg/m³', 'μg/m3', ' ug / m^3 ', 'µg m-3', 'UG/M3', 'mcg/m³']) expect(unitFactor({ symbol }, 'µg/m³'), symbol).toBe(1);
    expect(unitFactor({ name: 'microgram per cubic meter', symbol: '' }, 'µg/m³')).toBe(1);
    // The simulator's and many servers' blank unit, or none: read as is, as before.
    for (const uom of [undefined, null, {}, { name: '', symbol: '', definition: '' }]) expect(unitFactor(uom, 'µg/m³')).toBe(1);
    expect(unitFactor({ symbol: 'mg/m³' }, 'µg/m³')).toBe(1000);
    expect(unitFactor({ name: 'milligram per cubic metre' }, 'µg/m³')).toBe(1000);
    expect(unitFactor({ symbol: 'ng/m3' }, 'µg/m³')).toBe(0.001);
    expect(unitFactor({ symbol: 'µg/m³' }, 'mg/m³')).toBe(0.001);
    // ppm ↔ µg/m³ needs the gas's molar mass, the temperature and the pressure: not guessed.
    for (const symbol of ['ppm', 'ppb', '°C', 'µg/Nm³', 'AQI', 'constructor']) expect(unitFactor({ symbol }, 'µg/m³'), symbol).toBeNull();
    const ds = { id: '1', stationId: 'f:1', param: 'co', factor: 1000 };
    const r = observationsToReadings([{ '@iot.id': 1, phenomenonTime: '2026-11-20T00:00:00Z', result: 1.1 }, { '@iot.id': 2, phenomenonTime: '2026-11-20T01:00:00Z', result: 231 }], ds);
    expect(r.records.map((x) => x.value)).toEqual([1100]);
    expect(r.quarantined[0]!.reason).toMatch(/co 231000 is outside what a sensor can read/);
  });

  it('quarantines a mean over more than an hour read as a parameter the catalog keeps hourly', () => {
    const g = feed({ adapter: 'sensorthings', domain: 'environment', options: { paramMap: { 'PM2.5': 'pm25', 'PM2.5 24h mean': 'pm25_24h' } } });
    const loc = [{ location: { type: 'Point', coordinates: [106.9, 11.7] } }];
    const refs = thingsToStations([{ '@iot.id': 1, name: 'T', Locations: loc, Datastreams: [
      { '@iot.id': 10, name: 'PM2.5 1h', ObservedProperty: { name: 'PM2.5' } },
      { '@iot.id': 11, name: 'PM2.5 24h mean', ObservedProperty: { name: 'PM2.5' } },
    ] }], g).datastreams;
    expect(refs).toEqual([
      { id: '10', literal: '10', stationId: 'f:1', param: 'pm25', hourly: true },
      { id: '11', literal: '11', stationId: 'f:1', param: 'pm25_24h' },
    ]);
    const obs = [
      { '@iot.id': 1, phenomenonTime: '2026-11-20T00:00:00Z/2026-11-20T01:00:00Z', result: 80 },
      { '@iot.id': 2, phenomenonTime: '2026-11-20T01:00:00Z/2026-11-20T02:05:00Z', result: 81 },
      { '@iot.id': 3, phenomenonTime: '2026-11-20T00:00:00Z/2026-11-21T00:00:00Z', result: 22 },
      { '@iot.id': 4, phenomenonTime: '2026-11-20T09:00:00+07:00/2026-11-20T10:06:00+07:00', result: 23 },
      { '@iot.id': 5, phenomenonTime: '2026-11-20T03:00:00Z', result: 84 },
    ];
    const hourly = observationsToReadings(obs, refs[0]!);
    // Before: the 24 h mean 22 stored at 00:00 as an hourly reading, over the hourly 80.
    expect(hourly.records.map((r) => r.value)).toEqual([80, 81, 84]);
    expect(hourly.quarantined.map((q) => [q.externalId, q.reason])).toEqual([
      ['3', 'phenomenonTime: "2026-11-20T00:00:00Z/2026-11-21T00:00:00Z" spans 24 h 0 min; pm25 is kept as hourly readings (at most 1 h 5 min each), and a mean over longer is not one. Map this datastream to a parameter of its own'],
      ['4', expect.stringContaining('spans 1 h 6 min;')],
    ]);
    // The watermark moves past quarantined ones too: they are not asked for again.
    expect(hourly.last).toBe('2026-11-20T03:00:00.000Z');
    expect(observationsToReadings(obs, refs[1]!).records).toHaveLength(5);
  });

  it('places a Thing whose Location is an area inside it, and refuses Things located in VN-2000 metres', () => {
    const g = feed({ adapter: 'sensorthings' });
    const thing = (id: number, location: unknown) => ({ '@iot.id': id, name: `Trạm ${id}`, Locations: [{ location }], Datastreams: [{ '@iot.id': id, ObservedProperty: { name: 'PM2.5' } }] });
    const site = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[106.88, 11.53], [106.9, 11.53], [106.9, 11.55], [106.88, 11.55], [106.88, 11.53]]] } };
    const r = thingsToStations([thing(1, site), thing(2, { type: 'Point', coordinates: [106.7, 11.6] })], g);
    expect(r.quarantined).toEqual([]);
    expect(r.records.map((x) => [x.lat, x.lon])).toEqual([[expect.closeTo(11.54, 9), expect.closeTo(106.89, 9)], [11.6, 106.7]]);
    const utm = [1, 2, 3].map((i) => thing(i, { type: 'Point', coordinates: [563000 + i, 1275000 + i] }));
    expect(() => thingsToStations(utm, g)).toThrow(/unnamed projected system/);
  });

  it('quarantines an observation at a date the calendar does not have instead of storing it at another', () => {
    const ds = { id: '1', stationId: 'f:1', param: 'pm25' };
    const r = observationsToReadings(
      [
        { '@iot.id': 1, phenomenonTime: '2026-02-28T10:00:00+0700', result: 1 },
        { '@iot.id': 2, phenomenonTime: '2026-02-30T10:00:00Z', result: 2 },
        { '@iot.id': 3, phenomenonTime: '2026-02-28T24:00:00Z/2026-03-01T01:00:00Z', result: 3 },
      ],
      ds,
    );
    expect(r.records).toEqual([{ stationId: 'f:1', param: 'pm25', time: '2026-02-28T03:00:00.000Z', value: 1 }]);
    expect(r.quarantined.map((q) => q.externalId)).toEqual(['2', '3']);
    expect(r.quarantined[0]!.reason).toContain('phenomenonTime: "2026-02-30T10:00:00Z"');
  });

  it('follows @iot.nextLink and reads FROST expand/select examples', () => {
    const hist = readCollection(JSON.parse(use('sensorthings/ogc-18-088-examples/HistoricalLocations-collection.json')));
    expect(hist.nextLink).toBe('http://example.org/v1.1/Things(1)/HistoricalLocations?$skip=2&$top=2');
    const mq = JSON.parse(use('sensorthings/frost-docs-examples/extensions_MqttExpand--2.json'));
    const ds = mq.Datastreams[0];
    expect(ds['Observations@iot.nextLink']).toContain('$skip=1');
    const r = observationsToReadings(ds.Observations, { id: '19', stationId: 'f:17', param: 't' });
    expect(r.records).toEqual([{ stationId: 'f:17', param: 't', time: '2020-04-10T16:00:00.000Z', value: 4.6 }]);
    // Things without @iot.id or location: all quarantined, none crash.
    for (const p of [
      'sensorthings/frost-docs-examples/extensions_DeepSelect--1.json',
      'sensorthings/frost-docs-examples/extensions_SelectDistinct--1.json',
      'sensorthings/frost-docs-examples/extensions_SelectDistinct--2.json',
      'sensorthings/frost-docs-examples/sensorthingsapi_requestingData_STA-Tailoring-Responses--1.json',
      'sensorthings/frost-docs-examples/sensorthingsapi_requestingData_STA-Basic-Requests--1.json',
      'sensorthings/frost-docs-examples/extensions_MqttExpand--1.json',
      'sensorthings/ogc-18-088-examples/Sensors-entity.json',
    ]) {
      const page = readCollection(JSON.parse(use(p)));
      const s = thingsToStations(page.items, f);
      expect(s.records, p).toEqual([]);
      expect(s.quarantined.length, p).toBe(page.items.length);
    }
  });
});

describe('CKAN datastore_search', () => {
  /** A CKAN feed of observations two rows a page, run against `answer` (the n-th request's body, from 1). */
  async function runCkan(answer: (n: number) => Buffer): Promise<{ batches: unknown[]; error: unknown }> {
    const f = feed({
      adapter: 'ckan',
      domain: 'publicAdmin',
      url: 'http://127.0.0.1:9/api/3/action/datastore_search',
      mapping: { kind: 'observation', pageSize: 2, fields: { indicator: 'i', areaId: 'a', period: 'p', value: 'v' } },
    });
    let requests = 0;
    const http = {
      fetch: async () => {
        if (++requests > 10) throw new Error('still paging');
        const body = answer(requests);
        return { status: 200, url: f.url, headers: {}, body, notModified: false, etag: null, lastModified: null, wireBytes: body.length, attempts: 1 };
      },
    };
    const ctx = { feed: f, state: initialFeedState(f.id), http, profile: { timeout: 1000, maxBytes: 1 << 20, retries: 0 }, now: () => new Date() };
    const batches: unknown[] = [];
    try {
      for await (const b of ckanAdapter.run(ctx)) batches.push(b);
      return { batches, error: null };
    } catch (error) {
      return { batches, error };
    }
  }

  it('a server that ignores offset (same full page, no total) ends the run with a clear error, not a hang', async () => {
    const rows = [
      { i: 'x', a: '70', p: '2025', v: 1 },
      { i: 'y', a: '70', p: '2025', v: 2 },
    ];
    const body = Buffer.from(JSON.stringify({ success: true, result: { records: rows } }));
    const { batches, error } = await runCkan(() => body);
    expect(String(error)).toMatch(/repeats the last one/);
    expect(batches).toHaveLength(1);
  });

  it('a server that ignores offset but cycles through pages (A, B, A…) ends the run with a clear error too', async () => {
    const page = (from: number) =>
      Buffer.from(JSON.stringify({ success: true, result: { records: [0, 1].map((k) => ({ _id: from + k, i: `x${from + k}`, a: '70', p: '2025', v: k })) } }));
    const pages = [page(1), page(3)];
    const { batches, error } = await runCkan((n) => pages[(n - 1) % 2]!);
    expect(String(error)).toMatch(/a page starts again at _id 1; offset ignored/);
    expect(batches).toHaveLength(2);
  });

  it('maps the data.gov.au capture to places and reports total and _links.next', () => {
    const page = readCkanPage(JSON.parse(use('ckan/data-gov-au-mobile-blackspots-datastore_search.json')));
    expect(page.total).toBe(13480);
    expect(page.next).toContain('offset=100');
    const f = feed({
      adapter: 'ckan',
      domain: 'traffic',
      mapping: {
        kind: 'place',
        fields: { id: 'Identifier', name: 'Location_Name', lat: 'Latitude', lon: 'Longitude', 'attrs.state': 'State' },
        constants: { kind: 'blackspot' },
      },
    });
    const { records, quarantined } = ckanRowsToRecords(page.records, f, f.mapping!, NOW);
    expect(records.places!.length + quarantined.length).toBe(100);
    expect(records.places!.length).toBeGreaterThan(90);
    expect(records.places![0]).toMatchObject({ id: 'f:ACT-0001', name: 'Cotter River Recreation Area', kind: 'blackspot', lat: -35.32488745 });
    expect(records.places![0]!.attrs).toEqual({ state: 'Australian Capital Territory' });
  });

  it('reads figures and coordinates written as Vietnamese text when the mapping says numberFormat "vi"', () => {
    const rows = [
      { _id: 1, huyen: '689', ky: '2025', dan_so: '1.234.567' },
      { _id: 2, huyen: '690', ky: '2025', dan_so: '98.765,5' },
      { _id: 3, huyen: '691', ky: '2025', dan_so: '1.23' },
    ];
    const mapping = { kind: 'observation', fields: { indicator: 'dan_so_label', areaId: 'huyen', period: 'ky', value: 'dan_so' }, constants: { indicator: 'population' } };
    const vi = feed({ adapter: 'ckan', mapping: { ...mapping, numberFormat: 'vi' } as FeedConfigInput['mapping'] });
    const r = ckanRowsToRecords(rows, vi, vi.mapping!, NOW);
    expect(r.records.observations!.map((o) => o.value)).toEqual([1234567, 98765.5]);
    expect(r.quarantined.map((q) => q.reason)).toEqual(['dan_so: "1.23" is not a number']);
    // Without it the text is read as JSON writes numbers: "1.234.567" is refused, not guessed.
    const plain = feed({ adapter: 'ckan', mapping: mapping as FeedConfigInput['mapping'] });
    expect(ckanRowsToRecords(rows.slice(0, 1), plain, plain.mapping!, NOW).quarantined).toHaveLength(1);
    // Coordinates too.
    const places = feed({ adapter: 'ckan', mapping: { kind: 'place', numberFormat: 'vi', fields: { id: '_id', name: 'ten', lat: 'vi_do', lon: 'kinh_do' }, constants: { kind: 'school' } } as FeedConfigInput['mapping'] });
    const p = ckanRowsToRecords([{ _id: 7, ten: 'Trường THPT Đồng Xoài', vi_do: '11,5347', kinh_do: '106,8832' }], places, places.mapping!, NOW);
    expect(p.records.places![0]).toMatchObject({ lat: 11.5347, lon: 106.8832 });
  });

  it('refuses a table whose lat/lon columns hold VN-2000 metres or swapped axes, and takes a few bad rows among good ones', () => {
    const places = feed({ adapter: 'ckan', mapping: { kind: 'place', fields: { id: '_id', name: 'ten', lat: 'y', lon: 'x' }, constants: { kind: 'school' } } as FeedConfigInput['mapping'] });
    const rows = (xy: [unknown, unknown][]) => xy.map(([x, y], i) => ({ _id: i + 1, ten: `Trường ${i + 1}`, x, y }));
    const run = (xy: [unknown, unknown][]) => () => ckanRowsToRecords(rows(xy), places, places.mapping!, NOW);
    expect(run([[563000, 1275000], ['563100.5', '1275100'], [563200, 1275200], [null, 'x']])).toThrow(/unnamed projected system/);
    expect(run([[11.7, 106.9], [11.5, 106.8], [11.6, 107.0]])).toThrow(/written \[latitude, longitude\]/);
    const mixed = run([[563000, 1275000], [563100, 1275100], [106.9, 11.7], [563200, 1275200]])();
    expect(mixed.records.places!.map((p) => p.id)).toEqual(['f:3']);
    expect(mixed.quarantined).toHaveLength(3);
  });

  it('ends the run with CKAN\'s own words when it answers success=false under HTTP 200', () => {
    const refusal = (doc: unknown) => refusalOf(() => readCkanPage(doc));
    expect(refusal({ success: false, error: { __type: 'Authorization Error', message: 'Access denied: User not authorized to read resource' } })).toEqual([
      'forbidden',
      'The CKAN server answered with an error: "Access denied: User not authorized to read resource" (403). Check the feed\'s API key or access. Old data is kept.',
    ]);
    // A Validation Error has no message: its fields' problems are its words, their type when it has none.
    expect(refusal({ success: false, error: { __type: 'Validation Error', resource_id: ['Missing value'] } })![1]).toBe(
      'The CKAN server answered with an error: "resource_id: Missing value" (409). Check the feed configuration or tell the provider. Old data is kept.',
    );
    expect(refusal({ success: false, error: { __type: 'Validation Error', sort: ['field "cap_nhat" not in table', 'field "x" not in table'], fields: [{ id: ['Missing'] }] } })![1]).toMatch(
      /^The CKAN server answered with an error: "sort: field "cap_nhat" not in table; field "x" not in table; fields: id: Missing" \(409\)\./,
    );
    expect(refusal({ success: false, error: { __type: 'Validation Error' } })![1]).toMatch(/"Validation Error" \(409\)/);
    expect(refusal({ success: false })![0]).toBe('client_error');
    // A type named like an Object method is no code (looked up as an own key).
    expect(refusal({ success: false, error: { __type: 'constructor', message: 'x' } })![1]).toMatch(/^The CKAN server answered with an error: "x"\. /);
  });

  it('says what to point the feed at when its URL is package_show or resource_show', () => {
    const url = 'https://data.binhphuoc.gov.vn/data/api/3/action/package_show?id=ho-so&api_key=K-9';
    const refusal = (result: unknown) => refusalOf(() => readCkanPage({ success: true, result }, { url }));
    const [code, en] = refusal({ id: 'p', resources: [{ id: 'r-1', datastore_active: true }, { id: 'r-2', datastore_active: false }, { id: 'r-3', datastore_active: true }] })!;
    expect(code).toBe('parse');
    expect(en).toBe(
      "The feed URL answers with a CKAN dataset's description (package_show), not datastore_search rows. Point the feed at https://data.binhphuoc.gov.vn/data/api/3/action/datastore_search with the resource's id in the mapping's resourceId (resource id: \"r-1\", \"r-3\"). Old data is kept.",
    );
    expect(refusal({ id: 'p', resources: [] })![1]).toMatch(/resourceId\. It is not in the DataStore/);
    expect(refusal({ id: 'r-4', package_id: 'p', url: 'https://x/y.csv', datastore_active: true })![1]).toMatch(/\(resource_show\), .*resourceId \(resource id: "r-4"\)\. Old data is kept\.$/);
    // Any other answer without records stays what it was; without the feed's URL nothing is guessed.
    expect(refusal({ count: 0, results: [] })![1]).toMatch(/not valid JSON \(CKAN: no records\)/);
    expect(refusalOf(() => readCkanPage({ success: true, result: { resources: [] } }))![1]).toMatch(/no records/);
  });

  it('maps the Aarhus capture (older CKAN, timestamps without offset) to observations', () => {
    const page = readCkanPage(JSON.parse(use('ckan/odaa-aarhus-2017-datastore_search.json')));
    expect(page.total).toBe(9);
    expect(page.next).toBe('/api/action/datastore_search?offset=100&resource_id=38d6520a-b1b9-4224-a7ae-23d4b14f598f');
    const f = feed({
      adapter: 'ckan',
      domain: 'publicAdmin',
      mapping: {
        kind: 'observation',
        fields: { indicator: 'ServiceTypeName', period: 'date', value: 'WaitingCustomersSQ', updatedAt: 'date' },
        constants: { areaId: '70' },
      },
    });
    const { records, quarantined } = ckanRowsToRecords(page.records, f, f.mapping!, NOW);
    expect(quarantined).toEqual([]);
    expect(records.observations).toHaveLength(9);
    expect(records.observations![0]).toMatchObject({ indicator: 'Pas', areaId: '70', period: '2017-05-22', value: 0, updatedAt: '2017-05-22T09:30:04+07:00' });
  });
});

describe('SDMX-JSON data messages', () => {
  it('reads the periods SDMX servers write: reporting months and years, and calendar ranges', () => {
    const cases: [string, string | null][] = [
      ['2025-M07', '2025-07'], // IMF
      ['2025M07', '2025-07'], // older Eurostat, ILO
      ['2025-A1', '2025'],
      ['2025A', '2025'],
      ['2025Q3', '2025-Q3'],
      ['2025-07-01/P3M', '2025-Q3'],
      ['2025-01-01T00:00:00/P1Y', '2025'],
      ['2025-03-01/P1M', '2025-03'],
      ['2025-03-05/P1D', '2025-03-05'],
      // Not a calendar period the store counts by: quarantined, not stored as another.
      // The same periods written as start/end, end/duration, or in other units.
      ['2025-01-01/2025-12-31', '2025'],
      ['2025-01-01T00:00:00/2026-01-01T00:00:00', '2025'],
      ['2025-01-01T00:00:00Z/P12M', '2025'],
      ['2025-04-01/2025-06-30', '2025-Q2'],
      ['2025-02-01/2025-02-28T23:59:59', '2025-02'],
      ['2024-02-01/P29D', '2024-02'],
      ['P1M/2025-03-31', '2025-03'],
      ['2025-03-05/PT24H', '2025-03-05'],
      ['2025-03-05T00:00:00+07:00/P1D', '2025-03-05'],
      ['2025-02-01/P3M', null],
      ['2025-03-05/P1M', null],
      // Half years, weeks, hours, ranges that start mid-day or end before they start: no period,
      // never the day they start (which collapsed different observations into one).
      ['2024-01-01/P6M', null],
      ['2024-01-01/P7D', null],
      ['2024-01-08/P1W', null],
      ['2024-01-01/2024-06-30', null],
      ['2024-01-15T10:00:00/PT1H', null],
      ['2024-07-01/P1Y', null],
      ['2024-01-01/2023-12-31', null],
      ['2025-02-30/P1D', null],
      ['2025-01-01/P0.5Y', null],
      ['2025-01-01/soon', null],
      // Dates and times that are not ranges read as before.
      ['2025/03/05', '2025-03-05'],
      ['2025-03-05T10:00:00', '2025-03-05'],
      ['2025-W05', null],
      ['2025-S1', null],
    ];
    for (const [s, p] of cases) expect(toPeriod(s), s).toBe(p);
  });

  it('toPeriod: a time with its own offset is the day it falls on in the feed\'s zone, not the date its text begins with', () => {
    const cases: [string, string, string][] = [
      // A timestamp column in UTC (PostgreSQL, CKAN): 17:00Z is midnight in Bình Phước.
      ['2024-12-31T17:00:00Z', '+07:00', '2025-01-01'],
      ['2024-12-31T16:59:59.999Z', '+07:00', '2024-12-31'],
      ['2024-12-31 17:00:00+00:00', '+07:00', '2025-01-01'],
      ['2024-12-31 17:00:00+00', '+07:00', '2025-01-01'],
      ['2024-12-31T17:00:00.123456 UTC', '+07:00', '2025-01-01'],
      ['2025-03-05T23:30:00-0500', '+07:00', '2025-03-06'],
      ['2025-03-05T01:00:00+07:00', '+07:00', '2025-03-05'],
      ['2024-12-31T17:00:00Z', 'Z', '2024-12-31'],
      // Without an offset the text is the feed's wall clock already.
      ['2024-12-31T23:00:00', '+07:00', '2024-12-31'],
    ];
    for (const [s, tz, p] of cases) expect(toPeriod(s, tz), `${s} at ${tz}`).toBe(p);
  });

  const f = feed({
    adapter: 'sdmx',
    domain: 'economy',
    mapping: { kind: 'observation', constants: { areaId: '70' } },
  });
  for (const v of ['v1.0', 'v2.1']) {
    it(`${v}: series and flat messages give the same observations`, () => {
      const series = sdmxToObservations(readSdmxMessage(JSON.parse(use(`sdmx/${v}/exr-time-series.json`))), f, NOW);
      const flat = sdmxToObservations(readSdmxMessage(JSON.parse(use(`sdmx/${v}/exr-flat.json`))), f, NOW);
      expect(series.quarantined).toEqual([]);
      expect(series.observations).toHaveLength(4);
      const key = (o: { indicator: string; period: string; value: number }) => `${o.indicator}|${o.period}|${o.value}`;
      expect(series.observations.map(key).sort()).toEqual(flat.observations.map(key).sort());
      expect(series.observations.map(key)).toContain('D.NZD.EUR.SP00.A|2013-01-18|1.5931');
    });

    it(`${v}: action Delete becomes deletes, Replace becomes upserts`, () => {
      const msg = sdmxToObservations(readSdmxMessage(JSON.parse(use(`sdmx/${v}/exr-action-delete.json`))), f, NOW);
      expect(msg.observations.length).toBe(2);
      expect(msg.deletes.length).toBe(1);
      expect(msg.deletes[0]!.areaId).toBe('70');
    });

    it(`${v}: agri sample, REF_AREA as the area through a value map`, () => {
      const g = feed({
        adapter: 'sdmx',
        domain: 'economy',
        mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' }, valueMaps: { areaId: { ASIKHM001: '689' } } },
      });
      const r = sdmxToObservations(readSdmxMessage(JSON.parse(use(`sdmx/${v}/agri.json`))), g, NOW);
      expect(r.observations.length).toBeGreaterThan(0);
      expect(r.observations.find((o) => o.areaId === '689' && o.period === '2014')!.value).toBe(350.154);
      expect(r.observations.every((o) => !o.indicator.includes('ASIKHM') && !o.indicator.includes('2014'))).toBe(true);
    });
  }

  it('v2.1 constructed sample: several data sets on one structure; observations without a value are quarantined', () => {
    const r = sdmxToObservations(readSdmxMessage(JSON.parse(use('sdmx/v2.1/constructed-sample-full.json'))), f, NOW);
    expect(r.observations.length).toBeGreaterThan(0);
    expect(r.quarantined.length).toBeGreaterThan(0);
    expect(r.quarantined.map((q) => q.reason)).toContain('no observation value');
  });

  it('refuses a message whose structure is malformed, naming the part; never another kind of error', () => {
    const sample = () => JSON.parse(text('sdmx/v1.0/exr-time-series.json')) as { structure: { dimensions: Record<string, unknown> } };
    const refused = (edit: (m: ReturnType<typeof sample>) => void) => {
      const m = sample();
      edit(m);
      try {
        sdmxToObservations(readSdmxMessage(m), f, NOW);
      } catch (err) {
        expect(err).toBeInstanceOf(SyncError);
        return (err as Error).message;
      }
      return 'read';
    };
    expect(refused((m) => (m.structure.dimensions.series = { id: 'FREQ' }))).toMatch(/structure\.dimensions\.series is not a list/);
    expect(refused((m) => ((m.structure.dimensions.series as unknown[])[1] = null))).toMatch(/structure\.dimensions\.series\[1\] is not a dimension/);
    expect(refused((m) => ((m.structure.dimensions.observation as unknown[])[0] = { keyPosition: 4 }))).toMatch(/observation\[0\] is not a dimension with an id/);
    expect(refused((m) => (m.structure.dimensions = [] as never))).toMatch(/structure has no dimensions/);
    // Odd but readable: a non-string action is not a Delete; values that are not a list give no value ids.
    const m = sample() as { structure: { dimensions: { series: { values: unknown }[] } }; dataSets: { action: unknown }[] };
    m.dataSets[0]!.action = 7;
    m.structure.dimensions.series[0]!.values = 'D';
    expect(() => sdmxToObservations(readSdmxMessage(m), f, NOW)).not.toThrow();
  });

  it('any mutation of the samples (values swapped for odd ones, keys dropped) is read or refused with a SyncError', () => {
    // Seeded (the demo data's generator): the same run every time.
    const random = new Random(0x1d872b41);
    const rnd = (n: number) => random.int(0, n - 1);
    const odd: unknown[] = [null, true, 0, -1, 1.5, '', 'Delete', '__proto__', [], {}, [null], [1, 2], { id: 1 }, { id: 'A', values: 5 }, { values: [null] }];
    const mutate = (v: unknown): unknown => {
      if (rnd(12) === 0) return odd[rnd(odd.length)];
      if (Array.isArray(v)) return v.map(mutate);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(() => rnd(30) > 0).map(([k, e]) => [k, mutate(e)]));
      return v;
    };
    const samples = ['v1.0', 'v2.1'].flatMap((v) => ['exr-time-series', 'exr-flat', 'exr-action-delete', 'agri'].map((n) => JSON.parse(text(`sdmx/${v}/${n}.json`)) as unknown));
    const g = feed({ adapter: 'sdmx', domain: 'economy', mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' } } });
    for (let round = 0; round < 60; round++) {
      for (const sample of samples) {
        const m = mutate(sample);
        for (const fd of [f, g]) {
          try {
            sdmxToObservations(readSdmxMessage(m), fd, NOW);
          } catch (err) {
            if (!(err instanceof SyncError)) throw err;
          }
        }
      }
    }
  });
});

describe('GeoJSON', () => {
  const f = feed({
    adapter: 'geojson',
    mapping: {
      kind: 'event',
      fields: { id: 'properties.service_request_id', kind: 'properties.service_code', status: 'properties.status', openedAt: 'properties.requested_datetime', updatedAt: 'properties.updated_datetime' },
    },
  });
  it('quarantines the non-RFC-7946 feature (geometry type GeoProperty) instead of failing', () => {
    const features = readFeatures(JSON.parse(use('geojson/sdm-Open311_ServiceRequest--example-geojsonfeature.json')));
    const r = featuresToRecords(features, f, NOW);
    expect(r.records.events).toEqual([]);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]!.reason).toBe('geometry: type "GeoProperty" is not an RFC 7946 geometry');
    expect(r.quarantined[0]!.externalId).toBe('638344');
  });

  it('takes the same feature once its geometry is RFC 7946 (NGSI-LD property wrappers unwrapped)', () => {
    const feat = JSON.parse(text('geojson/sdm-Open311_ServiceRequest--example-geojsonfeature.json'));
    const fixed = { ...feat, geometry: feat.geometry.value };
    const g = feed({ ...f, mapping: { ...f.mapping!, fields: { ...f.mapping!.fields, openedAt: 'properties.updated_datetime' } } } as FeedConfigInput);
    const r = featuresToRecords(readFeatures({ type: 'FeatureCollection', features: [fixed] }), g, NOW);
    expect(r.quarantined).toEqual([]);
    expect(r.records.events![0]).toMatchObject({ id: 'f:638344', status: 'closed', kind: '234', lat: 40.62785133667262, lon: -3.164485591715449 });
  });

  it('reads the Unix milliseconds of ArcGIS\'s GeoJSON and Unix seconds as their instants', () => {
    const at = (t: unknown) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.9, 11.7] }, properties: { service_request_id: `r${String(t)}`, service_code: 'x', status: 'open', requested_datetime: t, updated_datetime: t } });
    const r = featuresToRecords(readFeatures({ type: 'FeatureCollection', features: [at(1796094000000), at(1796094000)] }), f, NOW);
    expect(r.quarantined).toEqual([]);
    expect(r.records.events!.map((e) => new Date(e.openedAt).toISOString())).toEqual(['2026-12-01T03:00:00.000Z', '2026-12-01T03:00:00.000Z']);
  });

  it('places a polygon feature (a land parcel, a flooded zone) inside it, not at its first vertex on the edge', () => {
    // An L-shaped zone: its first vertex is a corner shared with the neighbours, its centroid outside the L.
    const zone = { type: 'Feature', id: 'z1', geometry: { type: 'Polygon', coordinates: [[[106.8, 11.5], [107.0, 11.5], [107.0, 11.55], [106.85, 11.55], [106.85, 11.7], [106.8, 11.7], [106.8, 11.5]]] }, properties: { service_code: 'ngập', status: 'open', requested_datetime: '2026-12-01T10:00:00+07:00' } };
    const g = feed({ ...f, mapping: { ...f.mapping!, fields: { ...f.mapping!.fields, id: 'id' } } } as FeedConfigInput);
    const e = featuresToRecords(readFeatures({ type: 'FeatureCollection', features: [zone] }), g, NOW).records.events![0]!;
    const [lon, lat] = [e.lon!, e.lat!];
    expect([lon, lat]).not.toEqual([106.8, 11.5]);
    // Inside the L: in its foot (y < 11.55) or its leg (x < 106.85), strictly.
    const inFoot = lat > 11.5 && lat < 11.55 && lon > 106.8 && lon < 107.0;
    const inLeg = lon > 106.8 && lon < 106.85 && lat > 11.5 && lat < 11.7;
    expect(inFoot || inLeg, `${lon}, ${lat}`).toBe(true);
  });

  it('refuses a document in a projected system or with its axes swapped, saying what to ask for', () => {
    const pt = (x: number, y: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: {} });
    const fc = (features: unknown[], crs?: string) => ({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features });
    const refusal = (doc: unknown) => refusalOf(() => readFeatures(doc))?.[1] ?? null;
    // VN-2000 / UTM zone 48N, in metres, declared or not.
    expect(refusal(fc([pt(563000, 1275000)], 'urn:ogc:def:crs:EPSG::3405'))).toMatch(/^The GeoJSON coordinates are in urn:ogc:def:crs:EPSG::3405, not WGS 84/);
    expect(refusal(fc([pt(563000, 1275000), pt(564000, 1276000), { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[563000, 1275000], [563100, 1275000], [563000, 1275100], [563000, 1275000]]] }, properties: {} }]))).toMatch(/unnamed projected system/);
    // [latitude, longitude]: every point off the globe, on it once swapped.
    expect(refusal(fc([pt(11.7, 106.9), pt(11.5, 106.8), pt(11.9, 107.0)]))).toMatch(/written \[latitude, longitude\]/);
    // WGS 84 by any of its names, a few bad points among good ones, or too few to tell: read as before.
    const wgs84 = [
      undefined,
      'urn:ogc:def:crs:OGC:1.3:CRS84',
      'urn:ogc:def:crs:OGC::CRS84h',
      'CRS:84',
      'EPSG:4326',
      'epsg:4326',
      'EPSG::4979',
      'urn:ogc:def:crs:EPSG::4326',
      'urn:ogc:def:crs:EPSG:4326',
      'urn:ogc:def:crs:EPSG:6.6:4326',
      'urn:x-ogc:def:crs:EPSG:6.11.2:4326',
      'urn:ogc:def:crs:EPSG::4979',
      'http://www.opengis.net/def/crs/EPSG/0/4326',
      'https://www.opengis.net/def/crs/EPSG/9.9.1/4979',
      'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
      'http://www.opengis.net/def/crs/OGC/0/CRS84h',
      'http://www.opengis.net/gml/srs/epsg.xml#4326',
      'WGS 84',
      'GCS_WGS_1984',
    ];
    for (const crs of wgs84) expect(refusal(fc([pt(106.9, 11.7)], crs)), crs).toBeNull();
    // Another code, however it is written, and a projected system on WGS 84's datum stay refused.
    for (const crs of ['EPSG:3405', 'http://www.opengis.net/def/crs/EPSG/0/3405', 'urn:ogc:def:crs:EPSG:6.6:4756', 'EPSG:4978', 'EPSG:43260', 'urn:ogc:def:crs:EPSG::32648', 'WGS 84 / UTM zone 48N', 'OGC:4326']) {
      expect(refusal(fc([pt(106.9, 11.7)], crs)), crs).toBe(
        `The GeoJSON coordinates are in ${crs}, not WGS 84 longitude/latitude (GIS data is often in VN-2000, in metres). Ask the provider for WGS 84 longitude/latitude (EPSG:4326, as RFC 7946 GeoJSON has); old data is kept.`,
      );
    }
    expect(refusal(fc([pt(563000, 1275000), pt(564000, 1276000), pt(106.9, 11.7), pt(565000, 1277000)]))).toBeNull();
    expect(refusal(fc([pt(563000, 1275000), pt(564000, 1276000)]))).toBeNull();
  });

  it('tells an ArcGIS REST answer (f=json) from GeoJSON and says to ask for f=geojson', () => {
    const esri = { displayFieldName: 'TEN', fieldAliases: { TEN: 'Tên' }, geometryType: 'esriGeometryPoint', spatialReference: { wkid: 4326 }, features: [{ attributes: { TEN: 'Trường A' }, geometry: { x: 106.9, y: 11.7 } }] };
    expect(refusalOf(() => readFeatures(esri))).toEqual(['parse', "The feed's address returns ArcGIS's own JSON (f=json), not GeoJSON. Fix the feed URL: f=geojson instead of f=json; old data is kept."]);
    expect(refusalOf(() => readFeatures({ features: [] }))![1]).toMatch(/expected a FeatureCollection/);
  });

  it('refuses the NGSI documents, which are not GeoJSON, with a parse error', () => {
    for (const name of readdirSync(join(DIR, 'ngsi-ld'))) {
      const p = `ngsi-ld/${name}`;
      expect(() => readFeatures(JSON.parse(use(p))), p).toThrow(SyncError);
    }
  });
});

it('every copied fixture is exercised by a test', () => {
  const all: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== 'SOURCES.md') all.push(relative(DIR, p));
    }
  };
  walk(DIR);
  expect(all.filter((p) => !covered.has(p))).toEqual([]);
});
