import type { FeedConfig, FeedMapping } from '../feeds/config';
import { statusError } from '../http/client';
import { SyncError, errors, withServerWords } from '../http/errors';
import type { QuarantinedItem, RecordBatch } from '../store';
import { fileMapped, mapItem, namesPosition, pathGetter, positionOf } from './mapping';
import { checkOnGlobe } from '../location';
import type { Adapter, AdapterBatch, AdapterContext } from './types';
import { asList, bodyText, eachItem, own, markable, maxTime, withParams, notModifiedBatch, watermarkLimit } from './util';
import { parseJsonLenient } from '../text/lenient-json';
import { normTime } from '../text/source-time';

/**
 * CKAN DataStore `datastore_search` → observations, events or places through the feed's mapping.
 *
 * `datastore_search` filters by equality only, so the incremental sync sorts on the mapping's
 * `updatedField` newest first and pages by `offset` until it reaches rows older than the
 * watermark. A row changed during a run moves to the top, above the pages already read, and has a
 * newer time than anything read so far, so the next run picks it up: no gap. Without an
 * `updatedField` every run reads the whole resource (`_id` order).
 */

export interface CkanPage {
  /** Rows as the server sent them: objects, or whatever else it put in the list. */
  records: unknown[];
  /** The row count the server gives, when it is a count and not an estimate (CKAN 2.10's `total_was_estimated`). */
  total: number | null;
  /**
   * The page size the server applied, as CKAN 2.9+ says it in `result.limit`: at most its
   * `ckan.datastore.search.rows_max`, whatever was asked. Null when it does not say.
   */
  limit: number | null;
  next: string | null;
}

/** The HTTP status CKAN gives each of its error types. */
const CKAN_ERROR_CODES: Record<string, number> = { 'Authorization Error': 403, 'Not Found Error': 404, 'Validation Error': 409 };

/**
 * What a CKAN error says: its `message`, else the fields it refuses. A Validation Error (a wrong
 * `sort`, `filters`, `fields` or resource id) has no message, only each field's list of problems,
 * `{"__type": "Validation Error", "sort": ["field \"cap_nhat\" not in table"]}`: quoted as
 * `sort: field "cap_nhat" not in table`, which names what to fix in the feed. Cut to 200 characters,
 * as every server's words are (sync/http/server-words.ts): a long list of fields says its first ones.
 */
function ckanErrorWords(error: unknown): string {
  const e = (error !== null && typeof error === 'object' && !Array.isArray(error) ? error : {}) as Record<string, unknown>;
  if (typeof e.message === 'string' && e.message.trim() !== '') return oneLine(e.message).slice(0, 200);
  const fields = Object.keys(e)
    .filter((k) => k !== '__type' && k !== 'message')
    .map((k) => {
      const said = textsIn(e[k], 0).join('; ');
      return said ? `${k}: ${said}` : '';
    })
    .filter(Boolean);
  if (fields.length > 0) return oneLine(fields.join('; ')).slice(0, 200);
  return typeof e.__type === 'string' ? e.__type : 'success=false';
}

/** The texts in a field's problems: a string, a list of them, or (a record's own fields) an object of lists. */
function textsIn(v: unknown, depth: number): string[] {
  if (typeof v === 'string') return [v];
  if (depth > 3 || v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.slice(0, 10).flatMap((x) => textsIn(x, depth + 1));
  return Object.entries(v).slice(0, 10).flatMap(([k, x]) => textsIn(x, depth + 1).map((t) => `${k}: ${t}`));
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Where a feed should point instead: the portal's `datastore_search` action, next to the action
 * the feed names or at the portal's API under its download path. Origin and path only: the feed's
 * query (which may hold a key) is not repeated.
 */
function datastoreSearchUrl(feedUrl: string): string {
  const u = new URL(feedUrl);
  const action = /^(.*?\/api\/(?:\d+\/)?action\/)[^/]*/.exec(u.pathname);
  const base = action ? action[1]! : `${/^(.*?)\/(?:dataset|datastore)\//.exec(u.pathname)?.[1] ?? ''}/api/3/action/`;
  return `${u.origin}${base}datastore_search`;
}

/**
 * A feed URL that is another CKAN address than `datastore_search`: a dataset's description
 * (`package_show`), a resource's (`resource_show`), or its file (a CSV download, `datastore/dump`).
 * Refused with the address to use and the resource ids to use it with, where the answer names them,
 * instead of "not valid JSON — tell the provider": the fix is the feed's, not the provider's.
 */
function notDatastoreSearch(feedUrl: string, what: { vi: string; en: string }, ids: string[], noneLoaded = false): SyncError {
  const url = datastoreSearchUrl(feedUrl);
  const list = ids.slice(0, 5).map((id) => `"${id.slice(0, 80)}"`).join(', ');
  const [idsVi, idsEn] = ids.length > 0 ? [` (mã tài nguyên: ${list})`, ` (resource id: ${list})`] : ['', ''];
  // Data that is in no DataStore table (no resource with datastore_active) has no rows to read at
  // any address: the provider has to load it first.
  const [noneVi, noneEn] = noneLoaded
    ? [
        ' Dữ liệu này chưa được nạp vào DataStore (không có tài nguyên nào datastore_active): đề nghị đơn vị cung cấp nạp vào (DataStore/XLoader).',
        ' It is not in the DataStore (no resource with datastore_active): ask the provider to load it (DataStore/XLoader).',
      ]
    : ['', ''];
  return new SyncError(
    'parse',
    `Địa chỉ nguồn trả về ${what.vi}, không phải các dòng của datastore_search. Đặt địa chỉ nguồn là ${url} và ghi mã tài nguyên vào resourceId của ánh xạ${idsVi}.${noneVi} Dữ liệu cũ vẫn được giữ.`,
    `The feed URL answers with ${what.en}, not datastore_search rows. Point the feed at ${url} with the resource's id in the mapping's resourceId${idsEn}.${noneEn} Old data is kept.`,
    { retryable: false },
  );
}

/** A CSV answer: by its type, or a body that is not JSON from an address that names a file. */
function isCsv(contentType: string | undefined, body: Buffer, url: string): boolean {
  if (/[/+-]csv\b|comma-separated/i.test(contentType ?? '')) return true;
  const start = body.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return !/^[[{]/.test(start) && /\.csv$|\/datastore\/dump\//i.test(new URL(url).pathname);
}

/** The resource id a CKAN file address names (`/resource/<id>/download/…`, `/datastore/dump/<id>`). */
const resourceIdIn = (url: string): string[] => {
  const m = /\/(?:resource|datastore\/dump)\/([^/?#]+)/.exec(new URL(url).pathname);
  return m ? [decodeURIComponent(m[1]!)] : [];
};

/** CKAN's refusal, `{"success": false, "error": {"__type": …, …}}`, as the run's error in its own words. */
function ckanRefusal(error: unknown): SyncError {
  const type = (error as { __type?: unknown } | null | undefined)?.__type;
  return errors.sourceSays('CKAN', own(CKAN_ERROR_CODES, String(type)) ?? null, ckanErrorWords(error));
}

/** A page of `datastore_search`; `url` is the feed's, to say where to point it when the answer is another action's. */
export function readCkanPage(json: unknown, from: { url?: string } = {}): CkanPage {
  const o = json as { success?: unknown; result?: Record<string, unknown>; error?: unknown };
  // CKAN's refusal, sent under HTTP 200 by some versions and proxies: the server's words, not "no result".
  if (o && typeof o === 'object' && o.success === false) throw ckanRefusal(o.error);
  if (!o || typeof o !== 'object' || !o.result || typeof o.result !== 'object') {
    throw errors.parse('JSON (CKAN: no result)');
  }
  const r = o.result;
  const records = asList(r.records);
  if (!records) {
    if (from.url) refuseOtherAction(r, from.url);
    throw errors.parse('JSON (CKAN: no records)');
  }
  const links = r._links as { next?: unknown } | undefined;
  return {
    records,
    total: typeof r.total === 'number' && r.total_was_estimated !== true ? r.total : null,
    limit: typeof r.limit === 'number' && Number.isInteger(r.limit) && r.limit > 0 ? r.limit : null,
    next: typeof links?.next === 'string' ? links.next : null,
  };
}

/** A `result` that is a dataset's or a resource's description, refused with what to point the feed at. */
function refuseOtherAction(r: Record<string, unknown>, feedUrl: string): void {
  const resources = Array.isArray(r.resources) ? (r.resources as unknown[]) : null;
  if (resources) {
    const loaded = resources.flatMap((x) => {
      const res = x as { id?: unknown; datastore_active?: unknown } | null;
      return res && typeof res === 'object' && res.datastore_active === true && typeof res.id === 'string' ? [res.id] : [];
    });
    throw notDatastoreSearch(feedUrl, { vi: 'mô tả một bộ dữ liệu CKAN (package_show)', en: "a CKAN dataset's description (package_show)" }, loaded, loaded.length === 0);
  }
  if (typeof r.package_id === 'string' && typeof r.id === 'string' && 'url' in r) {
    throw notDatastoreSearch(feedUrl, { vi: 'mô tả một tài nguyên CKAN (resource_show)', en: "a CKAN resource's description (resource_show)" }, [r.id], r.datastore_active === false);
  }
}

/** CKAN rows → records by the mapping; those that fail are quarantined with their reason. */
export function ckanRowsToRecords(
  rows: readonly unknown[],
  feed: FeedConfig,
  mapping: FeedMapping,
  defaultTime: string,
): { records: RecordBatch; quarantined: QuarantinedItem[] } {
  const records: Required<Pick<RecordBatch, 'observations' | 'events' | 'places'>> = { observations: [], events: [], places: [] };
  const quarantined: QuarantinedItem[] = [];
  // A table of VN-2000 X/Y columns (metres) mapped as lat/lon: refused whole, saying so.
  if (namesPosition(mapping)) checkOnGlobe('CKAN', positionsOf(rows, mapping));
  eachItem(
    rows,
    quarantined,
    (row) => {
      fileMapped(mapItem(feed, mapping, pathGetter(row), row, { defaultTime }), records, quarantined);
      return null;
    },
    'row',
  );
  return { records, quarantined };
}

function* positionsOf(rows: readonly unknown[], mapping: FeedMapping): Generator<[number | null, number | null]> {
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const [lat, lon] = positionOf(mapping, pathGetter(row));
    yield [lon, lat];
  }
}

interface CkanCursor {
  offset: number;
  etag?: string | null;
  lastModified?: string | null;
  maxSeen: string | null;
  since: string | null;
}

/** A row's own column (undefined for a row that is not an object: it is quarantined later). */
const cell = (row: unknown, column: string): unknown =>
  row !== null && typeof row === 'object' && Object.hasOwn(row, column) ? (row as Record<string, unknown>)[column] : undefined;

export const ckanAdapter: Adapter<'ckan'> = {
  async *run(ctx: AdapterContext): AsyncIterable<AdapterBatch> {
    const { feed, state, http, profile } = ctx;
    const mapping = feed.mapping!;
    const limit = mapping.pageSize ?? 1000;
    const upd = mapping.updatedField;
    const cursor: CkanCursor = state.cursor
      ? (JSON.parse(state.cursor) as CkanCursor)
      : { offset: 0, maxSeen: state.watermark, since: upd ? state.watermark : null };
    const defaultTime = ctx.now().toISOString();
    const fetchPage = (offset: number) => {
      const url = withParams(feed.url, {
        resource_id: mapping.resourceId,
        limit,
        offset,
        sort: upd ? `${upd} desc, _id desc` : '_id asc',
        filters: mapping.filters ? JSON.stringify(mapping.filters) : undefined,
      });
      const first = offset === 0;
      // A 409 is CKAN's Validation Error, whose words are its fields (read below, ckanErrorWords).
      return http.fetch(
        { url, etag: first ? state.etag : null, lastModified: first ? state.lastModified : null, signal: ctx.signal, readStatuses: [409] },
        profile,
      );
    };
    let inflight = fetchPage(cursor.offset);
    let previous: Buffer | null = null;
    /** The `_id` each page read in this run started with: rows are read once, so no two pages share it. */
    const pageStarts = new Set<unknown>();
    for (;;) {
      const first = cursor.offset === 0;
      const res = await inflight;
      if (res.notModified) {
        yield notModifiedBatch();
        return;
      }
      // A server that ignores `offset` answers every page with the same full page: without this
      // (and without a `total`) the run would never end.
      if (previous && res.body.equals(previous)) throw errors.parse('JSON (CKAN: the next page repeats the last one; offset ignored)');
      previous = res.body;
      if (res.status === 409) {
        let doc: unknown = null;
        try {
          doc = JSON.parse(res.body.toString('utf8'));
        } catch {
          // Not CKAN's error document (a proxy's page): said as any 409 is.
        }
        // Said as any 409 is (the status's advice, the server's words), with the words CKAN's own.
        const refusal = doc as { success?: unknown; error?: unknown } | null;
        throw refusal?.success === false ? withServerWords(errors.clientError(409), ckanErrorWords(refusal.error)) : statusError(res, ctx.now().getTime());
      }
      // A CSV file where rows were asked for (a resource's download link, `datastore/dump`), told
      // before it is decoded: a legacy charset would otherwise be the only thing said about it.
      if (isCsv(res.headers['content-type'], res.body, feed.url)) {
        throw notDatastoreSearch(feed.url, { vi: 'một tệp CSV', en: 'a CSV file' }, resourceIdIn(feed.url));
      }
      const page = readCkanPage(parseJsonLenient(bodyText(res, 'CKAN', feed), 'JSON (CKAN)'), { url: feed.url });
      // A server that ignores `offset` but varies its answer (pages A, B, A, B…) repeats no body,
      // but a page starts again with a row a page already started with. (In `_id` order only: with
      // the updated-field order a row updated meanwhile may be read twice, rightly.)
      const start = page.records.length > 0 ? cell(page.records[0], '_id') : undefined;
      if (!upd && start !== undefined && start !== null) {
        if (pageStarts.has(start)) throw errors.parse(`JSON (CKAN: a page starts again at _id ${String(start).slice(0, 40)}; offset ignored)`);
        pageStarts.add(start);
      }
      let rows = page.records;
      let reachedOld = false;
      if (upd && cursor.since) {
        const since = Date.parse(cursor.since);
        const kept = rows.filter((r) => {
          const t = normTime(cell(r, upd), mapping.timeZoneOffset);
          return t === null || Date.parse(t) >= since;
        });
        reachedOld = kept.length < rows.length;
        rows = kept;
      }
      if (first) {
        cursor.etag = res.etag;
        cursor.lastModified = res.lastModified;
      }
      if (upd) {
        const limit = watermarkLimit(ctx.now());
        for (const r of rows) cursor.maxSeen = maxTime(cursor.maxSeen, markable(normTime(cell(r, upd), mapping.timeZoneOffset), limit));
      }
      const mapped = ckanRowsToRecords(rows, feed, mapping, defaultTime);
      const nextOffset = cursor.offset + page.records.length;
      // With a count, a page shorter than asked is not the last: CKAN cuts every page to its
      // `ckan.datastore.search.rows_max`, and a portal that set it under our page size lost every
      // row after the first page. Without a count (none, or CKAN's `total_was_estimated`), a page
      // is the last when it is shorter than the size the server says it applied (`result.limit`);
      // a server that does not say it but links a next page is followed until an empty page.
      const applied = page.limit !== null ? Math.min(limit, page.limit) : null;
      const done =
        reachedOld ||
        page.records.length === 0 ||
        (page.total !== null
          ? nextOffset >= page.total
          : applied !== null
            ? page.records.length < applied
            : page.next === null && page.records.length < limit);
      if (!done) {
        // The next page travels while this one is validated and written.
        inflight = fetchPage(nextOffset);
        inflight.catch(() => undefined);
      }
      yield {
        records: mapped.records,
        quarantined: mapped.quarantined,
        fetched: rows.length,
        state: done
          ? { watermark: upd ? cursor.maxSeen : state.watermark, cursor: null, etag: cursor.etag ?? null, lastModified: cursor.lastModified ?? null }
          : { cursor: JSON.stringify({ ...cursor, offset: nextOffset }), ...(first ? { etag: null, lastModified: null } : {}) },
      };
      if (done) return;
      cursor.offset = nextOffset;
    }
  },
};
