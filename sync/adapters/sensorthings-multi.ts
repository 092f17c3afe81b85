import type { FeedConfig } from '../feeds/config';
import type { QuarantinedItem } from '../store';
import { asList, codeIn, quarantine, quoteValue, toStr } from './util';

/**
 * What a SensorThings MultiDatastream is read as (OGC 18-088 clause 12, the MultiDatastream
 * extension; FROST-Server serves it). A MultiDatastream is one series of Observations whose `result`
 * is an array, one value per ObservedProperty, in the order of its `ObservedProperties`; its
 * `unitOfMeasurements` and `multiObservationDataTypes` are arrays in that same order (the standard's
 * multi-datastream/constraints). Each value it is read for is a component: a parameter of its
 * station, as a single Datastream is one (sensorthings.ts chooses between the components and the
 * Thing's Datastreams, converts units and fetches; this module only reads MultiDatastream JSON).
 */

type Entity = Record<string, unknown>;

/** One value of a MultiDatastream's results, read as a parameter of its station. */
export interface ComponentRef {
  /** Its place in each result array (and in ObservedProperties, unitOfMeasurements). */
  index: number;
  param: string;
  /** As DatastreamRef.factor: what the value is multiplied by to be in the catalog's unit; absent for 1. */
  factor?: number;
  /** As DatastreamRef.hourly: the catalog keeps the parameter as hourly readings. */
  hourly?: true;
}

/** A MultiDatastream to read Observations of, as a run's cursor keeps it. */
export interface MultiDatastreamRef {
  kind: 'multi';
  id: string;
  /** The id as the URL path writes it (sensorthings.ts idLiteral). */
  literal: string;
  stationId: string;
  /** Values in each result: its ObservedProperties. A result of another length is not read. */
  size: number;
  /** The components read, in result order; the others were quarantined when the Things were read. */
  components: ComponentRef[];
}

/** `MultiDatastreams(…)`, the literal percent-encoded, as sensorthings.ts datastreamPath writes a Datastream's. */
export const multiPath = (literal: string) => `MultiDatastreams(${encodeURIComponent(literal)})`;

/**
 * A MultiDatastream's key in the feed's watermark map, which holds the Datastreams' under their ids
 * as they were stored before MultiDatastreams were read. A Datastream's id is toStr's (trimmed), so
 * it never begins with a space: a key that does is no Datastream's, whatever ids a server gives
 * (a Datastream may well be called "MultiDatastreams(7)"), and the saved watermarks read as before.
 */
export const MULTI_MARK_PREFIX = ' ';
export const multiMarkKey = (literal: string) => `${MULTI_MARK_PREFIX}${multiPath(literal)}`;

/** A component, before sensorthings.ts chooses between it and the Thing's other series. */
export interface ComponentCandidate {
  index: number;
  param: string;
  /** paramMap named it by its MultiDatastream ("<name>/<property>", "<id>/<property>"), as a Datastream by its own name. */
  byDatastream: boolean;
  /** How an operator tells it apart: its ObservedProperty's name, else definition. */
  property: string;
  /** Its unitOfMeasurements entry; undefined when the MultiDatastream gives none. */
  uom: unknown;
}

/** `result[1] (PM10) of MultiDatastreams(40) 'Bụi'`: a component as an operator finds it on the server. */
export function componentLabel(literal: string, name: string | null, index: number, property: string | null): string {
  return `result[${index}]${property ? ` (${property})` : ''} of ${multiPath(literal)}${name ? ` '${name}'` : ''}`;
}

/**
 * Data types whose values are never numbers (18-088 Table 12): the spec's own example has an
 * OM_CategoryObservation "clear" next to two measurements. Read, such a value would be quarantined
 * in every Observation, one row each; it is said once instead, when the Things are read.
 */
const NOT_NUMBERS = /OM_(?:CategoryObservation|TruthObservation|ComplexObservation)$/;

/**
 * A unitOfMeasurement as servers write it, a MultiDatastream's entry or a Datastream's
 * (sensorthings.ts). For a value that has no unit the standard asks for "null values", and its own
 * example writes them as the text "null". Read as a Datastream that gives no unit is: as is.
 *
 * An entry that is not an object is not taken for "no unit" (it was, and `"mg/m³"` written as bare
 * text had CO stored a thousandfold too small): text is the unit's symbol, converted or refused as
 * one is; anything else (an array, a number) is a unit that is not known, so a value of a
 * parameter the catalog keeps in a unit is quarantined naming it, not read as is.
 */
export function unitOf(u: unknown): unknown {
  if (u === null || u === undefined) return undefined;
  if (typeof u === 'string') {
    const text = toStr(u);
    return text === null || text.toLowerCase() === 'null' ? undefined : { symbol: text };
  }
  if (typeof u !== 'object' || Array.isArray(u)) return { symbol: quoteValue(u) };
  const o = u as Entity;
  const given = [toStr(o.symbol), toStr(o.name)].filter((x): x is string => x !== null);
  return given.every((x) => x.toLowerCase() === 'null') ? undefined : u;
}

/** An array property of a MultiDatastream: undefined when it is not given, null when it is given and not a list. */
function listProp(e: Entity, key: string): unknown[] | null | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v : null;
}

/**
 * The components of a MultiDatastream, each with its parameter and unit; what is not read
 * quarantined, once per pass (a reason holds no count, so the same one seen again adds to its row).
 * Refused whole: a MultiDatastream whose ObservedProperties are not known (not given, or none), or
 * whose unitOfMeasurements or multiObservationDataTypes do not line up with them (a unit applied to
 * the wrong value turns mg into µg a thousandfold, silently). Refused alone: a component of a
 * non-numeric data type, and one whose ObservedProperty has no name or definition to map it by.
 *
 * paramMap is looked up as for a Datastream, the MultiDatastream's own names first:
 * "<MultiDatastream name>/<property>", "<@iot.id>/<property>", then the ObservedProperty's name,
 * then its definition; with no entry, its name is the parameter.
 */
export function readComponents(
  m: Entity,
  id: string,
  literal: string,
  stationId: string,
  feed: FeedConfig,
): { size: number; components: ComponentCandidate[]; quarantined: QuarantinedItem[] } {
  const map = feed.adapter === 'sensorthings' ? feed.options.paramMap : undefined;
  const path = multiPath(literal);
  const name = toStr(m.name);
  const shown = `${path}${name ? ` '${name}'` : ''} (station ${stationId})`;
  const refused = (why: string) => ({ size: 0, components: [], quarantined: [quarantine(path, `${shown}: ${why}`, m)] });

  const ops = asList(m.ObservedProperties);
  if (ops === null) {
    return refused(`its ObservedProperties are not given (not expanded, and not read from ${path}/ObservedProperties), so which value of a result is which property is not known. Not read`);
  }
  if (ops.length === 0) return refused('it has no ObservedProperties, so its results name nothing. Not read');
  const uoms = listProp(m, 'unitOfMeasurements');
  const types = listProp(m, 'multiObservationDataTypes');
  if (uoms === null || types === null || (uoms && uoms.length !== ops.length) || (types && types.length !== ops.length)) {
    const count = (v: unknown[] | null | undefined, key: string) => (v === undefined ? `no ${key}` : v === null ? `${key} ${quoteValue(m[key])} (not a list)` : `${v.length} ${key}`);
    return refused(
      `${ops.length} ObservedProperties, ${count(uoms, 'unitOfMeasurements')}, ${count(types, 'multiObservationDataTypes')}: the standard gives one of each per value of a result, in one order; these do not line up, so which unit and which value belong to which property is not known. Not read; the MultiDatastream needs mending on the server`,
    );
  }

  const components: ComponentCandidate[] = [];
  const quarantined: QuarantinedItem[] = [];
  for (const [index, op] of ops.entries()) {
    const o = op && typeof op === 'object' && !Array.isArray(op) ? (op as Entity) : null;
    const opName = toStr(o?.name);
    const definition = toStr(o?.definition);
    const property = opName ?? definition;
    const label = componentLabel(literal, name, index, property);
    const refuse = (why: string) => quarantined.push(quarantine(`${path}[${index}]`, `${label} (station ${stationId}): ${why}`, op));
    const type = toStr(types?.[index]);
    if (type && NOT_NUMBERS.test(type)) {
      refuse(`its multiObservationDataTypes entry is ${type}, whose values are not numbers; a station reading is one. Not read`);
      continue;
    }
    if (!o || property === null) {
      refuse(`ObservedProperties[${index}] ${o ? 'has no name or definition' : `is ${quoteValue(op)}, not an object`}, so it cannot be mapped to a parameter. Not read`);
      continue;
    }
    let param: string | undefined;
    let byDatastream = false;
    for (const key of [name === null ? null : `${name}/${property}`, `${id}/${property}`]) {
      param = key === null ? undefined : codeIn(map, key);
      if (param !== undefined) {
        byDatastream = true;
        break;
      }
    }
    for (const key of [opName, definition]) if (param === undefined && key !== null) param = codeIn(map, key);
    param ??= opName ?? undefined;
    if (param === undefined) {
      refuse(`its ObservedProperty has no name, and its definition "${definition}" has no paramMap entry. Map it: {"${definition}": "<parameter id>"}`);
      continue;
    }
    components.push({ index, param, byDatastream, property, uom: unitOf(uoms?.[index]) });
  }
  return { size: ops.length, components, quarantined };
}

/** One value of an Observation to read, with where it came from for a reason (`result[2] (pm10)`). */
export interface ComponentValue {
  component: ComponentRef;
  value: unknown;
  field: string;
}

/**
 * The values of one Observation of a MultiDatastream, one per component read; or why none can be:
 * a result that is not an array, or has not one value per ObservedProperty (a value missing, and
 * every one after it would be read as the property before it).
 */
export function componentValues(o: Entity, ref: MultiDatastreamRef): ComponentValue[] | string {
  const result = o.result;
  if (!Array.isArray(result)) {
    return `result: ${quoteValue(result)} is not an array of ${ref.size} values (one per ObservedProperty of ${multiPath(ref.literal)})`;
  }
  if (result.length !== ref.size) {
    return `result: ${result.length} values where ${multiPath(ref.literal)} has ${ref.size} ObservedProperties, so which value is which is not known`;
  }
  return ref.components.map((c) => ({ component: c, value: result[c.index], field: `result[${c.index}] (${c.param})` }));
}
