import type { Observation } from '../../domains';
import type { FeedConfig, FeedMapping } from '../feeds/config';
import { mappingSchema } from '../feeds/config';
import { statusError } from '../http/client';
import { errors } from '../http/errors';
import { serverWords } from '../http/server-words';
import type { QuarantinedItem, RecordBatch } from '../store';
import { isQuarantined, mapItem, toPeriod } from './mapping';
import type { Adapter, AdapterBatch, AdapterContext } from './types';
import { asList, bodyText, codeIn, notModifiedBatch, own, quarantine, quoteValue, withParams } from './util';
import { parseJsonLenient } from '../text/lenient-json';
import { readNumber } from '../text/number-format';
import { normTime } from '../text/source-time';

/**
 * SDMX-JSON data messages → observations. Reads both 1.0 (`header` + `structure` + `dataSets`,
 * or `meta` + `data.structure`) and 2.x (`meta` + `data.structures[]` + `data.dataSets[]`, each
 * data set pointing at its structure), series-keyed and flat ("0:1" keys over all observation
 * dimensions). A data set with `action: "Delete"` deletes the observations it names.
 * Incremental by `updatedAfter=<prepared time of the last message>`; such a request that finds
 * nothing new may be answered "no results" (see `saysNoResults`).
 *
 * Mapping fields name dimensions: `indicator` (default: every dimension except the area and time
 * ones, joined with '.'), `areaId`, `period` (default TIME_PERIOD); `valueMaps.areaId` turns
 * source area codes into GSO codes.
 */

interface Dim {
  id: string;
  keyPosition?: number;
  values: { id?: string; value?: string }[];
}
interface Structure {
  dimensions: { dataSet?: Dim[]; series?: Dim[]; observation?: Dim[] };
  measures?: { observation?: unknown[] };
}
interface DataSet {
  action?: string;
  structure?: number;
  series?: Record<string, { observations?: Record<string, unknown[]> }>;
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
  return {
    dimensions: {
      // The 1.0 agri sample spells it `dataset`.
      dataSet: group(d.dataSet ?? d.dataset, d.dataSet !== undefined ? 'dataSet' : 'dataset'),
      series: group(d.series, 'series'),
      observation: group(d.observation, 'observation'),
    },
    measures: Array.isArray(measures?.observation) ? { observation: measures.observation } : undefined,
  };
}

const valueId = (d: Dim | undefined, i: number | undefined): string | undefined => {
  if (!d || i === undefined) return undefined;
  const v = Array.isArray(d.values) ? (d.values[i] as { id?: unknown; value?: unknown } | null | undefined) : undefined;
  if (!v || typeof v !== 'object') return undefined;
  const id = v.id ?? v.value;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

export interface SdmxParsed {
  observations: Observation[];
  deletes: { indicator: string; areaId: string; period: string }[];
  quarantined: QuarantinedItem[];
  count: number;
}

const defaultMapping = mappingSchema.parse({ kind: 'observation' });

export function sdmxToObservations(msg: SdmxMessage, feed: FeedConfig, now: string): SdmxParsed {
  const m: FeedMapping = feed.mapping ?? defaultMapping;
  const areaDim = m.fields.areaId;
  const timeDim = m.fields.period ?? 'TIME_PERIOD';
  const out: SdmxParsed = { observations: [], deletes: [], quarantined: [], count: 0 };
  const updatedAt = normTime(msg.prepared, m.timeZoneOffset) ?? now;
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

    const emit = (key: Record<string, string | undefined>, arr: unknown[], rawKey: string) => {
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
          out.deletes.push({ indicator, areaId: String(areaId), period });
        } else out.quarantined.push(quarantine(rawKey, 'Delete: the key does not name one observation', raw));
        return;
      }
      if (measureCount >= 1 && readNumber(arr[0]) === null) {
        out.quarantined.push(quarantine(rawKey, arr.length === 0 ? 'no observation value' : `value: ${quoteValue(arr[0])} is not a number`, raw));
        return;
      }
      const r = mapItem(feed, mapping, getter, raw, { defaultTime: updatedAt });
      if (isQuarantined(r)) out.quarantined.push({ ...r, externalId: rawKey });
      else if (r.kind === 'observation') out.observations.push(r.record);
    };

    const base: Record<string, string | undefined> = {};
    for (const d of dsDims) base[d.id] = valueId(d, 0);
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
        const obs = isObject(s.observations) ? s.observations : {};
        for (const [ok, arr] of Object.entries(obs)) {
          if (notArray(arr, `${sk}/${ok}`)) continue;
          const oIdx = ok.split(':').map(Number);
          const k2 = { ...key };
          obsDims.forEach((d, i) => (k2[d.id] = valueId(d, oIdx[i])));
          emit(k2, arr as unknown[], `${sk}/${ok}`);
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
  });
  return out;
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
    const url = withParams(feed.url, { updatedAfter: state.watermark ?? undefined });
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
    const parsed = sdmxToObservations(msg, feed, now);
    const records: RecordBatch = { observations: parsed.observations, deleteObservations: parsed.deletes };
    yield {
      records,
      quarantined: parsed.quarantined,
      fetched: parsed.count,
      // An empty answer keeps the old watermark, so the next request is the same URL and can be a 304.
      state: { watermark: parsed.count > 0 ? (msg.prepared ?? now) : state.watermark, etag: res.etag, lastModified: res.lastModified, cursor: null },
    };
  },
};
