import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema, type FeedConfigInput } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';
import { useRouteServer, type RouteHandler } from './sync/route-server';

/**
 * What the open standards allow and servers do that the adapters missed: an RSS CAP index
 * without pubDate, a CKAN DataStore that applies a smaller `limit` than asked and only estimates
 * its total, Open311 JSON in the shapes XML converters write, and Open311 coordinates that are
 * present but not numbers. Real HTTP on 127.0.0.1, real SQLite files.
 */
type Handler = RouteHandler;
/** Every request: its path and query, and the validators it carried. */
const asked: { url: string; ifNoneMatch: string | null }[] = [];
const server = useRouteServer((req) => asked.push({ url: req.url!, ifNoneMatch: (req.headers['if-none-match'] as string | undefined) ?? null }));
const routes = server.routes;
let base: string;
let t: TestDb;

beforeAll(() => {
  base = server.base;
});
afterEach(async () => {
  asked.length = 0;
  await t?.close();
});

const feed = (f: Partial<FeedConfigInput> & Pick<FeedConfigInput, 'adapter' | 'url'>) => feedConfigSchema.parse({ id: 'f', domain: 'hotline', retries: 0, ...f });
const quarantine = (db: TestDb) => db.db.prepare(`SELECT external_id AS id, reason FROM quarantine ORDER BY rowid`).all() as { id: string | null; reason: string }[];
/** Serves `doc()` with its ETag, and 304 to a request that names it. */
const withEtag = (doc: () => { body: string; etag: string }, type: string): Handler => (req, res) => {
  const { body, etag } = doc();
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    return res.end();
  }
  res.setHeader('content-type', type);
  res.setHeader('etag', etag);
  res.end(body);
};

describe('CAP: an RSS index entry without pubDate', () => {
  const SENDER = 'kttv@nchmf.gov.vn';
  const alert = (id: string, type: string, sent: string, refs = '') => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${id}</identifier><sender>${SENDER}</sender><sent>${sent}</sent>
<status>Actual</status><msgType>${type}</msgType><scope>Public</scope>${refs ? `<references>${refs}</references>` : ''}
<info><language>vi-VN</language><category>Met</category><event>Mưa lớn</event><urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
<headline>Mưa lớn</headline><area><areaDesc>Bình Phước</areaDesc><geocode><valueName>GSO</valueName><value>70</value></geocode></area></info></alert>`;
  const rss = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>KTTV</title><item><title>${title}</title><link>${base}/r.xml</link></item></channel></rss>`;
  const rows = () => t.db.prepare(`SELECT identifier, superseded_by AS supersededBy, cancelled FROM cap_messages ORDER BY identifier`).all();

  it('is asked for again every run with its validators: one 304 while unchanged, and an Update or Cancel published at the same link is read', async () => {
    t = testDb();
    let index = { body: rss('Mưa lớn'), etag: '"i1"' };
    let doc = { body: alert('R-1', 'Alert', '2026-11-20T08:00:00+07:00'), etag: '"v1"' };
    routes.set('/cap', withEtag(() => index, 'application/rss+xml'));
    routes.set('/r.xml', withEtag(() => doc, 'application/cap+xml'));
    const f = feed({ domain: 'environment', adapter: 'cap', url: `${base}/cap` });

    expect((await t.run(f)).counts).toMatchObject({ inserted: 1 });
    expect(rows()).toEqual([{ identifier: 'R-1', supersededBy: null, cancelled: 0 }]);

    // Nothing changed: the index answers 304, and so does the document, asked with its ETag.
    asked.length = 0;
    const same = await t.run(f);
    expect(same.error).toBeNull();
    expect(asked).toEqual([
      { url: '/cap', ifNoneMatch: '"i1"' },
      { url: '/r.xml', ifNoneMatch: '"v1"' },
    ]);

    // An Update replaces the document at the same link; the index itself is unchanged (304).
    doc = { body: alert('R-2', 'Update', '2026-11-20T09:00:00+07:00', `${SENDER},R-1,2026-11-20T08:00:00+07:00`), etag: '"v2"' };
    expect((await t.run(f)).counts).toMatchObject({ inserted: 1 });
    expect(rows()).toEqual([
      { identifier: 'R-1', supersededBy: 'R-2', cancelled: 0 },
      { identifier: 'R-2', supersededBy: null, cancelled: 0 },
    ]);

    // The index changes (its title) and the same link now serves the Cancel.
    index = { body: rss('Hủy: Mưa lớn'), etag: '"i2"' };
    doc = { body: alert('R-3', 'Cancel', '2026-11-20T10:00:00+07:00', `${SENDER},R-2,2026-11-20T09:00:00+07:00`), etag: '"v3"' };
    expect((await t.run(f)).counts).toMatchObject({ inserted: 1 });
    expect(rows()).toEqual([
      { identifier: 'R-1', supersededBy: 'R-2', cancelled: 0 },
      { identifier: 'R-2', supersededBy: 'R-3', cancelled: 1 },
      { identifier: 'R-3', supersededBy: null, cancelled: 0 },
    ]);
  });

  it('an entry with a time is still skipped while its time is unchanged', async () => {
    t = testDb();
    routes.set('/cap', (_q, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>KTTV</title><item><title>x</title><pubDate>Fri, 20 Nov 2026 01:00:00 GMT</pubDate><link>${base}/r.xml</link></item></channel></rss>`);
    });
    routes.set('/r.xml', withEtag(() => ({ body: alert('P-1', 'Alert', '2026-11-20T08:00:00+07:00'), etag: '"p1"' }), 'application/cap+xml'));
    const f = feed({ domain: 'environment', adapter: 'cap', url: `${base}/cap` });
    await t.run(f);
    asked.length = 0;
    await t.run(f);
    expect(asked.map((a) => a.url)).toEqual(['/cap']);
  });
});

describe('CKAN: a page size cut by the server, with no exact count', () => {
  const ROWS = Array.from({ length: 250 }, (_, i) => ({ _id: i + 1, code: `P${i + 1}`, lat: 11.5 + i / 1000, lon: 106.9 }));
  /** CKAN 2.10 with `rows_max` 100 and `total_estimation_threshold` set; `sayLimit` false: a server that does not echo `limit`. */
  const ckan = (sayLimit: boolean): Handler => (req, res) => {
    const u = new URL(req.url!, 'http://x');
    const offset = Number(u.searchParams.get('offset') ?? 0);
    const limit = Math.min(100, Number(u.searchParams.get('limit') ?? 100));
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        success: true,
        result: {
          resource_id: 'r',
          records: ROWS.slice(offset, offset + limit),
          total: 240,
          total_was_estimated: true,
          ...(sayLimit ? { limit } : {}),
          offset,
          _links: { start: '/api/3/action/datastore_search?resource_id=r', next: `/api/3/action/datastore_search?resource_id=r&offset=${offset + limit}` },
        },
      }),
    );
  };
  const f = () =>
    feed({
      domain: 'health',
      adapter: 'ckan',
      url: `${base}/api/3/action/datastore_search`,
      mapping: { kind: 'place', resourceId: 'r', pageSize: 1000, fields: { id: 'code', name: 'code', lat: 'lat', lon: 'lon' }, constants: { kind: 'clinic' } },
    });
  const offsets = () => asked.map((a) => new URL(a.url, 'http://x').searchParams.get('offset'));

  it('pages by the limit the server applied (result.limit) and stops at the page shorter than it', async () => {
    t = testDb();
    routes.set('/api/3/action/datastore_search', ckan(true));
    const r = await t.run(f());
    expect(r.error).toBeNull();
    expect(t.count('places')).toBe(250);
    expect(offsets()).toEqual(['0', '100', '200']);
  });

  it('a server that does not say the limit it applied is followed by its next link until an empty page', async () => {
    t = testDb();
    routes.set('/api/3/action/datastore_search', ckan(false));
    const r = await t.run(f());
    expect(r.error).toBeNull();
    expect(t.count('places')).toBe(250);
    expect(offsets()).toEqual(['0', '100', '200', '250']);
  });
});

describe('Open311: JSON in the shapes servers write besides a list', () => {
  const req = (id: string, over: Record<string, unknown> = {}) => ({
    service_request_id: id,
    status: 'open',
    service_code: '001',
    service_name: 'Đèn đường',
    requested_datetime: '2026-11-20T08:00:00+07:00',
    updated_datetime: '2026-11-20T08:00:00+07:00',
    lat: '11.53',
    long: '106.88',
    ...over,
  });
  const json = (body: unknown): Handler => (_q, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const ids = () => t.db.prepare(`SELECT id FROM events ORDER BY id`).pluck().all();

  it('the XML document converted to JSON ({"service_requests":{"request":…}}, a list or one object) and a single request object are read', async () => {
    t = testDb();
    routes.set('/list.json', json({ service_requests: { request: [req('1'), req('2')] } }));
    routes.set('/one.json', json({ service_requests: { request: req('3') } }));
    routes.set('/none.json', json({ service_requests: '' }));
    routes.set('/bare.json', json(req('4')));
    for (const id of ['list', 'one', 'none', 'bare']) {
      const r = await t.run(feed({ id, adapter: 'open311', url: `${base}/${id}.json` }));
      expect(r.error, id).toBeNull();
    }
    expect(ids()).toEqual(['bare:4', 'list:1', 'list:2', 'one:3']);
  });

  it('JSON that is none of these is refused as not a list of requests, naming its keys, not as invalid JSON', async () => {
    t = testDb();
    routes.set('/other.json', json({ data: [req('1')], meta: { page: 1 }, links: {} }));
    const r = await t.run(feed({ adapter: 'open311', url: `${base}/other.json` }));
    expect(r.error?.en).toBe('The Open311 response is JSON but not a list of requests (service_requests): it is an object with the keys "data", "meta", "links". Tell the provider; old data is kept.');
    routes.set('/num.json', json(42));
    expect((await t.run(feed({ id: 'n', adapter: 'open311', url: `${base}/num.json` }))).error?.en).toMatch(/not a list of requests \(service_requests\): it is a number \(42\)/);
    expect(t.count('events')).toBe(0);
  });
});

describe('Open311: a lat/long that is there but not a number', () => {
  const request = (id: string, lat: string, long: string) =>
    `<request><service_request_id>${id}</service_request_id><status>open</status><service_code>001</service_code><requested_datetime>2026-11-20T08:00:00+07:00</requested_datetime><lat>${lat}</lat><long>${long}</long></request>`;

  it('stores the request without a location, keeps the text, and says so in the quarantine list; an empty or 0.0 pair says nothing', async () => {
    t = testDb();
    routes.set('/requests.xml', (_q, res) => {
      res.setHeader('content-type', 'text/xml');
      res.end(`<?xml version="1.0" encoding="utf-8"?><service_requests>${request('1', '11.53', '106.88')}${request('2', '11,53', '106,88')}${request('3', '', '')}${request('4', '0.0', '0.0')}</service_requests>`);
    });
    const r = await t.run(feed({ adapter: 'open311', url: `${base}/requests.xml`, format: 'xml' }));
    expect(r.error).toBeNull();
    expect(r.counts).toMatchObject({ inserted: 4, quarantined: 1 });
    expect(t.db.prepare(`SELECT id, lat, lon, json_extract(attrs, '$.sourceLocation') AS source FROM events ORDER BY id`).all()).toEqual([
      { id: 'f:1', lat: 11.53, lon: 106.88, source: null },
      { id: 'f:2', lat: null, lon: null, source: '{"lat":"11,53","lon":"106,88","notANumber":true}' },
      { id: 'f:3', lat: null, lon: null, source: null },
      { id: 'f:4', lat: null, lon: null, source: null },
    ]);
    expect(quarantine(t)).toEqual([{ id: '2', reason: 'lat: "11,53" is not a number; long: "106,88" is not a number; the request is stored without a location' }]);
  });
});
