import { UTC_OFFSET } from '../../base/time-zone';
import { domainDef, readingSchema, stationSchema, type Reading, type Station } from '../../domains';
import type { FeedConfig, FeedOf } from '../feeds/config';
import { SyncError, errors, type SyncErrorCode } from '../http/errors';
import type { HttpResponse } from '../http/client';
import type { QuarantinedItem } from '../store';
import type { Adapter, AdapterBatch, AdapterContext, Parsed, StatePatch } from './types';
import { checkOnGlobe } from '../location';
import { onFeedServer } from '../http/url';
import { firstPosition, representativePoint } from '../representative-point';
import { asList, bodyText, codeIn, eachItem, feedTimeZone, quarantine, quoteValue, sourceReason, toStr, markable, watermarkLimit, withParams } from './util';
import { parseJsonLenient, type JsonReviver } from '../text/lenient-json';
import { readNumber } from '../text/number-format';
import { utcTime } from '../text/source-time';

/**
 * OGC SensorThings API 1.1: Things (+Locations, Datastreams, ObservedProperty) → stations;
 * each Datastream's Observations → readings, incrementally by `$filter=phenomenonTime gt <last>`
 * ordered by phenomenonTime, following `@iot.nextLink`. The watermark is a JSON map
 * datastream id → last phenomenonTime stored, moved forward page by page in the same
 * transaction as the page's readings. A datastream that is gone (404/410), or on which
 * DATASTREAM_FAILURES runs in a row failed, is passed over for the rest of the pass, quarantined
 * by name; its watermark stays, so a later pass reads on from where it was.
 *
 * A Thing's datastreams are read one per parameter (chooseDatastreams: the others, and one whose
 * unitOfMeasurement cannot be put in the catalog's unit, are quarantined, not read), each result in
 * the catalog's unit (unitFactor). MultiDatastreams are not read; they are quarantined, so a
 * station they alone feed does not sit empty saying nothing (multiDatastreams).
 */

type Entity = Record<string, unknown>;

/** A collection page: `value` (spec) or `values` (the 18-088 expand example), and the next link. */
export function readCollection(json: unknown): { items: unknown[]; nextLink: string | null } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw errors.parse('JSON (SensorThings)');
  const o = json as Entity;
  const items = asList(o.value) ?? asList(o.values);
  if (!items) {
    // A single entity answered where a collection was asked: treat it as a collection of one.
    if ('@iot.id' in o) return { items: [o], nextLink: null };
    throw errors.parse('JSON (SensorThings: no value array)');
  }
  return { items, nextLink: typeof o['@iot.nextLink'] === 'string' ? (o['@iot.nextLink'] as string) : null };
}

/**
 * Entities whose `@iot.id` a page wrote as a number past 2^53, which parseJsonLenient keeps as its
 * exact digits, a string: such an id is a number all the same, and a URL path writes it unquoted
 * (idLiteral). Filled as pages of Things and Datastreams are read (readEntities).
 */
const NUMBER_IDS = new WeakSet<object>();

const markNumberIds: JsonReviver = function (this: unknown, key, value, context) {
  if (key === '@iot.id' && typeof value === 'string' && context?.source !== undefined && !context.source.startsWith('"') && typeof this === 'object' && this !== null) {
    NUMBER_IDS.add(this);
  }
  return value;
};

/** A page of Things or Datastreams, each id's JSON type known to idLiteral. */
function readEntities(res: HttpResponse, feed: FeedConfig): { items: unknown[]; nextLink: string | null } {
  return readCollection(parseJsonLenient(bodyText(res, 'SensorThings', feed), 'JSON (SensorThings)', markNumberIds));
}

/** An id as OData writes a string literal: in single quotes, each quote in it doubled. */
const quoted = (id: string) => `'${id.replaceAll("'", "''")}'`;

/**
 * An entity's id as a URL path writes it (SensorThings 1.1 follows OData's URL conventions): a
 * number as its digits, `Datastreams(42)`; a string in quotes, `Datastreams('42')`,
 * `Datastreams('O''Brien')`. It goes by the JSON type the server wrote, not by what the id looks
 * like: a server of string ids (FROST with idType STRING, UUIDs) may hand out "42", and answers
 * `Datastreams(42)` with HTTP 400. The string is the server's own, not trimmed or normalised.
 */
function idLiteral(entity: Entity): string | null {
  const id = entity['@iot.id'];
  if (typeof id === 'string') return toStr(id) === null ? null : NUMBER_IDS.has(entity) ? id : quoted(id);
  return toStr(id);
}

/** The geometry of a Location's `location` (a GeoJSON Feature or a bare geometry). */
function geometryOf(location: unknown): unknown {
  const g = location as Entity | null | undefined;
  return g && typeof g === 'object' && g.type === 'Feature' ? g.geometry : g;
}

/** A Location's point: the point itself, or one inside its area or on its line (a site drawn as a polygon). */
const pointOf = (location: unknown) => representativePoint(geometryOf(location));

/** The first position of a Thing's first Location, for checkOnGlobe. */
function thingPosition(t: unknown): [number, number] | null {
  const locs = (t as Entity | null)?.Locations;
  return Array.isArray(locs) ? firstPosition(geometryOf((locs[0] as Entity | null)?.location)) : null;
}

export interface DatastreamRef {
  id: string;
  /** The id as the URL path writes it (idLiteral); absent in a cursor saved before 4 Dec 2026. */
  literal?: string;
  stationId: string;
  param: string;
  /**
   * What each result is multiplied by to be in the catalog's unit for `param` (unitFactor):
   * 1000 for a datastream in mg/m³ of a parameter kept in µg/m³. Absent for 1, as in a cursor
   * saved before units were read (4 Dec 2026), so the saved place stays as small as it was.
   */
  factor?: number;
  /**
   * The catalog keeps this parameter as hourly readings (it has a VN_AQI key): an observation whose
   * phenomenonTime spans longer than HOURLY_SPAN_MS is quarantined. Absent otherwise, and in a
   * cursor saved before 5 Dec 2026 (read as before).
   */
  hourly?: true;
}

/** The longest phenomenonTime interval read as one hourly reading: an hour, and 5 minutes' slack for a logger's clock. */
export const HOURLY_SPAN_MS = 65 * 60_000;

/**
 * `Datastreams(…)` of a datastream, its literal percent-encoded (a `/`, `?`, `#` or `%` in a string
 * id would otherwise end the path segment or be read as an escape). A cursor saved before literals
 * were kept is read as it was written then: digits unquoted, anything else quoted.
 */
export function datastreamPath(ds: DatastreamRef): string {
  const literal = ds.literal ?? (/^\d+$/.test(ds.id) ? ds.id : quoted(ds.id));
  return `Datastreams(${encodeURIComponent(literal)})`;
}

/**
 * The station parameter a datastream is read as, and whether `paramMap` named the datastream
 * itself. paramMap is looked up by, in order: the Datastream's `name`, its `@iot.id`, then its
 * ObservedProperty's `name`; with no entry, the ObservedProperty's name (or, lacking one, the
 * Datastream's) is the parameter. The datastream comes first because one Thing may have two
 * datastreams of one ObservedProperty ("PM2.5 1h" and "PM2.5 24h mean"): only their own names or
 * ids tell them apart, and an operator maps one of them away from the other that way.
 */
function paramOf(ds: Entity, feed: FeedConfig): { param: string; byDatastream: boolean } | null {
  const map = feed.adapter === 'sensorthings' ? feed.options.paramMap : undefined;
  for (const key of [toStr(ds.name), toStr(ds['@iot.id'])]) {
    const param = key === null ? undefined : codeIn(map, key);
    if (param !== undefined) return { param, byDatastream: true };
  }
  const op = ds.ObservedProperty as Entity | undefined;
  const name = toStr(op?.name) ?? toStr(ds.name);
  if (!name) return null;
  return { param: codeIn(map, name) ?? name, byDatastream: false };
}

/** Mass per cubic metre, in µg/m³: the factors between these are exact, whatever the gas. */
const MASS_PER_M3: Readonly<Record<string, number>> = { 'ng/m3': 1e-3, 'ug/m3': 1, 'mg/m3': 1e3, 'g/m3': 1e6 };

const UNIT_WORD_PREFIX: Readonly<Record<string, string>> = { nano: 'n', micro: 'u', milli: 'm', '': '' };

/**
 * A unit's spelling reduced to one form: `µg/m³` (micro sign), `μg/m3` (Greek mu), `ug/m^3`,
 * `µg m-3`, `mcg/m³` and "microgram per cubic metre" all become `ug/m3`. Anything else is kept,
 * folded for case and spacing, so two spellings of one unknown unit still compare equal.
 */
function unitKey(text: string): string {
  // NFKC turns the micro sign into Greek mu and ³ into 3.
  const u = text.normalize('NFKC').replaceAll('μ', 'u').toLowerCase().replace(/\s+/g, ' ').trim();
  const word = /^(nano|micro|milli|)grams? per cubic met(?:er|re)s?$/.exec(u);
  if (word) return `${UNIT_WORD_PREFIX[word[1]!]}g/m3`;
  const compact = u.replaceAll(' ', '').replace(/^mcg/, 'ug');
  const symbol = /^([num]?g)(?:\/m\^?3|\/m\*\*3|[.·*]?m-3)$/.exec(compact);
  return symbol ? `${symbol[1]}/m3` : compact;
}

/**
 * What a datastream's results are multiplied by to be in `unit`, the catalog's unit of its
 * parameter; null when they cannot be. unitOfMeasurement is read by its `symbol`, then its `name`
 * (either may be the one a server fills). A datastream that gives no unit at all, or blank ones
 * (the endpoint simulator's `definition: ''`, servers that leave it empty), is read as is: 1, as
 * before units were read. Only mass per cubic metre is converted; ppm or ppb to µg/m³ needs the
 * gas's molar mass, the temperature and the pressure, which a datastream does not give: null.
 */
export function unitFactor(uom: unknown, unit: string): number | null {
  const o = uom && typeof uom === 'object' ? (uom as Entity) : {};
  const given = [toStr(o.symbol), toStr(o.name)].filter((x): x is string => x !== null);
  if (given.length === 0) return 1;
  const target = unitKey(unit);
  for (const g of given) {
    const source = unitKey(g);
    if (source === target) return 1;
    // hasOwn: a unit written "constructor" must not find Object.prototype's.
    if (Object.hasOwn(MASS_PER_M3, source) && Object.hasOwn(MASS_PER_M3, target)) return MASS_PER_M3[source]! / MASS_PER_M3[target]!;
  }
  return null;
}

/** A datastream's unitOfMeasurement as an operator reads it in a reason: its symbol, else its name. */
function unitText(uom: unknown): string {
  const o = uom && typeof uom === 'object' ? (uom as Entity) : {};
  return toStr(o.symbol) ?? toStr(o.name) ?? '';
}

/** An id's order for choosing between datastreams: numbers by value before strings, strings by code point. */
function idOrder(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Candidate {
  ref: DatastreamRef;
  name: string | null;
  byDatastream: boolean;
  uom: unknown;
}

/** `Datastreams(11) 'PM2.5 24h mean'`: the path, and the name when it has one. */
const shown = (c: Candidate) => `${datastreamPath(c.ref)}${c.name ? ` '${c.name}'` : ''}`;

/**
 * A Thing's datastreams, one per parameter, each with its unit's factor; the others quarantined.
 * Two datastreams read as one parameter of one station are one series (readings are keyed by
 * station, parameter and time): the second overwrote the first at every time both have, and a
 * 24 h mean stood among hourly readings. One is read: one that paramMap named by its own name or
 * id, else the one of lowest id (ids do not change, names may be edited on the server, so the
 * series kept is the same every run). The others are quarantined saying how to map them apart.
 * Then the one read is checked against the catalog's unit for its parameter (unitFactor).
 */
function chooseDatastreams(candidates: readonly Candidate[], feed: FeedConfig): { refs: DatastreamRef[]; quarantined: QuarantinedItem[] } {
  const quarantined: QuarantinedItem[] = [];
  const chosen = new Map<string, Candidate>();
  for (const c of candidates) {
    const held = chosen.get(c.ref.param);
    const better = !held || (c.byDatastream !== held.byDatastream ? c.byDatastream : idOrder(c.ref.id, held.ref.id) < 0);
    if (better) chosen.set(c.ref.param, c);
  }
  const catalog = new Map(domainDef(feed.domain).stationParams.map((p) => [p.id, p]));
  const refs: DatastreamRef[] = [];
  // In the Thing's own order, so the datastreams are read as the server lists them.
  for (const c of candidates) {
    const read = chosen.get(c.ref.param)!;
    if (read !== c) {
      const by = c.name ? `by datastream name ("${c.name}": "<parameter id>") or by id ("${c.ref.id}": …)` : `by datastream id ("${c.ref.id}": "<parameter id>")`;
      quarantined.push(
        quarantine(
          datastreamPath(c.ref),
          `${shown(c)} observes ${c.ref.param} at station ${c.ref.stationId} as ${shown(read)} does; one series cannot hold both (one overwrote the other at the same times), so only ${datastreamPath(read.ref)} is read. Give it its own paramMap entry ${by}`,
          c.ref,
        ),
      );
      continue;
    }
    const def = catalog.get(c.ref.param);
    const unit = def?.unit;
    const factor = unit === undefined ? 1 : unitFactor(c.uom, unit);
    if (factor === null) {
      quarantined.push(
        quarantine(
          datastreamPath(c.ref),
          `${named(c.ref)}: unitOfMeasurement "${unitText(c.uom)}" is not the catalog's unit for ${c.ref.param}, "${unit}", and is not converted to it (only mass per cubic metre is: ng, µg, mg, g per m³). Not read; have the server give it in ${unit}, or map it to another parameter`,
          c.ref,
        ),
      );
      continue;
    }
    // VN_AQI reads a parameter with an AQI key hour by hour (domains/vn-aqi.ts).
    refs.push({ ...c.ref, ...(factor === 1 ? {} : { factor }), ...(def?.aqiKey ? { hourly: true as const } : {}) });
  }
  return { refs, quarantined };
}

/**
 * The MultiDatastreams of a Thing (the SensorThings 1.1 extension: one datastream, an array of
 * results, one per ObservedProperty) are not read: the Things list does not expand them, as a
 * server without the extension answers that with HTTP 400. They are quarantined so that a station
 * they alone feed is not an empty one saying nothing: each one the server listed, or, for a Thing
 * with no Datastreams that links MultiDatastreams, the link (FROST links them on every Thing, so a
 * Thing that has Datastreams as well is no news).
 */
function multiDatastreams(t: Entity, tid: string, stationId: string, hasDatastreams: boolean): QuarantinedItem[] {
  const multis = asList(t.MultiDatastreams) ?? [];
  const out: QuarantinedItem[] = [];
  for (const m of multis) {
    const e = m && typeof m === 'object' && !Array.isArray(m) ? (m as Entity) : {};
    const id = idLiteral(e) ?? quoteValue(e['@iot.id']);
    const name = toStr(e.name);
    const props = (asList(e.ObservedProperties) ?? []).map((p) => toStr((p as Entity | null)?.name)).filter((x): x is string => x !== null);
    out.push(
      quarantine(
        `MultiDatastreams(${id})`,
        `MultiDatastreams(${id})${name ? ` '${name}'` : ''} (station ${stationId}${props.length ? `: ${props.join(', ')}` : ''}): MultiDatastreams are not read: map single Datastreams of these ObservedProperties`,
        m,
      ),
    );
  }
  if (multis.length === 0 && !hasDatastreams && typeof t['MultiDatastreams@iot.navigationLink'] === 'string') {
    const thing = idLiteral(t) ?? tid;
    out.push(
      quarantine(
        `Things(${thing})/MultiDatastreams`,
        `Things(${thing}) (station ${stationId}) has no Datastreams; its MultiDatastreams, if it has any, are not read: map single Datastreams`,
        { '@iot.id': t['@iot.id'], 'MultiDatastreams@iot.navigationLink': t['MultiDatastreams@iot.navigationLink'] },
      ),
    );
  }
  return out;
}

/** Things with expanded Locations and Datastreams → stations, and the datastreams to follow. */
export function thingsToStations(things: readonly unknown[], feed: FeedConfig): Parsed<Station> & { datastreams: DatastreamRef[] } {
  const quarantined: QuarantinedItem[] = [];
  const datastreams: DatastreamRef[] = [];
  checkOnGlobe('SensorThings', things.map(thingPosition));
  const records = eachItem(
    things,
    quarantined,
    (t): Station | null => {
      const tid = toStr(t['@iot.id']);
      if (!tid) {
        quarantined.push(quarantine(null, `@iot.id: ${quoteValue(t['@iot.id'])}`, t));
        return null;
      }
      const locs = asList(t.Locations) ?? [];
      const point = locs.map((l) => (l && typeof l === 'object' ? pointOf((l as Entity).location) : null)).find((p) => p !== null) ?? null;
      const dss = asList(t.Datastreams) ?? [];
      const stationId = `${feed.id}:${tid}`;
      const candidates: Candidate[] = [];
      for (const ds of dss) {
        if (ds === null || typeof ds !== 'object' || Array.isArray(ds)) {
          quarantined.push(quarantine(tid, `Datastreams: ${quoteValue(ds)} is not an object`, ds));
          continue;
        }
        const e = ds as Entity;
        const dsId = toStr(e['@iot.id']);
        const literal = idLiteral(e);
        const p = paramOf(e, feed);
        if (!dsId || !literal || !p) continue;
        candidates.push({ ref: { id: dsId, literal, stationId, param: p.param }, name: toStr(e.name), byDatastream: p.byDatastream, uom: e.unitOfMeasurement });
      }
      const { refs, quarantined: passed } = chooseDatastreams(candidates, feed);
      passed.push(...multiDatastreams(t, tid, stationId, candidates.length > 0));
      const params = new Set(refs.map((r) => r.param));
      if (!point) {
        quarantined.push(quarantine(tid, 'Locations: no Point location for this Thing (or only (0, 0))', t));
        return null;
      }
      const props = (t.properties && typeof t.properties === 'object' ? t.properties : {}) as Entity;
      const candidate = {
        id: stationId,
        domain: feed.domain,
        name: toStr(t.name) ?? toStr(t.description),
        areaId: toStr(props.areaId) ?? null,
        lat: point.lat,
        lon: point.lon,
        params: [...params],
        source: feed.id,
      };
      const r = stationSchema.safeParse(candidate);
      if (r.success) {
        for (const ref of refs) datastreams.push(ref);
        // Said only of a station that is kept: a Thing refused above reads none of its datastreams.
        for (const q of passed) quarantined.push(q);
        return r.data;
      }
      quarantined.push(quarantine(tid, sourceReason(r.error, { name: ['name', t.name ?? t.description] }), t));
      return null;
    },
    'Thing',
  );
  return { records, quarantined, datastreams };
}

/** A span of time as an operator reads it: `24 h 0 min`. */
const span = (ms: number) => `${Math.floor(ms / 3_600_000)} h ${Math.floor((ms % 3_600_000) / 60_000)} min`;

/**
 * Observations of one datastream → readings. phenomenonTime may be an interval: its start counts;
 * for a parameter the catalog keeps hourly (DatastreamRef.hourly), an interval longer than
 * HOURLY_SPAN_MS (a daily mean) is quarantined, not stored among the hourly readings.
 * `last` is the newest time read, quarantined ones included (a bad value is not asked for again),
 * but none after `markLimit` (watermarkLimit): a reading from a clock years ahead is stored and
 * does not become the time every later request asks to start after.
 */
export function observationsToReadings(
  obs: readonly unknown[],
  ds: DatastreamRef,
  tz = UTC_OFFSET,
  markLimit: string | null = null,
): Parsed<Reading> & { last: string | null } {
  const quarantined: QuarantinedItem[] = [];
  let last: string | null = null;
  const records = eachItem(
    obs,
    quarantined,
    (o): Reading | null => {
      const pt = toStr(o.phenomenonTime);
      const [from, to] = pt?.split('/') ?? [];
      const time = utcTime(from, tz);
      const mark = markLimit === null ? time : markable(time, markLimit);
      if (mark && (!last || mark > last)) last = mark;
      if (ds.hourly && time && to !== undefined) {
        const end = utcTime(to, tz);
        const ms = end ? Date.parse(end) - Date.parse(time) : NaN;
        if (ms > HOURLY_SPAN_MS) {
          const why = `phenomenonTime: ${quoteValue(o.phenomenonTime)} spans ${span(ms)}; ${ds.param} is kept as hourly readings (at most ${span(HOURLY_SPAN_MS)} each), and a mean over longer is not one. Map this datastream to a parameter of its own`;
          quarantined.push(quarantine(o['@iot.id'] ?? null, why, o));
          return null;
        }
      }
      const result = readNumber(o.result);
      // In the catalog's unit (DatastreamRef.factor); 15 digits, so 1.1 mg/m³ is 1100 µg/m³, not
      // 1100.0000000000002. The plausibility limits below then apply to the converted value.
      const value = result !== null && ds.factor !== undefined ? Number((result * ds.factor).toPrecision(15)) : result;
      const r = readingSchema.safeParse({ stationId: ds.stationId, param: ds.param, time, value });
      if (r.success) return r.data;
      quarantined.push(
        quarantine(o['@iot.id'] ?? null, sourceReason(r.error, { time: ['phenomenonTime', o.phenomenonTime], value: ['result', o.result] }), o),
      );
      return null;
    },
    'Observation',
  );
  return { records, quarantined, last };
}

interface StaCursor {
  phase: 'observations';
  datastreams: DatastreamRef[];
  index: number;
  nextLink: string | null;
  /** Runs in a row that failed on the datastream at `index` (DATASTREAM_FAILURES); absent for none. */
  failures?: number;
}

/** The cursor at a datastream and page, no failures counted there yet. */
const at = (c: StaCursor, index: number, nextLink: string | null): StaCursor => ({ phase: 'observations', datastreams: c.datastreams, index, nextLink });

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** The watermarks of the datastreams the server still lists: one that went away is forgotten, not kept for months. */
function marksOf(datastreams: readonly DatastreamRef[], marks: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ds of datastreams) if (Object.hasOwn(marks, ds.id)) out[ds.id] = marks[ds.id]!;
  return out;
}

/**
 * How many times a run saves how far it got through the datastreams. The saved cursor lists every
 * datastream and the watermarks name each, so saving after every one wrote the whole list once per
 * datastream (2,000 datastreams: 319 MB of state in one run). After a crash the run goes on from
 * the last save; the few datastreams read again are upserts of the same readings.
 */
export const CHECKPOINTS = 20;

/**
 * Runs in a row that may fail on one datastream before it is passed over. A pass reads the Things
 * list, then each datastream it names; the cursor keeps the pass's place between runs. A datastream
 * that failed every time (a server error on that one alone, a page that is not JSON, a query that
 * always times out) used to hold the cursor for good: every later run asked for it alone, and the
 * datastreams after it, and the Things list, were never read again. Now the third run that fails on
 * it passes it over (quarantined, saying why) and reads the others; its watermark stays, so the next
 * pass asks for it again from its last reading and nothing of it is lost, only later.
 */
export const DATASTREAM_FAILURES = 3;

/**
 * Failures that say nothing of the datastream being read: the server not reached (DNS, refused,
 * network down, proxy, certificate), our credentials or settings refused, the server asking us to
 * come back later (429, 503), the disk full. The run ends on them and resumes at its last save, no
 * failure counted: a day offline must not pass datastreams over one by one.
 */
const NOT_THE_DATASTREAM = new Set<SyncErrorCode>([
  'dns',
  'refused',
  'network_down',
  'proxy',
  'tls',
  'auth',
  'rate_limited',
  'unavailable',
  'bad_setting',
  'secret_origin',
  'secret_missing',
  'disk_full',
]);

/** Where a datastream is, for an operator: `Datastreams(8) (station air:1, PM10)`. */
const named = (ds: DatastreamRef) => `${datastreamPath(ds)} (station ${ds.stationId}, ${ds.param})`;

/** A failure on one datastream, naming it and saying how many runs in a row have failed on it. */
function failedOn(e: SyncError, ds: DatastreamRef, failures: number): SyncError {
  return new SyncError(
    e.code,
    `${e.vi} (SensorThings ${datastreamPath(ds)}, trạm ${ds.stationId}, ${ds.param}: lần lỗi thứ ${failures} liên tiếp; đến lần thứ ${DATASTREAM_FAILURES}, luồng dữ liệu này được bỏ qua đến lượt đọc sau, các luồng khác vẫn được đọc.)`,
    `${e.en} (SensorThings ${named(ds)}: failure ${failures} in a row; at ${DATASTREAM_FAILURES} it is passed over until the next pass and the others are read.)`,
    { status: e.status, retryAfterMs: e.retryAfterMs, retryable: e.retryable, cause: e },
  );
}

/**
 * A datastream passed over, as a quarantined item an operator sees. The reason holds no count or
 * time, so the same datastream passed over again adds to its row instead of a new one.
 */
function passedOver(ds: DatastreamRef, e: SyncError): QuarantinedItem {
  const reason =
    e.code === 'not_found'
      ? `${named(ds)}: the server has no such datastream now (its Observations answer HTTP 404/410): deleted, or renamed, after the Things list named it. Passed over; read again from its last reading if the Things list names it again`
      : `${named(ds)}: passed over in this pass after ${DATASTREAM_FAILURES} runs in a row failed on it, the last with: ${e.en} Read again from its last reading on the next pass`;
  return quarantine(datastreamPath(ds), reason, ds);
}

/** The state that saves `next` as the run's place: watermarks, and the cursor until the pass ends. */
function placeOf(next: StaCursor, marks: Record<string, string>): StatePatch {
  return next.index >= next.datastreams.length
    ? { watermark: JSON.stringify(marksOf(next.datastreams, marks)), cursor: null }
    : { watermark: JSON.stringify(marks), cursor: JSON.stringify(next) };
}

/** Most pages of one expanded list read in a run: a server's inner paging cannot keep us busy forever. */
export const MAX_EXPANDED_PAGES = 50;

/**
 * Completes an expanded list that the server paged (`Datastreams@iot.nextLink` inside a Thing,
 * SensorThings 1.1 §9.3.3.5), on the feed's own server, each page once, at most MAX_EXPANDED_PAGES.
 */
async function followExpanded(ctx: AdapterContext, base: string, from: string, entity: Entity, prop: string, seen: Set<string>): Promise<void> {
  const list: unknown[] = [...(asList(entity[prop]) ?? [])];
  let next = nextPageUrl(base, from, typeof entity[`${prop}@iot.nextLink`] === 'string' ? (entity[`${prop}@iot.nextLink`] as string) : null, list.length || 1, seen);
  for (let pages = 0; next && pages < MAX_EXPANDED_PAGES; pages++) {
    const res = await ctx.http.fetch({ url: next, signal: ctx.signal }, ctx.profile);
    const page = readEntities(res, ctx.feed);
    // Not push(...items): a page of some 125,000 items passes V8's limit on a call's arguments.
    for (const item of page.items) list.push(item);
    next = nextPageUrl(base, res.url, page.nextLink, page.items.length, seen);
  }
  entity[prop] = list;
  delete entity[`${prop}@iot.nextLink`];
}

/**
 * The next page to read, or null when the collection ends. A relative nextLink is resolved against
 * `from`, the URL of the page it came in (RFC 3986 §5.1.3), not the service root: FROST-style
 * `Observations?$skip=1` on a page of `…/v1.1/Datastreams(7)/Observations` is that datastream's
 * next page, where the root made it `…/v1.1/Observations`, every datastream's, stored under this
 * one's station and parameter. A nextLink is followed only on the
 * feed's own server (our credentials go with every request) and never twice in one run; an empty
 * page ends the collection, so a server that always answers with a link cannot keep us paging.
 *
 * A link to another origin that names the service's own path (`…/v1.1/Things?$skip=200`) is read
 * on the feed's server: a SensorThings server behind a reverse proxy writes its links with its
 * inner address (`http://localhost:8080/FROST-Server/v1.1/…`, or http where the proxy speaks
 * https) unless its `serviceRootUrl` is set, the commonest slip in deploying one, and every run
 * ended at the first page. Nothing is ever asked of the other origin.
 */
export function nextPageUrl(base: string, from: string, link: string | null, itemCount: number, seen: Set<string>): string | null {
  if (!link || itemCount === 0) return null;
  let url: URL;
  try {
    url = new URL(link, from);
  } catch {
    throw errors.parse('JSON (SensorThings: @iot.nextLink is not a URL)');
  }
  const next = url.origin === new URL(base).origin ? url.toString() : onFeedServer(url, new URL(`${base}/`));
  if (next === null) throw errors.parse(`JSON (SensorThings: @iot.nextLink points to another server, ${url.host})`);
  if (seen.has(next)) throw errors.parse('JSON (SensorThings: @iot.nextLink repeats a page already read)');
  seen.add(next);
  return next;
}

export const sensorThingsAdapter: Adapter<'sensorthings'> = {
  async *run(ctx: AdapterContext<FeedOf<'sensorthings'>>): AsyncIterable<AdapterBatch> {
    const { feed, state, http, profile } = ctx;
    const base = trimSlash(feed.url);
    const top = feed.options.top;
    const marks: Record<string, string> = state.watermark ? (JSON.parse(state.watermark) as Record<string, string>) : {};
    let cursor: StaCursor | null = state.cursor ? (JSON.parse(state.cursor) as StaCursor) : null;
    const seen = new Set<string>();

    if (!cursor) {
      const things: unknown[] = [];
      let next: string | null = withParams(`${base}/Things`, {
        $expand: 'Locations,Datastreams($expand=ObservedProperty)',
        $top: 200,
      });
      while (next) {
        const res = await http.fetch({ url: next, signal: ctx.signal }, profile);
        const page = readEntities(res, ctx.feed);
        for (const t of page.items) {
          // A server pages inside $expand too: a Thing's Datastreams may end with a nextLink.
          if (t && typeof t === 'object' && !Array.isArray(t)) await followExpanded(ctx, base, res.url, t as Entity, 'Datastreams', seen);
          things.push(t);
        }
        next = nextPageUrl(base, res.url, page.nextLink, page.items.length, seen);
      }
      const parsed = thingsToStations(things, feed);
      cursor = { phase: 'observations', datastreams: parsed.datastreams, index: 0, nextLink: null };
      yield {
        records: { stations: parsed.records },
        quarantined: parsed.quarantined,
        fetched: things.length,
        state: { cursor: parsed.datastreams.length ? JSON.stringify(cursor) : null },
      };
    }

    const every = Math.max(1, Math.ceil(cursor.datastreams.length / CHECKPOINTS));
    while (cursor.index < cursor.datastreams.length) {
      const ds = cursor.datastreams[cursor.index]!;
      const since = marks[ds.id];
      const url =
        cursor.nextLink ??
        withParams(`${base}/${datastreamPath(ds)}/Observations`, {
          $filter: since ? `phenomenonTime gt ${since}` : undefined,
          $orderby: 'phenomenonTime asc',
          $select: '@iot.id,phenomenonTime,result',
          $top: top,
        });
      let page: { items: unknown[]; nextLink: string | null };
      let nextLink: string | null;
      try {
        const res = await http.fetch({ url, signal: ctx.signal }, profile);
        page = readCollection(parseJsonLenient(bodyText(res, 'SensorThings', ctx.feed), 'JSON (SensorThings)'));
        nextLink = nextPageUrl(base, res.url, page.nextLink, page.items.length, seen);
      } catch (err) {
        if (!(err instanceof SyncError) || ctx.signal?.aborted || NOT_THE_DATASTREAM.has(err.code)) throw err;
        // A datastream that is gone (404/410: deleted after the Things list named it) is passed
        // over at once; any other failure on it at the DATASTREAM_FAILURES-th run in a row. Its
        // watermark stays either way: nothing read of it is asked for again, nothing unread is lost.
        const failures = (cursor.failures ?? 0) + 1;
        if (err.code !== 'not_found' && failures < DATASTREAM_FAILURES) {
          // The count and the place are saved before the run ends, so the next run resumes here.
          yield { records: {}, quarantined: [], fetched: 0, state: placeOf({ ...cursor, failures }, marks) };
          throw failedOn(err, ds, failures);
        }
        const skip: StaCursor = at(cursor, cursor.index + 1, null);
        yield { records: {}, quarantined: [passedOver(ds, err)], fetched: 0, state: placeOf(skip, marks) };
        cursor = skip;
        continue;
      }
      const parsed = observationsToReadings(page.items, ds, feedTimeZone(feed), watermarkLimit(ctx.now()));
      if (parsed.last && (!marks[ds.id] || parsed.last > marks[ds.id]!)) marks[ds.id] = parsed.last;
      const next: StaCursor = nextLink ? at(cursor, cursor.index, nextLink) : at(cursor, cursor.index + 1, null);
      const finished = next.index >= next.datastreams.length;
      const save = finished || (next.index > cursor.index && next.index % every === 0);
      yield { records: { readings: parsed.records }, quarantined: parsed.quarantined, fetched: page.items.length, state: save ? placeOf(next, marks) : {} };
      cursor = next;
    }
  },
};
