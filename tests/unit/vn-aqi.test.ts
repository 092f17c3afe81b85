import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AQI_BANDS, AQI_BREAKPOINTS, AQI_LEVELS, aqiBand, nowcast, overallAqi, subIndex, type AqiPollutant } from '../../domains/vn-aqi';

// The decision's tables as transcribed in the shared fixture (checked against the official PDF).
const fixture = JSON.parse(
  readFileSync(new URL('../../../shared/fixtures/vn-aqi/vn_aqi_qd1459_breakpoints.json', import.meta.url), 'utf8'),
) as {
  table_2_breakpoints: { columns: string[]; rows: (number | null)[][] };
  table_1_categories: { aqi_min: number; aqi_max: number; category_vi: string; rgb: [number, number, number] }[];
};

const POLLUTANTS: AqiPollutant[] = ['O3_1h', 'O3_8h', 'CO', 'SO2', 'NO2', 'PM10', 'PM2_5'];

describe('VN_AQI breakpoint table (Decision 1459/QĐ-TCMT, Table 2)', () => {
  it('matches the fixture cell by cell', () => {
    const { columns, rows } = fixture.table_2_breakpoints;
    rows.forEach((row, r) => {
      expect(AQI_LEVELS[r]).toBe(row[columns.indexOf('I_i')]);
      for (const p of POLLUTANTS) expect(AQI_BREAKPOINTS[p][r], `${p} row ${r + 1}`).toBe(row[columns.indexOf(p)]);
    });
  });

  it('gives exactly I_i at every breakpoint BP_i of every pollutant', () => {
    for (const p of POLLUTANTS) {
      AQI_BREAKPOINTS[p].forEach((bp, i) => {
        if (bp !== null) expect(subIndex(p, bp), `${p} at ${bp}`).toBeCloseTo(AQI_LEVELS[i]!, 10);
      });
    }
  });

  it('interpolates linearly inside a segment (formula 1/2)', () => {
    // PM2.5 37.5 µg/m³ is halfway between 25 (50) and 50 (100).
    expect(subIndex('PM2_5', 37.5)).toBeCloseTo(75, 10);
    // NO2 450: between 200 (100) and 700 (150) → 100 + 50 × 250/500 = 125.
    expect(subIndex('NO2', 450)).toBeCloseTo(125, 10);
    // CO 20000: between 10000 (50) and 30000 (100) → 75.
    expect(subIndex('CO', 20000)).toBeCloseTo(75, 10);
    // PM10 385: between 350 (200) and 420 (300) → 250.
    expect(subIndex('PM10', 385)).toBeCloseTo(250, 10);
    // Just above a breakpoint rises from that level (continuity).
    expect(subIndex('PM2_5', 25.0001)!).toBeGreaterThan(50);
    expect(subIndex('PM2_5', 25.0001)!).toBeLessThan(50.01);
  });

  it('caps the open-ended top row at 500 and refuses what the table does not define', () => {
    expect(subIndex('PM2_5', 900)).toBe(500);
    expect(subIndex('O3_8h', 400)).toBe(300);
    expect(subIndex('O3_8h', 401)).toBeNull();
    expect(subIndex('PM10', -1)).toBeNull();
    expect(subIndex('PM10', null)).toBeNull();
    expect(subIndex('SO2', 0)).toBe(0);
  });
});

describe('NowCast (12 h, w = max(1/2, Cmin/Cmax))', () => {
  it('is the plain weighted mean with w = Cmin/Cmax when the air is steady', () => {
    // c1..c12: 40, 40, ... and 32 at c12 → w* = 0.8.
    const c = [40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 32];
    const w = 0.8;
    let num = 0;
    let den = 0;
    c.forEach((v, i) => {
      num += w ** i * v;
      den += w ** i;
    });
    expect(nowcast(c)).toBeCloseTo(num / den, 10);
    expect(nowcast(Array(12).fill(30))).toBeCloseTo(30, 10);
  });

  it('uses Σ (1/2)^i·c_i when w* ≤ 1/2 (as the decision writes it)', () => {
    const c = [100, 50, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    const expected = c.reduce((s, v, i) => s + 0.5 ** (i + 1) * v, 0);
    expect(nowcast(c)).toBeCloseTo(expected, 10);
    // Exactly w* = 1/2 takes the same branch.
    const half = [20, 10, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20];
    expect(nowcast(half)).toBeCloseTo(half.reduce((s, v, i) => s + 0.5 ** (i + 1) * v, 0), 10);
  });

  it('needs two of the last three hours; missing hours get weight 0', () => {
    expect(nowcast([30, null, null, 30, 30])).toBeNull();
    expect(nowcast([30, null, 30])).toBeCloseTo(30, 10);
    expect(nowcast([])).toBeNull();
    expect(nowcast([0, 0, 0])).toBe(0);
  });
});

describe('overall VN_AQI and bands (Table 1)', () => {
  it('is the rounded maximum sub-index, naming the dominant pollutant', () => {
    const r = overallAqi({ PM2_5: 37.5, PM10: 50, NO2: 450, CO: 5000 });
    expect(r).toEqual(expect.objectContaining({ aqi: 125, dominant: 'NO2' }));
    expect(r!.subIndices.PM2_5).toBeCloseTo(75, 10);
    expect(overallAqi({ PM2_5: 10 })!.aqi).toBe(20);
  });

  it('requires PM10 or PM2.5', () => {
    expect(overallAqi({ NO2: 100, CO: 1000 })).toBeNull();
  });

  it('bands match the decision: ranges, names, RGB colours', () => {
    expect(AQI_BANDS).toHaveLength(fixture.table_1_categories.length);
    fixture.table_1_categories.forEach((cat, i) => {
      const band = AQI_BANDS[i]!;
      expect([band.min, band.max, band.name.vi]).toEqual([cat.aqi_min, cat.aqi_max, cat.category_vi]);
      const hex = '#' + cat.rgb.map((v) => v.toString(16).padStart(2, '0').toUpperCase()).join('');
      expect(band.color).toBe(hex);
      expect(band.symbol.length).toBeGreaterThan(0);
      expect(band.name.en.length).toBeGreaterThan(0);
    });
  });

  it('puts boundary values in the right band', () => {
    const cases: [number, string][] = [
      [0, 'good'], [50, 'good'], [51, 'moderate'], [100, 'moderate'], [101, 'poor'], [150, 'poor'],
      [151, 'bad'], [200, 'bad'], [201, 'veryBad'], [300, 'veryBad'], [301, 'hazardous'], [500, 'hazardous'], [612, 'hazardous'],
      [50.4, 'good'], [50.5, 'moderate'],
    ];
    for (const [v, level] of cases) expect(aqiBand(v).level, String(v)).toBe(level);
  });
});
