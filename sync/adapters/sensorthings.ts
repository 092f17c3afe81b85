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
import { MULTI_MARK_PREFIX, componentLabel, componentValues, multiMarkKey, multiPath, readComponents, unitOf, type MultiDatastreamRef } from './sensorthings-multi';

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
 * the catalog's unit (unitFactor).
 *
 * MultiDatastreams (the 1.1 extension: one series whose result is an array, one value per
 * ObservedProperty; many air-quality stations are published only so) are read the same way. They
 * are listed after the Things, with their ObservedProperties (findMultiDatastreams); each value is
 * a component (sensorthings-multi.ts) that chooseDatastreams weighs against the Thing's Datastreams
 * and other components as it weighs datastreams, units and all; their Observations are read as a
 * Datastream's, one request for all their components, incrementally under a watermark key that no
 * Datastream id can be (multiMarkKey), failures passed over as a Datastream's are.
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
 * (idLiteral). Filled as pages of Things, Datastreams and MultiDatastreams are read (readEntities).
 */
const NUMBER_IDS = new WeakSet<object>();

const markNumberIds: JsonReviver = function (this: unknown, key, value, context) {
  if (key === '@iot.id' && typeof value === 'string' && context?.source !== undefined && !context.source.startsWith('"') && typeof this === 'object' && this !== null) {
    NUMBER_IDS.add(this);
  }
  return value;
};

/** A page of Things, Datastreams or MultiDatastreams, each id's JSON type known to idLiteral. */
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

/**
 * What a run reads Observations of: a Datastream, or a MultiDatastream with the components read of
 * it. A cursor saved before MultiDatastreams were read holds DatastreamRefs alone, read as before.
 */
export type StreamRef = DatastreamRef | MultiDatastreamRef;

const isMulti = (ds: StreamRef): ds is MultiDatastreamRef => (ds as Partial<MultiDatastreamRef>).kind === 'multi';

/** The longest phenomenonTime interval read as one hourly reading: an hour, and 5 minutes' slack for a logger's clock. */
export const HOURLY_SPAN_MS = 65 * 60_000;

/**
 * `Datastreams(…)` of a datastream (`MultiDatastreams(…)` of a MultiDatastream, multiPath), its
 * literal percent-encoded (a `/`, `?`, `#` or `%` in a string id would otherwise end the path
 * segment or be read as an escape). A cursor saved before literals were kept is read as it was
 * written then: digits unquoted, anything else quoted.
 */
export function datastreamPath(ds: StreamRef): string {
  if (isMulti(ds)) return multiPath(ds.literal);
  const literal = ds.literal ?? (/^\d+$/.test(ds.id) ? ds.id : quoted(ds.id));
  return `Datastreams(${encodeURIComponent(literal)})`;
}

/** A stream's key in the watermark map: a Datastream's id, as it always was; a MultiDatastream's multiMarkKey. */
const markKey = (ds: StreamRef) => (isMulti(ds) ? multiMarkKey(ds.literal) : ds.id);

/** The parameters a stream is read as: `PM10`; `pm25, pm10, co` for a MultiDatastream. */
const paramsText = (ds: StreamRef) => (isMulti(ds) ? ds.components.map((c) => c.param).join(', ') : ds.param);

/** A vocabulary URI as ObservedProperty definitions are written: `http://…`, `https://…`, `urn:…`. */
const VOCABULARY_URI = /^(?:[a-z][a-z\d+.-]*:\/\/|urn:)\S/i;

/**
 * The station parameter a datastream is read as, and whether `paramMap` named the datastream
 * itself. paramMap is looked up by, in order: the Datastream's `name`, its `@iot.id`, then its
 * ObservedProperty's `name`, then the ObservedProperty's `definition` (a vocabulary URI, the same on
 * every station, where names vary; a definition that is a word is passed over where there is a
 * name, see below); with no entry, the ObservedProperty's name (or, lacking one, the Datastream's)
 * is the parameter. The datastream comes first because one Thing may have two datastreams of one
 * ObservedProperty ("PM2.5 1h" and "PM2.5 24h mean"): only their own names or ids tell them apart,
 * and an operator maps one of them away from the other that way. A MultiDatastream's values are
 * looked up alike (sensorthings-multi.ts readComponents).
 */
function paramOf(ds: Entity, feed: FeedConfig): { param: string; byDatastream: boolean } | null {
  const map = feed.adapter === 'sensorthings' ? feed.options.paramMap : undefined;
  for (const key of [toStr(ds.name), toStr(ds['@iot.id'])]) {
    const param = key === null ? undefined : codeIn(map, key);
    if (param !== undefined) return { param, byDatastream: true };
  }
  const op = ds.ObservedProperty as Entity | undefined;
  const definition = toStr(op?.definition);
  const name = toStr(op?.name) ?? toStr(ds.name);
  // A named datastream's definition is looked up only when it is a vocabulary URI. paramMaps written
  // before definitions were looked up hold names ("Temperature"), and a server that fills
  // `definition` with such a word would have another property's entry take this datastream over:
  // its series renamed, or (both now one parameter, the lower id read) a station's existing series
  // switched to another sensor with no word said. An unnamed one was not read before: any definition.
  const byDefinition = definition === null || (name && !VOCABULARY_URI.test(definition)) ? undefined : codeIn(map, definition);
  if (!name) return byDefinition === undefined ? null : { param: byDefinition, byDatastream: false };
  return { param: codeIn(map, name) ?? byDefinition ?? name, byDatastream: false };
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
  /** A Datastream's ref; for a MultiDatastream's value, the MultiDatastream's id and literal with the value's parameter. */
  ref: DatastreamRef;
  /** The Datastream's or MultiDatastream's name. */
  name: string | null;
  byDatastream: boolean;
  uom: unknown;
  /** For a MultiDatastream's value: the MultiDatastream, which the values read are added to, and the value's place and property. */
  multi?: { stream: MultiDatastreamRef; index: number; property: string };
}

/** `Datastreams(11) 'PM2.5 24h mean'`, `result[1] (PM10) of MultiDatastreams(40) 'Bụi'`: as an operator finds it. */
const shown = (c: Candidate) =>
  c.multi ? componentLabel(c.ref.literal!, c.name, c.multi.index, c.multi.property) : `${datastreamPath(c.ref)}${c.name ? ` '${c.name}'` : ''}`;

/** A candidate's quarantine id: `Datastreams(11)`, `MultiDatastreams(40)[1]`. */
const pathOf = (c: Candidate) => (c.multi ? `${multiPath(c.ref.literal!)}[${c.multi.index}]` : datastreamPath(c.ref));

/**
 * Whether `c` is read rather than `held`, both of one parameter: one paramMap named by its own
 * datastream's name or id; else a Datastream before a MultiDatastream's value (the series the
 * station was read from before MultiDatastreams were, and the property's alone); else the lowest
 * id, then the first value of a MultiDatastream (ids do not change, names may be edited on the
 * server, so the series kept is the same every run).
 */
function readBefore(c: Candidate, held: Candidate): boolean {
  if (c.byDatastream !== held.byDatastream) return c.byDatastream;
  if (!c.multi !== !held.multi) return !c.multi;
  const byId = idOrder(c.ref.id, held.ref.id);
  return byId < 0 || (byId === 0 && (c.multi?.index ?? 0) < (held.multi?.index ?? 0));
}

/** The paramMap entry that reads a candidate as a parameter of its own. */
function ownEntry(c: Candidate): string {
  if (c.multi) {
    const byId = `by id and property ("${c.ref.id}/${c.multi.property}": "<parameter id>")`;
    return c.name ? `by MultiDatastream name and property ("${c.name}/${c.multi.property}": "<parameter id>") or ${byId}` : byId;
  }
  return c.name ? `by datastream name ("${c.name}": "<parameter id>") or by id ("${c.ref.id}": …)` : `by datastream id ("${c.ref.id}": "<parameter id>")`;
}

/**
 * A Thing's datastreams, one per parameter, each with its unit's factor; the others quarantined.
 * Two datastreams read as one parameter of one station are one series (readings are keyed by
 * station, parameter and time): the second overwrote the first at every time both have, and a
 * 24 h mean stood among hourly readings. One is read (readBefore); the others are quarantined saying
 * how to map them apart. Then the one read is checked against the catalog's unit for its parameter
 * (unitFactor). A MultiDatastream's values are candidates as Datastreams are, each on its own; the
 * MultiDatastream is read for those of its values chosen, and not at all when none is.
 */
function chooseDatastreams(candidates: readonly Candidate[], feed: FeedConfig): { refs: StreamRef[]; quarantined: QuarantinedItem[] } {
  const quarantined: QuarantinedItem[] = [];
  const chosen = new Map<string, Candidate>();
  for (const c of candidates) {
    const held = chosen.get(c.ref.param);
    if (!held || readBefore(c, held)) chosen.set(c.ref.param, c);
  }
  const catalog = new Map(domainDef(feed.domain).stationParams.map((p) => [p.id, p]));
  const refs: StreamRef[] = [];
  // In the Thing's own order, so the datastreams are read as the server lists them.
  for (const c of candidates) {
    const read = chosen.get(c.ref.param)!;
    const raw = c.multi ? { ...c.ref, index: c.multi.index, property: c.multi.property } : c.ref;
    if (read !== c) {
      // Two values of one MultiDatastream of one property (its ObservedProperties list one twice):
      // every paramMap entry that names the one names the other, so advising one changed nothing.
      const twin = c.multi && read.multi?.stream === c.multi.stream && read.multi.property === c.multi.property;
      const advice = twin
        ? `ObservedProperties[${c.multi!.index}] repeats ObservedProperties[${read.multi!.index}] (${c.multi!.property}), and no paramMap entry by MultiDatastream name, id or property tells the two apart: have the MultiDatastream mended on the server`
        : `Give it its own paramMap entry ${ownEntry(c)}`;
      quarantined.push(
        quarantine(
          pathOf(c),
          `${shown(c)} observes ${c.ref.param} at station ${c.ref.stationId} as ${shown(read)} does; one series cannot hold both (one overwrote the other at the same times), so only ${pathOf(read)} is read. ${advice}`,
          raw,
        ),
      );
      continue;
    }
    const def = catalog.get(c.ref.param);
    const unit = def?.unit;
    const factor = unit === undefined ? 1 : unitFactor(c.uom, unit);
    if (factor === null) {
      const where = c.multi ? `${shown(c)} (station ${c.ref.stationId}, ${c.ref.param}): unitOfMeasurements[${c.multi.index}]` : `${named(c.ref)}: unitOfMeasurement`;
      quarantined.push(
        quarantine(
          pathOf(c),
          `${where} "${unitText(c.uom)}" is not the catalog's unit for ${c.ref.param}, "${unit}", and is not converted to it (only mass per cubic metre is: ng, µg, mg, g per m³). Not read; have the server give it in ${unit}, or map it to another parameter`,
          raw,
        ),
      );
      continue;
    }
    // VN_AQI reads a parameter with an AQI key hour by hour (domains/vn-aqi.ts).
    const readAs = { ...(factor === 1 ? {} : { factor }), ...(def?.aqiKey ? { hourly: true as const } : {}) };
    if (!c.multi) {
      refs.push({ ...c.ref, ...readAs });
      continue;
    }
    // A MultiDatastream is read once for all its values chosen, where the first of them stands.
    if (c.multi.stream.components.length === 0) refs.push(c.multi.stream);
    c.multi.stream.components.push({ index: c.multi.index, param: c.ref.param, ...readAs });
  }
  return { refs, quarantined };
}

/**
 * The candidates of a Thing's MultiDatastreams, one per value read (readComponents), and what is not
 * read of them quarantined. A Thing with no Datastreams that links MultiDatastreams its run could not
 * list (findMultiDatastreams failed on them) is said too, so its station does not sit empty saying
 * nothing; FROST links them on every Thing, so a Thing that has Datastreams as well is no news.
 */
function multiCandidates(t: Entity, tid: string, stationId: string, hasDatastreams: boolean, feed: FeedConfig): { candidates: Candidate[]; quarantined: QuarantinedItem[] } {
  const multis = asList(t.MultiDatastreams);
  const candidates: Candidate[] = [];
  const quarantined: QuarantinedItem[] = [];
  for (const m of multis ?? []) {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      quarantined.push(quarantine(tid, `MultiDatastreams: ${quoteValue(m)} is not an object`, m));
      continue;
    }
    const e = m as Entity;
    const id = toStr(e['@iot.id']);
    const literal = idLiteral(e);
    if (!id || !literal) {
      quarantined.push(quarantine(tid, `MultiDatastreams: @iot.id ${quoteValue(e['@iot.id'])} (station ${stationId}): not an id, so its Observations cannot be asked for. Not read`, m));
      continue;
    }
    const read = readComponents(e, id, literal, stationId, feed);
    for (const q of read.quarantined) quarantined.push(q);
    const stream: MultiDatastreamRef = { kind: 'multi', id, literal, stationId, size: read.size, components: [] };
    for (const c of read.components) {
      candidates.push({ ref: { id, literal, stationId, param: c.param }, name: toStr(e.name), byDatastream: c.byDatastream, uom: c.uom, multi: { stream, index: c.index, property: c.property } });
    }
  }
  if (multis === null && !hasDatastreams && typeof t['MultiDatastreams@iot.navigationLink'] === 'string') {
    const thing = idLiteral(t) ?? tid;
    quarantined.push(
      quarantine(
        `Things(${thing})/MultiDatastreams`,
        `Things(${thing}) (station ${stationId}) has no Datastreams; its MultiDatastreams, if it has any, are not read in this pass: the server's list of MultiDatastreams could not be read (see the item "MultiDatastreams")`,
        { '@iot.id': t['@iot.id'], 'MultiDatastreams@iot.navigationLink': t['MultiDatastreams@iot.navigationLink'] },
      ),
    );
  }
  return { candidates, quarantined };
}

/**
 * Things with expanded Locations and Datastreams, and MultiDatastreams as findMultiDatastreams set
 * them, → stations, and the datastreams and MultiDatastreams to follow.
 */
export function thingsToStations(things: readonly unknown[], feed: FeedConfig): Parsed<Station> & { datastreams: StreamRef[] } {
  const quarantined: QuarantinedItem[] = [];
  const datastreams: StreamRef[] = [];
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
        candidates.push({ ref: { id: dsId, literal, stationId, param: p.param }, name: toStr(e.name), byDatastream: p.byDatastream, uom: unitOf(e.unitOfMeasurement) });
      }
      const multis = multiCandidates(t, tid, stationId, candidates.length > 0, feed);
      const chosen = chooseDatastreams([...candidates, ...multis.candidates], feed);
      const { refs } = chosen;
      const passed = [...multis.quarantined, ...chosen.quarantined];
      const params = new Set(refs.flatMap((r) => (isMulti(r) ? r.components.map((c) => c.param) : [r.param])));
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
      let r = stationSchema.safeParse(candidate);
      let read = refs;
      if (!r.success && refs.some(isMulti)) {
        // A MultiDatastream's values must not cost a station what it had before they were read: one
        // property named with a paragraph (longer than a parameter id may be), or more parameters
        // than one station may have, had the whole Thing refused and its Datastreams read no more.
        // The station is taken with its Datastreams alone if it can be, each MultiDatastream said.
        const plain = refs.filter((x): x is DatastreamRef => !isMulti(x));
        const alone = stationSchema.safeParse({ ...candidate, params: [...new Set(plain.map((x) => x.param))] });
        if (alone.success) {
          const why = sourceReason(r.error, {});
          for (const m of refs.filter(isMulti)) {
            const where = `${datastreamPath(m)} (station ${m.stationId}, ${m.components.length} values)`;
            passed.push(quarantine(datastreamPath(m), `${where}: with its values the station is not one the catalog takes (${why}); without them it is. Not read; map its properties to the catalog's parameters in paramMap`, m));
          }
          read = plain;
          r = alone;
        }
      }
      if (r.success) {
        for (const ref of read) datastreams.push(ref);
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
 *
 * An Observation of a MultiDatastream is a reading per component read (componentValues), each
 * checked as a Datastream's result is: one bad value is quarantined alone, the others stored. A
 * result that cannot be split (not an array, not one value per ObservedProperty), or a time that
 * is not one, is quarantined once for the Observation, not once per value.
 */
export function observationsToReadings(
  obs: readonly unknown[],
  ds: StreamRef,
  tz = UTC_OFFSET,
  markLimit: string | null = null,
): Parsed<Reading> & { last: string | null } {
  const quarantined: QuarantinedItem[] = [];
  let last: string | null = null;
  const perObservation = eachItem(
    obs,
    quarantined,
    (o): Reading[] | null => {
      const pt = toStr(o.phenomenonTime);
      const [from, to] = pt?.split('/') ?? [];
      const time = utcTime(from, tz);
      const mark = markLimit === null ? time : markable(time, markLimit);
      if (mark && (!last || mark > last)) last = mark;
      const id = o['@iot.id'] ?? null;
      const values = isMulti(ds) ? componentValues(o, ds) : [{ component: ds, value: o.result, field: 'result' }];
      if (typeof values === 'string') {
        quarantined.push(quarantine(id, values, o));
        return null;
      }
      if (isMulti(ds) && time === null) {
        const given = o.phenomenonTime !== undefined && o.phenomenonTime !== null && o.phenomenonTime !== '';
        quarantined.push(quarantine(id, `phenomenonTime: ${given ? `${quoteValue(o.phenomenonTime)} is not a date` : 'missing'}`, o));
        return null;
      }
      const end = time && to !== undefined ? utcTime(to, tz) : null;
      const ms = time && end ? Date.parse(end) - Date.parse(time) : NaN;
      const readings: Reading[] = [];
      for (const { component: c, value: raw, field } of values) {
        if (c.hourly && ms > HOURLY_SPAN_MS) {
          const which = isMulti(ds) ? `${field} of ${multiPath(ds.literal)}` : 'this datastream';
          const why = `phenomenonTime: ${quoteValue(o.phenomenonTime)} spans ${span(ms)}; ${c.param} is kept as hourly readings (at most ${span(HOURLY_SPAN_MS)} each), and a mean over longer is not one. Map ${which} to a parameter of its own`;
          quarantined.push(quarantine(id, why, o));
          continue;
        }
        const result = readNumber(raw);
        // In the catalog's unit (DatastreamRef.factor); 15 digits, so 1.1 mg/m³ is 1100 µg/m³, not
        // 1100.0000000000002. The plausibility limits below then apply to the converted value.
        const value = result !== null && c.factor !== undefined ? Number((result * c.factor).toPrecision(15)) : result;
        const r = readingSchema.safeParse({ stationId: ds.stationId, param: c.param, time, value });
        if (r.success) readings.push(r.data);
        else quarantined.push(quarantine(id, sourceReason(r.error, { time: ['phenomenonTime', o.phenomenonTime], value: [field, raw] }), o));
      }
      return readings;
    },
    'Observation',
  );
  return { records: perObservation.flat(), quarantined, last };
}

interface StaCursor {
  phase: 'observations';
  datastreams: StreamRef[];
  index: number;
  nextLink: string | null;
  /** Runs in a row that failed on the datastream at `index` (DATASTREAM_FAILURES); absent for none. */
  failures?: number;
  /**
   * Watermark keys kept at the pass's end though not read in it: MultiDatastreams the pass could not
   * list (findMultiDatastreams), which may well be there still. Absent for none.
   */
  kept?: string[];
}

/** The cursor at a datastream and page, no failures counted there yet. */
const at = (c: StaCursor, index: number, nextLink: string | null): StaCursor => ({
  phase: 'observations',
  datastreams: c.datastreams,
  index,
  nextLink,
  ...(c.kept ? { kept: c.kept } : {}),
});

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/**
 * The watermarks of the datastreams the server still lists: one that went away is forgotten, not
 * kept for months. Those the pass could not list are kept (StaCursor.kept).
 */
function marksOf(c: StaCursor, marks: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...c.datastreams.map(markKey), ...(c.kept ?? [])]) if (Object.hasOwn(marks, key)) out[key] = marks[key]!;
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

/** Where a datastream is, for an operator: `Datastreams(8) (station air:1, PM10)`, `MultiDatastreams(40) (station air:4, pm25, pm10)`. */
const named = (ds: StreamRef) => `${datastreamPath(ds)} (station ${ds.stationId}, ${paramsText(ds)})`;

/** A failure on one datastream, naming it and saying how many runs in a row have failed on it. */
function failedOn(e: SyncError, ds: StreamRef, failures: number): SyncError {
  return new SyncError(
    e.code,
    `${e.vi} (SensorThings ${datastreamPath(ds)}, trạm ${ds.stationId}, ${paramsText(ds)}: lần lỗi thứ ${failures} liên tiếp; đến lần thứ ${DATASTREAM_FAILURES}, luồng dữ liệu này được bỏ qua đến lượt đọc sau, các luồng khác vẫn được đọc.)`,
    `${e.en} (SensorThings ${named(ds)}: failure ${failures} in a row; at ${DATASTREAM_FAILURES} it is passed over until the next pass and the others are read.)`,
    { status: e.status, retryAfterMs: e.retryAfterMs, retryable: e.retryable, cause: e },
  );
}

/**
 * A datastream passed over, as a quarantined item an operator sees. The reason holds no count or
 * time, so the same datastream passed over again adds to its row instead of a new one.
 */
function passedOver(ds: StreamRef, e: SyncError): QuarantinedItem {
  const reason =
    e.code === 'not_found'
      ? `${named(ds)}: the server has no such ${isMulti(ds) ? 'MultiDatastream' : 'datastream'} now (its Observations answer HTTP 404/410): deleted, or renamed, after the Things list named it. Passed over; read again from its last reading if the Things list names it again`
      : `${named(ds)}: passed over in this pass after ${DATASTREAM_FAILURES} runs in a row failed on it, the last with: ${e.en} Read again from its last reading on the next pass`;
  return quarantine(datastreamPath(ds), reason, ds);
}

/** The state that saves `next` as the run's place: watermarks, and the cursor until the pass ends. */
function placeOf(next: StaCursor, marks: Record<string, string>): StatePatch {
  return next.index >= next.datastreams.length
    ? { watermark: JSON.stringify(marksOf(next, marks)), cursor: null }
    : { watermark: JSON.stringify(marks), cursor: JSON.stringify(next) };
}

/**
 * The watermark map's key for "this server answered that it does not serve the MultiDatastreams
 * list", its value the time it answered so (ISO). No Datastream id begins with a space, and no
 * MultiDatastream's key is this (multiMarkKey adds its id in parentheses). One key, whatever the
 * number of Things; dropped at the end of the first pass that reads the list, and with the rest of
 * the watermark when the feed's source changes (engine.ts sourceDigest).
 */
export const MULTI_NOT_SERVED_KEY = `${MULTI_MARK_PREFIX}MultiDatastreams`;

/**
 * How long a server that answered that it does not serve the MultiDatastreams list is not asked
 * for it again. A server without the extension that still links MultiDatastreams on its Things
 * answered every pass (every 5 minutes) with the same refusal and one more count on its quarantine
 * row; a server is given the extension by an upgrade, not from one pass to the next, and a day
 * late is the most its MultiDatastreams are then read late (their watermarks are kept meanwhile).
 */
export const MULTI_RECHECK_MS = 24 * 3_600_000;

/**
 * The answers that say the server does not serve the list, given to its first page: the path is
 * not one it knows (400: FROST without the extension, "Not a valid path"; 404, 410) or not for a
 * GET (405). Not a 5xx (501 included: a proxy's or a failing server's answer as often as a
 * statement), a timeout, a refusal of our credentials or a redirect to a sign-on page: those say
 * nothing of the extension, and the list is asked again the next pass (passesOverMulti). Nor a
 * failure after the first page: a server that lists MultiDatastreams serves them.
 */
const NOT_SERVED_STATUS = new Set([400, 404, 405, 410]);

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
 * Every page of a collection from `url`, at most `maxPages`, each item's id type known to idLiteral;
 * an `inner` list the server paged inside an item (`ObservedProperties@iot.nextLink`: FROST pages
 * expanded lists as it pages any) completed as followExpanded completes a Thing's Datastreams.
 * Cut short, a MultiDatastream's ObservedProperties no longer lined up with its units and results,
 * and it was refused as one the server had to mend.
 */
async function readPages(ctx: AdapterContext, base: string, url: string, seen: Set<string>, maxPages: number, inner?: string, read?: { pages: number }): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | null = url;
  for (let pages = 0; next && pages < maxPages; pages++) {
    const res = await ctx.http.fetch({ url: next, signal: ctx.signal }, ctx.profile);
    const page = readEntities(res, ctx.feed);
    if (read) read.pages++;
    for (const item of page.items) {
      if (inner && isEntity(item) && typeof item[`${inner}@iot.nextLink`] === 'string') await followExpanded(ctx, base, res.url, item, inner, seen);
      items.push(item);
    }
    next = nextPageUrl(base, res.url, page.nextLink, page.items.length, seen);
  }
  return items;
}

/**
 * Whether a failure on one datastream passes over it (for now), not ending the run: a SyncError
 * that is not NOT_THE_DATASTREAM's, in a run not cancelled. Anything else (a fault of ours) ends it.
 */
const passesOver = (err: unknown, ctx: AdapterContext): err is SyncError => err instanceof SyncError && ctx.signal?.aborted !== true && !NOT_THE_DATASTREAM.has(err.code);

const isEntity = (v: unknown): v is Entity => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Failures on the MultiDatastreams (their list, their ObservedProperties) that pass them over for
 * the pass though they would end a run on a Datastream. These requests come right after the Things
 * list was read from the same server with the same credentials, so a refusal (401) or a network
 * failure there says that this path is refused or sent elsewhere (a gateway that lets only some
 * paths through, a redirect to a sign-on host this machine cannot reach), not that the server or
 * the network is down. Ending the run on them failed the feed on every pass and its Datastreams,
 * read before MultiDatastreams were, were read no more. Should the network in fact be down, the
 * next request ends the run, and the MultiDatastreams keep their watermarks (StaCursor.kept).
 * The server asking us to come back later (429, 503) still ends the run.
 */
const PATH_REFUSED = new Set<SyncErrorCode>(['auth', 'dns', 'refused', 'network_down', 'proxy', 'tls']);

const passesOverMulti = (err: unknown, ctx: AdapterContext): err is SyncError =>
  passesOver(err, ctx) || (err instanceof SyncError && ctx.signal?.aborted !== true && PATH_REFUSED.has(err.code));

/**
 * The MultiDatastreams of the Things read, set where thingsToStations reads them: each Thing's
 * `MultiDatastreams`, each with its `ObservedProperties`. The Things list does not expand them (a
 * server without the extension answers that with HTTP 400), but a server with it links them on
 * every Thing (`MultiDatastreams@iot.navigationLink`, FROST does): then one list of them all, each
 * with its Thing and ObservedProperties expanded, is read, not one request per Thing. One whose
 * ObservedProperties did not come with it has them read from the path the standard gives,
 * `MultiDatastreams(id)/ObservedProperties`, not from its navigation link (which 18-088's own
 * example writes relative, and a server behind a proxy writes with its inner address).
 *
 * A failure that says nothing of the MultiDatastreams ends the run, as one on the Things list does
 * (passesOverMulti: fewer than on a Datastream). Any other passes over what it hit for this pass,
 * quarantined saying why, and the Datastreams are read all the same; the watermarks of what was
 * passed over are kept (StaCursor.kept), so a later pass reads on from them. A list the server
 * answers it does not serve (NOT_SERVED_STATUS) is not asked for again for MULTI_RECHECK_MS,
 * the time of that answer kept in `marks` (MULTI_NOT_SERVED_KEY; `marksChanged` says it was set
 * or cleared), and those passes add no quarantine row.
 */
async function findMultiDatastreams(
  ctx: AdapterContext,
  base: string,
  things: readonly unknown[],
  seen: Set<string>,
  marks: Record<string, string>,
): Promise<{ quarantined: QuarantinedItem[]; kept: string[]; marksChanged: boolean }> {
  const quarantined: QuarantinedItem[] = [];
  const kept = new Set<string>();
  let marksChanged = false;
  const entities = things.filter(isEntity);
  const linked = entities.filter((t) => asList(t.MultiDatastreams) === null && typeof t['MultiDatastreams@iot.navigationLink'] === 'string');
  /** What a pass does while the server is taken not to serve the list: none read, every watermark of one kept. */
  const notServed = () => {
    for (const t of linked) t.MultiDatastreams = [];
    for (const key of Object.keys(marks)) if (key.startsWith(MULTI_MARK_PREFIX)) kept.add(key);
  };
  const saidAt = Object.hasOwn(marks, MULTI_NOT_SERVED_KEY) ? Date.parse(marks[MULTI_NOT_SERVED_KEY]!) : NaN;
  // A clock set back past the answer (its time ahead of now) is no day of silence to come: asked again.
  const since = ctx.now().getTime() - saidAt;
  if (linked.length > 0 && since >= 0 && since < MULTI_RECHECK_MS) {
    notServed();
  } else if (linked.length > 0) {
    const read = { pages: 0 };
    try {
      const all = await readPages(ctx, base, withParams(`${base}/MultiDatastreams`, { $expand: 'Thing,ObservedProperties', $top: 200 }), seen, Infinity, 'ObservedProperties', read);
      if (Object.hasOwn(marks, MULTI_NOT_SERVED_KEY)) {
        delete marks[MULTI_NOT_SERVED_KEY];
        marksChanged = true;
      }
      const byThing = new Map<string, unknown[]>();
      for (const m of all) {
        const thing = isEntity(m) && isEntity(m.Thing) ? toStr(m.Thing['@iot.id']) : null;
        if (thing === null) {
          const literal = isEntity(m) ? idLiteral(m) : null;
          const path = literal ? multiPath(literal) : 'MultiDatastreams';
          quarantined.push(quarantine(path, `${path}: listed with no Thing (the list asks for each one's Thing), so whose station it is is not known. Not read`, m));
          if (literal) kept.add(multiMarkKey(literal));
          continue;
        }
        const list = byThing.get(thing) ?? [];
        list.push(m);
        byThing.set(thing, list);
      }
      for (const t of linked) t.MultiDatastreams = byThing.get(toStr(t['@iot.id']) ?? '') ?? [];
    } catch (err) {
      if (!passesOverMulti(err, ctx)) throw err;
      if (read.pages === 0 && err.status !== undefined && NOT_SERVED_STATUS.has(err.status)) {
        // The reason holds no time: the same answer a day later counts on the same row.
        quarantined.push(
          quarantine(
            'MultiDatastreams',
            `MultiDatastreams: the server links MultiDatastreams on its Things but answers that it does not serve their list (${err.en}) None is read (the Datastreams are); the list is asked for again once a day, or on the next pass when the feed's address or options change. Its MultiDatastreams keep their watermarks meanwhile`,
            null,
          ),
        );
        marks[MULTI_NOT_SERVED_KEY] = ctx.now().toISOString();
        marksChanged = true;
        notServed();
        return { quarantined, kept: [...kept], marksChanged };
      }
      quarantined.push(
        quarantine(
          'MultiDatastreams',
          `MultiDatastreams: the server links MultiDatastreams on its Things, but its list of them could not be read: ${err.en} None is read in this pass (the Datastreams are); each is read on from its last reading on a later pass`,
          null,
        ),
      );
      for (const key of Object.keys(marks)) if (key.startsWith(MULTI_MARK_PREFIX)) kept.add(key);
    }
  }
  for (const t of entities) {
    const multis = asList(t.MultiDatastreams);
    if (!multis) continue;
    const found: unknown[] = [];
    for (const m of multis) {
      const literal = isEntity(m) ? idLiteral(m) : null;
      if (!isEntity(m) || literal === null || asList(m.ObservedProperties) !== null) {
        // As it came: thingsToStations quarantines one that is not an object or has no id.
        found.push(m);
        continue;
      }
      const path = multiPath(literal);
      try {
        m.ObservedProperties = await readPages(ctx, base, `${base}/${path}/ObservedProperties`, seen, MAX_EXPANDED_PAGES);
        found.push(m);
      } catch (err) {
        if (!passesOverMulti(err, ctx)) throw err;
        const name = toStr(m.name);
        quarantined.push(
          quarantine(
            path,
            `${path}${name ? ` '${name}'` : ''} (station ${ctx.feed.id}:${toStr(t['@iot.id']) ?? quoteValue(t['@iot.id'])}): its ObservedProperties did not come with it, and reading them from ${path}/ObservedProperties failed: ${err.en} Without them which value of a result is which property is not known: not read in this pass; read on from its last reading on a later pass`,
            m,
          ),
        );
        kept.add(multiMarkKey(literal));
      }
    }
    t.MultiDatastreams = found;
  }
  return { quarantined, kept: [...kept], marksChanged };
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
          // A server pages inside $expand too: a Thing's Datastreams may end with a nextLink, and so
          // may MultiDatastreams a server lists unasked.
          if (isEntity(t)) {
            await followExpanded(ctx, base, res.url, t, 'Datastreams', seen);
            if ('MultiDatastreams' in t || 'MultiDatastreams@iot.nextLink' in t) await followExpanded(ctx, base, res.url, t, 'MultiDatastreams', seen);
          }
          things.push(t);
        }
        next = nextPageUrl(base, res.url, page.nextLink, page.items.length, seen);
      }
      const multis = await findMultiDatastreams(ctx, base, things, seen, marks);
      const parsed = thingsToStations(things, feed);
      cursor = { phase: 'observations', datastreams: parsed.datastreams, index: 0, nextLink: null, ...(multis.kept.length ? { kept: multis.kept } : {}) };
      yield {
        records: { stations: parsed.records },
        quarantined: [...multis.quarantined, ...parsed.quarantined],
        fetched: things.length,
        // What the MultiDatastreams list answered is saved now: a pass with no datastreams to read
        // writes no watermark after this batch.
        state: { cursor: parsed.datastreams.length ? JSON.stringify(cursor) : null, ...(multis.marksChanged ? { watermark: JSON.stringify(marksOf(cursor, marks)) } : {}) },
      };
    }

    const every = Math.max(1, Math.ceil(cursor.datastreams.length / CHECKPOINTS));
    while (cursor.index < cursor.datastreams.length) {
      const ds = cursor.datastreams[cursor.index]!;
      const key = markKey(ds);
      const since = marks[key];
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
        if (!passesOver(err, ctx)) throw err;
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
      if (parsed.last && (!marks[key] || parsed.last > marks[key]!)) marks[key] = parsed.last;
      const next: StaCursor = nextLink ? at(cursor, cursor.index, nextLink) : at(cursor, cursor.index + 1, null);
      const finished = next.index >= next.datastreams.length;
      const save = finished || (next.index > cursor.index && next.index % every === 0);
      yield { records: { readings: parsed.records }, quarantined: parsed.quarantined, fetched: page.items.length, state: save ? placeOf(next, marks) : {} };
      cursor = next;
    }
  },
};
