import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';

/**
 * An SDMX server that writes a data set's series in another order on each request (a JSON object's
 * member order means nothing), through the real engine, HTTP client and SQLite store. With "the
 * indicator's first unit in the message" as the reference, one run stored the USD figures and the
 * next the VND ones, so the store held GRDP in two currencies, which the unit check exists to
 * prevent. The reference is the unit most of the indicator's figures in the message are in.
 */

const series = {
  '0:0': { attributes: [0], observations: { '0': [95_000], '1': [101_000] } },
  '1:0': { attributes: [0], observations: { '0': [40_000], '1': [42_000] } },
  '2:0': { attributes: [1], observations: { '0': [3_900], '1': [4_100] } },
};
const message = (reverse: boolean) => ({
  meta: { prepared: '2026-11-20T00:00:00Z' },
  data: {
    structures: [
      {
        dimensions: {
          series: [
            { id: 'REF_AREA', keyPosition: 0, values: [{ id: 'VN70' }, { id: 'VN71' }, { id: 'VN72' }] },
            { id: 'INDICATOR', keyPosition: 1, values: [{ id: 'GRDP' }] },
          ],
          observation: [{ id: 'TIME_PERIOD', keyPosition: 2, values: [{ id: '2024' }, { id: '2025' }] }],
        },
        attributes: { series: [{ id: 'UNIT_MEASURE', values: [{ id: 'VND' }, { id: 'USD' }] }] },
      },
    ],
    dataSets: [{ structure: 0, action: 'Replace', series: Object.fromEntries(reverse ? Object.entries(series).reverse() : Object.entries(series)) }],
  },
});

describe('SDMX series in another order on each request, no options.unitMeasure', () => {
  let t: TestDb;
  let server: Server;
  let url: string;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/vnd.sdmx.data+json; version=2.0.0');
      // First request: VN72 (USD) first; second: the VND series first.
      res.end(JSON.stringify(message(requests++ % 2 === 0)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = testDb();
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('two runs store one currency: the figures in the unit most of the indicator is in, each time', async () => {
    const feed = feedConfigSchema.parse({
      id: 'grdp',
      domain: 'economy',
      adapter: 'sdmx',
      url: `${url}/sdmx`,
      retries: 0,
      mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' }, valueMaps: { areaId: { VN70: '70', VN71: '71', VN72: '72' } } },
    });
    const runs = [await t.run(feed), await t.run(feed)];
    // The store: VND figures only (with the first unit as reference: 70, 71 and 72, USD stored by the first run).
    expect(t.db.prepare(`SELECT DISTINCT area_id FROM observations WHERE indicator = 'GRDP' ORDER BY area_id`).pluck().all()).toEqual(['70', '71']);
    for (const r of runs) expect(r.counts).toMatchObject({ fetched: 6, quarantined: 2 });
  });
});
