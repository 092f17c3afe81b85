import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../sync/feeds/config';
import { readSdmxMessage, sdmxToObservations } from '../../sync/adapters/sdmx';
import { testDb, type TestDb } from './sync/helpers';

/**
 * SDMX deletes above one observation (SDMX Standards Section 3A Part IV), through the real engine
 * and SQLite store: a Delete data set holding a series with no observations deletes that whole
 * series; one holding nothing deletes the whole data set, which for a feed is its own figures.
 */

const structure = {
  dimensions: {
    series: [
      { id: 'REF_AREA', values: [{ id: 'VN70' }] },
      { id: 'INDICATOR', values: [{ id: 'GRDP' }, { id: 'FDI' }] },
    ],
    observation: [{ id: 'TIME_PERIOD', values: [{ id: '2024' }, { id: '2025' }] }],
  },
};
const full = {
  meta: { prepared: '2026-11-20T00:00:00Z' },
  data: {
    structures: [structure],
    dataSets: [{ structure: 0, action: 'Replace', series: { '0:0': { observations: { '0': [95000], '1': [101000] } }, '0:1': { observations: { '0': [450], '1': [520] } } } }],
  },
};
const answer = (prepared: string, dataSets: unknown[]) => ({ meta: { prepared }, data: { structures: [structure], dataSets } });

describe('SDMX Delete of a whole series or data set', () => {
  let t: TestDb;
  let server: Server;
  let url: string;
  let msg: unknown = full;
  const asked: string[] = [];
  const feed = () =>
    feedConfigSchema.parse({
      id: 'grdp',
      domain: 'economy',
      adapter: 'sdmx',
      url: `${url}/sdmx`,
      retries: 0,
      mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' }, valueMaps: { areaId: { VN70: '70' } } },
    });
  const rows = () => t.db.prepare(`SELECT indicator, period, source FROM observations ORDER BY indicator, period, source`).all();
  const watermark = () => t.db.prepare(`SELECT watermark FROM feed_state WHERE feed_id = 'grdp'`).pluck().get();

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(msg));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    await t?.close();
    t = testDb();
    msg = full;
    expect((await t.run(feed())).counts.inserted).toBe(4);
    // Another source's figure of the same indicator, another area: a feed's delete never reaches it.
    t.db
      .prepare(`INSERT INTO observations (indicator, area_id, period, domain, value, source, updated_at) VALUES ('FDI', '71', '2025', 'economy', 9, 'other', '2026-01-01T00:00:00Z')`)
      .run();
  });
  afterAll(() => t.close());

  it('a series with no observations deletes every period of it, counted; the watermark moves; the domain is announced', async () => {
    msg = answer('2026-11-21T00:00:00Z', [{ structure: 0, action: 'Delete', series: { '0:1': {} } }]);
    const r = await t.run(feed());
    expect(r.ok).toBe(true);
    expect(asked.at(-1)).toContain('updatedAfter=');
    expect(r.counts).toMatchObject({ fetched: 1, deleted: 2, quarantined: 0 });
    // The touched domain is what drops the kept view answers and tells the screens to redraw.
    expect(r.domains).toEqual(['economy']);
    expect(rows()).toEqual([
      { indicator: 'FDI', period: '2025', source: 'other' },
      { indicator: 'GRDP', period: '2024', source: 'grdp' },
      { indicator: 'GRDP', period: '2025', source: 'grdp' },
    ]);
    expect(watermark()).toBe('2026-11-21T00:00:00Z');
  });

  it('a series deleted and sent anew in the same message keeps the new figures', async () => {
    msg = answer('2026-11-21T00:00:00Z', [
      { structure: 0, action: 'Delete', series: { '0:1': { observations: {} } } },
      { structure: 0, action: 'Replace', series: { '0:1': { observations: { '1': [600] } } } },
    ]);
    const r = await t.run(feed());
    expect(r.counts).toMatchObject({ deleted: 2, inserted: 1 });
    expect(t.db.prepare(`SELECT period, value FROM observations WHERE indicator = 'FDI' AND source = 'grdp'`).all()).toEqual([{ period: '2025', value: 600 }]);
  });

  it('a Delete data set with nothing in it deletes this feed’s figures only; an operator’s and another source’s stay', async () => {
    t.db.prepare(`UPDATE observations SET manual = 1 WHERE indicator = 'GRDP' AND period = '2024'`).run();
    msg = answer('2026-11-22T00:00:00Z', [{ structure: 0, action: 'Delete' }]);
    const r = await t.run(feed());
    expect(r.counts).toMatchObject({ fetched: 1, deleted: 3 });
    expect(rows()).toEqual([
      { indicator: 'FDI', period: '2025', source: 'other' },
      { indicator: 'GRDP', period: '2024', source: 'grdp' },
    ]);
    expect(watermark()).toBe('2026-11-22T00:00:00Z');
  });

  it('a series key naming a value the structure does not list is refused, never widened to every area', async () => {
    msg = answer('2026-11-21T00:00:00Z', [{ structure: 0, action: 'Delete', series: { '5:1': {} } }]);
    const r = await t.run(feed());
    expect(r.counts).toMatchObject({ deleted: 0, quarantined: 1 });
    expect(t.count('observations')).toBe(5);
    // Malformed parts are no "nothing": not read as a whole series or a whole data set.
    for (const ds of [{ series: { '0:1': { observations: 5 } } }, { series: 5 }, { observations: [] }]) {
      msg = answer('2026-11-21T00:00:00Z', [{ structure: 0, action: 'Delete', ...ds }]);
      expect((await t.run(feed())).counts.deleted, JSON.stringify(ds)).toBe(0);
      expect(t.count('observations')).toBe(5);
    }
  });
});

describe('what a Delete above the observations names', () => {
  const f = feedConfigSchema.parse({
    id: 'f',
    domain: 'economy',
    adapter: 'sdmx',
    url: 'http://127.0.0.1/x',
    mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' }, valueMaps: { areaId: { VN70: '70' } } },
  });
  const parse = (dimensions: unknown, dataSet: unknown) =>
    sdmxToObservations(readSdmxMessage({ meta: { prepared: '2026-11-21T00:00:00Z' }, data: { structures: [{ dimensions }], dataSets: [dataSet] } }), f, '2026-11-21T00:00:00Z');

  it('a data set whose dimensions fix the area deletes that area only, every indicator and period', () => {
    const r = parse({ dataSet: [{ id: 'REF_AREA', values: [{ id: 'VN70' }] }], series: [{ id: 'INDICATOR', values: [{ id: 'GRDP' }] }], observation: [{ id: 'TIME_PERIOD', values: [{ id: '2025' }] }] }, { action: 'Delete' });
    expect(r.deletes).toEqual([{ areaId: '70' }]);
  });

  it('a series that fixes only part of a composed indicator is refused (the store matches whole indicators)', () => {
    const r = parse(
      {
        series: [{ id: 'REF_AREA', values: [{ id: 'VN70' }] }, { id: 'INDICATOR', values: [{ id: 'GRDP' }] }],
        observation: [{ id: 'PRICES', values: [{ id: 'CUR' }] }, { id: 'TIME_PERIOD', values: [{ id: '2025' }] }],
      },
      { action: 'Delete', series: { '0:0': {} } },
    );
    expect(r.deletes).toEqual([]);
    expect(r.quarantined.map((q) => q.reason)).toEqual(['Delete: the key fixes only part of the indicator']);
  });
});
