import type Database from 'better-sqlite3';
import { aqiBand, nowcast, overallAqi, PARAM_TO_POLLUTANT, subIndex, type AqiPollutant } from '../../domains';
import type { StationRow, StationsResult } from '../../domains/views';
import { base, holdsUntil, type ViewContext } from './common';
import { monthStartUtc } from './period';
import { stmt } from '../db/statements';
import { CUT, cutText } from './text-cut';

/**
 * Air quality: each station's current hourly VN_AQI (NowCast for PM, 1-hour means for gases)
 * and, for periods, the index of the period's mean PM concentrations (from reading_monthly).
 */

const HOUR_MS = 3600_000;

interface StationRecord {
  id: string;
  name: string;
  area_id: string | null;
  area_name: string | null;
  lat: number;
  lon: number;
  params: string;
}

function stationsOf(ctx: ViewContext): StationRecord[] {
  const sql = `SELECT s.id, s.name, s.area_id, a.name AS area_name, s.lat, s.lon, s.params FROM stations s
    LEFT JOIN areas a ON a.id = s.area_id AND a.version = (SELECT max(version) FROM areas)
    WHERE s.domain = 'environment'${ctx.district ? ' AND s.area_id = ?' : ''} ORDER BY s.id`;
  return (ctx.district ? stmt(ctx.db, sql).all(ctx.district) : stmt(ctx.db, sql).all()) as StationRecord[];
}

/** The instant the "current" index is for: now, or the end of a period that is over. */
function asOf(ctx: ViewContext): string {
  const end = monthStartUtc(ctx.period.to, 1);
  return end < ctx.nowIso ? end : ctx.nowIso;
}

/**
 * Each station's readings of the 12 hours before `until` (the NowCast window): a station that
 * has sent nothing in that window has no current index, rather than showing an old one as now.
 *
 * While the period runs, the window ends at "now", so the answer moves with the clock, in steps:
 * each reading sits in the hour bucket floor((now − time) / 1 h) of the NowCast and leaves the
 * window at bucket 12, so nothing changes until "now" reaches the next `time + k h` of a reading
 * in the window, or the time of a reading stamped later than now. The answer says so (holdsUntil):
 * with hourly readings it is kept for up to an hour instead of never.
 */
export function stationRows(ctx: ViewContext): StationRow[] {
  const until = asOf(ctx);
  const t0 = Date.parse(until);
  const running = until === ctx.nowIso;
  const since = new Date(t0 - 12 * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // While the period runs, a reading stamped after "now" is read too: not counted, but it says
  // when the answer changes. A period that is over reads its window only.
  // Three walks of the covering index readings_param_time_value (migration 013) for every station
  // at once, instead of queries per station: PM, every reading of the window (the NowCast weighs
  // 12 hours), newest first within a station and parameter; gases, only the newest reading of the
  // window (a 1-hour value: older gas readings change nothing when they move from hour to hour);
  // and, while the period runs, the first gas reading stamped after now (it says when the answer
  // changes; rare, a clock ahead).
  const upTo = running ? '9999' : until;
  // A district's few stations are read through the primary key (station, param, time) instead.
  const inDistrict = ctx.district ? ` AND station_id IN (SELECT id FROM stations WHERE domain = 'environment' AND area_id = ?)` : '';
  const districtArgs = ctx.district ? [ctx.district] : [];
  type Reading = [station: string, param: string, time: string, value: number];
  const readings = [
    ...(stmt(
      ctx.db,
      `SELECT station_id, param, time, value FROM readings WHERE param IN ('pm25','pm10') AND time > ? AND time <= ?${inDistrict}
         ORDER BY param DESC, time DESC`,
    )
      .raw()
      .all(since, upTo, ...districtArgs) as Reading[]),
    ...(stmt(
      ctx.db,
      `SELECT station_id, param, max(time), value FROM readings WHERE param IN ('no2','so2','co','o3') AND time > ? AND time <= ?${inDistrict}
         GROUP BY station_id, param`,
    )
      .raw()
      .all(since, until, ...districtArgs) as Reading[]),
    ...(running
      ? (stmt(
          ctx.db,
          `SELECT station_id, '', min(time), 0 FROM readings WHERE param IN ('no2','so2','co','o3') AND time > ? AND time <= '9999' GROUP BY station_id`,
        )
          .raw()
          .all(until) as Reading[])
      : []),
  ];
  const byStation = new Map<string, Reading[]>();
  for (const r of readings) {
    let list = byStation.get(r[0]);
    if (!list) byStation.set(r[0], (list = []));
    list.push(r);
  }
  // Buckets count from t0 ("now" to the second, as stored times are), so steps fall on whole seconds.
  let next = Infinity;
  // Readings of one hour share their time across stations and parameters: parse each once.
  const parsed = new Map<string, number>();
  const ms = (time: string): number => {
    let v = parsed.get(time);
    if (v === undefined) parsed.set(time, (v = Date.parse(time)));
    return v;
  };
  const rows = stationsOf(ctx).map((s) => {
    const params = JSON.parse(s.params) as string[];
    const byParam = new Map<string, { time: string; value: number }[]>();
    for (const [, param, time, value] of byStation.get(s.id) ?? []) {
      if (time > until) {
        if (running) next = Math.min(next, ms(time));
        continue;
      }
      if (running) {
        next = Math.min(next, t0 + HOUR_MS - ((t0 - ms(time)) % HOUR_MS));
      }
      let list = byParam.get(param);
      if (!list) byParam.set(param, (list = []));
      list.push({ time, value });
    }
    let latest: string | null = null;
    const conc: Partial<Record<AqiPollutant, number | null>> = {};
    const values: StationRow['params'] = [];
    for (const param of params) {
      const pollutant = PARAM_TO_POLLUTANT[param];
      const rows = byParam.get(param) ?? [];
      if (rows.length === 0) {
        values.push({ param, value: null, subIndex: null });
        continue;
      }
      if (!latest || rows[0]!.time > latest) latest = rows[0]!.time;
      let c: number | null = rows[0]!.value;
      if (pollutant === 'PM2_5' || pollutant === 'PM10') {
        // Each value at its hour offset from the window's end: gaps stay gaps (weight 0).
        const hourly: (number | null)[] = Array(12).fill(null);
        for (const r of rows) {
          const k = Math.floor((t0 - ms(r.time)) / HOUR_MS);
          if (k >= 0 && k < 12 && hourly[k] == null) hourly[k] = r.value;
        }
        c = nowcast(hourly);
      }
      if (pollutant) conc[pollutant] = c;
      values.push({ param, value: rows[0]!.value, subIndex: pollutant ? subIndex(pollutant, c) : null });
    }
    const result = overallAqi(conc);
    return {
      id: s.id,
      name: cutText(s.name, CUT.line),
      areaId: s.area_id,
      areaName: s.area_name ?? '',
      lat: s.lat,
      lon: s.lon,
      time: latest,
      aqi: result?.aqi ?? null,
      aqiLevel: result ? aqiBand(result.aqi).level : null,
      dominant: result?.dominant ?? null,
      params: values.map((v) => ({ ...v, subIndex: v.subIndex === null ? null : Math.round(v.subIndex) })),
    };
  });
  if (running) holdsUntil(ctx, next);
  return rows;
}

export function stationsView(ctx: ViewContext): StationsResult {
  return { kind: 'stations', ...base(ctx), rows: stationRows(ctx) };
}

/** VN_AQI of mean PM2.5 / PM10 over the span (the larger sub-index), per group key. */
function pmAqiGrouped(db: Database.Database, groupSql: string, district: string | null, from: string, to: string): Map<string, number> {
  const sql = `SELECT ${groupSql} AS key, m.param AS param, sum(m.sum) / sum(m.n) AS mean
    FROM reading_monthly m JOIN stations s ON s.id = m.station_id
    WHERE m.param IN ('pm25', 'pm10') AND m.month BETWEEN ? AND ?${district ? ' AND s.area_id = ?' : ''}
    GROUP BY 1, 2`;
  const rows = (district ? stmt(db, sql).all(from, to, district) : stmt(db, sql).all(from, to)) as {
    key: string;
    param: string;
    mean: number;
  }[];
  const out = new Map<string, number>();
  for (const r of rows) {
    const v = subIndex(r.param === 'pm25' ? 'PM2_5' : 'PM10', r.mean);
    if (v !== null) out.set(r.key, Math.max(out.get(r.key) ?? 0, Math.round(v)));
  }
  return out;
}

export function pmAqi(db: Database.Database, district: string | null, from: string, to: string): number | null {
  return pmAqiGrouped(db, `'all'`, district, from, to).get('all') ?? null;
}

export function pmAqiByMonth(db: Database.Database, district: string | null, from: string, to: string): Map<string, number> {
  return pmAqiGrouped(db, 'm.month', district, from, to);
}

export function pmAqiByArea(db: Database.Database, from: string, to: string): Map<string, number> {
  return pmAqiGrouped(db, `coalesce(s.area_id, '')`, null, from, to);
}
