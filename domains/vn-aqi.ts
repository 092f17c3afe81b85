import type { LocalText } from './text';

/**
 * VN_AQI, the Vietnamese air quality index, as Decision 1459/QĐ-TCMT (12 Nov 2019) of the Vietnam
 * Environment Administration defines it. All concentrations in µg/m³ (CO too).
 * Table 2 of the decision is transcribed below from ../shared/fixtures/vn-aqi (checked against
 * the official PDF); tests/unit/vn-aqi.test.ts compares the two cell by cell.
 */

export type AqiPollutant = 'O3_1h' | 'O3_8h' | 'CO' | 'SO2' | 'NO2' | 'PM10' | 'PM2_5';

/** The AQI value I_i of each breakpoint row (Table 2, column I_i). */
export const AQI_LEVELS = [0, 50, 100, 150, 200, 300, 400, 500] as const;

/**
 * Concentration BP_i at which each I_i is reached, per pollutant. null where the decision prints
 * '-' (O3 8h is not defined above 400 µg/m³: the 1-hour value is used instead).
 */
export const AQI_BREAKPOINTS: Record<AqiPollutant, readonly (number | null)[]> = {
  O3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  O3_8h: [0, 100, 120, 170, 210, 400, null, null],
  CO: [0, 10000, 30000, 45000, 60000, 90000, 120000, 150000],
  SO2: [0, 125, 350, 550, 800, 1600, 2100, 2630],
  NO2: [0, 100, 200, 700, 1200, 2350, 3100, 3850],
  PM10: [0, 50, 150, 250, 350, 420, 500, 600],
  PM2_5: [0, 25, 50, 80, 150, 250, 350, 500],
};

/**
 * Sub-index AQI_x by linear interpolation (formulas 1 and 2 of the decision):
 * AQI_x = (I_{i+1} − I_i)/(BP_{i+1} − BP_i) × (C_x − BP_i) + I_i, with BP_i ≤ C_x ≤ BP_{i+1}.
 * Not rounded (the overall index is). The top row is open-ended ('≥'): beyond it the index is 500.
 * Returns null for a missing or negative value, or where the table has no row (O3 8h > 400).
 */
export function subIndex(pollutant: AqiPollutant, c: number | null | undefined): number | null {
  if (c === null || c === undefined || !Number.isFinite(c) || c < 0) return null;
  const bp = AQI_BREAKPOINTS[pollutant];
  for (let i = 0; i < bp.length - 1; i++) {
    const lo = bp[i];
    const hi = bp[i + 1];
    if (lo === null || lo === undefined) return null;
    if (hi === null || hi === undefined) return c <= lo ? AQI_LEVELS[i]! : null;
    if (c <= hi) {
      const iLo = AQI_LEVELS[i]!;
      const iHi = AQI_LEVELS[i + 1]!;
      return ((iHi - iLo) / (hi - lo)) * (c - lo) + iLo;
    }
  }
  return AQI_LEVELS[AQI_LEVELS.length - 1]!;
}

/**
 * The decision's 12-hour NowCast for PM2.5 and PM10. `hourly[0]` is the current hour's mean
 * (c1), `hourly[11]` eleven hours before (c12); null or missing = no data (weight 0).
 * w* = Cmin/Cmax over the available values; w = 1/2 when w* ≤ 1/2, else w*.
 * If w > 1/2: NowCast = Σ w^(i−1)·c_i / Σ w^(i−1); if w = 1/2: NowCast = Σ (1/2)^i·c_i.
 * Needs at least two of c1, c2, c3, else null.
 */
export function nowcast(hourly: readonly (number | null | undefined)[]): number | null {
  const c = Array.from({ length: 12 }, (_, i) => {
    const v = hourly[i];
    return v === null || v === undefined || !Number.isFinite(v) || v < 0 ? null : v;
  });
  if (c.slice(0, 3).filter((v) => v !== null).length < 2) return null;
  const present = c.filter((v): v is number => v !== null);
  const cmax = Math.max(...present);
  const cmin = Math.min(...present);
  if (cmax === 0) return 0;
  const wStar = cmin / cmax;
  const weighted = (scale: number) => {
    if (wStar <= 0.5) {
      let sum = 0;
      c.forEach((v, i) => {
        if (v !== null) sum += 0.5 ** (i + 1) * (v / scale);
      });
      return sum * scale;
    }
    const w = wStar;
    let num = 0;
    let den = 0;
    c.forEach((v, i) => {
      if (v !== null) {
        num += w ** i * (v / scale);
        den += w ** i;
      }
    });
    return (num / den) * scale;
  };
  // Near the largest doubles (1e308 from a broken sensor) the sums overflow to Infinity and the
  // station would drop out: then weighed in units of cmax (a weighted mean is at most cmax).
  const out = weighted(1);
  if (Number.isFinite(out)) return out;
  const scaled = weighted(cmax);
  return Number.isFinite(scaled) ? scaled : null;
}

export interface AqiResult {
  /** The overall index, rounded to an integer (max of the sub-indices). */
  aqi: number;
  /** The pollutant whose sub-index is the maximum. */
  dominant: AqiPollutant;
  subIndices: Partial<Record<AqiPollutant, number>>;
}

/**
 * Overall VN_AQI = the maximum of the available sub-indices, rounded. For the hourly index pass
 * NowCast values for PM2_5/PM10 and 1-hour means for the others; the decision requires at least
 * one of PM10 or PM2.5, so without either the result is null.
 */
export function overallAqi(concentrations: Partial<Record<AqiPollutant, number | null>>): AqiResult | null {
  if (concentrations.PM2_5 == null && concentrations.PM10 == null) return null;
  const subIndices: Partial<Record<AqiPollutant, number>> = {};
  let best: { p: AqiPollutant; v: number } | null = null;
  for (const p of Object.keys(concentrations) as AqiPollutant[]) {
    const v = subIndex(p, concentrations[p]);
    if (v === null) continue;
    subIndices[p] = v;
    if (!best || v > best.v) best = { p, v };
  }
  if (!best) return null;
  return { aqi: Math.round(best.v), dominant: best.p, subIndices };
}

export type AqiLevel = 'good' | 'moderate' | 'poor' | 'bad' | 'veryBad' | 'hazardous';

export interface AqiBand {
  level: AqiLevel;
  min: number;
  max: number;
  name: LocalText;
  /** Table 1 colour, as the decision names it and as hex. */
  colourName: LocalText;
  color: string;
  /** Text colour that reads on `color` (WCAG contrast ≥ 4.5). */
  textColor: string;
  /** Icon key and a short text so colour is never the only signal. */
  icon: string;
  symbol: string;
  advice: LocalText;
}

/** Table 1 of the decision: ranges, levels and colours (RGB as printed). */
export const AQI_BANDS: readonly AqiBand[] = [
  { level: 'good', min: 0, max: 50, name: { vi: 'Tốt', en: 'Good' }, colourName: { vi: 'Xanh', en: 'Green' }, color: '#00E400', textColor: '#000000', icon: 'aqi-good', symbol: '●', advice: { vi: 'Tự do thực hiện các hoạt động ngoài trời', en: 'Enjoy outdoor activities' } },
  { level: 'moderate', min: 51, max: 100, name: { vi: 'Trung bình', en: 'Moderate' }, colourName: { vi: 'Vàng', en: 'Yellow' }, color: '#FFFF00', textColor: '#000000', icon: 'aqi-moderate', symbol: '▲', advice: { vi: 'Người nhạy cảm nên hạn chế ở ngoài trời lâu', en: 'Sensitive people: limit long outdoor stays' } },
  { level: 'poor', min: 101, max: 150, name: { vi: 'Kém', en: 'Poor' }, colourName: { vi: 'Da cam', en: 'Orange' }, color: '#FF7E00', textColor: '#000000', icon: 'aqi-poor', symbol: '◆', advice: { vi: 'Người nhạy cảm nên giảm hoạt động ngoài trời', en: 'Sensitive people: reduce outdoor activity' } },
  { level: 'bad', min: 151, max: 200, name: { vi: 'Xấu', en: 'Bad' }, colourName: { vi: 'Đỏ', en: 'Red' }, color: '#FF0000', textColor: '#000000', icon: 'aqi-bad', symbol: '■', advice: { vi: 'Mọi người nên hạn chế hoạt động ngoài trời', en: 'Everyone: limit outdoor activity' } },
  { level: 'veryBad', min: 201, max: 300, name: { vi: 'Rất xấu', en: 'Very bad' }, colourName: { vi: 'Tím', en: 'Purple' }, color: '#8F3F97', textColor: '#FFFFFF', icon: 'aqi-very-bad', symbol: '✖', advice: { vi: 'Mọi người nên ở trong nhà', en: 'Everyone: stay indoors' } },
  { level: 'hazardous', min: 301, max: 500, name: { vi: 'Nguy hại', en: 'Hazardous' }, colourName: { vi: 'Nâu', en: 'Maroon' }, color: '#7E0023', textColor: '#FFFFFF', icon: 'aqi-hazardous', symbol: '☠', advice: { vi: 'Mọi người ở trong nhà, đóng cửa', en: 'Everyone: stay indoors, close windows' } },
];

/** The band of a (rounded) VN_AQI value; above 500 stays 'hazardous'. */
export function aqiBand(aqi: number): AqiBand {
  const v = Math.round(aqi);
  return AQI_BANDS.find((b) => v <= b.max) ?? AQI_BANDS[AQI_BANDS.length - 1]!;
}

/** Maps a station parameter id of the catalog to the decision's pollutant column. */
export const PARAM_TO_POLLUTANT: Record<string, AqiPollutant> = {
  pm25: 'PM2_5',
  pm10: 'PM10',
  no2: 'NO2',
  so2: 'SO2',
  co: 'CO',
  o3: 'O3_1h',
};
