import { XMLParser } from 'fast-xml-parser';
import { domainDef, eventSchema, type DomainEvent, type DomainId } from '../../domains';
import type { FeedConfig, FeedOf } from '../feeds/config';
import type { Open311Options } from './options';
import { SyncError, errors } from '../http/errors';
import type { QuarantinedItem } from '../store';
import type { Adapter, AdapterBatch, AdapterContext, Parsed } from './types';
import { checkOnGlobe, toPoint } from '../location';
import {
  asList,
  bodyText,
  eachItem,
  feedTimeZone,
  markable,
  maxTime,
  notModifiedBatch,
  codeIn,
  quarantine,
  quoteValue,
  sourceReason,
  toStr,
  withParams,
  watermarkLimit,
} from './util';
import { parseJsonLenient } from '../text/lenient-json';
import { normTime } from '../text/source-time';
import { readNumber } from '../text/number-format';

/**
 * Open311 GeoReport v2 `GET requests.(json|xml)` → events. Incremental by `updated_after`
 * (v2.1) or `start_date`, paged with the `page`/`page_size` extension. The watermark is the
 * newest `updated_datetime` seen (`requested_datetime` with `start_date`, the time that server
 * filters on). The filter is asked for from a second before it: servers differ on whether
 * `updated_after` means "at or after" or "after", and read as "after" every report sharing the
 * watermark's second but not yet seen would be skipped; what is read twice is recognised (the
 * same report at the same update) and not counted again.
 */

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'request' || name === 'note' || name === 'attribute',
});

/** Raw request items from a JSON or XML body (objects, or whatever else the server put in the list). */
export function readOpen311Body(body: string, format?: 'json' | 'xml'): unknown[] {
  const looksXml = format === 'xml' || (format === undefined && body.trimStart().startsWith('<'));
  if (looksXml) {
    let doc: Record<string, unknown>;
    try {
      doc = xml.parse(body, true) as Record<string, unknown>;
    } catch {
      throw errors.parse('XML (Open311)');
    }
    const root = doc['service_requests'] as Record<string, unknown> | '' | undefined;
    const said = errorDocument(listOf((doc['errors'] as { error?: unknown } | undefined)?.error));
    if (said) throw said;
    if (root === undefined) throw errors.parse('XML (Open311: no <service_requests>)');
    const list = root === '' ? [] : ((root.request as unknown[]) ?? []);
    return list.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r) ? xmlRequest(r as Record<string, unknown>) : r));
  }
  const json = parseJsonLenient(body, 'JSON (Open311)');
  const list = asList(json);
  if (list) {
    const said = errorDocument(list);
    if (said) throw said;
    return list;
  }
  if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const wrapped = o.service_requests;
    const inList = asList(wrapped);
    if (inList) return inList;
    // The XML document converted to JSON (xml2js and the like): `{"service_requests": {"request":
    // […]}}`, one request written as the object itself, none as an empty element ("").
    if (wrapped === '') return [];
    if (wrapped !== null && typeof wrapped === 'object' && 'request' in wrapped) return listOf((wrapped as { request: unknown }).request);
    // One request on its own (a server answering with the single request it holds).
    if ('service_request_id' in o) return [o];
  }
  throw notRequestList(json);
}

/** JSON that parsed but is not a list of requests: said as such, naming what it is, not "not valid JSON". */
function notRequestList(json: unknown): SyncError {
  const found =
    json === null
      ? 'null'
      : Array.isArray(json)
        ? 'an array'
        : typeof json === 'object'
          ? (() => {
              const keys = Object.keys(json);
              const shown = keys.slice(0, 8).map((k) => JSON.stringify(k.slice(0, 40))).join(', ');
              return keys.length === 0 ? 'an empty object' : `an object with the keys ${shown}${keys.length > 8 ? ` and ${keys.length - 8} more` : ''}`;
            })()
          : `a ${typeof json} (${JSON.stringify(json).slice(0, 40)})`;
  const [vi, en] = found.startsWith('an object with the keys')
    ? [`một đối tượng có các khóa ${found.slice('an object with the keys '.length)}`, found]
    : [found === 'an empty object' ? 'một đối tượng rỗng' : found, found];
  return new SyncError(
    'parse',
    `Dữ liệu Open311 là JSON nhưng không phải danh sách yêu cầu (service_requests): nhận được ${vi}. Báo đơn vị cung cấp; dữ liệu cũ vẫn được giữ.`,
    `The Open311 response is JSON but not a list of requests (service_requests): it is ${en}. Tell the provider; old data is kept.`,
  );
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * GeoReport v2 answers a request it refuses with a list of errors, `[{"code": 403, "description":
 * "Invalid api_key"}]` (XML: `<errors><error>…`), and some servers send it under HTTP 200. Read as
 * requests, each error was quarantined for having no id, and the run looked fine. A list whose
 * every item is an error (code and description, nothing else) is the server's refusal, in its words.
 */
function errorDocument(items: readonly unknown[]): SyncError | null {
  const said = open311Errors(items);
  return said ? errors.sourceSays('Open311', said.code, said.description) : null;
}

/** The first error of a GeoReport v2 error list, when the list is one (see errorDocument). */
function open311Errors(items: readonly unknown[]): { code: number | null; description: string } | null {
  if (items.length === 0) return null;
  const isError = (i: unknown) =>
    i !== null && typeof i === 'object' && !Array.isArray(i) && 'description' in i && 'code' in i && Object.keys(i).length === 2;
  if (!items.every(isError)) return null;
  const { code, description } = items[0] as { code: unknown; description: unknown };
  const n = readNumber(code);
  return { code: n !== null && Number.isInteger(n) ? n : null, description: toStr(description) ?? '' };
}

/**
 * The endpoint's refusal when a body is a GeoReport v2 error list (JSON `[{"code", "description"}]`
 * or XML `<errors><error>…`), else null: the same recognition the feed side uses, for the answers
 * of the actions endpoint (host/sync/outbox.ts), which may come under HTTP 200 as well.
 */
export function open311ErrorAnswer(body: string): { code: number | null; description: string } | null {
  const text = body.trimStart();
  if (text.startsWith('<')) {
    let doc: Record<string, unknown>;
    try {
      doc = xml.parse(text, true) as Record<string, unknown>;
    } catch {
      return null;
    }
    return open311Errors(listOf((doc['errors'] as { error?: unknown } | undefined)?.error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  return Array.isArray(json) ? open311Errors(json) : null;
}

/** XML leaves are strings; empty elements mean "no value". */
function xmlRequest(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === 'string') out[k] = v.trim() === '' ? null : v;
    else if (k === 'notes' && v && typeof v === 'object') out[k] = (v as { note?: unknown[] }).note ?? [];
    else out[k] = v;
  }
  return out;
}

/**
 * GeoReport v2 has two statuses, `open` and `closed`; the catalog has its domain's own states. A
 * feed without a statusMap word for them gets the domain's first open state and its first closed
 * one (catalog order: "Đã tiếp nhận" and "Đã giải quyết" for the hotline), not the raw English
 * word, which no panel names and no "by status" chart counts as a state.
 */
function specStates(domain: DomainId): { open: string | undefined; closed: string | undefined } {
  const states = [...(domainDef(domain)?.eventStates ?? [])].sort((a, b) => a.order - b.order);
  return { open: states.find((s) => !s.closed)?.id, closed: states.find((s) => s.closed)?.id };
}

export function open311ToEvents(items: readonly unknown[], feed: FeedConfig, tz = feedTimeZone(feed)): Parsed<DomainEvent> {
  const opts: Partial<Open311Options> = feed.adapter === 'open311' ? feed.options : {};
  const quarantined: QuarantinedItem[] = [];
  const spec = specStates(feed.domain);
  const records = eachItem(
    items,
    quarantined,
    (it): DomainEvent | null => {
      const rid = toStr(it.service_request_id);
      if (!rid) {
        quarantined.push(quarantine(null, `service_request_id: ${it.service_request_id === undefined || it.service_request_id === null ? 'missing' : `${quoteValue(it.service_request_id)} is not an id`}`, it));
        return null;
      }
      const status = toStr(it.status)?.toLowerCase() ?? null;
      const openedAt = normTime(it.requested_datetime, tz);
      const updatedAt = normTime(it.updated_datetime, tz) ?? openedAt;
      // (0, 0), out-of-range values and non-numbers mean "no location" (failed geocoding); a
      // pair off the globe is kept as the source wrote it, so it can be put right later.
      const point = toPoint(it.lat, it.long ?? it.lon);
      const offGlobe = point ? null : offGlobePair(it);
      // A coordinate written but not a number ("11,53": a decimal comma, not read as one since it
      // could as well be a thousands separator) is not a failed geocode: the request is stored
      // without a location (GeoReport v2 allows one without), the text kept as the source wrote
      // it, and the run says so in its quarantine list, so the report is not silently unplaced.
      const unreadable = unreadableCoordinates(it);
      const notes = asList(it.notes) ?? [];
      const kindFrom = opts.kindFrom === 'service_name' ? it.service_name : (it.service_code ?? it.service_name);
      const candidate = {
        id: `${feed.id}:${rid}`,
        domain: feed.domain,
        kind: toStr(kindFrom),
        status: status ? (codeIn(opts.statusMap, status) ?? (status === 'open' || status === 'closed' ? spec[status] : undefined) ?? status) : null,
        areaId: null,
        lat: point?.lat ?? null,
        lon: point?.lon ?? null,
        title: toStr(it.service_name) ?? '',
        description: toStr(it.description) ?? '',
        address: toStr(it.address) ?? '',
        agency: toStr(it.agency_responsible),
        openedAt,
        updatedAt,
        dueAt: normTime(it.expected_datetime, tz),
        closedAt: status === 'closed' ? updatedAt : null,
        source: feed.id,
        attrs: prune({
          serviceRequestId: rid,
          serviceCode: toStr(it.service_code),
          serviceName: toStr(it.service_name),
          statusNotes: toStr(it.status_notes),
          serviceNotice: toStr(it.service_notice),
          mediaUrl: toStr(it.media_url),
          zipcode: toStr(it.zipcode),
          addressId: toStr(it.address_id),
          notes: notes.length ? notes : undefined,
          attributes: it.attributes ?? undefined,
          extendedAttributes: it.extended_attributes ?? undefined,
          sourceLocation: offGlobe ?? (unreadable ? { lat: toStr(it.lat), lon: toStr(it.long ?? it.lon), notANumber: true } : undefined),
        }),
      };
      // A time that is there but unreadable is the item's fault; say which and quote it.
      for (const [field, v] of [['expected_datetime', it.expected_datetime], ['updated_datetime', it.updated_datetime]] as const) {
        if (toStr(v) !== null && normTime(v, tz) === null) {
          quarantined.push(quarantine(rid, `${field}: ${quoteValue(v)} is not a date`, it));
          return null;
        }
      }
      const r = eventSchema.safeParse(candidate);
      if (r.success) {
        if (unreadable) quarantined.push(quarantine(rid, `${unreadable}; the request is stored without a location`, it));
        return r.data;
      }
      quarantined.push(
        quarantine(
          rid,
          sourceReason(r.error, {
            kind: [opts.kindFrom === 'service_name' ? 'service_name' : 'service_code', kindFrom],
            status: ['status', it.status],
            openedAt: ['requested_datetime', it.requested_datetime],
            updatedAt: it.updated_datetime != null ? ['updated_datetime', it.updated_datetime] : ['requested_datetime', it.requested_datetime],
            dueAt: ['expected_datetime', it.expected_datetime],
          }),
          it,
        ),
      );
      return null;
    },
    'request',
  );
  return { records, quarantined };
}

/**
 * What is wrong with a lat/long that is there but not a number (`lat: "11,53" is not a number`);
 * null when both are numbers or absent (no location given, or an empty element).
 */
function unreadableCoordinates(it: Record<string, unknown>): string | null {
  const said = (
    [
      ['lat', it.lat],
      [it.long !== undefined && it.long !== null ? 'long' : 'lon', it.long ?? it.lon],
    ] as const
  ).flatMap(([name, v]) => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return [];
    return readNumber(v) === null ? [`${name}: ${quoteValue(v)} is not a number`] : [];
  });
  return said.length > 0 ? said.join('; ') : null;
}

/** The source's position as numbers, whatever their values; null when either is not a number. */
function sourcePair(it: Record<string, unknown>): readonly [lon: number, lat: number] | null {
  const lat = readNumber(it.lat);
  const lon = readNumber(it.long ?? it.lon);
  return lat === null || lon === null ? null : [lon, lat];
}

/** A position that lies off the globe (not the (0, 0) of failed geocoding), as the source wrote it. */
function offGlobePair(it: Record<string, unknown>): { lat: number; lon: number; offGlobe: true } | null {
  const p = sourcePair(it);
  return p && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) ? { lat: p[1], lon: p[0], offGlobe: true } : null;
}

function prune(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * Keyset paging: each request asks for requests updated at or after the newest one already
 * stored (`since`), so a request that changes while we page moves *ahead* of the cursor, never
 * behind it (offset paging over a changing list skips rows). `page` only advances inside a group
 * of requests sharing one updated time that is bigger than a page, or for a server that lists the
 * newest first (paged through under one `since`, see newestFirst).
 */
interface Open311Cursor {
  since: string | null;
  page: number;
  maxSeen: string | null;
  /**
   * The most reports one page of this run has brought: a server that caps `page_size` (100 is
   * common) without a word gives pages of that many, and a page as long is read as full.
   */
  cap?: number;
  etag?: string | null;
  lastModified?: string | null;
}

/** A page whose first report's time is after its last's: the server lists the newest first. */
function newestFirst(times: readonly (string | null)[]): boolean {
  const first = times[0];
  const last = times[times.length - 1];
  return times.length > 1 && !!first && !!last && Date.parse(first) > Date.parse(last);
}

/**
 * One second before a source time, in the same offset and to the second (what every GeoReport
 * server reads), e.g. 2026-11-22T00:00:00+07:00 → 2026-11-21T23:59:59+07:00.
 */
export function secondBefore(t: string): string {
  const ms = Date.parse(t);
  if (!Number.isFinite(ms)) return t;
  const zone = /([Zz]|[+-]\d{2}:?\d{2})$/.exec(t)?.[1] ?? 'Z';
  const offsetMin = /^[Zz]$/.test(zone) ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const local = new Date(ms - 1000 + offsetMin * 60_000).toISOString().slice(0, 19);
  return local + (zone === 'z' ? 'Z' : zone);
}

/**
 * What tells two answers of one report apart: its id and the update it is at. A report updated
 * while a run pages moves ahead of the keyset and comes again at its new update; known by its id
 * alone, that update was dropped as already read and the watermark moved past it for good. An
 * item without an id (junk in the list) is known by its text.
 */
function versionOf(i: unknown): string {
  const r = i !== null && typeof i === 'object' && !Array.isArray(i) ? (i as Record<string, unknown>) : null;
  const id = r ? toStr(r.service_request_id) : null;
  return id === null ? `\u0000${quoteValue(i)}` : `${id}\u0000${toStr(r!.updated_datetime) ?? ''}`;
}

export const open311Adapter: Adapter<'open311'> = {
  async *run(ctx: AdapterContext<FeedOf<'open311'>>): AsyncIterable<AdapterBatch> {
    const { feed, state, http, profile } = ctx;
    const { incremental: param, pageSize } = feed.options;
    const cursor: Open311Cursor = state.cursor
      ? (JSON.parse(state.cursor) as Open311Cursor)
      : { since: state.watermark, page: 1, maxSeen: state.watermark };
    const seen = new Set<string>();
    // The time the server filters on: the keyset must move on it, or a report filed long ago
    // and updated now would move a `start_date` past every report filed in between.
    const keyTime = (e: DomainEvent) => (param === 'start_date' ? e.openedAt : e.updatedAt);
    let requests = 0;
    const fetchPage = (c: Open311Cursor, conditional: boolean) =>
      http.fetch(
        {
          url: withParams(feed.url, {
            [param]: c.since ? secondBefore(c.since) : undefined,
            page: c.page,
            page_size: pageSize,
            jurisdiction_id: feed.options.jurisdictionId,
          }),
          // Validators only make sense for the first request of a run (same URL as last time's first).
          etag: conditional ? state.etag : null,
          lastModified: conditional ? state.lastModified : null,
          signal: ctx.signal,
        },
        profile,
      );
    let inflight = fetchPage(cursor, state.cursor === null);
    for (;;) {
      const res = await inflight;
      if (res.notModified) {
        yield notModifiedBatch();
        return;
      }
      if (state.cursor === null && requests === 0) {
        cursor.etag = res.etag;
        cursor.lastModified = res.lastModified;
      }
      const items = readOpen311Body(bodyText(res, 'Open311', feed), feed.format);
      // Every position of the page off the globe: the source writes them otherwise (swapped).
      checkOnGlobe(
        'Open311',
        items.map((i) => (i !== null && typeof i === 'object' ? sourcePair(i as Record<string, unknown>) : null)),
      );
      // What this run has read already (the filter overlaps by a second; a page may be asked twice).
      const fresh = items.filter((i) => !seen.has(versionOf(i)));
      for (const i of items) seen.add(versionOf(i));
      const parsed = open311ToEvents(fresh, feed);
      const limit = watermarkLimit(ctx.now());
      const pageMax = parsed.records.reduce<string | null>((m, e) => maxTime(m, markable(keyTime(e), limit)), null);
      cursor.maxSeen = maxTime(cursor.maxSeen, pageMax);
      const advanced = pageMax !== null && (cursor.since === null || Date.parse(pageMax) > Date.parse(cursor.since));
      // A full page is one as long as asked, or as long as the longest of this run: servers cap
      // page_size without a word (100 is common). A page that is not full ends the run unless it
      // moved the keyset; the next ask (at or after this page's newest) then brings the rest, or
      // only what was seen, which ends it. A full page that brought nothing new goes on to the
      // next page of the same `since`: a group of reports sharing one time (a nightly job closing
      // 250 at once) longer than the server's cap is read page by page. Nothing new on a later
      // page of one `since`: the server ignores paging (the same list again), the run is complete.
      const full = items.length >= pageSize || (!!cursor.cap && items.length >= cursor.cap);
      cursor.cap = Math.max(cursor.cap ?? 0, items.length);
      const done = full ? fresh.length === 0 && cursor.page > 1 : !advanced;
      // A server that lists the newest first (GeoReport v2 names no order, and many sort so) is
      // paged through under one `since`: moving the keyset to its first page's newest report
      // skipped every older change on the pages after it, for good. Offset paging is safe in that
      // order: a report updated meanwhile moves to the front, so a page may repeat one, never skip.
      const next: Open311Cursor = advanced && !newestFirst(parsed.records.map(keyTime)) ? { ...cursor, since: pageMax, page: 1 } : { ...cursor, page: cursor.page + 1 };
      const firstOfRun = state.cursor === null && requests === 0;
      requests++;
      if (!done) {
        // The next page travels while this one is validated and written.
        inflight = fetchPage(next, false);
        inflight.catch(() => undefined);
      }
      yield {
        records: { events: parsed.records },
        quarantined: parsed.quarantined,
        fetched: fresh.length,
        state: done
          ? { watermark: cursor.maxSeen, cursor: null, etag: cursor.etag ?? null, lastModified: cursor.lastModified ?? null }
          : { cursor: JSON.stringify(next), ...(firstOfRun ? { etag: null, lastModified: null } : {}) },
      };
      if (done) return;
      Object.assign(cursor, next);
    }
  },
};
