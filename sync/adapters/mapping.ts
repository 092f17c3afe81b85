import { eventSchema, observationSchema, placeSchema, periodSchema } from '../../domains';
import type { DomainEvent, Observation, Place } from '../../domains';
import type { FeedConfig, FeedMapping } from '../feeds/config';
import type { QuarantinedItem } from '../store';
import { toPoint } from '../location';
import { codeIn, own, quarantine, quoteValue, sourceReason, toStr, type Sources } from './util';
import { readNumber } from '../text/number-format';
import { normTime } from '../text/source-time';

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
  const auth = toStr(field(m, get, 'streams.auth'));
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
export function toPeriod(v: unknown): string | null {
  const s = toStr(v);
  if (!s) return null;
  if (PERIOD.test(s)) return s;
  const q = /^(\d{4})-?Q([1-4])$/.exec(s);
  if (q) return `${q[1]}-Q${q[2]}`;
  // SDMX reporting periods: 2025-M01 (IMF), 2025M01 (older ESTAT, ILO), 2025-A1 / 2025-A / 2025A.
  const r = /^(\d{4})-?(?:M(\d{2})|A1?)$/.exec(s);
  if (r) return r[2] ? `${r[1]}-${r[2]}` : r[1]!;
  // An SDMX time range: a start and one calendar period's duration (2025-01-01/P1M).
  const range = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00)?)?\/P(1Y|12M|3M|1M|1D)$/.exec(s);
  if (range) return periodOfRange(range[1]!, range[2]!, range[3]!, range[4]!);
  const d = /^(\d{4})[-/](\d{2})(?:[-/](\d{2}))?/.exec(s);
  if (d) return d[3] ? `${d[1]}-${d[2]}-${d[3]}` : `${d[1]}-${d[2]}`;
  return null;
}

/** The calendar period a range is, or null when it does not start where that period does. */
function periodOfRange(y: string, mo: string, d: string, duration: string): string | null {
  if (duration === '1D') return `${y}-${mo}-${d}`;
  if (d !== '01') return null;
  if (duration === '1M') return `${y}-${mo}`;
  if (duration === '3M') return ['01', '04', '07', '10'].includes(mo) ? `${y}-Q${(Number(mo) + 2) / 3}` : null;
  return mo === '01' ? y : null;
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
    const period = toPeriod(rawPeriod);
    const candidate = {
      domain: feed.domain,
      indicator: toStr(field(m, get, 'indicator')),
      areaId: toStr(field(m, get, 'areaId')),
      period,
      value: readNumber(field(m, get, 'value'), m.numberFormat),
      source: feed.id,
      updatedAt: time('updatedAt') ?? opts.defaultTime,
    };
    if (period === null) return quarantine(externalId, `${own(m.fields, 'period') ?? 'period'}: ${quoteValue(rawPeriod)} is not a period`, raw);
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
