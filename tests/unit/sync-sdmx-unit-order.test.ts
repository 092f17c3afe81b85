import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedConfigSchema, type FeedConfigInput, type FeedOf } from '../../sync/feeds/config';
import { readSdmxMessage, sdmxToObservations } from '../../sync/adapters/sdmx';
import { SDMX_SAMPLES, sdmxFeed, vnAreas } from './support/sdmx-feed';

/**
 * SDMX UNIT_MEASURE and UNIT_MULT without the feed's option: which unit or scale of an indicator is
 * the reference must not depend on the order the server lists its series and observations in.
 * SDMX-JSON series and observations are JSON objects keyed by index: a server (or a cache, or a
 * proxy re-serialising) may write them in any order, and with "the first unit in the message" as
 * the reference the stored figures alternated between currencies (or scales), and across two runs
 * the store held both. The reference is the unit (scale) most of the indicator's figures in the
 * message declare; a tie goes to the unit code that sorts first, the smaller power of ten.
 */

const NOW = '2026-01-01T00:00:00Z';
const AREAS = ['VN70', 'VN71', 'VN72'];
const feed = (options: Record<string, unknown> = {}) => sdmxFeed(vnAreas(AREAS), { options } as Partial<FeedConfigInput>);

type Series = Record<string, { attributes?: unknown[]; observations: Record<string, unknown[]> }>;
const UNIT = { id: 'UNIT_MEASURE', values: [{ id: 'VND' }, { id: 'USD' }] };
const MULT = { id: 'UNIT_MULT', values: [{ id: '6' }, { id: '9' }, { id: '10' }] };
/** SDMX-JSON 2.x: GRDP by area, its series attributes `attrs` (by default UNIT_MEASURE: VND 0, USD 1). */
const message = (series: Series, attrs: unknown[] = [UNIT]) => ({
  meta: { prepared: '2026-11-20T00:00:00Z' },
  data: {
    structures: [
      {
        dimensions: {
          series: [
            { id: 'REF_AREA', keyPosition: 0, values: AREAS.map((id) => ({ id })) },
            { id: 'INDICATOR', keyPosition: 1, values: [{ id: 'GRDP' }] },
          ],
          observation: [{ id: 'TIME_PERIOD', keyPosition: 2, values: [{ id: '2024' }, { id: '2025' }] }],
        },
        attributes: { series: attrs },
      },
    ],
    dataSets: [{ structure: 0, action: 'Replace', series }] as unknown[],
  },
});
/** The same series, written in the reverse order (as another request may get them). */
const reversed = (s: Series): Series => Object.fromEntries(Object.entries(s).reverse());
const parse = (m: unknown, f = feed()) => sdmxToObservations(readSdmxMessage(m), f, NOW);
const kept = (r: ReturnType<typeof sdmxToObservations>) => r.observations.map((o) => `${o.indicator}|${o.areaId}|${o.period}`).sort();
const held = (r: ReturnType<typeof sdmxToObservations>) => r.quarantined.map((q) => q.externalId).sort();
const reasons = (r: ReturnType<typeof sdmxToObservations>) => r.quarantined.map((q) => [q.externalId, q.reason] as const).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));

describe('SDMX UNIT_MEASURE reference without options.unitMeasure: the order of the series changes nothing', () => {
  // VN70 and VN71 in VND (4 figures), VN72 in USD (2 figures).
  const series: Series = {
    '0:0': { attributes: [0], observations: { '0': [95_000], '1': [101_000] } },
    '1:0': { attributes: [0], observations: { '0': [40_000], '1': [42_000] } },
    '2:0': { attributes: [1], observations: { '0': [3_900], '1': [4_100] } },
  };

  it('the same figures in another order keep the same figures and quarantine the minority unit’s, word for word', () => {
    const a = parse(message(series));
    const b = parse(message(reversed(series)));
    expect(kept(b)).toEqual(kept(a));
    expect(reasons(b)).toEqual(reasons(a));
    // The odd unit out is the one quarantined, whatever the order.
    expect(held(b)).toEqual(['2:0/0', '2:0/1']);
    expect(b.quarantined[0]!.reason).toMatch(/^UNIT_MEASURE: USD differs from VND, the unit most of this indicator's observations in the message are in;/);
  });

  it('one series whose periods the structure lists in another order (keys are indexes, read in index order): the same figures kept', () => {
    // The unit at observation level: 2024 in USD, 2025 and 2026 in VND.
    const figures: Record<string, [number, number]> = { '2024': [3_900, 1], '2025': [101_000, 0], '2026': [104_000, 0] };
    const m = (periods: string[]) => {
      const x = message({ '0:0': { observations: Object.fromEntries(periods.map((p, i) => [String(i), figures[p]!])) } }, []);
      const st = x.data.structures[0]!;
      (st.attributes as Record<string, unknown>).observation = [UNIT];
      st.dimensions.observation[0]!.values = periods.map((id) => ({ id }));
      return x;
    };
    const a = parse(m(['2024', '2025', '2026']));
    const b = parse(m(['2026', '2025', '2024']));
    expect(kept(b)).toEqual(kept(a));
    expect(kept(a)).toEqual(['GRDP|70|2025', 'GRDP|70|2026']);
  });

  it('a tie goes to the code that sorts first (USD before VND), in either order', () => {
    const tie: Series = { '0:0': { attributes: [0], observations: { '0': [95_000] } }, '2:0': { attributes: [1], observations: { '0': [3_900] } } };
    const a = parse(message(tie));
    const b = parse(message(reversed(tie)));
    expect(kept(b)).toEqual(kept(a));
    expect(reasons(b)).toEqual(reasons(a));
    expect(kept(a)).toEqual(['GRDP|72|2024']);
    expect(a.quarantined[0]!.reason).toMatch(/^UNIT_MEASURE: VND differs from USD,/);
  });

  it('a Delete after figures dropped for their unit still deletes exactly what it names, and what is sent again after it stays', () => {
    const m = message({ '2:0': series['2:0']!, '0:0': series['0:0']! });
    // Then: a Delete of VN71 2024, then VN71 sent again (2024 and 2025). VN72's USD figures, sent before the Delete, are dropped for their unit.
    m.data.dataSets.push({ structure: 0, action: 'Delete', series: { '1:0': { observations: { '0': [] } } } });
    m.data.dataSets.push({ structure: 0, action: 'Replace', series: { '1:0': series['1:0']! } });
    const r = parse(m);
    expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'GRDP|71|2024', 'GRDP|71|2025']);
    expect(r.deletes).toEqual([{ indicator: 'GRDP', areaId: '71', period: '2024' }]);
    expect(held(r)).toEqual(['2:0/0', '2:0/1']);
  });
});

describe('SDMX UNIT_MULT reference without options.unitMult: the order of the series changes nothing', () => {
  // UNIT_MULT a series attribute: 6 (0), 9 (1), 10 (2). VN70 and VN71 in millions (3 figures), VN72 in billions (1).
  const series: Series = {
    '0:0': { attributes: [0], observations: { '0': [95_000], '1': [101_000] } },
    '1:0': { attributes: [0], observations: { '0': [40_000] } },
    '2:0': { attributes: [1], observations: { '0': [3.9] } },
  };

  it('the same figures in another order keep the same figures and quarantine the minority scale’s, word for word', () => {
    const a = parse(message(series, [MULT]));
    const b = parse(message(reversed(series), [MULT]));
    expect(kept(b)).toEqual(kept(a));
    expect(reasons(b)).toEqual(reasons(a));
    // Before: the series first in the message gave the reference, so reversed, VN72's scale was kept and the three others quarantined.
    expect(kept(b)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'GRDP|71|2024']);
    expect(reasons(b)).toEqual([
      ['2:0/0', "UNIT_MULT: 9 differs from 6, the scale most of this indicator's observations in the message are in; mixed scales would chart wrong — set options.unitMult to the power of ten the catalog's unit is in"],
    ]);
  });

  it('a tie goes to the smaller power of ten (compared as numbers, 9 before 10), in either order; a figure with no UNIT_MULT loses a tie to one with a power', () => {
    const tie = (x: number, y: number): Series => ({ '0:0': { attributes: [x], observations: { '0': [95_000] } }, '2:0': { attributes: [y], observations: { '0': [3.9] } } });
    for (const [x, y, keptArea, why] of [
      [0, 1, '70', /^UNIT_MULT: 9 differs from 6,/], // 6 before 9
      [2, 1, '72', /^UNIT_MULT: 10 differs from 9,/], // 9 before 10, though "10" sorts before "9" as text
      [null, 0, '72', /^UNIT_MULT: none differs from 6,/], // a power before none
    ] as const) {
      const a = parse(message(tie(x as number, y), [MULT]));
      const b = parse(message(reversed(tie(x as number, y)), [MULT]));
      expect(kept(a), `${x} ${y}`).toEqual([`GRDP|${keptArea}|2024`]);
      expect(kept(b), `${x} ${y}`).toEqual(kept(a));
      expect(reasons(b)).toEqual(reasons(a));
      expect(a.quarantined[0]!.reason).toMatch(why);
    }
  });

  it('a Delete after figures dropped for their scale still deletes exactly what it names, and what is sent again after it stays', () => {
    const m = message({ '2:0': { attributes: [1], observations: { '0': [3.9], '1': [4.1] } }, '0:0': series['0:0']! }, [MULT]);
    // Then: a Delete of VN71 2024, then VN71 sent again in millions. VN72's figures in billions, sent before the Delete, are dropped for their scale.
    m.data.dataSets.push({ structure: 0, action: 'Delete', series: { '1:0': { observations: { '0': [] } } } });
    m.data.dataSets.push({ structure: 0, action: 'Replace', series: { '1:0': { attributes: [0], observations: { '0': [40_000], '1': [42_000] } } } });
    const r = parse(m);
    expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'GRDP|71|2024', 'GRDP|71|2025']);
    expect(r.deletes).toEqual([{ indicator: 'GRDP', areaId: '71', period: '2024' }]);
    expect(held(r)).toEqual(['2:0/0', '2:0/1']);
  });

  it('the scale is judged among the figures kept for their unit: a figure quarantined for its unit does not vote for a scale', () => {
    // [UNIT_MEASURE, UNIT_MULT]: VN70 VND millions (2), VN71 VND billions (1), VN72 USD billions (2).
    // Unit: VND (3) over USD (2). Scale among the VND figures: millions (2) over billions (1) — counting the USD ones, billions would win.
    const s: Series = {
      '0:0': { attributes: [0, 0], observations: { '0': [95_000], '1': [101_000] } },
      '1:0': { attributes: [0, 1], observations: { '0': [40] } },
      '2:0': { attributes: [1, 1], observations: { '0': [3.9], '1': [4.1] } },
    };
    for (const order of [s, reversed(s)]) {
      const r = parse(message(order, [UNIT, MULT]));
      expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|70|2025']);
      expect(reasons(r)).toEqual([
        ['1:0/0', expect.stringMatching(/^UNIT_MULT: 9 differs from 6,/)],
        ['2:0/0', expect.stringMatching(/^UNIT_MEASURE: USD differs from VND,/)],
        ['2:0/1', expect.stringMatching(/^UNIT_MEASURE: USD differs from VND,/)],
      ]);
    }
  });
});

describe('the real samples (tests/fixtures/sync/sdmx) without the options', () => {
  const dir = SDMX_SAMPLES;
  const plain = feedConfigSchema.parse({
    id: 'f',
    domain: 'economy',
    adapter: 'sdmx',
    url: 'http://127.0.0.1/x',
    mapping: { kind: 'observation', constants: { areaId: '70' } },
  }) as FeedOf<'sdmx'>;

  it('no sample is quarantined for its unit or scale (no false positive on correct data)', () => {
    for (const v of ['v1.0', 'v2.1']) {
      for (const f of readdirSync(join(dir, v))) {
        const r = parse(JSON.parse(readFileSync(join(dir, v, f), 'utf8')), plain);
        expect(r.quarantined.filter((q) => q.reason.startsWith('UNIT_')), `${v}/${f}`).toEqual([]);
      }
    }
  });
});
