import type { Station } from '../../domains';
import type { DemoDistricts } from './areas';
import { DISTRICT_SEATS } from './corridors';
import { DEMO_SOURCE } from './facts';
import type { Random } from './random';
import { DAY, HOUR, localMidnight, localParts } from './time';

/**
 * Twenty air-quality stations and their readings. PM follows the region's pattern: dry season
 * (December–April) high, with a February–March peak from field burning; rainy season low; a
 * morning and evening traffic peak and an afternoon low as the mixing layer rises; multi-day
 * "weather" episodes. Gases follow traffic (NO2, CO), industry (SO2) or sunshine (O3).
 */

export const AIR_PARAMS = ['pm25', 'pm10', 'no2', 'so2', 'co', 'o3'] as const;

interface StationSpec {
  district: string;
  name: string;
  /** Typical PM2.5 in µg/m³ before season and hour. */
  pm: number;
  traffic: number;
  industry: number;
  /** A smoke episode over the last day and a half (field burning upwind of the industrial parks). */
  episode?: number;
  /**
   * µg/m³ of PM2.5 at least, over the last six hours: a fire at the industrial park, so the demo always
   * has a station in "Rất xấu" (VN_AQI ≥ 201) for two readings or more, whatever the season, and a
   * new user sees the bundled air-quality rule raise an alert.
   */
  fire?: number;
}

const STATIONS: StationSpec[] = [
  { district: '689', name: 'Đồng Xoài – Trung tâm hành chính tỉnh', pm: 24, traffic: 1.2, industry: 0.4 },
  { district: '689', name: 'Đồng Xoài – Ngã tư Đồng Xoài (QL14)', pm: 31, traffic: 1.8, industry: 0.5 },
  { district: '689', name: 'Đồng Xoài – KCN Đồng Xoài', pm: 34, traffic: 1.1, industry: 1.6 },
  { district: '697', name: 'Chơn Thành – KCN Becamex', pm: 38, traffic: 1.2, industry: 2, episode: 2.1, fire: 200 },
  { district: '697', name: 'Chơn Thành – QL13', pm: 33, traffic: 1.8, industry: 0.8 },
  { district: '697', name: 'Chơn Thành – Khu dân cư', pm: 26, traffic: 1, industry: 0.6 },
  { district: '695', name: 'Đồng Phú – KCN Bắc Đồng Phú', pm: 30, traffic: 1, industry: 1.5 },
  { district: '695', name: 'Đồng Phú – Tân Phú', pm: 20, traffic: 0.8, industry: 0.4 },
  { district: '690', name: 'Bình Long – An Lộc', pm: 24, traffic: 1.2, industry: 0.5 },
  { district: '690', name: 'Bình Long – QL13', pm: 28, traffic: 1.6, industry: 0.5 },
  { district: '694', name: 'Hớn Quản – KCN Minh Hưng', pm: 32, traffic: 1, industry: 1.7, episode: 1.7 },
  { district: '692', name: 'Lộc Ninh – Thị trấn', pm: 21, traffic: 1, industry: 0.4 },
  { district: '692', name: 'Lộc Ninh – Cửa khẩu Hoa Lư', pm: 25, traffic: 1.4, industry: 0.3 },
  { district: '688', name: 'Phước Long – Trung tâm', pm: 19, traffic: 1, industry: 0.3 },
  { district: '688', name: 'Phước Long – Hồ Thác Mơ', pm: 11, traffic: 0.4, industry: 0.1 },
  { district: '691', name: 'Bù Gia Mập – Vườn quốc gia (nền)', pm: 8, traffic: 0.2, industry: 0 },
  { district: '696', name: 'Bù Đăng – Đức Phong', pm: 20, traffic: 1.2, industry: 0.3 },
  { district: '696', name: 'Bù Đăng – Sóc Bom Bo', pm: 13, traffic: 0.5, industry: 0.1 },
  { district: '693', name: 'Bù Đốp – Thanh Bình', pm: 16, traffic: 0.7, industry: 0.2 },
  { district: '698', name: 'Phú Riềng – Bù Nho', pm: 18, traffic: 0.8, industry: 0.5 },
];

// PM factor by month (Jan..Dec).
const SEASON = [1.55, 1.8, 1.75, 1.35, 0.95, 0.75, 0.7, 0.68, 0.72, 0.8, 1.05, 1.35];

/** Hour-of-day factor: morning and evening peaks, afternoon low. */
function diurnal(hour: number): number {
  const morning = Math.exp(-((hour - 7.5) ** 2) / 4);
  const evening = Math.exp(-((hour - 20) ** 2) / 6);
  const afternoonLow = Math.exp(-((hour - 14.5) ** 2) / 8);
  return 0.85 + 0.45 * morning + 0.55 * evening - 0.3 * afternoonLow;
}

export interface AirOutput {
  station(s: Station): void;
  reading(stationId: string, param: string, time: string, value: number): void;
}

/**
 * Hourly days (the recent window) and the archive before it: one daily mean of PM2.5 and PM10 a
 * day, as a station archive keeps it (enough for the monthly trend, a fraction of the rows).
 */
export function airWindow(scale: number): { hourlyDays: number; totalDays: number } {
  return { hourlyDays: Math.min(730, Math.round(14 * scale)), totalDays: 730 };
}

export function generateAir(rng: Random, now: Date, scale: number, districts: DemoDistricts, out: AirOutput): void {
  const { hourlyDays, totalDays } = airWindow(scale);
  const today = localParts(now);
  // The last whole hour before now.
  const lastHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const firstDay = localMidnight(today.year, today.month, today.day - totalDays + 1).getTime();
  const hourlyFrom = lastHour - hourlyDays * 24 * HOUR + HOUR;

  STATIONS.forEach((spec, i) => {
    const r = rng.fork(`station-${i}`);
    const seat = DISTRICT_SEATS[spec.district]!;
    const [lon, lat] = districts.randomPoint(r, spec.district, { lon: seat.lon, lat: seat.lat, spread: spec.pm < 12 ? 0.06 : 0.02 });
    const id = `demo:aq:${String(i + 1).padStart(2, '0')}`;
    out.station({ id, domain: 'environment', name: spec.name, areaId: spec.district, lat, lon, params: [...AIR_PARAMS], source: DEMO_SOURCE });

    // Weather: a slow random walk shared by all of a station's pollutants (stagnant air vs. rain).
    let weather = 0;
    const valuesAt = (t: number, hourly: boolean) => {
      const lp = localParts(new Date(t));
      const season = SEASON[lp.month - 1]!;
      const d = hourly ? diurnal(lp.hour) : 1;
      const w = Math.exp(weather);
      const noise = () => Math.exp(0.12 * r.normal());
      const smoke = spec.episode && lastHour - t < 36 * HOUR ? spec.episode : 1;
      const fire = spec.fire && hourly && lastHour - t < 6 * HOUR ? spec.fire * noise() : 0;
      const pm25 = Math.max(spec.pm * season * d * w * smoke * noise(), fire);
      const rush = hourly ? diurnal(lp.hour) : 1;
      const sun = hourly ? Math.max(0, Math.sin(((lp.hour - 6) / 12) * Math.PI)) : 0.45;
      return {
        pm25,
        pm10: pm25 * (1.55 + 0.25 * r.next()),
        no2: (12 + 22 * spec.traffic) * rush * w * noise(),
        so2: (4 + 14 * spec.industry) * (0.8 + 0.4 * r.next()) * w,
        co: (350 + 700 * spec.traffic) * rush * w * noise(),
        o3: (18 + 70 * sun * (season > 1 ? 1.25 : 0.9)) * noise(),
      };
    };

    for (let day = firstDay; day < hourlyFrom; day += DAY) {
      weather = 0.8 * weather + 0.25 * r.normal();
      const v = valuesAt(day + 12 * HOUR, false);
      const time = new Date(day).toISOString().replace(/\.\d{3}Z$/, 'Z');
      out.reading(id, 'pm25', time, round(v.pm25));
      out.reading(id, 'pm10', time, round(v.pm10));
    }
    for (let t = hourlyFrom; t <= lastHour; t += HOUR) {
      if (localParts(new Date(t)).hour === 0) weather = 0.8 * weather + 0.25 * r.normal();
      // About one hour in two hundred is missing, as with real monitors.
      if (r.chance(0.005)) continue;
      const v = valuesAt(t, true);
      const time = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
      for (const p of AIR_PARAMS) out.reading(id, p, time, round(v[p]));
    }
  });
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
