import type { Observation } from '../../domains';
import type { FeedConfig, FeedMapping } from '../feeds/config';
import { mappingSchema } from '../feeds/config';
import { statusError } from '../http/client';
import { errors } from '../http/errors';
import { serverWords } from '../http/server-words';
import type { ObservationDelete, QuarantinedItem, RecordBatch } from '../store';
import { isQuarantined, mapItem, toPeriod } from './mapping';
import type { Adapter, AdapterBatch, AdapterContext } from './types';
import { asList, bodyText, codeIn, notModifiedBatch, own, quarantine, quoteValue, withParams } from './util';
import { MAX_UNIT_CODE } from './options';
import { cleanText } from '../../base/clean-text';
import { parseJsonLenient } from '../text/lenient-json';
import { readNumber } from '../text/number-format';
import { normTime } from '../text/source-time';

/**
 * SDMX-JSON data messages → observations. Reads both 1.0 (`header` + `structure` + `dataSets`,
 * or `meta` + `data.structure`) and 2.x (`meta` + `data.structures[]` + `data.dataSets[]`, each
 * data set pointing at its structure), series-keyed and flat ("0:1" keys over all observation
 * dimensions). A data set with `action: "Delete"` deletes the observations it names; as SDMX
 * Section 3A Part IV has it, a series in it with neither observations nor attributes deletes the
 * whole series, and a Delete data set holding nothing deletes the whole data set (for a feed: its
 * own figures under the data set's fixed dimensions, all of them when it fixes none).
 * Incremental by `updatedAfter=<prepared time of the last message>`; such a request that finds
 * nothing new may be answered "no results" (see `saysNoResults`).
 *
 * Mapping fields name dimensions: `indicator` (default: every dimension except the area and time
 * ones, joined with '.'), `areaId`, `period` (default TIME_PERIOD); `valueMaps.areaId` turns
 * source area codes into GSO codes.
 *
 * Scale and unit travel as attributes, read for each observation from the most specific place
 * that gives one: UNIT_MULT (the power of ten, `options.unitMult`: the figure is rescaled) and
 * UNIT_MEASURE (VND, USD, PT…, `options.unitMeasure`: a figure in another unit than the catalog's
 * is quarantined, as nothing converts a currency or a percentage). Without the option, an
 * indicator's figures in another scale or unit than its stored figures came in (UnitRefs, kept
 * with the watermark), else than most of its figures in the message, are quarantined (`majority`),
 * whatever order the server lists its series in.
 */

interface Dim {
  id: string;
  keyPosition?: number;
  values: { id?: string; value?: string }[];
}
/** An attribute as read: null where the structure lists something unreadable, so later positions stay aligned. */
type Attr = {
  id: string;
  values: { id?: unknown; value?: unknown; name?: unknown }[];
  /** The dimensions its value depends on (`relationship.dimensions`, by id): which slots a dimension group's rows fix. */
  dims?: string[];
  /** SDMX-JSON `default`: the value where the data part gives none. */
  default?: unknown;
} | null;
interface Structure {
  dimensions: { dataSet?: Dim[]; series?: Dim[]; observation?: Dim[] };
  measures?: { observation?: unknown[] };
  attributes: {
    dataSet: Attr[];
    /** SDMX-JSON 2.x: attributes attached to part of the key, valued in a data set's `dimensionGroupAttributes`. */
    dimensionGroup: Attr[];
    series: Attr[];
    observation: Attr[];
    declaresUnitMult: boolean;
    /** The id of the unit-of-measure attribute (see unitMeasureId), null when the structure has none. */
    unitMeasure: string | null;
  };
}
interface DataSet {
  action?: string;
  structure?: number;
  attributes?: unknown;
  dimensionGroupAttributes?: unknown;
  series?: Record<string, { observations?: Record<string, unknown[]>; attributes?: unknown }>;
  observations?: Record<string, unknown[]>;
}

export interface SdmxMessage {
  version: '1.0' | '2.x';
  prepared: string | null;
  structures: Structure[];
  dataSets: DataSet[];
}

export function readSdmxMessage(json: unknown): SdmxMessage {
  const o = json as Record<string, unknown>;
  if (!o || typeof o !== 'object') throw errors.parse('SDMX-JSON');
  const data = (o.data ?? o) as Record<string, unknown>;
  const meta = (o.meta ?? o.header ?? {}) as { prepared?: unknown };
  const structures = Array.isArray(data.structures)
    ? (data.structures as Structure[])
    : data.structure
      ? [data.structure as Structure]
      : [];
  const dataSets = asList(data.dataSets) as DataSet[] | null;
  if (!structures.length || !dataSets) throw errors.parse('SDMX-JSON (no structure or dataSets)');
  return {
    version: Array.isArray(data.structures) ? '2.x' : '1.0',
    prepared: typeof meta.prepared === 'string' ? meta.prepared : null,
    structures: structures.map((s, i) => readStructure(s, Array.isArray(data.structures) ? `structures[${i}]` : 'structure')),
    dataSets,
  };
}

/**
 * A structure as the observations are read with it: each dimension group a list of dimensions
 * with an id. The structure says what every observation's key means, so a message whose
 * structure is malformed is refused whole (observations read by a guessed key would be filed
 * under the wrong indicator or district), naming the part at fault.
 */
function readStructure(s: unknown, path: string): Structure {
  const dims = (s as { dimensions?: unknown } | null)?.dimensions;
  if (!dims || typeof dims !== 'object' || Array.isArray(dims)) throw errors.parse(`SDMX-JSON (${path} has no dimensions)`);
  const d = dims as Record<string, unknown>;
  const group = (v: unknown, name: string): Dim[] => {
    if (v === undefined) return [];
    const list = asList(v);
    if (!list) throw errors.parse(`SDMX-JSON (${path}.dimensions.${name} is not a list)`);
    return list.map((x, i) => {
      const dim = x as Partial<Dim> | null;
      if (!dim || typeof dim !== 'object' || Array.isArray(dim) || typeof dim.id !== 'string') {
        throw errors.parse(`SDMX-JSON (${path}.dimensions.${name}[${i}] is not a dimension with an id)`);
      }
      return { ...dim, id: dim.id, keyPosition: typeof dim.keyPosition === 'number' ? dim.keyPosition : undefined, values: (asList(dim.values) ?? []) as Dim['values'] };
    });
  };
  const measures = (s as { measures?: { observation?: unknown } }).measures;
  // Attributes are read leniently: a malformed one costs its own value, not the message.
  const a = (s as { attributes?: unknown }).attributes;
  const at = (a !== null && typeof a === 'object' && !Array.isArray(a) ? a : {}) as Record<string, unknown>;
  const attrs = (v: unknown): Attr[] =>
    (asList(v) ?? []).map((x) => {
      const o = x as { id?: unknown; values?: unknown; relationship?: { dimensions?: unknown } | null; default?: unknown } | null;
      if (!o || typeof o !== 'object' || typeof o.id !== 'string') return null;
      const rel = o.relationship?.dimensions;
      return {
        id: o.id,
        values: (asList(o.values) ?? []) as NonNullable<Attr>['values'],
        // The 1.0 guide allows URN references ("…ECB_EXR1(1.0).FREQ"): the id is after the last dot (an SDMX id has none).
        dims: Array.isArray(rel) && rel.every((d) => typeof d === 'string') ? rel.map((d: string) => d.slice(d.lastIndexOf('.') + 1)) : undefined,
        default: o.default,
      };
    });
  const attributes = {
    // The 1.0 agri sample spells it `dataset`, as its dimensions.
    dataSet: attrs(at.dataSet ?? at.dataset),
    dimensionGroup: attrs(at.dimensionGroup),
    series: attrs(at.series),
    observation: attrs(at.observation),
    declaresUnitMult: false,
    unitMeasure: unitMeasureId(Object.values(at).flatMap((v) => asList(v) ?? [])),
  };
  // Declared anywhere, dimension groups included (not read): an observation without a value for it has an unknown scale.
  attributes.declaresUnitMult = [...Object.values(at).flatMap((v) => attrs(v))].some((x) => x?.id === UNIT_MULT);
  return {
    attributes,
    dimensions: {
      // The 1.0 agri sample spells it `dataset`.
      dataSet: group(d.dataSet ?? d.dataset, d.dataSet !== undefined ? 'dataSet' : 'dataset'),
      series: group(d.series, 'series'),
      observation: group(d.observation, 'observation'),
    },
    measures: Array.isArray(measures?.observation) ? { observation: measures.observation } : undefined,
  };
}

const UNIT_MULT = 'UNIT_MULT';
const UNIT_MEASURE = 'UNIT_MEASURE';

/**
 * Which attribute gives the unit: the one of id UNIT_MEASURE (the SDMX cross-domain concept), else
 * one whose role is UNIT_MEASURE (SDMX-JSON `roles`, 1.0 `role`), which is how a structure says that
 * an attribute of another id (`UNIT`, as some agencies name theirs) plays that part. Not a guess on
 * ids alone ("UNIT", "UNIT_MEAS"): an attribute taken for the unit by mistake would quarantine good
 * figures, and one that is the unit can always be given the role by the server.
 */
function unitMeasureId(components: unknown[]): string | null {
  const named = components.filter((c): c is { id: string; roles?: unknown; role?: unknown } => c !== null && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string');
  if (named.some((c) => c.id === UNIT_MEASURE)) return UNIT_MEASURE;
  const byRole = named.find((c) => c.role === UNIT_MEASURE || (Array.isArray(c.roles) && c.roles.includes(UNIT_MEASURE)));
  return byRole?.id ?? null;
}

/**
 * What a message says of one observation's unit, at one place: null for nothing (the attribute
 * absent there, null, or empty text: SDMX-JSON writes null for "no value", servers fed from CSV
 * write ""), so the next place down may say it; a code; or `unreadable`, why what is there is no
 * code. Something that is there but is no code — a number, localised text, a list of units, an
 * index to no listed value, text too long to be a code — is not taken as "nothing": the source
 * did state a unit, one that cannot be compared, and storing the figure would risk exactly the
 * silent other-currency figure this check exists to stop. Quarantined with the value quoted, it
 * is seen and fixed at the source.
 */
type UnitSaid = { code: string } | { unreadable: string } | null;

/** A unit as written: text, cleaned as the option is (base/clean-text.ts: trimmed, no invisible characters, NFC). */
function unitCode(v: unknown): UnitSaid {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return { unreadable: `${quoteValue(v)} is not a unit code` };
  const code = cleanText(v);
  if (code === '') return null;
  return code.length > MAX_UNIT_CODE ? { unreadable: `${quoteValue(v)} is too long to be a unit code` } : { code };
}

/**
 * An attribute value as a unit: an index into the attribute's listed values (their id, else value
 * or name, as attrValue reads them; a listed null is "no value"), or — none listed — the value itself.
 */
function unitValue(a: Attr | undefined, v: unknown): UnitSaid {
  if (!a || v === null || v === undefined) return null;
  if (a.values.length === 0) return unitCode(v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= a.values.length) {
    return { unreadable: `${quoteValue(v)} is not the index of one of the ${a.values.length} values the structure lists` };
  }
  const x = a.values[v];
  return x !== null && typeof x === 'object' ? unitCode(x.id ?? x.value ?? x.name) : unitCode(x);
}

/** The unit among `list` (attribute `id`), given the message's values at the same positions. */
function unitIn(list: Attr[], values: unknown, id: string): UnitSaid {
  const i = list.findIndex((a) => a?.id === id);
  return i < 0 || !Array.isArray(values) ? null : unitValue(list[i]!, values[i]);
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The unit the dimension groups give an observation (SDMX-JSON 2.x `dimensionGroupAttributes`):
 * a unit attached to part of the key (the indicator alone), as large agencies attach theirs.
 * A row's name has one slot per dimension, the index of its value where the group fixes it and
 * empty elsewhere ("0::1:"). The 2.0 guide gives each dimension its slot whatever level it is
 * presented at (its key position); the standard's own full sample writes the slots in the order the
 * structure lists the dimensions (data set, series, observation). The two agree when a server lists
 * dimensions in key order; where they do not, the order under which a row
 * fixes exactly the attribute's own `relationship.dimensions` is the one it was written in, else the
 * sample's. Each row's value at the attribute's position is read: another relationship's row holds
 * null there. Rows are indexed by the dimensions they fix, so an observation costs one lookup per
 * group shape, not one per row. A name that fits neither order, or an index to no value, cannot be
 * placed on any observation and is passed over, as an unreadable attribute is in the structure.
 * Two groups giving one observation different units make its unit unknown.
 */
function groupUnits(attrs: Attr[], rows: unknown, listed: Dim[], byPosition: Dim[], id: string): (key: Record<string, string | undefined>) => UnitSaid {
  const u = attrs.findIndex((a) => a?.id === id);
  const attr = attrs[u];
  if (!attr || rows === null || typeof rows !== 'object' || Array.isArray(rows)) return () => null;
  const groups = new Map<string, { ids: string[]; says: Map<string, NonNullable<UnitSaid>> }>();
  for (const [name, values] of Object.entries(rows)) {
    const said = Array.isArray(values) ? unitValue(attr, values[u]) : null;
    if (said === null) continue;
    const slots = name.split(':');
    const fixedIn = (order: Dim[]) => order.map((d, i) => [d, slots[i]!] as const).filter(([, s]) => s !== '');
    const fits = [listed, byPosition].filter((order) => order.length === slots.length);
    const order = (attr.dims && fits.find((o) => sameIds(fixedIn(o).map(([d]) => d.id), attr.dims!))) ?? fits[0];
    if (!order) continue;
    const fixed = fixedIn(order);
    const valueIds = fixed.map(([d, s]) => (/^\d+$/.test(s) ? valueId(d, Number(s)) : undefined));
    if (valueIds.some((v) => v === undefined)) continue;
    const ids = fixed.map(([d]) => d.id);
    const shape = JSON.stringify(ids);
    let g = groups.get(shape);
    if (!g) groups.set(shape, (g = { ids, says: new Map() }));
    g.says.set(JSON.stringify(valueIds), said);
  }
  if (groups.size === 0) return () => null;
  return (key) => {
    let found: UnitSaid = null;
    for (const g of groups.values()) {
      const said = g.says.get(JSON.stringify(g.ids.map((d) => key[d])));
      if (!said) continue;
      if ('unreadable' in said) return said;
      if (found && 'code' in found && found.code !== said.code) return { unreadable: `the dimension groups it falls in give two units (${found.code}, ${said.code})` };
      found = said;
    }
    return found;
  };
}

/** " (only the case differs …)" when two codes are one but for case: the reason then says why they still count as two. */
const caseNote = (a: string, b: string) => (a.toLowerCase() === b.toLowerCase() ? ' (only the case differs: SDMX codes are case-sensitive)' : '');

/**
 * An attribute's value: an index into its values (their id, else value or name), or — 2.x
 * attributes with no listed values — the value itself.
 */
function attrValue(a: Attr | undefined, v: unknown): string | undefined {
  if (!a || v === null || v === undefined) return undefined;
  if (a.values.length > 0) {
    if (typeof v !== 'number' || !Number.isInteger(v)) return undefined;
    const x = a.values[v];
    const id = x && typeof x === 'object' ? (x.id ?? x.value ?? x.name) : undefined;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The value of attribute `id` among `list`, given the message's values at the same positions. */
function attrOf(list: Attr[], values: unknown, id: string): string | undefined {
  const i = list.findIndex((a) => a?.id === id);
  return i < 0 || !Array.isArray(values) ? undefined : attrValue(list[i], values[i]);
}

/** v·10^p without the float noise of multiplying by a fraction (95000 / 1000 is 95, 95000 · 0.001 is not). */
const scaled = (v: number, p: number) => (p >= 0 ? v * 10 ** p : v / 10 ** -p);

const valueId = (d: Dim | undefined, i: number | undefined): string | undefined => {
  if (!d || i === undefined) return undefined;
  const v = Array.isArray(d.values) ? (d.values[i] as { id?: unknown; value?: unknown } | null | undefined) : undefined;
  if (!v || typeof v !== 'object') return undefined;
  const id = v.id ?? v.value;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

export interface SdmxParsed {
  observations: Observation[];
  deletes: ObservationDelete[];
  quarantined: QuarantinedItem[];
  count: number;
  /** The references of the feed's stored figures once this message is stored (see UnitRefs). */
  units: UnitRefs;
}

/**
 * Per indicator, the unit (UNIT_MEASURE code) and scale (UNIT_MULT as sent, null for "none declared")
 * the feed's stored figures of it came in, for the indicators whose figures were judged without the
 * option: the store keeps a value, not its unit, so this is the only record of what the figures on
 * the chart are in. A message whose figures of such an indicator are in another unit or scale is
 * judged against it, not against its own majority: an incremental message, or a server that one day
 * sends only its USD series where it sent VND, holds only the other unit's figures, and before they
 * were stored over the VND ones and charted as one line. Kept with the watermark (sdmxMark).
 */
export type UnitRefs = Record<string, { unit?: string; mult?: string | null }>;

/**
 * Most indicators a feed keeps a reference for. A data flow of more indicators has those past it
 * judged by their message alone, as before references were kept; the cap keeps the feed's state,
 * rewritten at every run that brings figures, a few hundred kilobytes at most.
 */
export const MAX_UNIT_REFS = 5000;

const defaultMapping = mappingSchema.parse({ kind: 'observation' });

/** Code-unit order, the tie rule of units: fixed by the codes alone, never by the message. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * The tie rule of scales: the smaller power of ten first, then codes that are no whole number (code-unit
 * order), then "none". Any fixed order makes the reference order-free; this one is the one a reader
 * predicts from the README ('10' sorts before '9' as text, not as a power), and a tie settled the
 * wrong way then stores figures 10^k too large, a spike on the chart that gets the option set, rather
 * than 10^k too small, which passes for a low year.
 */
const byPower = (a: string | null, b: string | null) => {
  const p = (c: string | null) => (c !== null && /^[+-]?\d+$/.test(c.trim()) ? Number(c) : null);
  const [x, y] = [p(a), p(b)];
  if (x !== null || y !== null) return x === null ? 1 : y === null ? -1 : x - y || byCode(a!, b!);
  return a === null ? (b === null ? 0 : 1) : b === null ? -1 : byCode(a, b);
};

/**
 * The code most of the items declare, for each indicator (a tie: the first by `order`). Not the first
 * code met: series and dimension values come in whatever order the server writes them, so "first"
 * named another unit or scale from one request to the next — the stored figures swapped currencies
 * (or scales) between runs and the store ended up holding both. Counts and order depend only on the
 * set of items, so the same figures give the same reference in any order.
 */
function majority<K>(items: readonly { indicator: string; code: K }[], order: (a: K, b: K) => number): Map<string, K> {
  const votes = new Map<string, Map<K, number>>();
  for (const { indicator, code } of items) {
    const v = votes.get(indicator) ?? new Map<K, number>();
    votes.set(indicator, v.set(code, (v.get(code) ?? 0) + 1));
  }
  const ref = new Map<string, K>();
  for (const [indicator, v] of votes) {
    let best: [K, number] | undefined;
    for (const [code, n] of v) if (!best || n > best[1] || (n === best[1] && order(code, best[0]) < 0)) best = [code, n];
    ref.set(indicator, best![0]);
  }
  return ref;
}

/**
 * `stored`: the references of the figures the feed stored before (UnitRefs), which a message is
 * judged against before its own majority.
 */
export function sdmxToObservations(msg: SdmxMessage, feed: FeedConfig, now: string, stored: UnitRefs = {}): SdmxParsed {
  const m: FeedMapping = feed.mapping ?? defaultMapping;
  const areaDim = m.fields.areaId;
  const timeDim = m.fields.period ?? 'TIME_PERIOD';
  const out: SdmxParsed = { observations: [], deletes: [], quarantined: [], count: 0, units: {} };
  const updatedAt = normTime(msg.prepared, m.timeZoneOffset) ?? now;
  const unitMult = feed.adapter === 'sdmx' ? feed.options.unitMult : undefined;
  const expectedMult = (indicator: string): number | undefined => (typeof unitMult === 'number' ? unitMult : unitMult ? own(unitMult, indicator) : undefined);
  const unitMeasure = feed.adapter === 'sdmx' ? feed.options.unitMeasure : undefined;
  const expectedUnit = (indicator: string): string | undefined => (typeof unitMeasure === 'string' ? unitMeasure : unitMeasure ? own(unitMeasure, indicator) : undefined);
  /**
   * Without a configured unit or scale, the reference is the unit (scale) most of the indicator's
   * figures in the message declare (`majority`), judged once the whole message is read. Until then
   * such a figure is kept, with what it takes to quarantine it after all: `at`, its place in
   * out.observations; `unit`, its UNIT_MEASURE when no unit is configured for it (else undefined);
   * `scale`, its UNIT_MULT when the structure declares one and no scale is configured (null: none).
   */
  const undecided: { at: number; o: Observation; indicator: string; unit?: string; scale?: string | null; rawKey: string; raw: unknown }[] = [];

  /**
   * Why an observation's unit keeps it out of the store, or null. Codes are compared exactly once
   * cleaned (trimmed, as the option is): SDMX ids are case-sensitive and a codelist may give two
   * codes that differ only in case two meanings, so folding could take one unit for another and
   * store it silently, while a comparison too strict only quarantines, visibly, with a reason that
   * names the one-line fix. An observation that declares no unit is stored: most data sets never
   * declare one, and refusing them would empty the feed. The reasons hold no value or time, so the
   * same bad observation seen again on every run is the same quarantine row counted again.
   */
  const unitProblem = (indicator: string, said: UnitSaid): string | null => {
    if (said === null) return null;
    if ('unreadable' in said) return `UNIT_MEASURE: ${said.unreadable}, so the unit of this figure is unknown; the source must give one unit code (VND, USD, PT…) or none`;
    const expected = expectedUnit(indicator);
    if (expected !== undefined) {
      if (said.code === expected) return null;
      return `UNIT_MEASURE: ${said.code} where options.unitMeasure expects ${expected} for ${indicator}${caseNote(said.code, expected)}; stored, it would chart as ${expected} — if the catalog's ${indicator} is in ${said.code}, set options.unitMeasure to it, else leave this series out of the feed's query`;
    }
    return null;
  };
  /** Why a figure kept with a unit is not in the reference unit after all (no counts: the same row next run). */
  const mixedUnit = (indicator: string, code: string, ref: string) =>
    `UNIT_MEASURE: ${code} differs from ${ref}, the unit most of this indicator's observations in the message are in${caseNote(code, ref)}; mixed units would chart wrong — set options.unitMeasure to the unit the catalog's ${indicator} is in`;
  /** The same for a scale (no counts either). */
  const mixedScale = (code: string | null, ref: string | null) =>
    `UNIT_MULT: ${code ?? 'none'} differs from ${ref ?? 'none'}, the scale most of this indicator's observations in the message are in; mixed scales would chart wrong — set options.unitMult to the power of ten the catalog's unit is in`;
  /**
   * Why a figure is not in the unit the feed's stored figures of its indicator came in, where its
   * message alone would have taken it. Nothing converts, and nothing here can tell a change at the
   * source from a wrong series in the query: the operator says which, by the option. A changed
   * option makes the next run read the source whole (engine.ts sourceDigest), so every figure the
   * source still publishes is then stored anew in the unit it names.
   */
  const storedUnit = (indicator: string, code: string, ref: string) =>
    `UNIT_MEASURE: ${code} where this feed's stored ${indicator} figures are in ${ref}${caseNote(code, ref)}; nothing converts one unit to another, and stored, these would chart on the ${ref} line. Set options.unitMeasure to the unit the catalog's ${indicator} is in ({"${indicator}": "${ref}"} keeps these out; "${code}", if the source has moved to it, makes the next run read the source whole and store what it publishes in ${code}); figures it no longer publishes stay in ${ref} until it deletes them`;
  const storedScale = (indicator: string, code: string | null, ref: string | null) =>
    `UNIT_MULT: ${code ?? 'none'} where this feed's stored ${indicator} figures are in ${ref ?? 'none'} (powers of ten); stored, these would chart off by a power of ten. Set options.unitMult to the power of ten the catalog's ${indicator} is in: the values are then rescaled to it, and the next run reads the source whole`;
  // The same for every observation: built once, not per observation.
  const mapping: FeedMapping = {
    ...m,
    fields: {
      indicator: m.fields.indicator ?? '__indicator',
      period: timeDim,
      value: '__value',
      ...(areaDim ? { areaId: areaDim } : {}),
    },
  };

  // Where each delete falls among the observations, in message order: an observation the message
  // sends before a Delete that names it is dropped (deleted), one sent after it is kept (sent anew).
  const deleteAt: number[] = [];
  const pushDelete = (d: ObservationDelete) => {
    out.deletes.push(d);
    deleteAt.push(out.observations.length);
  };
  const hasEntries = (v: unknown): boolean =>
    Array.isArray(v) ? v.some((x) => x !== null && x !== undefined) : v !== null && typeof v === 'object' && Object.keys(v).length > 0;
  // Left out or listing nothing. Not a malformed part (a number, a list): that is no "nothing", and
  // read as one it would widen a Delete to a whole series or data set.
  const holdsNothing = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

  msg.dataSets.forEach((ds, dsIndex) => {
    if (ds === null || typeof ds !== 'object' || Array.isArray(ds)) {
      out.quarantined.push(quarantine(String(dsIndex), `dataSets[${dsIndex}]: ${quoteValue(ds)} is not an object`, ds));
      return;
    }
    const st = (typeof ds.structure === 'number' ? msg.structures[ds.structure] : undefined) ?? msg.structures[0]!;
    const dsDims = st.dimensions.dataSet ?? [];
    const serDims = st.dimensions.series ?? [];
    const obsDims = st.dimensions.observation ?? [];
    const measureCount = msg.version === '2.x' ? Math.max(1, st.measures?.observation?.length ?? 1) : 1;
    const isDelete = typeof ds.action === 'string' && ds.action.toLowerCase() === 'delete';
    // Every dimension in key order, with the value this observation has.
    const allDims = [...dsDims, ...serDims, ...obsDims].sort((a, b) => (a.keyPosition ?? 0) - (b.keyPosition ?? 0));
    const nonIndicator = new Set([areaDim, timeDim].filter(Boolean));
    const indicatorDims = allDims.filter((d) => !nonIndicator.has(d.id));

    const dsUnitMult = st.attributes.dataSet.find((a) => a?.id === UNIT_MULT);
    const dsMult = Array.isArray(ds.attributes)
      ? attrOf(st.attributes.dataSet, ds.attributes, UNIT_MULT)
      : // 1.0 writes a data set's attributes in the structure only, one value each, as its dimensions.
        dsUnitMult?.values.length === 1
        ? attrValue(dsUnitMult, 0)
        : undefined;
    /** UNIT_MULT of one observation: the observation's over its series' over its data set's. */
    const multOf = (arr: unknown[], seriesAttrs: unknown): string | undefined =>
      attrOf(st.attributes.observation, arr.slice(measureCount), UNIT_MULT) ?? attrOf(st.attributes.series, seriesAttrs, UNIT_MULT) ?? dsMult;

    const unitId = st.attributes.unitMeasure;
    const unitAttrs = [st.attributes.dataSet, st.attributes.dimensionGroup, st.attributes.series, st.attributes.observation];
    const dsUnitAttr = st.attributes.dataSet.find((a) => a?.id === unitId);
    // As dsMult: 2.x by the data set's attribute indexes, 1.0 in the structure only, one value.
    const dsUnit: UnitSaid =
      unitId === null ? null : Array.isArray(ds.attributes) ? unitIn(st.attributes.dataSet, ds.attributes, unitId) : dsUnitAttr?.values.length === 1 ? unitValue(dsUnitAttr, 0) : null;
    const defaultUnit = unitCode(unitAttrs.flat().find((a) => a?.id === unitId && a.default !== undefined && a.default !== null)?.default);
    const groupUnit = unitId === null ? () => null : groupUnits(st.attributes.dimensionGroup, ds.dimensionGroupAttributes, [...dsDims, ...serDims, ...obsDims], allDims, unitId);
    /**
     * UNIT_MEASURE of one observation: the observation's over its series' over its dimension
     * groups' over its data set's, else the attribute's default — the first place that says
     * anything, an unreadable value included (the most specific statement is the one that counts).
     */
    const unitOf = (key: Record<string, string | undefined>, arr: unknown[], seriesAttrs: unknown): UnitSaid =>
      unitId === null
        ? null
        : (unitIn(st.attributes.observation, arr.slice(measureCount), unitId) ?? unitIn(st.attributes.series, seriesAttrs, unitId) ?? groupUnit(key) ?? dsUnit ?? defaultUnit);

    /** The value in the catalog's scale, or why it cannot be known. Without a configured scale, as sent (its scale judged after the message: `undecided`). */
    const rescale = (o: Observation, arr: unknown[], seriesAttrs: unknown): Observation | string => {
      const expected = expectedMult(o.indicator);
      if (expected === undefined) return o;
      const mult = st.attributes.declaresUnitMult ? multOf(arr, seriesAttrs) : undefined;
      // SDMX: no multiplier declared means units.
      const p = st.attributes.declaresUnitMult ? (mult === undefined ? NaN : Number(mult)) : 0;
      if (!Number.isInteger(p)) return `UNIT_MULT: ${mult === undefined ? 'none given for this observation' : quoteValue(mult) + ' is not a power of ten'}, so its scale is unknown`;
      const value = scaled(o.value, p - expected);
      return Number.isFinite(value) ? { ...o, value } : `UNIT_MULT: ${mult} makes the value out of range`;
    };

    // seriesAttrs: the series' attribute values; a flat message's observations have none.
    const emit = (key: Record<string, string | undefined>, arr: unknown[], rawKey: string, seriesAttrs?: unknown) => {
      out.count++;
      const raw = { dataSet: dsIndex, key: rawKey, observation: arr };
      const indicatorFromDims = indicatorDims
        .map((d) => key[d.id])
        .filter((x) => x !== undefined)
        .join('.');
      const get = (path: string) => (path === '__value' ? arr[0] : own(key, path));
      const getter = (p: string) => (p === '__indicator' ? indicatorFromDims : get(p));
      if (isDelete) {
        const indicator = m.fields.indicator ? getter(m.fields.indicator) : indicatorFromDims;
        const area = areaDim ? own(key, areaDim) : undefined;
        const areaId = (area !== undefined ? (codeIn(own(m.valueMaps, 'areaId'), String(area)) ?? area) : own(m.constants, 'areaId')) as string | undefined;
        const period = toPeriod(own(key, timeDim), m.timeZoneOffset);
        if (typeof indicator === 'string' && indicator && areaId && period) {
          pushDelete({ indicator, areaId: String(areaId), period });
        } else out.quarantined.push(quarantine(rawKey, 'Delete: the key does not name one observation', raw));
        return;
      }
      if (measureCount >= 1 && readNumber(arr[0]) === null) {
        out.quarantined.push(quarantine(rawKey, arr.length === 0 ? 'no observation value' : `value: ${quoteValue(arr[0])} is not a number`, raw));
        return;
      }
      const r = mapItem(feed, mapping, getter, raw, { defaultTime: updatedAt });
      if (isQuarantined(r)) out.quarantined.push({ ...r, externalId: rawKey });
      else if (r.kind === 'observation') {
        const said = unitOf(key, arr, seriesAttrs);
        const wrongUnit = unitProblem(r.record.indicator, said);
        if (wrongUnit !== null) {
          out.quarantined.push(quarantine(rawKey, wrongUnit, raw));
          return;
        }
        const o = rescale(r.record, arr, seriesAttrs);
        if (typeof o === 'string') out.quarantined.push(quarantine(rawKey, o, raw));
        else {
          // No configured unit or scale: judged against the indicator's reference after the message (undecided).
          const unit = said !== null && 'code' in said && expectedUnit(o.indicator) === undefined ? said.code : undefined;
          const scale = st.attributes.declaresUnitMult && expectedMult(o.indicator) === undefined ? (multOf(arr, seriesAttrs) ?? null) : undefined;
          if (unit !== undefined || scale !== undefined) undecided.push({ at: out.observations.length, o, indicator: o.indicator, unit, scale, rawKey, raw });
          out.observations.push(o);
        }
      }
    };

    const base: Record<string, string | undefined> = {};
    for (const d of dsDims) base[d.id] = valueId(d, 0);

    /**
     * A Delete that stops above the observations (a whole series, a whole data set): every period
     * of the indicator and area its fixed dimensions name; what they leave open is every value.
     * Refused rather than widened when a fixed value cannot be read, when the mapped indicator or
     * area dimension is not in the structure, or when the key fixes only part of a composed
     * indicator (the store matches whole indicators): deleting more than was named loses data.
     */
    const scopeDelete = (key: Record<string, string | undefined>, fixed: Dim[], rawKey: string, raw: unknown) => {
      out.count++;
      const refuse = (why: string) => out.quarantined.push(quarantine(rawKey, `Delete: ${why}`, raw));
      const ids = new Set(fixed.map((d) => d.id));
      const unread = fixed.find((d) => key[d.id] === undefined);
      if (unread) return refuse(`the key's ${unread.id} is not a value the structure lists`);
      const known = new Set(allDims.map((d) => d.id));
      for (const dim of [m.fields.indicator, areaDim]) {
        if (dim && !known.has(dim)) return refuse(`the mapped dimension ${dim} is not in the message's structure`);
      }
      const d: ObservationDelete = {};
      if (m.fields.indicator) {
        if (ids.has(m.fields.indicator)) d.indicator = key[m.fields.indicator];
      } else {
        const named = indicatorDims.filter((x) => ids.has(x.id));
        if (named.length > 0 && named.length < indicatorDims.length) return refuse('the key fixes only part of the indicator');
        if (named.length > 0) d.indicator = named.map((x) => key[x.id]).join('.');
      }
      if (areaDim) {
        const area = ids.has(areaDim) ? key[areaDim] : undefined;
        if (area !== undefined) d.areaId = String(codeIn(own(m.valueMaps, 'areaId'), area) ?? area);
      } else {
        const area = own(m.constants, 'areaId');
        if (typeof area === 'string' || typeof area === 'number') d.areaId = String(area);
      }
      pushDelete(d);
    };
    // SDMX-JSON observations are arrays ([value, attribute indexes…]); series are objects.
    const notArray = (arr: unknown, rawKey: string): boolean => {
      if (Array.isArray(arr)) return false;
      out.count++;
      out.quarantined.push(quarantine(rawKey, `observation ${rawKey}: ${quoteValue(arr)} is not an array`, { dataSet: dsIndex, key: rawKey, observation: arr }));
      return true;
    };
    const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(ds.series)) {
      for (const [sk, s] of Object.entries(ds.series)) {
        if (!isObject(s)) {
          out.count++;
          out.quarantined.push(quarantine(sk, `series ${sk}: ${quoteValue(s)} is not an object`, { dataSet: dsIndex, key: sk, series: s }));
          continue;
        }
        const sIdx = sk.split(':').map(Number);
        const key: Record<string, string | undefined> = { ...base };
        serDims.forEach((d, i) => (key[d.id] = valueId(d, sIdx[i])));
        if (isDelete && holdsNothing(s.observations)) {
          // A series with attributes only deletes those attributes, which are not stored: read, nothing to do.
          if (hasEntries(s.attributes)) out.count++;
          else scopeDelete(key, [...dsDims, ...serDims], sk, { dataSet: dsIndex, key: sk, series: s });
          continue;
        }
        const obs = isObject(s.observations) ? s.observations : {};
        for (const [ok, arr] of Object.entries(obs)) {
          if (notArray(arr, `${sk}/${ok}`)) continue;
          const oIdx = ok.split(':').map(Number);
          const k2 = { ...key };
          obsDims.forEach((d, i) => (k2[d.id] = valueId(d, oIdx[i])));
          emit(k2, arr as unknown[], `${sk}/${ok}`, s.attributes);
        }
      }
    }
    if (isObject(ds.observations)) {
      for (const [ok, arr] of Object.entries(ds.observations)) {
        if (notArray(arr, ok)) continue;
        const idx = ok.split(':').map(Number);
        const key: Record<string, string | undefined> = { ...base };
        // Flat: the key indexes the series dimensions then the observation dimensions.
        [...serDims, ...obsDims].forEach((d, i) => (key[d.id] = valueId(d, idx[i])));
        emit(key, arr as unknown[], ok);
      }
    }
    // Only a data set element: the whole data set. Not so when it carries attributes (those are
    // what it deletes), nor when it is not a Delete.
    if (isDelete && holdsNothing(ds.series) && holdsNothing(ds.observations) && !hasEntries(ds.attributes)) {
      scopeDelete(base, dsDims, `dataSets[${dsIndex}]`, { dataSet: dsIndex, action: ds.action });
    }
  });
  // The kept figures not in their indicator's reference unit, then (among those left) not in its
  // reference scale, go to quarantine: the scale most of the figures to be stored are in, a figure
  // quarantined for its unit no longer counting. One reason a figure, the unit's first as before.
  // An indicator the message deletes whole (every area and period, deletes going first) has no
  // stored figures left to keep to: its figures in the message are judged by the message alone.
  const wipesAll = out.deletes.some((d) => d.indicator === undefined && d.areaId === undefined && d.period === undefined);
  const wiped = new Set(out.deletes.flatMap((d) => (d.indicator !== undefined && d.areaId === undefined && d.period === undefined ? [d.indicator] : [])));
  const before = (indicator: string) => (wipesAll || wiped.has(indicator) ? undefined : own(stored, indicator));
  const dropped = new Set<number>();
  const judge = <K>(
    pick: (u: (typeof undecided)[number]) => K | undefined,
    order: (a: K, b: K) => number,
    kept: (indicator: string) => { ref: K } | undefined,
    why: (u: (typeof undecided)[number], code: K, ref: K) => string,
    whyStored: (u: (typeof undecided)[number], code: K, ref: K) => string,
  ) => {
    const items = undecided.flatMap((u) => {
      const code = pick(u);
      return code === undefined || dropped.has(u.at) ? [] : [{ u, indicator: u.indicator, code }];
    });
    const ref = majority(items, order);
    for (const { u, code } of items) {
      const inMessage = ref.get(u.indicator)!;
      const k = kept(u.indicator);
      const r = k ? k.ref : inMessage;
      if (code === r) continue;
      dropped.add(u.at);
      // Where the stored unit is also the message's, the reason is the one a message alone gives
      // (the same row, counted again, as before references were kept).
      out.quarantined.push(quarantine(u.rawKey, k && k.ref !== inMessage ? whyStored(u, code, r) : why(u, code, r), u.raw));
    }
  };
  judge(
    (u) => u.unit,
    byCode,
    (indicator) => {
      const unit = before(indicator)?.unit;
      return typeof unit === 'string' ? { ref: unit } : undefined;
    },
    (u, code, ref) => mixedUnit(u.indicator, code, ref),
    (u, code, ref) => storedUnit(u.indicator, code, ref),
  );
  judge(
    (u) => u.scale,
    byPower,
    (indicator) => {
      const b = before(indicator);
      return b && (typeof b.mult === 'string' || b.mult === null) ? { ref: b.mult } : undefined;
    },
    (_u, code, ref) => mixedScale(code, ref),
    (u, code, ref) => storedScale(u.indicator, code, ref),
  );
  if (dropped.size > 0) {
    // deleteAt counts the figures sent before each Delete: the dropped ones no longer count.
    const gone = [...dropped].sort((a, b) => a - b);
    let k = 0;
    deleteAt.forEach((n, j) => {
      while (k < gone.length && gone[k]! < n) k++;
      deleteAt[j] = n - k;
    });
    out.observations = out.observations.filter((_, i) => !dropped.has(i));
  }
  if (out.deletes.length > 0) out.observations = survivors(out.observations, out.deletes, deleteAt);
  out.units = unitRefsAfter(stored, wipesAll, wiped, undecided, new Set(out.observations));
  return out;
}

/**
 * The references once the message is stored: the earlier ones but those of the indicators it
 * deleted whole, and, for an indicator that had none, the unit and scale of its figures now stored
 * (all one, having been judged). Past MAX_UNIT_REFS indicators, new ones are not added.
 */
function unitRefsAfter(
  stored: UnitRefs,
  wipesAll: boolean,
  wiped: ReadonlySet<string>,
  judged: readonly { o: Observation; indicator: string; unit?: string; scale?: string | null }[],
  kept: ReadonlySet<Observation>,
): UnitRefs {
  // No prototype: an indicator is the source's text, and may be "__proto__".
  const refs: UnitRefs = Object.create(null) as UnitRefs;
  if (!wipesAll) for (const [indicator, r] of Object.entries(stored)) if (!wiped.has(indicator)) refs[indicator] = { ...r };
  let size = Object.keys(refs).length;
  for (const u of judged) {
    if (!kept.has(u.o)) continue;
    let r = own(refs, u.indicator);
    if (!r) {
      if (size >= MAX_UNIT_REFS) continue;
      refs[u.indicator] = r = {};
      size++;
    }
    if (u.unit !== undefined && r.unit === undefined) r.unit = u.unit;
    if (u.scale !== undefined && r.mult === undefined) r.mult = u.scale;
  }
  return refs;
}

/**
 * The feed's SDMX watermark: the `updatedAfter` time, and the references of its stored figures
 * (UnitRefs). A plain time when there are none (as every SDMX watermark was before references were
 * kept, and most feeds' stay: their figures declare no unit); else JSON. A watermark that is
 * neither (unreadable JSON) is read as no time and no references: the next run asks for everything.
 */
export function readSdmxMark(watermark: string | null): { since: string | null; units: UnitRefs } {
  if (watermark === null || !watermark.startsWith('{')) return { since: watermark, units: {} };
  let o: unknown;
  try {
    o = JSON.parse(watermark);
  } catch {
    return { since: null, units: {} };
  }
  const mark = (o !== null && typeof o === 'object' ? o : {}) as { updatedAfter?: unknown; units?: unknown };
  const units: UnitRefs = Object.create(null) as UnitRefs;
  if (mark.units !== null && typeof mark.units === 'object' && !Array.isArray(mark.units)) {
    for (const [indicator, r] of Object.entries(mark.units as Record<string, unknown>)) {
      if (r === null || typeof r !== 'object') continue;
      const { unit, mult } = r as { unit?: unknown; mult?: unknown };
      units[indicator] = { ...(typeof unit === 'string' ? { unit } : {}), ...(typeof mult === 'string' || mult === null ? { mult } : {}) };
    }
  }
  return { since: typeof mark.updatedAfter === 'string' ? mark.updatedAfter : null, units };
}

export const sdmxMark = (since: string | null, units: UnitRefs): string | null =>
  Object.keys(units).length === 0 ? since : JSON.stringify({ updatedAfter: since, units });

const obsKey = (indicator: string, areaId: string, period: string) => JSON.stringify([indicator, areaId, period]);

/** The observations no later Delete of the same message names (`deleteAt[i]`: how many observations came before delete i). */
function survivors(observations: Observation[], deletes: ObservationDelete[], deleteAt: number[]): Observation[] {
  // One observation's delete is a map lookup (a message may delete thousands); a series' or data
  // set's is matched against each observation, and there are few of those.
  const exact = new Map<string, number>();
  const broad: { d: ObservationDelete; at: number }[] = [];
  deletes.forEach((d, i) => {
    if (d.indicator !== undefined && d.areaId !== undefined && d.period !== undefined) exact.set(obsKey(d.indicator, d.areaId, d.period), deleteAt[i]!);
    else broad.push({ d, at: deleteAt[i]! });
  });
  const names = (d: ObservationDelete, o: Observation) =>
    (d.indicator === undefined || d.indicator === o.indicator) && (d.areaId === undefined || d.areaId === o.areaId) && (d.period === undefined || d.period === o.period);
  return observations.filter((o, i) => {
    if (i < (exact.get(obsKey(o.indicator, o.areaId, o.period)) ?? -1)) return false;
    return !broad.some((b) => i < b.at && names(b.d, o));
  });
}

/**
 * SDMX's error codes (SDMX REST API, "Error handling") as the HTTP statuses the standard pairs them
 * with, so that an error message under HTTP 200 is classed as its status would be. But for 150,
 * "Semantic error": the standard answers it 403, yet it refuses the query, not the client's
 * access, so it is read as a 400 and its advice is the feed's configuration, not its key.
 */
const SDMX_ERROR_STATUS: Record<string, number> = { '100': 404, '110': 401, '130': 413, '140': 400, '150': 400, '500': 500, '501': 501, '503': 503, '510': 413 };

/** The codes of an SDMX-JSON error message's `errors` (SDMX's own codes: 100 is "No results found"). */
function sdmxErrorCodes(doc: unknown): string[] {
  const list = doc !== null && typeof doc === 'object' ? asList((doc as { errors?: unknown }).errors) : null;
  return (list ?? []).flatMap((e) => {
    const code = e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
    return typeof code === 'number' || typeof code === 'string' ? [String(code).trim()] : [];
  });
}

/** "No results" in words: `NoResultsFound` (.Stat Suite / NSI), "No results found", "No Records Found". */
const NO_RESULTS = /no\s*(?:results?|records?)\s*found/i;
/** SDMX-ML's error message with code 100 (`<mes:ErrorMessage code="100">`), for a server that answers XML whatever it was asked. */
const SDMX_ML_NO_RESULTS = /ErrorMessage\b[^>]*\bcode\s*=\s*["']100["']/i;

/**
 * Whether a refusal says there were no results: SDMX error code 100 in an SDMX-JSON (or SDMX-ML)
 * error message, or the words in a plain-text body. Per the SDMX REST API, a query that matches no
 * data is answered 404 (or an error message) with code 100 — which is what an `updatedAfter` query
 * gets from .Stat Suite, NSI and ECB-style servers whenever nothing changed since the last run.
 */
function saysNoResults(body: Buffer): boolean {
  if (body.length > 64 * 1024) return false;
  const text = body.toString('utf8');
  if (NO_RESULTS.test(text) || SDMX_ML_NO_RESULTS.test(text)) return true;
  try {
    return sdmxErrorCodes(JSON.parse(text)).includes('100');
  } catch {
    return false;
  }
}

/** A run that asked what changed and was told nothing did: a success, the watermark where it was. */
const nothingNew = (): AdapterBatch => ({ records: {}, quarantined: [], fetched: 0, state: {} });

export const sdmxAdapter: Adapter<'sdmx'> = {
  async *run(ctx: AdapterContext): AsyncIterable<AdapterBatch> {
    const { feed, state } = ctx;
    const mark = readSdmxMark(state.watermark);
    const url = withParams(feed.url, { updatedAfter: mark.since ?? undefined });
    // Only a request for what changed may take "no results" as nothing new: the same answer to a
    // first, whole request means the query names no data (a wrong flow or key), and stays an error.
    const incremental = new URL(url).searchParams.has('updatedAfter');
    const res = await ctx.http.fetch(
      {
        url,
        headers: { accept: 'application/vnd.sdmx.data+json, application/json;q=0.9' },
        etag: state.etag,
        lastModified: state.lastModified,
        signal: ctx.signal,
        readStatuses: incremental ? [404] : undefined,
      },
      ctx.profile,
    );
    if (res.notModified) {
      yield notModifiedBatch();
      return;
    }
    if (res.status === 404) {
      if (!saysNoResults(res.body)) throw statusError(res, ctx.now().getTime());
      yield nothingNew();
      return;
    }
    const json = parseJsonLenient(bodyText(res, 'SDMX-JSON', feed), 'SDMX-JSON');
    // An error message under HTTP 200 (SDMX-JSON's `errors`, no `data`): the server's words, not
    // "not valid SDMX-JSON"; its "no results" to a request for what changed is nothing new.
    const codes = (json as { data?: unknown } | null)?.data === undefined ? sdmxErrorCodes(json) : [];
    if (codes.length > 0) {
      if (incremental && codes.includes('100')) {
        yield nothingNew();
        return;
      }
      const said = serverWords(res.body, 'application/json') ?? `SDMX error ${codes[0]!.slice(0, 20)}`;
      throw errors.sourceSays('SDMX', own(SDMX_ERROR_STATUS, codes[0]!) ?? null, said);
    }
    const msg = readSdmxMessage(json);
    const now = ctx.now().toISOString();
    const parsed = sdmxToObservations(msg, feed, now, mark.units);
    const records: RecordBatch = { observations: parsed.observations, deleteObservations: parsed.deletes };
    yield {
      records,
      quarantined: parsed.quarantined,
      fetched: parsed.count,
      // An empty answer keeps the old watermark, so the next request is the same URL and can be a 304.
      state: { watermark: parsed.count > 0 ? sdmxMark(msg.prepared ?? now, parsed.units) : state.watermark, etag: res.etag, lastModified: res.lastModified, cursor: null },
    };
  },
};
