import { describe, expect, it } from 'vitest';
import type { FeedConfigInput } from '../../sync/feeds/config';
import { readSdmxMessage, sdmxToObservations } from '../../sync/adapters/sdmx';
import { sdmxFeed, sdmxSample } from './support/sdmx-feed';

/**
 * SDMX UNIT_MULT (the power of ten a value is in): read at data set, series and observation level,
 * scaled to the multiplier a feed says its catalog units are in; when no multiplier is configured, an
 * indicator's figures in another scale than most of its figures in the message are quarantined.
 */

const NOW = '2026-01-01T00:00:00Z';
const fixture = sdmxSample;
const feed = (f: Partial<FeedConfigInput> = {}) => sdmxFeed({ VN70: '70', ASIKHM001: '689' }, f);
const values = (r: ReturnType<typeof sdmxToObservations>) => Object.fromEntries(r.observations.map((o) => [`${o.indicator}|${o.period}`, o.value]));

/** SDMX-JSON 1.0: GRDP in millions of VND, FDI in millions of USD (series attributes), one FDI figure in thousands (observation attribute). */
const message = (fdiObsMult: number | null = null) => ({
  header: { prepared: '2026-11-20T00:00:00Z' },
  structure: {
    dimensions: {
      series: [
        { id: 'REF_AREA', values: [{ id: 'VN70' }] },
        { id: 'INDICATOR', values: [{ id: 'GRDP' }, { id: 'FDI' }] },
      ],
      observation: [{ id: 'TIME_PERIOD', values: [{ id: '2024' }, { id: '2025' }] }],
    },
    attributes: {
      dataSet: [],
      series: [
        { id: 'UNIT_MEASURE', values: [{ id: 'VND' }, { id: 'USD' }] },
        { id: 'UNIT_MULT', values: [{ id: '6', name: 'Millions' }, { id: '3', name: 'Thousands' }] },
      ],
      observation: [
        { id: 'OBS_STATUS', values: [{ id: 'A' }] },
        { id: 'UNIT_MULT', values: [{ id: '6' }, { id: '3' }] },
      ],
    },
  },
  dataSets: [
    {
      action: 'Replace',
      series: {
        '0:0': { attributes: [0, 0], observations: { '0': [95_000_000, 0], '1': [101_000_000] } },
        '0:1': { attributes: [1, 0], observations: { '0': [450, 0, null], '1': [520_000, 0, fdiObsMult] } },
      },
    },
  ],
});

describe('SDMX UNIT_MULT', () => {
  it('scales to the configured multiplier, observation attribute over series attribute', () => {
    const r = sdmxToObservations(readSdmxMessage(message(1)), feed({ options: { unitMult: { GRDP: 9, FDI: 6 } } }), NOW);
    expect(r.quarantined).toEqual([]);
    // GRDP 95,000,000 millions = 95,000 billions; FDI 520,000 thousands = 520 millions.
    expect(values(r)).toEqual({ 'GRDP|2024': 95_000, 'GRDP|2025': 101_000, 'FDI|2024': 450, 'FDI|2025': 520 });
  });

  it('one number scales every indicator; a structure without UNIT_MULT is in units', () => {
    const r = sdmxToObservations(readSdmxMessage(message(1)), feed({ options: { unitMult: 6 } }), NOW);
    expect(values(r)).toMatchObject({ 'GRDP|2024': 95_000_000, 'FDI|2025': 520 });
    const m = message() as { structure: { attributes?: unknown } };
    delete m.structure.attributes;
    expect(values(sdmxToObservations(readSdmxMessage(m), feed({ options: { unitMult: 3 } }), NOW))).toMatchObject({ 'FDI|2024': 0.45 });
  });

  it('data set level: 1.0 in the structure only, 2.x through the data set’s attribute indexes (the agri samples, thousands)', () => {
    for (const v of ['v1.0', 'v2.1']) {
      const r = sdmxToObservations(readSdmxMessage(fixture(`${v}/agri.json`)), feed({ options: { unitMult: 0 } }), NOW);
      expect(r.observations.find((o) => o.areaId === '689' && o.period === '2014')!.value, v).toBe(350_154);
    }
  });

  it('without a configured multiplier: values as sent, but an indicator’s figures in another scale than most of its figures in the message are quarantined', () => {
    // An observation attribute that agrees with its series' is no change of scale.
    const same = sdmxToObservations(readSdmxMessage(message(0)), feed(), NOW);
    expect(same.quarantined).toEqual([]);
    expect(values(same)).toEqual({ 'GRDP|2024': 95_000_000, 'GRDP|2025': 101_000_000, 'FDI|2024': 450, 'FDI|2025': 520_000 });
    // FDI 2025 says thousands (observation attribute) where its series says millions: one figure each,
    // a tie, which goes to the smaller power (thousands) — the order of the series plays no part
    // (tests/unit/sync-sdmx-unit-order.test.ts).
    const mixed = sdmxToObservations(readSdmxMessage(message(1)), feed(), NOW);
    expect(values(mixed)).toEqual({ 'GRDP|2024': 95_000_000, 'GRDP|2025': 101_000_000, 'FDI|2025': 520_000 });
    expect(mixed.quarantined.map((q) => [q.externalId, q.reason])).toEqual([
      ['0:1/0', expect.stringMatching(/^UNIT_MULT: 6 differs from 3, the scale most of this indicator's observations in the message are in; .*options\.unitMult/)],
    ]);
  });

  it('a configured multiplier with no UNIT_MULT for an observation of a structure that declares one: quarantined, not guessed', () => {
    const m = message() as { dataSets: { series: Record<string, { attributes?: unknown }> }[] };
    delete m.dataSets[0]!.series['0:0']!.attributes;
    const r = sdmxToObservations(readSdmxMessage(m), feed({ options: { unitMult: 9 } }), NOW);
    expect(r.quarantined.map((q) => q.reason)).toEqual([expect.stringMatching(/none given/), expect.stringMatching(/none given/)]);
    expect(r.observations.map((o) => o.indicator)).toEqual(['FDI', 'FDI']);
  });

  it('the option is checked with the config', () => {
    expect(() => feed({ options: { unitMult: 2.5 } })).toThrow(/unitMult/);
    expect(() => feed({ options: { unitMult: { GRDP: 'billions' } } as never })).toThrow(/unitMult/);
  });
});
