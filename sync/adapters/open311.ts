import { XMLParser } from 'fast-xml-parser';
import { domainDef, eventSchema, type DomainEvent, type DomainId } from '../../domains';
import type { FeedConfig, FeedOf } from '../feeds/config';
import type { Open311Options } from './options';
import { errors, type SyncError } from '../http/errors';
import type { QuarantinedItem } from '../store';
import type { Adapter, AdapterBatch, AdapterContext, Parsed } from './types';
import { toPoint } from '../location';
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
 * newest `updated_datetime` seen; the filter is inclusive so a request updated in the same second
 * as the watermark is never skipped (upserts make the overlap harmless).
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
  const wrapped = json && typeof json === 'object' ? asList((json as { service_requests?: unknown }).service_requests) : null;
  if (wrapped) return wrapped;
  throw errors.parse('JSON (Open311: expected an array of requests)');
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * GeoReport v2 answers a request it refuses with a list of errors, `[{"code": 403, "description":
 * "Invalid api_key"}]` (XML: `<errors><error>…`), and some servers send it under HTTP 200. Read as
 * requests, each error was quarantined for having no id, and the run looked fine. A list whose
 * every item is an error (code and description, nothing else) is the server's refusal, in its words.
 */
function errorDocument(items: readonly unknown[]): SyncError | null {
  if (items.length === 0) return null;
  const isError = (i: unknown) =>
    i !== null && typeof i === 'object' && !Array.isArray(i) && 'description' in i && 'code' in i && Object.keys(i).length === 2;
  if (!items.every(isError)) return null;
  const { code, description } = items[0] as { code: unknown; description: unknown };
  const n = readNumber(code);
  return errors.sourceSays('Open311', n !== null && Number.isInteger(n) ? n : null, toStr(description) ?? '');
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
      // (0, 0), out-of-range values and non-numbers mean "no location" (failed geocoding).
      const point = toPoint(it.lat, it.long ?? it.lon);
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
      if (r.success) return r.data;
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
  etag?: string | null;
  lastModified?: string | null;
}

/** A page whose first report was updated after its last: the server lists the newest first. */
function newestFirst(events: readonly { updatedAt: string }[]): boolean {
  return events.length > 1 && Date.parse(events[0]!.updatedAt) > Date.parse(events[events.length - 1]!.updatedAt);
}

export const open311Adapter: Adapter<'open311'> = {
  async *run(ctx: AdapterContext<FeedOf<'open311'>>): AsyncIterable<AdapterBatch> {
    const { feed, state, http, profile } = ctx;
    const { incremental: param, pageSize } = feed.options;
    const cursor: Open311Cursor = state.cursor
      ? (JSON.parse(state.cursor) as Open311Cursor)
      : { since: state.watermark, page: 1, maxSeen: state.watermark };
    const seenIds = new Set<string>();
    let requests = 0;
    const fetchPage = (c: Open311Cursor, conditional: boolean) =>
      http.fetch(
        {
          url: withParams(feed.url, {
            [param]: c.since ?? undefined,
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
      // An item without an id (junk in the list) is known by its text, so a page asked again is not read twice.
      const keyOf = (i: unknown) => (i !== null && typeof i === 'object' ? toStr((i as Record<string, unknown>).service_request_id) : null) ?? `\u0000${quoteValue(i)}`;
      const fresh = items.filter((i) => !seenIds.has(keyOf(i)));
      for (const i of items) seenIds.add(keyOf(i));
      const parsed = open311ToEvents(fresh, feed);
      const limit = watermarkLimit(ctx.now());
      const pageMax = parsed.records.reduce<string | null>((m, e) => maxTime(m, markable(e.updatedAt, limit)), null);
      cursor.maxSeen = maxTime(cursor.maxSeen, pageMax);
      const advanced = pageMax !== null && (cursor.since === null || Date.parse(pageMax) > Date.parse(cursor.since));
      // A page shorter than asked ends the run unless it moved the keyset: servers cap page_size
      // without a word (100 is common), and a run that stopped at the first short page read a
      // backlog 100 reports per run. The next ask (updated at or after this page's newest) then
      // brings the rest, or only what was seen, which ends it. Nothing new on a later page of one
      // `since`: the server ignores paging (it returns the same list again), so the run is complete.
      const done = items.length < pageSize ? !advanced : fresh.length === 0 && cursor.page > 1;
      // A server that lists the newest first (GeoReport v2 names no order, and many sort so) is
      // paged through under one `since`: moving the keyset to its first page's newest report
      // skipped every older change on the pages after it, for good. Offset paging is safe in that
      // order: a report updated meanwhile moves to the front, so a page may repeat one, never skip.
      const next: Open311Cursor = advanced && !newestFirst(parsed.records) ? { ...cursor, since: pageMax, page: 1 } : { ...cursor, page: cursor.page + 1 };
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
