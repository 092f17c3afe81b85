// What SDMX, CKAN and GeoJSON servers answer besides data, through the engine into SQLite against a
// real HTTP server: SDMX's "no results" to a request for what changed (a run with nothing new, not
// a failed feed), SDMX time ranges that are no calendar period, CKAN's Validation Error without a
// message and a feed URL that is not datastore_search, and a GeoJSON `crs` naming WGS 84 in any of
// its standard spellings.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema, type FeedConfigInput } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
/** The answer for each path; what was asked, in order. */
const answers = new Map<string, Answer>();
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url!);
    const answer = answers.get(new URL(req.url!, 'http://x').pathname);
    if (answer) return answer(req, res);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send =
  (status: number, type: string, body: unknown): Answer =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', type);
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

async function withDb(fn: (t: TestDb) => Promise<void>): Promise<void> {
  const t = testDb();
  try {
    await fn(t);
  } finally {
    answers.clear();
    asked.length = 0;
    await t.close();
  }
}

const feed = (f: Partial<FeedConfigInput>) => feedConfigSchema.parse({ id: 'f', retries: 0, ...f } as FeedConfigInput);

describe('SDMX', () => {
  const PATH = '/rest/data/BP,KTXH,1.0/all';
  const PREPARED = '2026-11-20T01:00:00Z';
  /** An SDMX-JSON 2.0 message of one series over `times`, values 1, 2, 3… */
  const message = (times: string[]) => ({
    meta: { id: 'X', prepared: PREPARED },
    data: {
      structures: [
        {
          dimensions: {
            series: [
              { id: 'INDICATOR', keyPosition: 0, values: [{ id: 'GRDP' }] },
              { id: 'REF_AREA', keyPosition: 1, values: [{ id: '70' }] },
            ],
            observation: [{ id: 'TIME_PERIOD', keyPosition: 2, values: times.map((id) => ({ id })) }],
          },
          measures: { observation: [{ id: 'OBS_VALUE' }] },
        },
      ],
      dataSets: [{ structure: 0, series: { '0:0': { observations: Object.fromEntries(times.map((_, i) => [String(i), [i + 1]])) } } }],
    },
  });
  const sdmx = () => feed({ id: 'grdp', domain: 'economy', adapter: 'sdmx', url: `${base}${PATH}`, mapping: { kind: 'observation', fields: { indicator: 'INDICATOR', areaId: 'REF_AREA' } } });
  const JSON_TYPE = 'application/vnd.sdmx.data+json';

  it('takes "no results" to an updatedAfter request as a run with nothing new, the watermark kept', async () => {
    await withDb(async (t) => {
      answers.set(PATH, send(200, JSON_TYPE, message(['2024'])));
      expect((await t.run(sdmx())).ok).toBe(true);
      expect(t.store.getFeedState('grdp').watermark).toBe(PREPARED);
      const noResults: [string, Answer][] = [
        ['.Stat Suite / NSI: 404, plain text', send(404, 'text/plain', 'NoResultsFound')],
        ['SDMX-JSON error message, code 100, under 404', send(404, JSON_TYPE, { meta: { prepared: '2026-11-21T00:00:00Z' }, errors: [{ code: 100, title: { en: 'No results found' } }] })],
        ['the same under HTTP 200', send(200, JSON_TYPE, { errors: [{ code: '100', title: 'No Results Found' }] })],
        ['SDMX-ML error message, code 100', send(404, 'application/xml', '<mes:Error><mes:ErrorMessage code="100"><com:Text xml:lang="en">No Results Found</com:Text></mes:ErrorMessage></mes:Error>')],
        ['ECB: 404, words', send(404, 'text/plain; charset=utf-8', 'No results found.')],
      ];
      for (const [name, answer] of noResults) {
        answers.set(PATH, answer);
        asked.length = 0;
        const r = await t.run(sdmx());
        expect(r.error, name).toBeNull();
        expect(r.ok, name).toBe(true);
        expect(asked, name).toEqual([`${PATH}?updatedAfter=${encodeURIComponent(PREPARED)}`]);
        const state = t.store.getFeedState('grdp');
        expect(state.watermark, name).toBe(PREPARED);
        expect(state.consecutiveFailures, name).toBe(0);
        expect(t.count('observations'), name).toBe(1);
      }
    });
  });

  it('keeps a 404 an error on a first request, and on one whose body does not say "no results", quoting a text given by language', async () => {
    await withDb(async (t) => {
      // A first, whole request: "no results" means the query names no data (a wrong flow or key).
      answers.set(PATH, send(404, JSON_TYPE, { errors: [{ code: 100, title: { en: 'No results found', vi: 'Không tìm thấy kết quả' }, detail: { fr: 'Aucun résultat' } }] }));
      let r = await t.run(sdmx());
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('not_found');
      // `detail` comes before `title`; a map without vi or en gives its first text.
      expect(r.error?.en).toBe('Nothing was found at this address (HTTP 404). Check the feed URL. The server says: "Aucun résultat".');
      answers.set(PATH, send(404, JSON_TYPE, { errors: [{ code: 100, title: { en: 'No results found', vi: 'Không tìm thấy kết quả' } }] }));
      expect((await t.run(sdmx())).error?.en).toBe('Nothing was found at this address (HTTP 404). Check the feed URL. The server says: "Không tìm thấy kết quả".');
      answers.set(PATH, send(404, 'text/plain', 'NoResultsFound'));
      expect((await t.run(sdmx())).error?.code).toBe('not_found');
      expect(t.store.getFeedState('grdp').consecutiveFailures).toBe(3);

      answers.set(PATH, send(200, JSON_TYPE, message(['2024'])));
      expect((await t.run(sdmx())).ok).toBe(true);
      // Incremental, but the server says something else: the flow is gone, not unchanged.
      answers.set(PATH, send(404, 'text/plain', 'Dataflow BP:KTXH(1.0) not found'));
      r = await t.run(sdmx());
      expect(r.error?.en).toBe('Nothing was found at this address (HTTP 404). Check the feed URL. The server says: "Dataflow BP:KTXH(1.0) not found".');
      answers.set(PATH, send(404, 'text/html', '<html><body><h1>Not Found</h1></body></html>'));
      expect((await t.run(sdmx())).error?.code).toBe('not_found');
      // An error message under 200 that is not "no results": its words, classed by its code.
      answers.set(PATH, send(200, JSON_TYPE, { errors: [{ code: 140, title: { en: 'Syntax error', vi: 'Lỗi cú pháp' }, detail: { en: 'updatedAfter: not a date' } }] }));
      r = await t.run(sdmx());
      expect(r.error?.code).toBe('client_error');
      expect(r.error?.en).toBe('The SDMX server answered with an error: "updatedAfter: not a date" (400). Check the feed configuration or tell the provider. Old data is kept.');
      expect(t.store.getFeedState('grdp').watermark).toBe(PREPARED);
      expect(t.count('observations')).toBe(1);
    });
  });

  it('stores a time range that is one calendar period as that period, and quarantines one that is not, with why', async () => {
    await withDb(async (t) => {
      const times = ['2024-01-01/P6M', '2024-01-01/P7D', '2024-01-08/P1W', '2024-01-01/2024-06-30', '2024-01-15T10:00:00/PT1H', '2024-01-01/P1Y', '2024-04-01/P3M', '2024-05-01/2024-05-31', 'P1D/2024-06-02'];
      answers.set(PATH, send(200, JSON_TYPE, message(times)));
      const r = await t.run(sdmx());
      expect(r.counts).toMatchObject({ fetched: 9, inserted: 4, quarantined: 5 });
      expect(t.db.prepare(`SELECT period, value FROM observations ORDER BY period`).all()).toEqual([
        { period: '2024', value: 6 },
        { period: '2024-05', value: 8 },
        { period: '2024-06-02', value: 9 },
        { period: '2024-Q2', value: 7 },
      ]);
      const reasons = t.db.prepare(`SELECT reason FROM quarantine ORDER BY external_id`).pluck().all();
      expect(reasons).toEqual(times.slice(0, 5).map((p) => `TIME_PERIOD: "${p}" is a time range that is not one calendar day, month, quarter or year`));
    });
  });
});

describe('CKAN', () => {
  const PATH = '/api/3/action/datastore_search';
  const mapping = { kind: 'observation', resourceId: 'r-1', fields: { indicator: 'ind', areaId: 'area', period: 'ky', value: 'v' } };
  const ckan = (path = PATH) => feed({ id: 'dossiers', domain: 'publicAdmin', adapter: 'ckan', url: `${base}${path}`, mapping: { ...mapping, updatedField: 'cap_nhat' } } as FeedConfigInput);
  const help = 'https://data.example.vn/api/3/action/help_show?name=datastore_search';

  it('quotes a Validation Error\'s fields, under 409 and under 200', async () => {
    await withDb(async (t) => {
      answers.set(PATH, send(409, 'application/json', { help, success: false, error: { __type: 'Validation Error', sort: ['field "cap_nhat" not in table'] } }));
      let r = await t.run(ckan());
      expect(r.error?.code).toBe('client_error');
      expect(r.error?.en).toBe('The server did not accept the request (HTTP 409). Check the feed configuration. The server says: "sort: field "cap_nhat" not in table".');
      answers.set(PATH, send(200, 'application/json', { help, success: false, error: { __type: 'Validation Error', filters: { huyen: ['field "huyen" not in table'] }, resource_id: ['Not found: Resource'] } }));
      r = await t.run(ckan());
      expect(r.error?.en).toBe('The CKAN server answered with an error: "filters: huyen: field "huyen" not in table; resource_id: Not found: Resource" (409). Check the feed configuration or tell the provider. Old data is kept.');
      // Bounded, however many fields it lists.
      const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`cot_${i}`, [`field "cot_${i}" not in table`]]));
      answers.set(PATH, send(409, 'application/json', { success: false, error: { __type: 'Validation Error', ...many } }));
      r = await t.run(ckan());
      expect(r.error!.en.length).toBeLessThan(340);
      expect(r.error?.en).toMatch(/The server says: "cot_0: field "cot_0" not in table; cot_1: /);
      // A 409 that is not CKAN's document is said as any 409 is.
      answers.set(PATH, send(409, 'text/plain', 'Conflict'));
      expect((await t.run(ckan())).error?.en).toBe('The server did not accept the request (HTTP 409). Check the feed configuration. The server says: "Conflict".');
    });
  });

  it('says where to point a feed whose URL is package_show, resource_show or a CSV file', async () => {
    await withDb(async (t) => {
      const target = `${base}/api/3/action/datastore_search`;
      answers.set('/api/3/action/package_show', send(200, 'application/json', {
        help,
        success: true,
        result: {
          id: 'p-1',
          name: 'ho-so-hanh-chinh',
          resources: [
            { id: 'a1b2c3d4-0000-4000-8000-000000000001', format: 'CSV', url: 'https://data.example.vn/x.csv', datastore_active: true },
            { id: 'a1b2c3d4-0000-4000-8000-000000000002', format: 'PDF', url: 'https://data.example.vn/x.pdf', datastore_active: false },
          ],
        },
      }));
      let r = await t.run(ckan('/api/3/action/package_show'));
      expect(r.error?.en).toBe(
        `The feed URL answers with a CKAN dataset's description (package_show), not datastore_search rows. Point the feed at ${target} with the resource's id in the mapping's resourceId (resource id: "a1b2c3d4-0000-4000-8000-000000000001"). Old data is kept.`,
      );
      answers.set('/api/3/action/package_show', send(200, 'application/json', { success: true, result: { id: 'p-2', resources: [{ id: 'r-9', format: 'XLSX', datastore_active: false }] } }));
      expect((await t.run(ckan('/api/3/action/package_show'))).error?.en).toMatch(/description \(package_show\), not datastore_search rows\. .* resourceId\. It is not in the DataStore \(no resource with datastore_active\): ask the provider to load it/);
      answers.set('/api/3/action/resource_show', send(200, 'application/json', { success: true, result: { id: 'r-7', package_id: 'p-1', url: 'https://data.example.vn/y.csv', datastore_active: true } }));
      expect((await t.run(ckan('/api/3/action/resource_show'))).error?.en).toMatch(/resource's description \(resource_show\), not datastore_search rows\. Point the feed at .*datastore_search with the resource's id in the mapping's resourceId \(resource id: "r-7"\)\. Old data is kept\.$/);
      // A resource's download link: labelled CSV, or labelled as bytes from a .csv address.
      const download = '/dataset/ho-so/resource/r-5/download/ho-so.csv';
      answers.set(download, send(200, 'text/csv; charset=windows-1258', 'ind,area,ky,v\ngrdp,70,2025,1\n'));
      r = await t.run(ckan(download));
      expect(r.error?.en).toBe(`The feed URL answers with a CSV file, not datastore_search rows. Point the feed at ${target} with the resource's id in the mapping's resourceId (resource id: "r-5"). Old data is kept.`);
      expect(r.error?.vi).toMatch(/^Địa chỉ nguồn trả về một tệp CSV, không phải các dòng của datastore_search\./);
      answers.set(download, send(200, 'application/octet-stream', '\uFEFFind,area,ky,v\ngrdp,70,2025,1\n'));
      expect((await t.run(ckan(download))).error?.en).toMatch(/^The feed URL answers with a CSV file/);
      expect(t.count('observations')).toBe(0);
    });
  });
});

describe('GeoJSON', () => {
  const doc = (crs: string) => ({
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: crs } },
    features: [1, 2].map((i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.88 + i / 100, 11.53] }, properties: { ma: String(i), ten: `Trường ${i}`, loai: 'TH' } })),
  });
  const geo = () => feed({ id: 'schools', domain: 'education', adapter: 'geojson', url: `${base}/g.geojson`, mapping: { kind: 'place', fields: { id: 'properties.ma', name: 'properties.ten', kind: 'properties.loai' } } });

  it('reads a document whose crs names WGS 84 in any standard spelling, and refuses another system by name', async () => {
    const wgs84 = [
      'http://www.opengis.net/def/crs/EPSG/0/4326',
      'https://www.opengis.net/def/crs/OGC/1.3/CRS84',
      'http://www.opengis.net/def/crs/OGC/0/CRS84h',
      'urn:ogc:def:crs:EPSG:6.6:4326',
      'urn:x-ogc:def:crs:EPSG:6.11.2:4326',
      'urn:ogc:def:crs:EPSG::4979',
      'urn:ogc:def:crs:OGC:1.3:CRS84',
      'EPSG::4326',
      'EPSG:4979',
    ];
    for (const crs of wgs84) {
      await withDb(async (t) => {
        answers.set('/g.geojson', send(200, 'application/geo+json', doc(crs)));
        const r = await t.run(geo());
        expect(r.error, crs).toBeNull();
        expect(t.count('places'), crs).toBe(2);
      });
    }
    for (const crs of ['urn:ogc:def:crs:EPSG::3405', 'EPSG:4756', 'WGS 84 / UTM zone 48N', 'urn:ogc:def:crs:EPSG::43260']) {
      await withDb(async (t) => {
        answers.set('/g.geojson', send(200, 'application/geo+json', doc(crs)));
        const r = await t.run(geo());
        expect(r.error?.en, crs).toBe(
          `The GeoJSON coordinates are in ${crs}, not WGS 84 longitude/latitude (GIS data is often in VN-2000, in metres). Ask the provider for WGS 84 longitude/latitude (EPSG:4326, as RFC 7946 GeoJSON has); old data is kept.`,
        );
        expect(t.count('places'), crs).toBe(0);
      });
    }
  });
});
