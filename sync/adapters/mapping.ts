import { eventSchema, observationSchema, placeSchema, periodSchema } from '../../domains';
import type { DomainEvent, Observation, Place } from '../../domains';
import type { FeedConfig, FeedMapping } from '../feeds/config';
import type { QuarantinedItem } from '../store';
import { toPoint } from '../location';
import { codeIn, own, quarantine, quoteValue, sourceReason, toStr, type Sources } from './util';
import { readNumber } from '../text/number-format';
import { normTime, utcTime } from '../text/source-time';
import { UTC_OFFSET } from '../../base/time-zone';

/**
 * Turns one source item (a CKAN row, a GeoJSON feature, an SDMX observation's key values) into a
 * domain record through the feed's mapping, then validates it against the record schema.
 */

export type Getter = (path: string) => unknown;

/** Resolves a dotted path in an object; unwraps NGSI-LD style `{type:'Property', value}` wrappers. */
const splitCache = new Map<string, string[]>();
const parts = (path: string): string[] => {
  let p = splitCache.get(path);
  if (!p) splitCache.set(path, (p = path.split('.')));
  return p;
};

export function pathGetter(root: unknown): Getter {
  return (path) => {
    let cur: unknown = root;
    for (const part of parts(path)) {
      cur = unwrap(cur);
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return unwrap(cur);
  };
}

/** A loop, not recursion: a source may nest wrappers as deep as it likes. */
function unwrap(v: unknown): unknown {
  for (;;) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (Object.hasOwn(o, '@value')) return o['@value'];
    if ((o.type === 'Property' || o.type === 'GeoProperty') && Object.hasOwn(o, 'value')) v = o.value;
    else return v;
  }
}

export type MappedRecord =
  | { kind: 'observation'; record: Observation }
  | { kind: 'event'; record: DomainEvent }
  | { kind: 'place'; record: Place };

export interface MapOptions {
  /** Used when the mapping names no lat/lon (GeoJSON Point geometry). */
  point?: { lat: number; lon: number } | null;
  /** Default for updatedAt when the source has none (message time). */
  defaultTime?: string;
}

const attrFieldCache = new WeakMap<FeedMapping, string[]>();
/** The mapping's `attrs.*` fields, listed once per mapping (this runs for every source row). */
function attrFields(m: FeedMapping): string[] {
  let f = attrFieldCache.get(m);
  if (!f) attrFieldCache.set(m, (f = Object.keys(m.fields).filter((n) => n.startsWith('attrs.'))));
  return f;
}

const STREAM_FIELD = /^streams\.(main|sub)\.(hls|mjpeg)$/;
const streamFieldCache = new WeakMap<FeedMapping, string[]>();

/**
 * A camera's streams from a place feed: fields `streams.main.hls`, `streams.sub.mjpeg` … name
 * the source column/property holding that stream's URL; `streams.auth` (usually a constant
 * "secret:NAME") names the secret with its "user:password". Credentials written into a feed's
 * URL are dropped here, never stored: a feed is not a place for passwords.
 */
function streamsOf(m: FeedMapping, get: Getter): { role: string; protocol: string; url: string; secret?: string }[] | undefined {
  let names = streamFieldCache.get(m);
  if (!names) streamFieldCache.set(m, (names = Object.keys(m.fields).filter((n) => STREAM_FIELD.test(n))));
  if (names.length === 0) return undefined;
  // The secret's name comes from the mapping's constants only, never from a source field: a feed's
  // rows must not choose which stored secret travels with the URL they name. Whether the secret
  // may go to that URL at all is the host's to decide (host/cameras/store.ts authorization).
  const auth = Object.hasOwn(m.constants, 'streams.auth') ? toStr(m.constants['streams.auth']) : null;
  const secret = auth ? /^secret:([A-Za-z0-9_.:-]{1,80})$/.exec(auth)?.[1] : undefined;
  const out: { role: string; protocol: string; url: string; secret?: string }[] = [];
  for (const name of names) {
    const raw = toStr(field(m, get, name));
    if (!raw) continue;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      continue;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
    u.username = '';
    u.password = '';
    const [, role, protocol] = STREAM_FIELD.exec(name)!;
    if (out.some((s) => s.role === role)) continue;
    out.push({ role: role!, protocol: protocol!, url: u.toString(), ...(secret ? { secret } : {}) });
  }
  return out.length ? out : undefined;
}

/** Value of one record field: a source path ('a+b' joins several with '.'), else a constant; then the value map. */
function field(m: FeedMapping, get: Getter, name: string): unknown {
  const path = own(m.fields, name);
  let v: unknown;
  if (path !== undefined) {
    v = path.includes('+')
      ? path
          .split('+')
          .map((p) => toStr(get(p.trim())))
          .filter((x) => x !== null)
          .join('.')
      : get(path);
  }
  if ((v === undefined || v === null || v === '') && Object.hasOwn(m.constants, name)) v = m.constants[name];
  const map = own(m.valueMaps, name);
  if (map && v !== undefined && v !== null && typeof v !== 'object') {
    const mapped = codeIn(map, String(v));
    if (mapped !== undefined) v = mapped;
  }
  return v;
}

// periodSchema's pattern, tested directly: this runs for every observation of a load.
const PERIOD = /^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$/;
void periodSchema;

/** A period 'YYYY', 'YYYY-Qn', 'YYYY-MM', 'YYYY-MM-DD' from a period or a date/time value. */
export function toPeriod(v: unknown, tz = UTC_OFFSET): string | null {
  const s = toStr(v);
  if (!s) return null;
  if (PERIOD.test(s)) return s;
  const q = /^(\d{4})-?Q([1-4])$/.exec(s);
  if (q) return `${q[1]}-Q${q[2]}`;
  // SDMX reporting periods: 2025-M01 (IMF), 2025M01 (older ESTAT, ILO), 2025-A1 / 2025-A / 2025A.
  const r = /^(\d{4})-?(?:M(\d{2})|A1?)$/.exec(s);
  if (r) return r[2] ? `${r[1]}-${r[2]}` : r[1]!;
  // An ISO 8601 time range (SDMX writes one where no period code fits) is the calendar period it
  // covers, or no period at all. Caught before the date below, which would read its start alone
  // and file a half year, a week or an hour under the day it starts: several observations
  // collapsed into one period that none of them is.
  if (rangeParts(s)) {
    const range = timeRange(s);
    return range && periodOfRange(range[0], range[1]);
  }
  const local = dayOfInstant(s, tz);
  if (local) return local;
  const d = /^(\d{4})[-/](\d{2})(?:[-/](\d{2}))?/.exec(s);
  if (d) return d[3] ? `${d[1]}-${d[2]}-${d[3]}` : `${d[1]}-${d[2]}`;
  return null;
}

/**
 * The day a time falls on in the feed's zone: a timestamp column written in UTC
 * (`2024-12-31T17:00:00Z`, `2024-12-31 17:00:00+00` as PostgreSQL and CKAN send them) is 1 January
 * 2025 in Bình Phước, not the 31 December its text begins with. Read by the sync's one time reader
 * (utcTime: every offset spelling it knows; a time without one is the feed's wall clock already).
 * Null for a value without a time of day.
 */
function dayOfInstant(s: string, tz: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) return null;
  const utc = utcTime(s, tz);
  const offset = offsetMinutes(tz);
  if (utc === null || offset === null) return null;
  return new Date(Date.parse(utc) + offset * 60_000).toISOString().slice(0, 10);
}

/** Minutes east of UTC of an offset written `+07:00`, `+0700` or `Z`; null if it does not read. */
function offsetMinutes(tz: string): number | null {
  if (/^[Zz]$/.test(tz)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

/** Why a time range is quarantined: the store counts by these periods only. */
const RANGE_NO_PERIOD = 'is a time range that is not one calendar day, month, quarter or year';

/**
 * Whether a value is written as an ISO 8601 time range: two parts around one '/', a date and then
 * anything (`2025-01-01/P1M`, `2025-01-01/2025-03-31`; what does not read is no period, never its
 * start), or a duration and a date (`P1M/2025-01-31`). A date written with slashes (`2025/01/15`)
 * is not one.
 */
function isTimeRange(v: unknown): boolean {
  const s = toStr(v);
  return s !== null && rangeParts(s) !== null;
}

function rangeParts(s: string): [string, string] | null {
  const parts = s.split('/');
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  const dur = (x: string) => /^P/i.test(x);
  const date = (x: string) => /^\d{4}-\d{2}/.test(x);
  return date(a) || (dur(a) && date(b)) ? [a, b] : null;
}

/** A wall-clock instant as UTC milliseconds (offsets dropped: a period is a calendar's label, not an instant). */
type Instant = number;

/** [start, end) of a time range in wall-clock milliseconds, or null when a part does not read. */
function timeRange(s: string): [Instant, Instant] | null {
  const [a, b] = rangeParts(s)!;
  if (/^P/i.test(a)) {
    const end = rangeTime(b, 'end');
    const d = duration(a);
    return end === null || d === null ? null : [shift(end, d, -1), end];
  }
  const start = rangeTime(a, 'start');
  if (start === null) return null;
  if (/^P/i.test(b)) {
    const d = duration(b);
    return d === null ? null : [start, shift(start, d, 1)];
  }
  const end = rangeTime(b, 'end');
  return end === null ? null : [start, end];
}

const RANGE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * One end of a range as a wall-clock instant. A start is the instant it names; an end written as a
 * date (`2025-03-31`, `2025-03`, `2025`) covers that whole day, month or year, as tables write a
 * period's last day, and an end at 23:59:59 is the end of its day; any other end time is the
 * instant it names (ISO 8601's own `…/2025-04-01T00:00:00`).
 */
function rangeTime(x: string, end: 'start' | 'end'): Instant | null {
  const m = RANGE_TIME.exec(x);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((n) => (n === undefined ? undefined : Number(n)));
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const t = Date.UTC(y!, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, sec ?? 0, ms);
  // A day or time the calendar does not have (2025-02-30, 24:00) rolls over in Date.UTC: refused.
  const back = new Date(t);
  if (back.getUTCMonth() !== (mo ?? 1) - 1 || back.getUTCDate() !== (d ?? 1) || back.getUTCHours() !== (h ?? 0) || back.getUTCMinutes() !== (mi ?? 0)) return null;
  if (end === 'start') return t;
  if (h !== undefined) return h === 23 && mi === 59 && sec === 59 ? Date.UTC(y!, mo! - 1, d! + 1) : t;
  return d !== undefined ? Date.UTC(y!, mo! - 1, d + 1) : mo !== undefined ? Date.UTC(y!, mo, 1) : Date.UTC(y! + 1, 0, 1);
}

interface Duration {
  months: number;
  ms: number;
}

/** An ISO 8601 duration in whole units (`P1Y`, `P3M`, `P1W`, `P1DT12H`), or null. */
function duration(x: string): Duration | null {
  const m = /^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,8})M)?(?:(\d{1,9})S)?)?$/i.exec(x);
  if (!m || x.length <= 1 || /T$/i.test(x)) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return { months: n(1) * 12 + n(2), ms: ((n(3) * 7 + n(4)) * 24 * 3600 + n(5) * 3600 + n(6) * 60 + n(7)) * 1000 };
}

/** `t` moved by a duration, forward (1) or back (-1): months by the calendar, the rest by the clock. */
function shift(t: Instant, d: Duration, sign: 1 | -1): Instant {
  if (sign < 0) t -= d.ms;
  const at = new Date(t);
  at.setUTCMonth(at.getUTCMonth() + sign * d.months);
  return sign > 0 ? at.getTime() + d.ms : at.getTime();
}

/**
 * The calendar period [start, end) is exactly — a day, a month, a quarter or a year, as the store
 * counts — or null (a week, a half year, an hour, a month that starts mid-month).
 */
function periodOfRange(start: Instant, end: Instant): string | null {
  const s = new Date(start);
  const y = s.getUTCFullYear();
  const mo = s.getUTCMonth();
  const day = s.getUTCDate();
  if (start !== Date.UTC(y, mo, day)) return null;
  const iso = s.toISOString();
  if (end === Date.UTC(y, mo, day + 1)) return iso.slice(0, 10);
  if (day !== 1) return null;
  if (end === Date.UTC(y, mo + 1, 1)) return iso.slice(0, 7);
  if (end === Date.UTC(y, mo + 3, 1) && mo % 3 === 0) return `${y}-Q${mo / 3 + 1}`;
  if (end === Date.UTC(y + 1, 0, 1) && mo === 0) return String(y);
  return null;
}

/** Whether the mapping reads a record's position from its own fields (lat/lon columns or paths). */
export const namesPosition = (m: FeedMapping): boolean => Object.hasOwn(m.fields, 'lat') || Object.hasOwn(m.fields, 'lon');

/** A record's [lat, lon] as numbers in the mapping's numberFormat (null where not a number). */
export function positionOf(m: FeedMapping, get: Getter): [lat: number | null, lon: number | null] {
  return [readNumber(field(m, get, 'lat'), m.numberFormat), readNumber(field(m, get, 'lon'), m.numberFormat)];
}

export function mapItem(
  feed: FeedConfig,
  m: FeedMapping,
  get: Getter,
  raw: unknown,
  opts: MapOptions = {},
): MappedRecord | QuarantinedItem {
  const tz = m.timeZoneOffset;
  const time = (name: string) => normTime(field(m, get, name), tz);
  const attrs: Record<string, unknown> = {};
  for (const name of attrFields(m)) {
    // A camera's streams come only from `streams.*` (streamsOf): `attrs.streams` taken from a
    // source row would let the row name the stream's URL and secret as it likes.
    if (name === 'attrs.streams') continue;
    const v = field(m, get, name);
    if (v !== undefined) attrs[name.slice(6)] = v;
  }
  const rawLat = field(m, get, 'lat');
  const rawLon = field(m, get, 'lon');
  const named = namesPosition(m);
  // (0, 0), out-of-range values and non-numbers mean "no location".
  const point = named ? toPoint(...positionOf(m, get)) : (opts.point ?? null);
  const lat = point?.lat ?? null;
  const lon = point?.lon ?? null;
  const externalId = toStr(field(m, get, 'id'));
  // Each record field with the source name it came from and the value found there; built only
  // for a record that failed (this function runs for every row of a bulk load).
  const sources = (): Sources => {
    const out: Sources = {};
    for (const [name, path] of Object.entries(m.fields)) out[name] = [path, field(m, get, name)];
    return out;
  };

  if (m.kind === 'observation') {
    const rawPeriod = field(m, get, 'period');
    const period = toPeriod(rawPeriod, tz);
    const candidate = {
      domain: feed.domain,
      indicator: toStr(field(m, get, 'indicator')),
      areaId: toStr(field(m, get, 'areaId')),
      period,
      value: readNumber(field(m, get, 'value'), m.numberFormat),
      source: feed.id,
      updatedAt: time('updatedAt') ?? opts.defaultTime,
    };
    if (period === null) return quarantine(externalId, `${own(m.fields, 'period') ?? 'period'}: ${quoteValue(rawPeriod)} ${isTimeRange(rawPeriod) ? RANGE_NO_PERIOD : 'is not a period'}`, raw);
    const r = observationSchema.safeParse(candidate);
    return r.success ? { kind: 'observation', record: r.data } : quarantine(externalId, sourceReason(r.error, sources()), raw);
  }

  if (m.kind === 'event') {
    const times = { openedAt: time('openedAt'), updatedAt: time('updatedAt'), dueAt: time('dueAt'), closedAt: time('closedAt') };
    const openedAt = times.openedAt;
    const candidate = {
      id: externalId ? `${feed.id}:${externalId}` : undefined,
      domain: feed.domain,
      kind: toStr(field(m, get, 'kind')),
      status: toStr(field(m, get, 'status')),
      areaId: toStr(field(m, get, 'areaId')),
      lat,
      lon,
      title: toStr(field(m, get, 'title')) ?? '',
      description: toStr(field(m, get, 'description')) ?? '',
      address: toStr(field(m, get, 'address')) ?? '',
      agency: toStr(field(m, get, 'agency')),
      openedAt,
      updatedAt: times.updatedAt ?? openedAt ?? opts.defaultTime,
      dueAt: times.dueAt,
      closedAt: times.closedAt,
      source: feed.id,
      attrs,
    };
    // A time that is there but unreadable is the item's fault: name the column and quote it.
    for (const t of ['openedAt', 'updatedAt', 'dueAt', 'closedAt'] as const) {
      if (times[t] !== null || !Object.hasOwn(m.fields, t)) continue;
      const v = field(m, get, t);
      if (toStr(v) !== null) return quarantine(externalId, `${m.fields[t]}: ${quoteValue(v)} is not a date`, raw);
    }
    const r = eventSchema.safeParse(candidate);
    return r.success ? { kind: 'event', record: r.data } : quarantine(externalId, sourceReason(r.error, sources()), raw);
  }

  const streams = streamsOf(m, get);
  if (streams) attrs.streams = streams;
  const candidate = {
    id: externalId ? `${feed.id}:${externalId}` : undefined,
    domain: feed.domain,
    kind: toStr(field(m, get, 'kind')),
    name: toStr(field(m, get, 'name')),
    areaId: toStr(field(m, get, 'areaId')),
    lat,
    lon,
    source: feed.id,
    attrs,
  };
  if (!point) {
    const where = named ? `${own(m.fields, 'lat') ?? 'lat'}/${own(m.fields, 'lon') ?? 'lon'}: (${quoteValue(rawLat)}, ${quoteValue(rawLon)})` : 'geometry: no point';
    return quarantine(externalId, `${where} is not a location`, raw);
  }
  const r = placeSchema.safeParse(candidate);
  return r.success ? { kind: 'place', record: r.data } : quarantine(externalId, sourceReason(r.error, sources()), raw);
}

export function isQuarantined(x: MappedRecord | QuarantinedItem): x is QuarantinedItem {
  return 'reason' in x;
}

/** Lists of a generic adapter's page, by kind. */
export type MappedLists = { observations: Observation[]; events: DomainEvent[]; places: Place[] };

/** Files one mapped item in its list, or in the quarantine. */
export function fileMapped(m: MappedRecord | QuarantinedItem, records: MappedLists, quarantined: QuarantinedItem[]): void {
  if (isQuarantined(m)) quarantined.push(m);
  else if (m.kind === 'observation') records.observations.push(m.record);
  else if (m.kind === 'event') records.events.push(m.record);
  else records.places.push(m.record);
}
