import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UNIT_REFS, readSdmxMark, readSdmxMessage, sdmxMark, sdmxToObservations, type UnitRefs } from '../../sync/adapters/sdmx';
import { testDb, type TestDb } from './sync/helpers';
import { useRouteServer } from './sync/route-server';
import type { FeedConfigInput } from '../../sync/feeds/config';
import { sdmxFeed } from '../unit/support/sdmx-feed';

/**
 * SDMX UNIT_MEASURE and UNIT_MULT across runs, through a real HTTP server, the real engine and the
 * SQLite store. Without the feed's option, the reference of an indicator within one message is the
 * unit (scale) most of its figures declare; but an incremental message, or a server that one day
 * sends only its USD series where it sent VND, holds only the other unit's figures, and they are
 * the majority of that message. The stored figures are in the unit they came in: that is the
 * reference for an indicator that already has stored figures, kept with the feed's watermark.
 */

const source = useRouteServer();
/** What the server sends; every request's query is kept. */
let body: unknown;
const asked: string[] = [];
let t: TestDb;
beforeEach(() => {
  t = testDb();
  asked.length = 0;
  source.routes.set('/sdmx', (req, res) => {
    asked.push(new URL(req.url!, 'http://x').search);
    res.setHeader('content-type', 'application/vnd.sdmx.data+json; version=2.0.0');
    res.end(JSON.stringify(body));
  });
});
afterEach(() => t.close());

const UNITS = ['VND', 'USD'];
const MULTS = ['9', '6'];
/**
 * SDMX-JSON 2.x: GRDP of VN70 and VN71, 2024 and 2025, every series with the unit and scale given
 * (series attributes UNIT_MEASURE, UNIT_MULT); `dataSets` before it (a Delete) when given.
 */
const message = (prepared: string, series: Record<string, { unit: string; mult?: string; values: number[] }>, before: unknown[] = []) => ({
  meta: { prepared },
  data: {
    structures: [
      {
        dimensions: {
          series: [
            { id: 'REF_AREA', keyPosition: 0, values: [{ id: 'VN70' }, { id: 'VN71' }] },
            { id: 'INDICATOR', keyPosition: 1, values: [{ id: 'GRDP' }] },
          ],
          observation: [{ id: 'TIME_PERIOD', keyPosition: 2, values: [{ id: '2024' }, { id: '2025' }] }],
        },
        attributes: {
          series: [
            { id: 'UNIT_MEASURE', values: UNITS.map((id) => ({ id })) },
            { id: 'UNIT_MULT', values: MULTS.map((id) => ({ id })) },
          ],
        },
      },
    ],
    dataSets: [
      ...before,
      {
        structure: 0,
        action: 'Replace',
        series: Object.fromEntries(
          Object.entries(series).map(([k, s]) => [
            k,
            { attributes: [UNITS.indexOf(s.unit), MULTS.indexOf(s.mult ?? '9')], observations: Object.fromEntries(s.values.map((v, i) => [String(i), [v]])) },
          ]),
        ),
      },
    ],
  },
});
const feed = (options: Record<string, unknown> = {}) =>
  sdmxFeed({ VN70: '70', VN71: '71' }, { id: 'grdp', url: `${source.base}/sdmx`, retries: 0, options } as Partial<FeedConfigInput>);
const stored = () => t.db.prepare(`SELECT area_id AS area, period, value FROM observations WHERE indicator = 'GRDP' ORDER BY area_id, period`).all();
const quarantine = () => t.db.prepare(`SELECT external_id AS id, reason, count FROM quarantine WHERE feed_id = 'grdp' ORDER BY external_id`).all() as { id: string; reason: string; count: number }[];

/** Run 1: both areas in VND, tỷ (10^9). */
const VND = message('2026-11-20T00:00:00Z', { '0:0': { unit: 'VND', values: [95_000, 101_000] }, '1:0': { unit: 'VND', values: [40_000, 42_000] } });
const VND_ROWS = [
  { area: '70', period: '2024', value: 95_000 },
  { area: '70', period: '2025', value: 101_000 },
  { area: '71', period: '2024', value: 40_000 },
  { area: '71', period: '2025', value: 42_000 },
];

describe('an indicator with stored figures keeps the unit they came in', () => {
  it('run 1 in VND, run 2 only the USD series: the USD figures are quarantined, the VND ones stay, the advice says what to do', async () => {
    body = VND;
    const first = await t.run(feed());
    expect(first.ok, first.error?.en).toBe(true);
    expect(stored()).toEqual(VND_ROWS);

    // What changed since: the server now publishes GRDP in USD (millions), and only that.
    body = message('2026-11-21T00:00:00Z', { '0:0': { unit: 'USD', mult: '6', values: [3_900, 4_100] } });
    const second = await t.run(feed());
    expect(second.ok, second.error?.en).toBe(true);
    expect(asked[1]).toContain('updatedAfter=2026-11-20T00%3A00%3A00Z');
    // Before: { inserted: 0, updated: 2 }, the VND figures of VN70 overwritten with 3,900 and 4,100.
    expect(second.counts).toMatchObject({ fetched: 2, updated: 0, quarantined: 2 });
    expect(stored()).toEqual(VND_ROWS);
    const rows = quarantine();
    expect(rows.map((q) => [q.id, q.count])).toEqual([
      ['0:0/0', 1],
      ['0:0/1', 1],
    ]);
    for (const q of rows) {
      expect(q.reason).toMatch(/^UNIT_MEASURE: USD where this feed's stored GRDP figures are in VND/);
      expect(q.reason).toContain('options.unitMeasure');
    }

    // The same answer again is the same rows counted again; VND figures of the next revision are stored.
    const third = await t.run(feed());
    expect(third.counts).toMatchObject({ quarantined: 2 });
    expect(quarantine().map((q) => q.count)).toEqual([2, 2]);
    body = message('2026-11-22T00:00:00Z', { '1:0': { unit: 'VND', values: [40_500, 42_500] } });
    const fourth = await t.run(feed());
    expect(fourth.counts).toMatchObject({ fetched: 2, updated: 2, quarantined: 0 });
  });

  it('a scale changed between runs is held the same way (UNIT_MULT 9 stored, a message only in 6)', async () => {
    body = VND;
    expect((await t.run(feed())).ok).toBe(true);
    body = message('2026-11-21T00:00:00Z', { '0:0': { unit: 'VND', mult: '6', values: [95_000_000, 101_000_000] } });
    const second = await t.run(feed());
    expect(second.counts).toMatchObject({ fetched: 2, updated: 0, quarantined: 2 });
    expect(stored()).toEqual(VND_ROWS);
    for (const q of quarantine()) expect(q.reason).toMatch(/^UNIT_MULT: 6 where this feed's stored GRDP figures are in 9 .*options\.unitMult/);
  });

  it('a feed with options.unitMeasure keeps to it: USD figures are stored when the option says USD', async () => {
    body = VND;
    const first = await t.run(feed({ unitMeasure: 'USD', unitMult: 6 }));
    expect(first.counts).toMatchObject({ inserted: 0, quarantined: 4 });
    body = message('2026-11-21T00:00:00Z', { '0:0': { unit: 'USD', mult: '6', values: [3_900, 4_100] } });
    const second = await t.run(feed({ unitMeasure: 'USD', unitMult: 6 }));
    expect(second.counts).toMatchObject({ inserted: 2, quarantined: 0 });
    expect(stored()).toEqual([
      { area: '70', period: '2024', value: 3_900 },
      { area: '70', period: '2025', value: 4_100 },
    ]);
  });

  it('a message that deletes the whole data set first may send the indicator anew in another unit', async () => {
    body = VND;
    expect((await t.run(feed())).ok).toBe(true);
    body = message('2026-11-21T00:00:00Z', { '0:0': { unit: 'USD', mult: '6', values: [3_900, 4_100] } }, [{ structure: 0, action: 'Delete' }]);
    const second = await t.run(feed());
    expect(second.counts).toMatchObject({ deleted: 4, inserted: 2, quarantined: 0 });
    expect(stored()).toEqual([
      { area: '70', period: '2024', value: 3_900 },
      { area: '70', period: '2025', value: 4_100 },
    ]);
    // From now on USD is what is stored: a VND message is held.
    body = message('2026-11-22T00:00:00Z', { '1:0': { unit: 'VND', values: [40_000, 42_000] } });
    expect((await t.run(feed())).counts).toMatchObject({ inserted: 0, quarantined: 2 });
  });

  it('a feed whose figures declare no unit keeps its watermark a plain time, as before', async () => {
    body = { ...VND, data: { ...VND.data, structures: [{ ...VND.data.structures[0], attributes: {} }] } };
    expect((await t.run(feed())).counts).toMatchObject({ inserted: 4 });
    expect(t.store.getFeedState('grdp').watermark).toBe('2026-11-20T00:00:00Z');
  });
});

describe('the SDMX watermark with the references', () => {
  it('reads a plain time (every watermark before references were kept) as the time and no references, and writes one back while there are none', () => {
    expect(readSdmxMark('2026-11-20T00:00:00Z')).toEqual({ since: '2026-11-20T00:00:00Z', units: {} });
    expect(readSdmxMark(null)).toEqual({ since: null, units: {} });
    expect(sdmxMark('2026-11-20T00:00:00Z', {})).toBe('2026-11-20T00:00:00Z');
  });

  it('round-trips references, "none" scales and an indicator named __proto__; reads broken JSON as nothing known', () => {
    const units = JSON.parse('{"GRDP":{"unit":"VND","mult":"9"},"CPI":{"mult":null},"__proto__":{"unit":"PT"}}') as UnitRefs;
    const back = readSdmxMark(sdmxMark('2026-11-20T00:00:00Z', units));
    expect(back.since).toBe('2026-11-20T00:00:00Z');
    expect(Object.entries(back.units)).toEqual([
      ['GRDP', { unit: 'VND', mult: '9' }],
      ['CPI', { mult: null }],
      ['__proto__', { unit: 'PT' }],
    ]);
    expect(readSdmxMark('{"updatedAfter":')).toEqual({ since: null, units: {} });
    expect(readSdmxMark('{"updatedAfter":7,"units":[1]}')).toEqual({ since: null, units: {} });
  });

  it('a state kept before references (a plain time) goes on incrementally and records the unit of what it stores', async () => {
    body = VND;
    expect((await t.run(feed())).ok).toBe(true);
    t.store.setFeedState({ ...t.store.getFeedState('grdp'), watermark: '2026-11-19T00:00:00Z' });
    const r = await t.run(feed());
    expect(r.ok).toBe(true);
    expect(asked[1]).toContain('updatedAfter=2026-11-19T00%3A00%3A00Z');
    expect(readSdmxMark(t.store.getFeedState('grdp').watermark).units).toEqual({ GRDP: { unit: 'VND', mult: '9' } });
  });

  it(`keeps at most ${MAX_UNIT_REFS} indicators' references: past them, a new indicator is judged by its message alone`, () => {
    const full = Object.fromEntries(Array.from({ length: MAX_UNIT_REFS }, (_, i) => [`X${i}`, { unit: 'VND' }])) as UnitRefs;
    const r = sdmxToObservations(readSdmxMessage(VND), feed(), '2026-11-20T00:00:00Z', full);
    expect(r.observations).toHaveLength(4);
    expect(Object.keys(r.units)).toHaveLength(MAX_UNIT_REFS);
    expect(Object.hasOwn(r.units, 'GRDP')).toBe(false);
  });
});
