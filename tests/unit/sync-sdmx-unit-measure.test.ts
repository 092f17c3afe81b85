import { describe, expect, it } from 'vitest';
import { feedConfigSchema, type FeedConfigInput, type FeedOf } from '../../sync/feeds/config';
import { readSdmxMessage, sdmxToObservations } from '../../sync/adapters/sdmx';
import { sdmxFeed, sdmxSample, vnAreas } from './support/sdmx-feed';

/**
 * SDMX UNIT_MEASURE (the unit a figure is in: VND, USD, PT…): read at observation, series,
 * dimension group and data set level; a figure in another unit than the feed's configured one is
 * quarantined, never charted as the same quantity; without a configured unit, an indicator's figures
 * in another unit than most of its figures in the message are quarantined.
 */

const NOW = '2026-01-01T00:00:00Z';
const fixture = sdmxSample;
const AREAS = ['VN70', 'VN71', 'VN72', 'VN73', 'VN74', 'VN75', 'VN76', 'VN77'];
const feed = (f: Partial<FeedConfigInput> = {}) => sdmxFeed({ ...vnAreas(AREAS), ASIKHM001: '689', ASIKHM002: '690' }, f);
const parse = (m: unknown, f = feed()) => sdmxToObservations(readSdmxMessage(m), f, NOW);
const kept = (r: ReturnType<typeof sdmxToObservations>) => r.observations.map((o) => `${o.indicator}|${o.areaId}|${o.period}`);
const reasons = (r: ReturnType<typeof sdmxToObservations>) => r.quarantined.map((q) => [q.externalId, q.reason]);

type Series = Record<string, { attributes?: unknown[]; observations: Record<string, unknown[]> }>;
/**
 * SDMX-JSON 1.0, series keyed REF_AREA:INDICATOR (GRDP, FDI). UNIT_MEASURE at series level and
 * at observation level (after OBS_STATUS), each listing VND (0) and USD (1) unless `listed` is
 * false (2.x uncoded attributes: the values are written in place).
 */
const message = (series: Series, listed = true) => {
  const unit = listed ? { id: 'UNIT_MEASURE', values: [{ id: 'VND', name: 'Vietnamese dong' }, { id: 'USD', name: 'US dollar' }] } : { id: 'UNIT_MEASURE' };
  return {
    header: { prepared: '2026-11-20T00:00:00Z' },
    structure: {
      dimensions: {
        series: [
          { id: 'REF_AREA', values: AREAS.map((id) => ({ id })) },
          { id: 'INDICATOR', values: [{ id: 'GRDP' }, { id: 'FDI' }] },
        ],
        observation: [{ id: 'TIME_PERIOD', values: [{ id: '2024' }, { id: '2025' }] }],
      },
      attributes: { dataSet: [], series: [unit], observation: [{ id: 'OBS_STATUS', values: [{ id: 'A' }] }, unit] },
    },
    dataSets: [{ action: 'Replace', series }],
  };
};
/** GRDP of VN70 in VND, FDI of VN70 in USD (series attributes); FDI 2025 says VND itself (observation attribute). */
const grdpVndFdiUsd = () =>
  message({
    '0:0': { attributes: [0], observations: { '0': [95_000, 0], '1': [101_000] } },
    '0:1': { attributes: [1], observations: { '0': [450, 0, null], '1': [11_700_000, 0, 0] } },
  });

describe('SDMX UNIT_MEASURE with options.unitMeasure', () => {
  it('quarantines a figure in another unit than the configured one, naming what was found, what is expected and what to change', () => {
    const r = parse(grdpVndFdiUsd(), feed({ options: { unitMeasure: 'VND' } }));
    // FDI 2025 says VND at observation level, over its series' USD: stored. FDI 2024 is in USD.
    expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'FDI|70|2025']);
    expect(reasons(r)).toEqual([['0:1/0', expect.stringMatching(/^UNIT_MEASURE: USD where options\.unitMeasure expects VND for FDI;.*set options\.unitMeasure/)]]);
  });

  it('by indicator: each indicator against its own unit; one the map leaves out is checked against the unit most of its figures in the message are in', () => {
    const both = parse(grdpVndFdiUsd(), feed({ options: { unitMeasure: { GRDP: 'VND', FDI: 'USD' } } }));
    expect(kept(both)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'FDI|70|2024']);
    expect(reasons(both)).toEqual([['0:1/1', expect.stringMatching(/^UNIT_MEASURE: VND where options\.unitMeasure expects USD for FDI/)]]);
    // FDI not in the map: one figure in USD, one in VND, a tie broken by the codes (USD sorts first): its VND figure differs.
    const grdpOnly = parse(grdpVndFdiUsd(), feed({ options: { unitMeasure: { GRDP: 'USD' } } }));
    expect(kept(grdpOnly)).toEqual(['FDI|70|2024']);
    expect(reasons(grdpOnly).map(([k]) => k)).toEqual(['0:0/0', '0:0/1', '0:1/1']);
  });

  it('a figure that declares no unit at any level is stored (most data sets declare none)', () => {
    const m = message({ '0:0': { observations: { '0': [95_000], '1': [101_000, 0, null] } }, '1:0': { attributes: [null], observations: { '0': [40_000] } } });
    const r = parse(m, feed({ options: { unitMeasure: 'USD' } }));
    expect(r.quarantined).toEqual([]);
    expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'GRDP|71|2024']);
    // The same figures with a unit are checked: the option is read, not ignored.
    expect(kept(parse(message({ '0:0': { attributes: [0], observations: { '0': [95_000] } } }), feed({ options: { unitMeasure: 'USD' } })))).toEqual([]);
  });

  it('data set level: 1.0 in the structure only, 2.x through the data set’s attribute indexes (the agri samples, TONES)', () => {
    for (const v of ['v1.0', 'v2.1']) {
      const ok = parse(fixture(`${v}/agri.json`), feed({ options: { unitMeasure: 'TONES' } }));
      expect(ok.quarantined, v).toEqual([]);
      expect(ok.observations.length, v).toBeGreaterThan(0);
      const other = parse(fixture(`${v}/agri.json`), feed({ options: { unitMeasure: 'TONNE' } }));
      expect(other.observations, v).toEqual([]);
      expect(new Set(other.quarantined.map((q) => q.reason)), v).toEqual(new Set([expect.stringMatching(/^UNIT_MEASURE: TONES where options\.unitMeasure expects TONNE for /)]));
    }
  });

  it('codes are compared exactly once trimmed: spaces around a code are no other unit, a change of case is', () => {
    const m = message({ '0:0': { attributes: [' VND\n'], observations: { '0': [95_000] } }, '1:0': { attributes: ['vnd'], observations: { '0': [40_000] } } }, false);
    const r = parse(m, feed({ options: { unitMeasure: ' VND ' } }));
    expect(kept(r)).toEqual(['GRDP|70|2024']);
    expect(reasons(r)).toEqual([['1:0/0', expect.stringMatching(/^UNIT_MEASURE: vnd where options\.unitMeasure expects VND for GRDP \(only the case differs: SDMX codes are case-sensitive\)/)]]);
  });

  it('a value that is there but is no unit code is quarantined with the value quoted; null and empty text are no unit', () => {
    const odd: unknown[] = [42, { en: 'Vietnamese dong' }, ['VND', 'USD'], 'V'.repeat(65), true];
    const series: Series = Object.fromEntries(odd.map((v, i) => [`${i}:0`, { attributes: [v], observations: { '0': [1000 + i] } }]));
    series['5:0'] = { attributes: [null], observations: { '0': [2000] } };
    series['6:0'] = { attributes: ['  '], observations: { '0': [3000] } };
    const r = parse(message(series, false), feed({ options: { unitMeasure: 'VND' } }));
    expect(kept(r)).toEqual(['GRDP|75|2024', 'GRDP|76|2024']);
    expect(reasons(r)).toEqual([
      ['0:0/0', expect.stringMatching(/^UNIT_MEASURE: 42 is not a unit code, so the unit of this figure is unknown/)],
      ['1:0/0', expect.stringMatching(/^UNIT_MEASURE: \{"en":"Vietnamese dong"\} is not a unit code/)],
      ['2:0/0', expect.stringMatching(/^UNIT_MEASURE: \["VND","USD"\] is not a unit code/)],
      ['3:0/0', expect.stringMatching(/^UNIT_MEASURE: "V+.*is too long to be a unit code/)],
      ['4:0/0', expect.stringMatching(/^UNIT_MEASURE: true is not a unit code/)],
    ]);
    // Listed values: an index to none of them is no unit either, and does not fall back to the series'.
    const badIndex = message({ '0:0': { attributes: [0], observations: { '0': [95_000, 0, 7], '1': [101_000, 0, 0] } } });
    const b = parse(badIndex, feed({ options: { unitMeasure: 'VND' } }));
    expect(kept(b)).toEqual(['GRDP|70|2025']);
    expect(reasons(b)).toEqual([['0:0/0', expect.stringMatching(/^UNIT_MEASURE: 7 is not the index of one of the 2 values the structure lists/)]]);
  });

  it('the option is checked with the config: a code (cleaned, bounded) or an object of indicator id → code', () => {
    expect(feed({ options: { unitMeasure: ' VND\u202E ' } }).options.unitMeasure).toBe('VND');
    expect(feed({ options: { unitMeasure: { GRDP: 'VND' } } }).options.unitMeasure).toEqual({ GRDP: 'VND' });
    for (const bad of [5, '', ' ', 'X'.repeat(65), ['VND'], { GRDP: 5 }, { GRDP: '' }, null]) {
      expect(() => feed({ options: { unitMeasure: bad } } as never), JSON.stringify(bad)).toThrow(/unitMeasure/);
    }
  });
});

describe('SDMX UNIT_MEASURE without options.unitMeasure', () => {
  // The reference is the unit most of the indicator's figures in the message are in, not its first: order-free (tests/unit/sync-sdmx-unit-order.test.ts).
  it('the unit most of an indicator’s figures in the message are in is the reference: a figure in another unit is quarantined, saying to set the option', () => {
    const m = message({
      '0:0': { attributes: [0], observations: { '0': [95_000], '1': [101_000] } },
      // GRDP of VN71 in USD: not the same quantity as VN70's in VND.
      '1:0': { attributes: [1], observations: { '0': [4_000] } },
      // GRDP of VN72 declares nothing: stored.
      '2:0': { observations: { '0': [30_000] } },
      // FDI in USD throughout: another indicator, its own reference.
      '0:1': { attributes: [1], observations: { '0': [450], '1': [520] } },
    });
    const r = parse(m);
    expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|70|2025', 'GRDP|72|2024', 'FDI|70|2024', 'FDI|70|2025']);
    expect(reasons(r)).toEqual([['1:0/0', expect.stringMatching(/^UNIT_MEASURE: USD differs from VND, the unit most of this indicator's observations in the message are in; .*set options\.unitMeasure/)]]);
  });

  it('the same message gives the same quarantine, item for item and word for word (the store counts a row again rather than adding one)', () => {
    const m = message({
      '0:0': { attributes: [0], observations: { '0': [95_000], '1': [101_000] } },
      '2:0': { attributes: [0], observations: { '0': [30_000] } },
      '1:0': { attributes: [1], observations: { '0': [4_000], '1': [4_100] } },
    });
    const a = parse(m);
    expect(a.quarantined.length).toBe(2);
    expect(reasons(parse(m))).toEqual(reasons(a));
  });

  it('the unit-of-measure attribute is found by its role when it has another id (SDMX-JSON `roles`, 1.0 `role`)', () => {
    for (const role of [{ roles: ['UNIT_MEASURE'] }, { role: 'UNIT_MEASURE' }]) {
      const m = message({ '0:0': { attributes: ['VND'], observations: { '0': [95_000], '1': [101_000] } }, '1:0': { attributes: ['USD'], observations: { '0': [4_000] } } }, false);
      (m.structure.attributes as Record<string, unknown[]>).series = [{ id: 'UNIT', ...role }];
      (m.structure.attributes as Record<string, unknown[]>).observation = [{ id: 'OBS_STATUS', values: [{ id: 'A' }] }];
      expect(reasons(parse(m)), JSON.stringify(role)).toEqual([['1:0/0', expect.stringMatching(/^UNIT_MEASURE: USD differs from VND/)]]);
    }
  });
});

describe('SDMX-JSON 2.x dimension group attributes and defaults', () => {
  /**
   * An agency's usual shape: REF_AREA, INDICATOR at series level, TIME_PERIOD at observation level; the
   * unit attached to INDICATOR alone, in the data set's `dimensionGroupAttributes` (":0:" — any
   * area, GRDP, any period). `unit` lists VND (0) and USD (1).
   */
  const groupMessage = (rows: Record<string, unknown[]>, opts: { dims?: string[]; keyPositions?: number[]; unitDefault?: string } = {}) => {
    const kp = opts.keyPositions ?? [0, 1, 2];
    return {
      meta: { prepared: '2026-11-20T00:00:00Z' },
      data: {
        structures: [
          {
            dimensions: {
              series: [
                { id: 'REF_AREA', keyPosition: kp[0], values: [{ id: 'VN70' }, { id: 'VN71' }] },
                { id: 'INDICATOR', keyPosition: kp[1], values: [{ id: 'GRDP' }, { id: 'FDI' }] },
              ],
              observation: [{ id: 'TIME_PERIOD', keyPosition: kp[2], values: [{ id: '2024' }] }],
            },
            attributes: {
              dataSet: [],
              dimensionGroup: [
                { id: 'SERIES_NOTE', relationship: { dimensions: ['REF_AREA'] } },
                { id: 'UNIT_MEASURE', relationship: { dimensions: opts.dims ?? ['INDICATOR'] }, values: [{ id: 'VND' }, { id: 'USD' }], ...(opts.unitDefault ? { default: opts.unitDefault } : {}) },
              ],
              series: [],
              observation: [],
            },
          },
        ],
        dataSets: [
          {
            structure: 0,
            action: 'Replace',
            dimensionGroupAttributes: rows,
            series: { '0:0': { observations: { '0': [95_000] } }, '1:0': { observations: { '0': [40_000] } }, '0:1': { observations: { '0': [450] } }, '1:1': { observations: { '0': [470] } } },
          },
        ],
      },
    };
  };

  it('a unit attached to part of the key applies to every observation of that part', () => {
    // GRDP in VND, FDI in USD; the area-only row holds the other attribute (null at the unit's place).
    const m = groupMessage({ ':0:': [null, 0], ':1:': [null, 1], '0::': ['note'] });
    expect(parse(m, feed({ options: { unitMeasure: { GRDP: 'VND', FDI: 'USD' } } })).quarantined).toEqual([]);
    const r = parse(m, feed({ options: { unitMeasure: 'VND' } }));
    expect(kept(r)).toEqual(['GRDP|70|2024', 'GRDP|71|2024']);
    expect(reasons(r)).toEqual([
      ['0:1/0', expect.stringMatching(/^UNIT_MEASURE: USD where options\.unitMeasure expects VND for FDI/)],
      ['1:1/0', expect.stringMatching(/^UNIT_MEASURE: USD where options\.unitMeasure expects VND for FDI/)],
    ]);
  });

  it('slots follow the order the structure lists the dimensions; where key positions say otherwise, the one that fixes the attribute’s own dimensions', () => {
    // Listed: REF_AREA, INDICATOR, TIME_PERIOD. By key position: INDICATOR, TIME_PERIOD, REF_AREA.
    const vnd = feed({ options: { unitMeasure: 'VND' } });
    // ":1:" fixes INDICATOR (FDI) as listed, the attribute's own dimension: FDI is in USD.
    expect(kept(parse(groupMessage({ ':1:': [null, 1] }, { keyPositions: [2, 0, 1] }), vnd))).toEqual(['GRDP|70|2024', 'GRDP|71|2024']);
    // "1::" would fix REF_AREA as listed; by key position it fixes INDICATOR, the attribute's dimension: FDI again, not VN71.
    expect(kept(parse(groupMessage({ '1::': [null, 1] }, { keyPositions: [2, 0, 1] }), vnd))).toEqual(['GRDP|70|2024', 'GRDP|71|2024']);
  });

  it('the standard full sample (tests/fixtures/sync/sdmx), its unit given the UNIT_MEASURE role and a second value: each currency gets the unit its group row gives it', () => {
    // Listed order FREQ, CURRENCY_DENOM, EXR_TYPE, EXR_SUFFIX, CURRENCY, TIME_PERIOD; key order puts
    // CURRENCY second. "0::0::1:" fixes FREQ, EXR_TYPE and CURRENCY (the attribute's relationship) as
    // listed; by key position it would fix FREQ, CURRENCY_DENOM, EXR_SUFFIX.
    const m = fixture('v2.1/constructed-sample-full.json') as { data: { structures: { attributes: { dimensionGroup: Record<string, unknown>[] } }[]; dataSets: Record<string, unknown>[] } };
    Object.assign(m.data.structures[0]!.attributes.dimensionGroup[0]!, { roles: ['UNIT_MEASURE'], values: [{ id: 'NC' }, { id: 'XX' }] });
    for (const ds of m.data.dataSets) if (ds.dimensionGroupAttributes) ds.dimensionGroupAttributes = { '0::0::0:': [0], '0::0::1:': [1] };
    const plain = (unitMeasure: Record<string, string>) =>
      feedConfigSchema.parse({ id: 'f', domain: 'economy', adapter: 'sdmx', url: 'http://127.0.0.1/x', options: { unitMeasure }, mapping: { kind: 'observation', constants: { areaId: '70' } } }) as FeedOf<'sdmx'>;
    const right = parse(m, plain({ 'D.NZD.EUR.SP00.A': 'NC', 'D.RUB.EUR.SP00.A': 'XX' }));
    expect(right.quarantined.filter((q) => q.reason.startsWith('UNIT_'))).toEqual([]);
    expect(right.observations.length).toBeGreaterThan(0);
    const swapped = parse(m, plain({ 'D.NZD.EUR.SP00.A': 'XX', 'D.RUB.EUR.SP00.A': 'NC' }));
    // The two data sets with group rows (8 figures) are all in the other currency's unit; a data set with no row declares none and is stored.
    expect(swapped.quarantined.filter((q) => q.reason.startsWith('UNIT_MEASURE: '))).toHaveLength(8);
    expect(right.observations.length - swapped.observations.length).toBe(8);
  });

  it('two groups giving one observation two units make it unknown; the attribute’s default applies where nothing is given', () => {
    const conflict = parse(groupMessage({ ':0:': [null, 0], '0:0:': [null, 1] }), feed({ options: { unitMeasure: 'VND' } }));
    expect(reasons(conflict)).toEqual([['0:0/0', expect.stringMatching(/^UNIT_MEASURE: the dimension groups it falls in give two units \(VND, USD\)/)]]);
    const byDefault = parse(groupMessage({ ':0:': [null, 0] }, { unitDefault: 'USD' }), feed({ options: { unitMeasure: 'VND' } }));
    expect(kept(byDefault)).toEqual(['GRDP|70|2024', 'GRDP|71|2024']);
    expect(reasons(byDefault).map(([k]) => k)).toEqual(['0:1/0', '1:1/0']);
  });
});
