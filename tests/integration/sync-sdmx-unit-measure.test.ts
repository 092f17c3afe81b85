import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDb, type TestDb } from './sync/helpers';
import { useRouteServer } from './sync/route-server';
import { sdmxFeed } from '../unit/support/sdmx-feed';

/**
 * SDMX UNIT_MEASURE through the real engine, HTTP client and SQLite store: a message that gives one
 * indicator in two units stores the figures in the unit most of them are in and quarantines the
 * others; a second run of the same message counts the same quarantine rows again instead of adding
 * rows; and a server that writes the series in another order on each request (a JSON object's member
 * order means nothing) stores the same figures every time. With "the indicator's first unit in the
 * message" as the reference, one run stored the USD figures and the next the VND ones.
 */

/** SDMX-JSON 2.x: GRDP of VN70 and VN71 in VND, GRDP of VN72 in USD (series attribute), 2024 and 2025. */
const series = {
  '0:0': { attributes: [0], observations: { '0': [95_000], '1': [101_000] } },
  '1:0': { attributes: [0], observations: { '0': [40_000], '1': [42_000] } },
  '2:0': { attributes: [1], observations: { '0': [3_900], '1': [4_100] } },
};
const message = (reverse = false) => ({
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
        attributes: { series: [{ id: 'UNIT_MEASURE', relationship: { dimensions: ['REF_AREA', 'INDICATOR'] }, values: [{ id: 'VND' }, { id: 'USD' }] }] },
      },
    ],
    dataSets: [{ structure: 0, action: 'Replace', series: Object.fromEntries(reverse ? Object.entries(series).reverse() : Object.entries(series)) }],
  },
});

const source = useRouteServer();
let t: TestDb;
beforeEach(() => {
  t = testDb();
});
afterEach(() => t.close());

const grdp = () => sdmxFeed({ VN70: '70', VN71: '71', VN72: '72' }, { id: 'grdp', url: `${source.base}/sdmx`, retries: 0 });
const answer = (reverse: () => boolean) =>
  source.routes.set('/sdmx', (_req, res) => {
    res.setHeader('content-type', 'application/vnd.sdmx.data+json; version=2.0.0');
    res.end(JSON.stringify(message(reverse())));
  });

describe('SDMX observations of one indicator in two units', () => {
  it('stores the figures in the unit most are in, quarantines the other unit’s, and counts them again on the next run without new rows', async () => {
    answer(() => false);
    const feed = grdp();
    const first = await t.run(feed);
    expect(first.ok).toBe(true);
    expect(first.counts).toMatchObject({ fetched: 6, inserted: 4, quarantined: 2 });
    expect(t.db.prepare(`SELECT area_id, period, value FROM observations WHERE indicator = 'GRDP' ORDER BY area_id, period`).all()).toEqual([
      { area_id: '70', period: '2024', value: 95_000 },
      { area_id: '70', period: '2025', value: 101_000 },
      { area_id: '71', period: '2024', value: 40_000 },
      { area_id: '71', period: '2025', value: 42_000 },
    ]);
    const quarantine = () => t.db.prepare(`SELECT external_id, reason, count FROM quarantine WHERE feed_id = 'grdp' ORDER BY external_id`).all() as { external_id: string; reason: string; count: number }[];
    const rows = quarantine();
    expect(rows.map((q) => [q.external_id, q.count])).toEqual([
      ['2:0/0', 1],
      ['2:0/1', 1],
    ]);
    for (const q of rows) expect(q.reason).toMatch(/^UNIT_MEASURE: USD differs from VND, the unit most of this indicator's observations in the message are in; .*set options\.unitMeasure/);

    // The same message again (updatedAfter asks, the server answers the same): the rows are counted, not added.
    const second = await t.run(feed);
    expect(second.counts).toMatchObject({ quarantined: 2 });
    expect(quarantine()).toEqual(rows.map((q) => ({ ...q, count: 2 })));
  });

  it('two runs store one currency when the server writes the series in another order each time', async () => {
    let requests = 0;
    // First request: VN72 (USD) first; second: the VND series first.
    answer(() => requests++ % 2 === 0);
    const feed = grdp();
    const runs = [await t.run(feed), await t.run(feed)];
    // VND figures only (with the first unit as reference: 70, 71 and 72, USD stored by the first run).
    expect(t.db.prepare(`SELECT DISTINCT area_id FROM observations WHERE indicator = 'GRDP' ORDER BY area_id`).pluck().all()).toEqual(['70', '71']);
    for (const r of runs) expect(r.counts).toMatchObject({ fetched: 6, quarantined: 2 });
  });
});
