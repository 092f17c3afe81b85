import type { z } from 'zod';
import { cleanText } from '../../base/clean-text';
import { UTC_OFFSET } from '../../base/time-zone';
import type { FeedConfig } from '../feeds/config';
import type { HttpResponse } from '../http/client';
import type { QuarantinedItem } from '../store';
import { boundedJson } from '../text/bounded-json';
import { foldCode } from '../text/code';
import { decodeBody } from '../text/decode';
import { webPageTitle } from '../text/web-page';
import { errors } from '../http/errors';
import type { AdapterBatch, AdapterContext } from './types';

/**
 * A response body as text (sync/text/decode.ts): by its byte-order mark, the feed's `charset`, or
 * its Content-Type. A web page where data was expected is refused as such (sync/text/web-page.ts).
 */
export function bodyText(res: Pick<HttpResponse, 'body' | 'headers'>, what: string, feed: Pick<FeedConfig, 'charset'>): string {
  const text = decodeBody(res.body, res.headers['content-type'], what, feed.charset);
  const page = webPageTitle(text);
  if (page !== null) throw errors.webPage(what, page);
  if (text.trim() === '') throw errors.emptyBody(what);
  return text;
}

/** The offset for source times written without one: the feed's `mapping.timeZoneOffset`, else Vietnam's. */
export function feedTimeZone(feed: FeedConfig): string {
  return feed.mapping?.timeZoneOffset ?? feed.options.timeZoneOffset ?? UTC_OFFSET;
}

/**
 * A code looked up in a plain-object map from the config (statusMap, valueMaps, paramMap): own keys
 * only, so a source value such as "constructor" or "__proto__" maps to nothing, not to
 * Object.prototype's members.
 */
export function own<T>(map: Record<string, T> | undefined | null, key: string): T | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Each code map's keys by their fold, built once per map (a feed's config lives for its run). */
const foldedMaps = new WeakMap<object, Map<string, unknown>>();

/**
 * What a code map (statusMap, paramMap, a valueMap) gives for a source's word: its own key, else
 * the key equal to it but for case, Unicode form and spacing (sync/text/code.ts).
 */
export function codeIn<T>(map: Record<string, T> | undefined | null, word: string): T | undefined {
  if (!map) return undefined;
  const exact = own(map, word);
  if (exact !== undefined) return exact;
  let folded = foldedMaps.get(map);
  if (!folded) {
    folded = new Map(Object.keys(map).map((k) => [foldCode(k), map[k]]));
    foldedMaps.set(map, folded);
  }
  return folded.get(foldCode(word)) as T | undefined;
}

/** An array index as a JSON object key: a whole number written without leading zeros. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,8})$/;

/**
 * A list as servers write one: a JSON array; `null` for an empty list (Go's encoding/json writes an
 * empty slice as null); or an object whose keys are all array indexes, read in their order (PHP's
 * json_encode writes an array that lost an item to array_filter or unset as `{"0": …, "2": …}`).
 * Anything else is not a list: null. An object the list is made of is read as any item is.
 */
export function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v === null) return [];
  if (typeof v !== 'object') return null;
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => INDEX_KEY.test(k))) return null;
  // Index keys come out of Object.values in ascending order.
  return Object.values(v);
}

/** A source value as it appears in a reason: quoted, short, whatever its shape or depth. */
export function quoteValue(v: unknown): string {
  if (v === undefined) return 'missing';
  return boundedJson(v, 80, 3);
}

/** A source item that is not a JSON object, described for its quarantine reason; null for an object. */
export function notAnObject(item: unknown, what = 'item'): string | null {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) return null;
  const kind = item === null ? 'null' : Array.isArray(item) ? 'an array' : `a ${typeof item}`;
  return `${what}: ${item === null ? 'null' : `${kind} (${quoteValue(item)})`} is not an object`;
}

/**
 * Runs `fn` on each item; an item that is not an object, or whose mapping throws, is quarantined
 * with the reason and the loop goes on — one bad item never costs the page its good ones.
 */
export function eachItem<T>(items: readonly unknown[], quarantined: QuarantinedItem[], fn: (item: Record<string, unknown>) => T | null, what = 'item'): T[] {
  const out: T[] = [];
  for (const it of items) {
    const bad = notAnObject(it, what);
    if (bad) {
      quarantined.push(quarantine(null, bad, it));
      continue;
    }
    try {
      const r = fn(it as Record<string, unknown>);
      if (r !== null) out.push(r);
    } catch (err) {
      quarantined.push(quarantine(null, `${what}: could not be read (${err instanceof Error ? err.message : String(err)})`, it));
    }
  }
  return out;
}

/** Where a record field came from in the source, for reasons that quote the value that failed. */
export type Sources = Record<string, readonly [sourceName: string, value: unknown]>;

const TIME_FIELDS = new Set(['openedAt', 'updatedAt', 'dueAt', 'closedAt', 'time']);

/**
 * The failing issues of a zod result, each naming the source field and quoting its value
 * (`requested_datetime: "20/11/2026 08:00" is not a date`) when `sources` knows where it came from.
 */
export function sourceReason(error: z.ZodError, sources: Sources): string {
  const lines = error.issues
    .slice(0, 3)
    .map((i) => {
      const key = String(i.path[0] ?? '');
      const src = Object.hasOwn(sources, key) ? sources[key] : undefined;
      if (!src) return `${i.path.join('.') || '(record)'}: ${i.message}`;
      const [name, value] = src;
      if (value === undefined || value === null || value === '') return `${name}: missing`;
      // A time zod read as a date but the store cannot keep says why (its refine's message).
      const what = TIME_FIELDS.has(key)
        ? i.code === 'custom'
          ? `is not a date the store can keep: ${i.message}`
          : 'is not a date'
        : i.code === 'invalid_type' && (i as { expected?: string }).expected === 'number'
          ? 'is not a number'
          : `is not accepted (${i.message})`;
      return `${name}: ${quoteValue(value)} ${what}`;
    });
  // Two record fields read from one source field (updatedAt falls back to the opening time) say it once.
  return [...new Set(lines)].join('; ');
}

/** A source value as stored text: trimmed, printable, in one Unicode form (base/clean-text.ts); null when empty. */
export function toStr(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const s = cleanText(value);
  return s === '' ? null : s;
}

/** First failing issue of a zod result, as "path: message". */
export function zodReason(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`)
    .join('; ');
}

export function quarantine(externalId: unknown, reason: string, raw: unknown): QuarantinedItem {
  return { externalId: toStr(externalId), reason, raw };
}

/** Appends query parameters to a URL, keeping those it already has. */
export function withParams(url: string, params: Record<string, string | number | undefined | null>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  return u.toString();
}

/**
 * How far ahead of this machine's clock a source's time may be and still move a feed's watermark.
 * Clocks drift, and a server that writes local time as UTC runs hours ahead of us, but it does so
 * for every record and for its own filter alike. A time beyond this (a year typed 2062, a sensor
 * whose clock was reset) would make every later run ask only for what changed after it, and no
 * other change would ever arrive: the record is stored, the watermark stays where the others put it.
 */
export const WATERMARK_AHEAD_MS = 24 * 3600_000;

/** The latest source time that may move a watermark now (ISO, UTC, as utcTime writes times). */
export const watermarkLimit = (now: Date): string => new Date(now.getTime() + WATERMARK_AHEAD_MS).toISOString();

/** `t` if it may move a watermark (not beyond `limit`, from watermarkLimit), else null. */
export const markable = (t: string | null, limit: string): string | null => (t !== null && Date.parse(t) <= Date.parse(limit) ? t : null);

export function maxTime(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** GET of a whole-document feed with the validators of its last good response. */
export function conditionalGet(ctx: AdapterContext, url: string, accept: string) {
  return ctx.http.fetch(
    { url, headers: { accept }, etag: ctx.state.etag, lastModified: ctx.state.lastModified, signal: ctx.signal },
    ctx.profile,
  );
}

/** The one batch of a run the server answered with 304: nothing to write, state unchanged. */
export const notModifiedBatch = (): AdapterBatch => ({ records: {}, quarantined: [], fetched: 0, state: {}, notModified: true });
