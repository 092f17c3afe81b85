import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type Database from 'better-sqlite3';
import {
  aqiBand,
  capInfoFor,
  capSeverityRank,
  compare,
  nowcast,
  overallAqi,
  PARAM_TO_POLLUTANT,
  PROVINCE_AREA_ID,
  type AlertRule,
  type AqiPollutant,
  type CapWarning,
} from '../../domains';
import type { HostConfig } from '../config/schema';
import { effectiveFeeds, feedWatchedKey } from '../sync/feeds';
import { AreaLocator } from '../geo/area-locator';
import { circleOverlaps, polygonOverlaps } from '../geo/overlap';
import { runView } from '../views';
import { stmt } from '../db/statements';
import type { CameraService } from '../cameras/service';
import { activeCapWarnings } from './cap-store';

/**
 * Each rule kind's condition, read from the local cache: which areas it holds for now, with the
 * figure and the reading behind it. One function per kind; the lifecycle (lifecycle.ts) turns
 * these findings into raised, kept or cleared alerts.
 */

export interface Finding {
  value: number | null;
  detail: Record<string, unknown>;
}
export type Findings = Map<string, Finding>;

export interface EvalContext {
  db: Database.Database;
  config: HostConfig;
  now: Date;
  /** When this host started: a feed first watched now that never succeeds is silent since then (kept in meta across restarts). */
  startedAt: Date;
  /** Shared by the rules of one evaluation (e.g. station AQI per hour, active CAP warnings). */
  memo: Map<string, unknown>;
  /** The host's camera health checks (camera.down); null where the host runs none. */
  cameras: Pick<CameraService, 'down'> | null;
}

const HOUR = 3_600_000;
/** How far ahead of this clock an event may be dated and still count as now (a sender's clock skew). */
export const FUTURE_SKEW_MS = 5 * 60_000;
const isoSec = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function memo<T>(ctx: EvalContext, key: string, f: () => T): T {
  if (!ctx.memo.has(key)) ctx.memo.set(key, f());
  return ctx.memo.get(key) as T;
}

/**
 * A start time (a feed's last success, a camera found down) as this host's clock measures an age
 * from it. A time in the future cannot be true: NTP stepped the clock back (a PC that ran ahead,
 * by minutes or a day) after it was written. Taken as is, the age is negative and the rule stays
 * quiet for the length of the step: a dead feed or camera hidden for a day. Its true age is not
 * known, but it is at least the time since the step; so the first evaluation that finds the time
 * in the future takes that moment as the start (kept per database and item until the time is no
 * longer in the future), and the rule fires its minutes after the step at the latest, never for
 * a silence shorter than its own. The host's start would not do: it is in the future too when the
 * clock stepped while the host ran.
 */
const noticedSteps = new WeakMap<Database.Database, Map<string, { value: number; noticed: number }>>();
function sinceOnThisClock(ctx: EvalContext, key: string, value: number): number {
  const now = ctx.now.getTime();
  let seen = noticedSteps.get(ctx.db);
  if (value <= now) {
    seen?.delete(key);
    return value;
  }
  if (!seen) noticedSteps.set(ctx.db, (seen = new Map()));
  const s = seen.get(key);
  // Noticed later than now: this clock stepped back again since; now is the safe start.
  if (s && s.value === value && s.noticed <= now) return s.noticed;
  seen.set(key, { value, noticed: now });
  return now;
}

/**
 * Items one alert lists in its detail (stations, groups, feeds, warnings, cameras). An alert goes
 * to every display and is written again whenever its detail changes (a camera's minutes down): a
 * rule grouped by an attribute of thousands of values, or a network outage taking 2,000 cameras,
 * must not make each of those a list of thousands. The ones with the largest figures are kept and
 * `<list>More` counts the rest.
 */
export const MAX_DETAIL_ITEMS = 50;

/** The figure each listed item was added with (add()), for keeping the largest. */
const itemFigure = new WeakMap<object, number>();

/** Puts a finding for an area, keeping the larger figure and merging lists of what triggered it. */
function add(out: Findings, area: string, value: number | null, item: Record<string, unknown>, listKey: string): void {
  itemFigure.set(item, value ?? -Infinity);
  const f = out.get(area);
  if (!f) {
    out.set(area, { value, detail: { [listKey]: [item] } });
    return;
  }
  if (value !== null && (f.value === null || value > f.value)) f.value = value;
  (f.detail[listKey] as unknown[]).push(item);
}

export function districtsOf(db: Database.Database): { id: string; name: string; lat: number | null; lon: number | null }[] {
  return stmt(
    db,
    `SELECT id, name, lat, lon FROM areas WHERE level = 'district' AND version = (SELECT max(version) FROM areas WHERE level = 'district') ORDER BY id`,
  ).all() as { id: string; name: string; lat: number | null; lon: number | null }[];
}

// ---------------------------------------------------------------------------------------------
// threshold

interface StationAqi {
  id: string;
  name: string;
  areaId: string | null;
  lat: number;
  lon: number;
  /** VN_AQI as of now, an hour before, … (null where the station had sent nothing usable). */
  aqi: (number | null)[];
  time: string | null;
}

const AQI_PARAMS = ['pm25', 'pm10', 'no2', 'so2', 'co', 'o3'];

/**
 * Every station's hourly VN_AQI for the last `hours` hours, computed as the stations view does
 * (NowCast over the 12 h before for PM, the latest value in that window for gases), from ONE
 * range query over the readings of those 12 + hours − 1 hours: this runs after every
 * SensorThings batch, and one index range is far cheaper than a query per station and hour.
 */
function stationAqi(ctx: EvalContext, hours: number): StationAqi[] {
  return memo(ctx, `aqi:${hours}`, () => {
    const t0 = Math.floor(ctx.now.getTime() / 1000) * 1000;
    const since = new Date(t0 - (12 + hours - 1) * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const until = new Date(t0).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // Arrays rather than row objects, and the instant as epoch ms from SQLite: this loop is the
    // whole cost of the rule, and it runs after every air-quality batch.
    const rows = stmt(
      ctx.db,
      // Through the primary key (station, param, time): one short covering range per station
      // and parameter, instead of a table lookup per row from the (param, time) index.
      `SELECT station_id, param, unixepoch(time) * 1000, value FROM readings
       WHERE station_id IN (SELECT id FROM stations WHERE domain = 'environment')
         AND param IN (${AQI_PARAMS.map(() => '?').join(',')}) AND time > ? AND time <= ?`,
    )
      .raw(true)
      .all(...AQI_PARAMS, since, until) as [string, string, number, number][];
    // Per station and parameter: times (epoch ms) and values side by side.
    const by = new Map<string, Map<string, { t: number[]; v: number[] }>>();
    for (const [st, param, t, v] of rows) {
      let m = by.get(st);
      if (!m) by.set(st, (m = new Map()));
      let l = m.get(param);
      if (!l) m.set(param, (l = { t: [], v: [] }));
      l.t.push(t);
      l.v.push(v);
    }
    const stations = stmt(ctx.db, `SELECT id, name, area_id, lat, lon FROM stations WHERE domain = 'environment' ORDER BY id`).all() as {
      id: string;
      name: string;
      area_id: string | null;
      lat: number;
      lon: number;
    }[];
    const hourly: (number | null)[] = Array(12);
    const hourlyT: number[] = Array(12);
    return stations.map((s) => {
      const params = by.get(s.id);
      let latest = -Infinity;
      const aqi = Array.from({ length: hours }, (_, k) => {
        if (!params) return null;
        const end = t0 - k * HOUR;
        const start = end - 12 * HOUR;
        const conc: Partial<Record<AqiPollutant, number | null>> = {};
        for (const [param, l] of params) {
          const pollutant = PARAM_TO_POLLUTANT[param];
          if (!pollutant) continue;
          const pm = pollutant === 'PM2_5' || pollutant === 'PM10';
          hourly.fill(null);
          let newestT = -Infinity;
          let newestV = 0;
          for (let j = 0; j < l.t.length; j++) {
            const t = l.t[j]!;
            if (t > end || t <= start) continue;
            if (t > newestT) (newestT = t), (newestV = l.v[j]!);
            if (!pm) continue;
            // Each value at its hour offset from the window's end (the newest of an hour wins); gaps stay gaps.
            const i = Math.floor((end - t) / HOUR);
            if (hourly[i] == null || t > hourlyT[i]!) (hourly[i] = l.v[j]!), (hourlyT[i] = t);
          }
          if (newestT === -Infinity) continue;
          if (k === 0 && newestT > latest) latest = newestT;
          conc[pollutant] = pm ? nowcast(hourly) : newestV;
        }
        return overallAqi(conc)?.aqi ?? null;
      });
      const time = latest === -Infinity ? null : new Date(latest).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return { id: s.id, name: s.name, areaId: s.area_id, lat: s.lat, lon: s.lon, aqi, time };
    });
  });
}

function aqiFindings(ctx: EvalContext, rule: Extract<AlertRule, { kind: 'threshold' }>): Findings {
  const out: Findings = new Map();
  for (const s of stationAqi(ctx, Math.max(rule.consecutive, 1))) {
    const passes = s.aqi.slice(0, rule.consecutive).every((a) => a !== null && compare(a, rule.op, rule.value));
    const now = s.aqi[0];
    if (!passes || now === null || now === undefined) continue;
    const area = rule.scope === 'province' ? PROVINCE_AREA_ID : s.areaId;
    if (!area) continue;
    const aqi = Math.round(now);
    add(out, area, aqi, { station: s.id, name: s.name, aqi, level: aqiBand(aqi).level, time: s.time, lat: s.lat, lon: s.lon }, 'stations');
  }
  return out;
}

function kpiFindings(ctx: EvalContext, rule: Extract<AlertRule, { kind: 'threshold' }>): Findings {
  const out: Findings = new Map();
  if (rule.figure.type !== 'kpi') return out;
  const { domain, indicator, measure } = rule.figure;
  const areas = rule.scope === 'province' ? [PROVINCE_AREA_ID] : districtsOf(ctx.db).map((d) => d.id);
  for (const areaId of areas) {
    const kpis = memo(ctx, `kpis:${domain}:${areaId}`, () => runView(ctx.db, domain, 'kpis', { areaId }, { now: ctx.now }));
    const item = kpis.items.find((i) => i.id === indicator);
    if (!item) continue;
    const v =
      measure === 'value'
        ? item.value
        : measure === 'planPercent'
          ? item.planProgress === null
            ? null
            : item.planProgress * 100
          : item.change === null
            ? null
            : item.changeKind === 'relative'
              ? item.change * 100
              : item.change;
    if (v === null || !compare(v, rule.op, rule.value)) continue;
    out.set(areaId, { value: Math.round(v * 100) / 100, detail: { indicator, measure, value: item.value, plan: item.plan, period: kpis.period.key } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// count

function countFindings(ctx: EvalContext, rule: Extract<AlertRule, { kind: 'count' }>): Findings {
  const nowIso = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const where = ['domain = ?'];
  const args: unknown[] = [rule.domain];
  // Written exactly as the partial indexes of migration 004 say, so SQLite uses them.
  if (rule.status !== 'any') where.push('closed_at IS NULL');
  if (rule.status === 'overdue') where.push('due_at < ?'), args.push(nowIso);
  if (rule.kinds.length) where.push(`kind IN (${rule.kinds.map(() => '?').join(',')})`), args.push(...rule.kinds);
  if (rule.windowMinutes) {
    // In the window: opened in its minutes, and not after now (beyond a small clock skew). An
    // event dated in the future (a typo'd year) is not "in the last N minutes" until that date.
    where.push('opened_at > ?', 'opened_at <= ?');
    args.push(isoSec(ctx.now.getTime() - rule.windowMinutes * 60_000), isoSec(ctx.now.getTime() + FUTURE_SKEW_MS));
  }
  if (rule.attr) where.push(`CAST(json_extract(attrs, '$.${rule.attr.name}') AS REAL) ${rule.attr.op} ?`), args.push(rule.attr.value);
  // By district: only a district's own code is a district. Any other code (a commune's, one a
  // feed made up) is counted under the district it belongs to where the areas say so, else under
  // the province: one rule raises at most one alert per real district, plus the province's.
  const district = rule.scope === 'district';
  const areaCol = district ? `coalesce(c.district, '${PROVINCE_AREA_ID}')` : `'${PROVINCE_AREA_ID}'`;
  const groupCol = rule.groupBy ? `json_extract(attrs, '$.${rule.groupBy}')` : 'NULL';
  const codes = `WITH codes AS MATERIALIZED (
      SELECT x.id AS code, CASE WHEN x.level = 'district' THEN x.id
        ELSE (SELECT p.id FROM areas p WHERE p.id = x.parent_id AND p.level = 'district' ORDER BY p.version DESC LIMIT 1) END AS district
      FROM areas x WHERE x.level IN ('district', 'commune') AND x.version = (SELECT max(y.version) FROM areas y WHERE y.id = x.id))`;
  const sql = `${district ? codes : ''} SELECT ${areaCol} AS a, ${groupCol} AS g, count(*) AS n
    FROM events ${district ? 'LEFT JOIN codes c ON c.code = events.area_id' : ''} WHERE ${where.join(' AND ')}
    ${district ? 'AND area_id IS NOT NULL' : ''} GROUP BY 1, 2`;
  const rows = stmt(ctx.db, sql).all(...args) as { a: string; g: unknown; n: number }[];
  const out: Findings = new Map();
  for (const r of rows) {
    if (r.n < rule.min) continue;
    if (rule.groupBy) add(out, r.a, r.n, { [rule.groupBy]: r.g, count: r.n }, 'groups');
    else out.set(r.a, { value: r.n, detail: { count: r.n } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// silence

/**
 * When this database's hosts first watched a feed (epoch ms): kept in `meta`, so a feed that never
 * succeeded stays silent since then across restarts (its acknowledged alert neither clears at a
 * restart nor comes back later as new). Written the first time it is asked, as this host's start;
 * deleting the feed in the console deletes it (host/sync/feeds.ts dropFeedRow).
 */
function firstWatched(ctx: EvalContext, feedId: string): number {
  const key = feedWatchedKey(feedId);
  stmt(ctx.db, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`).run(key, ctx.startedAt.toISOString());
  const t = Date.parse(stmt(ctx.db, `SELECT value FROM meta WHERE key = ?`).pluck().get(key) as string);
  return Number.isFinite(t) ? t : ctx.startedAt.getTime();
}

function silenceFindings(ctx: EvalContext, rule: Extract<AlertRule, { kind: 'silence' }>): Findings {
  const feeds = effectiveFeeds(ctx.db, ctx.config.feeds).filter((f) => f.enabled && (rule.feeds.length === 0 || rule.feeds.includes(f.id)));
  const out: Findings = new Map();
  for (const f of feeds) {
    const st = stmt(ctx.db, `SELECT last_success_at, last_error FROM feed_state WHERE feed_id = ?`).get(f.id) as
      | { last_success_at: string | null; last_error: string | null }
      | undefined;
    const since = sinceOnThisClock(ctx, `silence:${f.id}`, st?.last_success_at ? Date.parse(st.last_success_at) : firstWatched(ctx, f.id));
    const minutes = Math.floor((ctx.now.getTime() - since) / 60_000);
    if (minutes <= rule.minutes) continue;
    const err = st?.last_error ? (JSON.parse(st.last_error) as { vi?: string; en?: string }) : null;
    add(out, PROVINCE_AREA_ID, minutes, { feed: f.id, name: f.name ?? f.id, lastSuccessAt: st?.last_success_at ?? null, minutes, error: err }, 'feeds');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CAP

/** One locator per database: its parsed boundaries (and the overlap tests' prepared edges) are kept until the areas change. */
const locators = new WeakMap<Database.Database, AreaLocator>();
function locatorOf(db: Database.Database): AreaLocator {
  let locator = locators.get(db);
  if (!locator) locators.set(db, (locator = new AreaLocator(db)));
  return locator;
}

/**
 * The districts a warning covers. CAP 1.2 §3.2.4: its polygons and circles ARE the affected
 * area, so a district is covered when the area overlaps its boundary (host/geo/overlap.ts: the
 * edges cross, or one lies inside the other; a circle reaches within its radius), not only when a
 * corner or a seat happens to fall inside. A district whose seat lies inside a polygon or circle
 * is covered too (a warning drawn on the district's own boundary only touches it). A warning
 * without geometry covers the province.
 */
export function capDistricts(ctx: { db: Database.Database }, w: CapWarning): { districts: string[]; located: boolean } {
  const index = locatorOf(ctx.db).current();
  const districts = districtsOf(ctx.db);
  const hit = new Set<string>();
  let located = false;
  for (const info of w.info) {
    for (const a of info.areas) {
      for (const p of a.polygons) {
        located = true;
        const ring = p.points.map(([lat, lon]): [number, number] => [lon, lat]);
        for (const id of index.ids()) {
          const g = index.geometry(id);
          if (!hit.has(id) && g && polygonOverlaps(g, ring)) hit.add(id);
        }
        const poly = { type: 'Polygon' as const, coordinates: [ring] };
        for (const d of districts) {
          if (d.lat !== null && d.lon !== null && booleanPointInPolygon([d.lon, d.lat], poly)) hit.add(d.id);
        }
      }
      for (const c of a.circles) {
        located = true;
        for (const id of index.ids()) {
          const g = index.geometry(id);
          if (!hit.has(id) && g && circleOverlaps(g, c.lon, c.lat, c.radiusKm)) hit.add(id);
        }
        for (const x of districts) if (x.lat !== null && x.lon !== null && km(c.lat, c.lon, x.lat, x.lon) <= c.radiusKm) hit.add(x.id);
      }
      if (a.polygons.length === 0 && a.circles.length === 0) {
        // Geocodes only: our districts by code; the province's own code, or none we know, keeps
        // the province-wide rule; a code naming only another province means not ours.
        const g = geocodeArea(a.geocodes, districts);
        for (const id of g.ids) hit.add(id);
        if (g.ids.length > 0 || (g.elsewhere && !g.province)) located = true;
      }
    }
  }
  return { districts: [...hit].sort(), located };
}

/** The province's ISO 3166-2 code (GSO code PROVINCE_AREA_ID). */
const PROVINCE_ISO = 'VN-58';

/**
 * What an area without geometry names by its geocodes: our districts (their GSO codes, the
 * district ids), the province (ISO 3166-2 VN-58, or GSO 70 under a valueName saying it is a GSO /
 * province code), or another province only (any other VN-xx, another GSO province code): then
 * `elsewhere`. Nothing we know leaves the documented province-wide rule.
 */
function geocodeArea(codes: readonly { valueName: string; value: string }[], districts: readonly { id: string }[]): { ids: string[]; province: boolean; elsewhere: boolean } {
  const out = { ids: [] as string[], province: false, elsewhere: false };
  for (const { valueName, value } of codes) {
    const v = value.trim().toUpperCase();
    const gsoProvince = /gso|tinh|tỉnh|province/i.test(valueName) && !/huy[eệ]n|district/i.test(valueName) && /^\d{2}$/.test(v);
    if (districts.some((d) => d.id === v)) out.ids.push(v);
    else if (v === PROVINCE_ISO || (gsoProvince && v === PROVINCE_AREA_ID)) out.province = true;
    else if (/^VN-[0-9A-Z]{2,3}$/.test(v) || gsoProvince) out.elsewhere = true;
  }
  return out;
}

/** Haversine distance in km. */
function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(a));
}

function capFindings(ctx: EvalContext, rule: Extract<AlertRule, { kind: 'cap' }>): Findings {
  // Every warning that can match this rule (severity filtered in SQL, no limit): a feed of
  // hundreds of lesser warnings must not push a Severe one out of what the rules see.
  const warnings = memo(ctx, `cap:${rule.minSeverity}`, () => activeCapWarnings(ctx.db, ctx.now, { minSeverity: rule.minSeverity }));
  const out: Findings = new Map();
  const min = capSeverityRank(rule.minSeverity);
  for (const w of warnings) {
    if (capSeverityRank(w.severity) < min) continue;
    if (rule.feeds.length && !rule.feeds.includes(w.feedId)) continue;
    const { districts, located } = memo(ctx, `capd:${w.sender}:${w.identifier}`, () => capDistricts(ctx, w));
    // The alert's detail is read in Vietnamese first (capInfoFor), whatever order the blocks came in.
    const info = capInfoFor(w.info);
    const item = { identifier: w.identifier, sender: w.sender, severity: w.severity, headline: info?.headline ?? info?.event ?? '', expires: w.expires };
    // No figure for a warning: its severity and text are in the detail.
    const value = null;
    if (rule.scope === 'province' || (!located && districts.length === 0)) {
      // A warning drawn outside the province does not concern it; one without geometry is taken as province-wide.
      if (located && districts.length === 0) continue;
      add(out, PROVINCE_AREA_ID, value, item, 'messages');
    } else {
      for (const d of districts) add(out, d, value, item, 'messages');
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// camera.down

/**
 * Cameras the host's health checks (host/cameras) have found down for longer than the rule's
 * minutes; the figure is the longest time down, in minutes. A camera that comes back is gone
 * from the findings at the next evaluation, which clears the alert (after clearAfterMinutes).
 */
function cameraDownFindings(ctx: EvalContext, rule: Extract<AlertRule, { kind: 'camera.down' }>): Findings {
  const out: Findings = new Map();
  const service = ctx.cameras;
  if (!service) return out;
  const locator = rule.scope === 'district' ? locatorOf(ctx.db).current() : null;
  for (const { camera, since: downSince, health } of service.down()) {
    if (rule.cameras.length && !rule.cameras.includes(camera.id)) continue;
    const since = sinceOnThisClock(ctx, `camera:${camera.id}`, downSince);
    const minutes = Math.floor((ctx.now.getTime() - since) / 60_000);
    if (minutes < rule.minutes) continue;
    const area = locator?.locate(camera.lon, camera.lat) ?? PROVINCE_AREA_ID;
    add(
      out,
      area,
      minutes,
      { camera: camera.id, name: camera.name, downSince: new Date(since).toISOString(), minutes, lastFrameAt: health.lastFrameAt, error: health.error, lat: camera.lat, lon: camera.lon },
      'cameras',
    );
  }
  return out;
}

export function evaluateRule(ctx: EvalContext, rule: AlertRule): Findings {
  return withBoundedLists(findingsOf(ctx, rule));
}

function findingsOf(ctx: EvalContext, rule: AlertRule): Findings {
  switch (rule.kind) {
    case 'threshold':
      return rule.figure.type === 'aqi' ? aqiFindings(ctx, rule) : kpiFindings(ctx, rule);
    case 'count':
      return countFindings(ctx, rule);
    case 'silence':
      return silenceFindings(ctx, rule);
    case 'cap':
      return capFindings(ctx, rule);
    case 'camera.down':
      return cameraDownFindings(ctx, rule);
  }
}

/** Each detail list cut to the MAX_DETAIL_ITEMS of largest figure (ties in their order), with `<list>More`. */
function withBoundedLists(out: Findings): Findings {
  for (const f of out.values()) {
    for (const [key, list] of Object.entries(f.detail)) {
      if (!Array.isArray(list) || list.length <= MAX_DETAIL_ITEMS) continue;
      const figure = (x: object) => itemFigure.get(x) ?? -Infinity;
      // A stable sort: items of one figure (CAP warnings have none) keep the order they came in.
      f.detail[key] = [...(list as object[])].sort((a, b) => (figure(b) === figure(a) ? 0 : figure(b) > figure(a) ? 1 : -1)).slice(0, MAX_DETAIL_ITEMS);
      f.detail[`${key}More`] = list.length - MAX_DETAIL_ITEMS;
    }
  }
  return out;
}
