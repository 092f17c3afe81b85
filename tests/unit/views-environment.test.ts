import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runView } from '../../host/views';
import { at, makeFixture, type Fixture } from './views-fixture';

let f: Fixture;
const now = new Date(at('2025-02-15 10:30'));
const hour = (h: number) => new Date(Date.parse(at('2025-02-15 10:00')) - h * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

beforeEach(() => {
  f = makeFixture();
  const station = (id: string, areaId: string, params: string[]) =>
    f.w.station({ id, domain: 'environment', name: `Trạm ${id}`, areaId, lat: 11.55, lon: 106.85, params, source: 'test' });
  station('s1', '689', ['pm25', 'no2']);
  station('s2', '690', ['pm25']);
  station('s3', '690', ['pm25']);
  // s1: steady PM2.5 37.5 µg/m³ for 12 hours (NowCast 37.5 → 75), NO2 450 now (→ 125): overall 125, NO2.
  for (let h = 0; h < 12; h++) f.w.reading({ stationId: 's1', param: 'pm25', time: hour(h), value: 37.5 });
  f.w.reading({ stationId: 's1', param: 'no2', time: hour(0), value: 450 });
  // An older NO2 value must not be taken as "now".
  f.w.reading({ stationId: 's1', param: 'no2', time: hour(5), value: 3000 });
  // s2: two hours only (c1, c2) → valid NowCast of 10 → 20.
  f.w.reading({ stationId: 's2', param: 'pm25', time: hour(0), value: 10 });
  f.w.reading({ stationId: 's2', param: 'pm25', time: hour(1), value: 10 });
  // s3: only c1 of the last three hours, then older data → too little for a NowCast: no index.
  f.w.reading({ stationId: 's3', param: 'pm25', time: hour(0), value: 20 });
  f.w.reading({ stationId: 's3', param: 'pm25', time: hour(5), value: 20 });
});
afterEach(() => f.close());

describe('environment views (VN_AQI per station)', () => {
  it('stations: hourly VN_AQI from NowCast PM and 1-hour gases, with its band', () => {
    const r = runView(f.db, 'environment', 'stations', {}, { now });
    const [s1, s2, s3] = r.rows;
    expect(s1).toMatchObject({ id: 's1', aqi: 125, aqiLevel: 'poor', dominant: 'NO2', time: hour(0), areaName: 'Đồng Xoài' });
    expect(s1!.params).toEqual([
      { param: 'pm25', value: 37.5, subIndex: 75 },
      { param: 'no2', value: 450, subIndex: 125 },
    ]);
    expect(s2).toMatchObject({ aqi: 20, aqiLevel: 'good', dominant: 'PM2_5' });
    expect(s3).toMatchObject({ aqi: null, aqiLevel: null });
  });

  it('filters stations by district and shows them on the map with their band', () => {
    expect(runView(f.db, 'environment', 'stations', { areaId: '690' }, { now }).rows.map((r) => r.id)).toEqual(['s2', 's3']);
    const m = runView(f.db, 'environment', 'map', {}, { now });
    expect(m.points.filter((p) => p.type === 'station').map((p) => [p.id, p.aqi, p.status])).toEqual([
      ['s1', 125, 'poor'],
      ['s2', 20, 'good'],
      ['s3', null, 'noData'],
    ]);
    expect(m.names['poor']).toEqual({ vi: 'Kém', en: 'Poor' });
  });

  it('kpis and byArea: VN_AQI of the period’s mean PM', () => {
    // February means: s1 PM2.5 37.5 (→ 75); s2 10 and s3 20 → Bình Long mean 15.
    const k = runView(f.db, 'environment', 'kpis', { period: '2025-02' }, { now });
    const aqi = k.items.find((i) => i.id === 'environment.aqi')!;
    // Province: all 16 PM2.5 readings: (12×37.5 + 2×10 + 2×20) / 16 = 31.875 → 50 + 50×6.875/25 = 63.75 → 64.
    expect(aqi.value).toBe(64);
    expect(aqi.alert).toBe(false);
    const b = runView(f.db, 'environment', 'byArea', { period: '2025-02' }, { now });
    expect(b.rows.map((r) => [r.areaId, r.value, r.aqiLevel])).toEqual([
      ['689', 75, 'moderate'],
      ['690', 30, 'good'],
    ]);
  });
});
