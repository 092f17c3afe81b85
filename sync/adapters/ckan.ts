import type { FeedConfig, FeedMapping } from '../feeds/config';
import { errors } from '../http/errors';
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
  next: string | null;
}

/** The HTTP status CKAN gives each of its error types. */
const CKAN_ERROR_CODES: Record<string, number> = { 'Authorization Error': 403, 'Not Found Error': 404, 'Validation Error': 409 };

export function readCkanPage(json: unknown): CkanPage {
  const o = json as { success?: unknown; result?: Record<string, unknown>; error?: unknown };
  // CKAN's refusal ({"success": false, "error": {"__type": …, "message": …}}), sent under HTTP 200
  // by some versions and proxies: the server's words, not "no result".
  if (o && typeof o === 'object' && o.success === false) {
    const e = (o.error ?? {}) as { __type?: unknown; message?: unknown };
    const code = own(CKAN_ERROR_CODES, String(e.__type)) ?? null;
    throw errors.sourceSays('CKAN', code, typeof e.message === 'string' ? e.message : String(e.__type ?? 'success=false'));
  }
  if (!o || typeof o !== 'object' || !o.result || typeof o.result !== 'object') {
    throw errors.parse('JSON (CKAN: no result)');
  }
  const r = o.result;
  const records = asList(r.records);
  if (!records) throw errors.parse('JSON (CKAN: no records)');
  const links = r._links as { next?: unknown } | undefined;
  return {
    records,
    total: typeof r.total === 'number' && r.total_was_estimated !== true ? r.total : null,
    next: typeof links?.next === 'string' ? links.next : null,
  };
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
      return http.fetch(
        { url, etag: first ? state.etag : null, lastModified: first ? state.lastModified : null, signal: ctx.signal },
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
      const page = readCkanPage(parseJsonLenient(bodyText(res, 'CKAN', feed), 'JSON (CKAN)'));
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
      // `ckan.datastore.search.rows_max` without a word, and a portal that set it under our page
      // size lost every row after the first page. Without one, a short page is all there is.
      const done =
        reachedOld || page.records.length === 0 || (page.total !== null ? nextOffset >= page.total : page.records.length < limit);
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
