import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CAP_SEVERITIES, type CapArea, type CapInfo, type CapMessage, type CapReference, type CapSeverity } from '../../domains';
import { errors } from '../http/errors';
import type { QuarantinedItem } from '../store';
import type { Adapter, AdapterBatch, AdapterContext } from './types';
import { TOO_LONG, unstorableJson } from '../text/bounded-json';
import { bodyText, conditionalGet, feedTimeZone, notModifiedBatch, quarantine, toStr } from './util';
import { UTC_OFFSET } from '../../base/time-zone';
import { readNumber } from '../text/number-format';
import { utcTime } from '../text/source-time';
import { httpTarget } from '../http/url';

/**
 * OASIS Common Alerting Protocol 1.2 (and 1.1, which reads the same): one CAP document, or an
 * Atom / RSS index whose entries link to CAP documents (or carry them inline). Messages are
 * kept whole; Update and Cancel are resolved against the messages they name in `references` by
 * the store, so a warning replaced or withdrawn stops counting at once.
 *
 * Text (headline, description, instruction) is kept as sent but for what toStr takes out of every
 * source's text (control characters, bidi overrides; one Unicode form: a windows-1258 warning
 * arrives with its tone marks as separate characters). It is shown literally, so markup in a
 * warning stays text.
 */

const ARRAYS = new Set([
  'info', 'area', 'polygon', 'circle', 'geocode', 'parameter', 'category', 'responseType', 'eventCode',
  'resource', 'entry', 'item', 'link', 'enclosure',
]);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

/** An element's text as every source's text is stored (toStr: printable, NFC, trimmed); null when empty. */
const text = (v: unknown): string | null => {
  if (v !== null && typeof v === 'object' && '#text' in (v as Node)) return text((v as Node)['#text']);
  return toStr(v);
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

export class CapParseError extends Error {
  override name = 'CapParseError';
}

function parsePolygon(s: string): [number, number][] | null {
  const pts: [number, number][] = [];
  for (const pair of s.trim().split(/\s+/)) {
    const [a, b] = pair.split(',');
    const lat = readNumber(a);
    const lon = readNumber(b);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    pts.push([lat, lon]);
  }
  // CAP: at least four pairs, the first and last the same.
  if (pts.length < 4) return null;
  const [f, l] = [pts[0]!, pts[pts.length - 1]!];
  if (f[0] !== l[0] || f[1] !== l[1]) pts.push([f[0], f[1]]);
  return pts;
}

function parseCircle(s: string): { lat: number; lon: number; radiusKm: number } | null {
  const m = /^\s*([^,\s]+)\s*,\s*([^\s]+)\s+([^\s]+)\s*$/.exec(s);
  if (!m) return null;
  const [lat, lon, r] = [readNumber(m[1]), readNumber(m[2]), readNumber(m[3])];
  if (lat === null || lon === null || r === null || r < 0 || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon, radiusKm: r };
}

function parseArea(a: Node): CapArea {
  return {
    areaDesc: text(a.areaDesc) ?? '',
    polygons: list(a.polygon)
      .map((p) => text(p))
      .filter((p): p is string => p !== null)
      .map(parsePolygon)
      .filter((p): p is [number, number][] => p !== null)
      .map((points) => ({ points })),
    circles: list(a.circle)
      .map((c) => text(c))
      .filter((c): c is string => c !== null)
      .map(parseCircle)
      .filter((c): c is NonNullable<typeof c> => c !== null),
    geocodes: list(a.geocode).map((g) => ({ valueName: text((g as Node).valueName) ?? '', value: text((g as Node).value) ?? '' })),
  };
}

const severityOf = (v: unknown): CapSeverity => {
  const s = text(v);
  return (CAP_SEVERITIES as readonly string[]).includes(s ?? '') ? (s as CapSeverity) : 'Unknown';
};

function parseInfo(i: Node, tz: string): CapInfo {
  return {
    language: text(i.language) ?? 'en-US',
    categories: list(i.category).map(text).filter((c): c is string => c !== null),
    event: text(i.event) ?? '',
    urgency: text(i.urgency) ?? 'Unknown',
    severity: severityOf(i.severity),
    certainty: text(i.certainty) ?? 'Unknown',
    headline: text(i.headline),
    description: text(i.description),
    instruction: text(i.instruction),
    senderName: text(i.senderName),
    web: text(i.web),
    effective: utcTime(text(i.effective), tz),
    onset: utcTime(text(i.onset), tz),
    expires: utcTime(text(i.expires), tz),
    areas: list(i.area).map((a) => parseArea(a as Node)),
  };
}

/** "sender,identifier,sent sender,identifier,sent …" */
export function parseReferences(s: string | null): CapReference[] {
  if (!s) return [];
  return s
    .trim()
    .split(/\s+/)
    .map((triple) => triple.split(','))
    .filter((p) => p.length >= 3)
    .map(([sender, identifier, ...sent]) => ({ sender: sender!, identifier: identifier!, sent: sent.join(',') }));
}

const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
const MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;

/**
 * One `<alert>` element (already parsed) → a message, or a reason it cannot be one. CAP requires
 * an offset on every time, but senders do write local times without one; such a time is read in
 * `tz`, the feed's zone (feedTimeZone: mapping.timeZoneOffset, else Vietnam's +07:00), as every
 * other adapter reads its source's times. Read as UTC, a Vietnamese warning would last 7 h longer.
 */
export function alertFromNode(a: Node, tz: string = UTC_OFFSET): CapMessage | string {
  const identifier = text(a.identifier);
  const sender = text(a.sender);
  const sent = utcTime(text(a.sent), tz);
  const status = text(a.status);
  const msgType = text(a.msgType);
  if (!identifier) return 'alert: identifier missing';
  if (!sender) return 'alert: sender missing';
  if (!sent) return `alert: sent "${text(a.sent) ?? ''}" is not a date-time`;
  if (!STATUSES.includes(status as never)) return `alert: status "${status ?? ''}" is not one of ${STATUSES.join(', ')}`;
  if (!MSG_TYPES.includes(msgType as never)) return `alert: msgType "${msgType ?? ''}" is not one of ${MSG_TYPES.join(', ')}`;
  return {
    identifier,
    sender,
    sent,
    status: status as CapMessage['status'],
    msgType: msgType as CapMessage['msgType'],
    scope: text(a.scope) ?? 'Public',
    references: parseReferences(text(a.references)),
    note: text(a.note),
    info: list(a.info).map((i) => parseInfo(i as Node, tz)),
  };
}

export type CapDocument =
  | { kind: 'alert'; message: CapMessage | string; raw: Node }
  /** An index: links to fetch (with the entry's updated time) and alerts carried inline. */
  | { kind: 'index'; links: { href: string; updated: string | null }[]; inline: { message: CapMessage | string; raw: Node }[] };

function parseXml(body: string): Node {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new CapParseError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  try {
    return xml.parse(body) as Node;
  } catch (err) {
    throw new CapParseError(`not well-formed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function findAlert(n: unknown): Node | null {
  if (!n || typeof n !== 'object') return null;
  const o = n as Node;
  if (o.alert && typeof o.alert === 'object') return o.alert as Node;
  return null;
}

/** A CAP document, or an Atom / RSS index of them; times without an offset are in `tz` (see alertFromNode). */
export function parseCap(body: string, tz: string = UTC_OFFSET): CapDocument {
  const root = parseXml(body);
  if (root.alert && typeof root.alert === 'object') {
    const raw = root.alert as Node;
    return { kind: 'alert', message: alertFromNode(raw, tz), raw };
  }
  let entries: Node[];
  let linkOf: (e: Node) => string | null;
  if (root.feed && typeof root.feed === 'object') {
    entries = list((root.feed as Node).entry) as Node[];
    linkOf = (e) => {
      const links = list(e.link) as Node[];
      const cap = links.find((l) => /cap\+xml|application\/xml|text\/xml/.test(String(l['@_type'] ?? '')));
      const href = (cap ?? links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? links[0])?.['@_href'];
      return typeof href === 'string' ? href : null;
    };
  } else if (root.rss && typeof root.rss === 'object') {
    const channel = (root.rss as Node).channel as Node | undefined;
    entries = list(channel?.item) as Node[];
    linkOf = (e) => {
      const enc = (list(e.enclosure) as Node[]).find((x) => /xml/.test(String(x['@_type'] ?? '')));
      return (typeof enc?.['@_url'] === 'string' ? enc['@_url'] : null) ?? text(list(e.link)[0]);
    };
  } else {
    throw new CapParseError('neither a CAP <alert> nor an Atom <feed> / RSS <rss> index');
  }
  const links: { href: string; updated: string | null }[] = [];
  const inline: { message: CapMessage | string; raw: Node }[] = [];
  for (const e of entries) {
    const carried = findAlert(e.content) ?? findAlert(e);
    if (carried) {
      inline.push({ message: alertFromNode(carried, tz), raw: carried });
      continue;
    }
    const href = linkOf(e);
    if (href) links.push({ href, updated: text(e.updated) ?? text(e.pubDate) ?? text(e.published) });
  }
  return { kind: 'index', links, inline };
}

/** Cap on the documents fetched from one index in one run (a runaway index cannot stall the sync). */
const MAX_DOCS_PER_RUN = 200;

/**
 * A warning with its areas is tens of kilobytes (a district polygon of a few thousand points);
 * every active one goes to every display, so one far larger (a document pasted into its text) is
 * quarantined rather than sent to all of them at each refresh.
 */
export const MAX_MESSAGE_CHARS = 256 * 1024;

/**
 * What an index link looked like when it was last read, kept in the feed's watermark (a JSON
 * object, one entry per link of the index, so it is as bounded as the index). A string: the
 * entry's own time (Atom `updated`, RSS `pubDate`), and the document is fetched again only when
 * that changes. An object: the entry had no time (RSS makes pubDate optional), so nothing in the
 * index says when the document behind it changes — a Cancel may be published at the same link —
 * and it is asked for again every run with the validators it last answered with (one 304 while
 * it is unchanged); `at` is when it was last asked, so that when there are more such links than
 * one run fetches, the longest unasked go first and none is starved.
 */
type Seen = string | { etag?: string; lastModified?: string; at: string };

/** Validators longer than any a server writes are not kept (they would only grow the watermark). */
const MAX_VALIDATOR_CHARS = 256;
const validator = (v: string | null): string | undefined => (v && v.length <= MAX_VALIDATOR_CHARS ? v : undefined);

function readSeen(watermark: string | null): Record<string, Seen> {
  let parsed: unknown;
  try {
    parsed = watermark ? JSON.parse(watermark) : {};
  } catch {
    return {};
  }
  // A single document's feed keeps a time here, not an index's links.
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out: Record<string, Seen> = {};
  for (const [href, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v === 'string') out[href] = v;
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      out[href] = {
        ...(typeof o.etag === 'string' ? { etag: o.etag } : {}),
        ...(typeof o.lastModified === 'string' ? { lastModified: o.lastModified } : {}),
        at: typeof o.at === 'string' ? o.at : '',
      };
    }
  }
  return out;
}

export const capAdapter: Adapter<'cap'> = {
  async *run(ctx: AdapterContext): AsyncIterable<AdapterBatch> {
    const { feed } = ctx;
    const tz = feedTimeZone(feed);
    const messages: CapMessage[] = [];
    const quarantined: QuarantinedItem[] = [];
    const take = (m: CapMessage | string, raw: unknown) => {
      if (typeof m === 'string') quarantined.push(quarantine((raw as Node)?.identifier, m, raw));
      else if (unstorableJson(m, Infinity, MAX_MESSAGE_CHARS) === TOO_LONG) quarantined.push(quarantine(m.identifier, `the message is larger than ${MAX_MESSAGE_CHARS / 1024} KB as text, more than a warning holds; it is not stored`, raw));
      else messages.push(m);
    };
    const seen = readSeen(ctx.state.watermark);
    const nextSeen: Record<string, Seen> = {};
    let fetched = 0;
    let changed = 0;
    /**
     * Fetches one linked document: `stamp` null for an entry without a time, asked for with the
     * validators it last answered with. A 304 is no item seen; an answer that fails is one, quarantined.
     */
    const fetchLink = async (href: string, stamp: string | null): Promise<void> => {
      const before = seen[href];
      const prev = stamp === null && typeof before === 'object' ? before : undefined;
      let answered = false;
      try {
        const r = await ctx.http.fetch(
          { url: href, headers: { accept: 'application/cap+xml, application/xml;q=0.9' }, etag: prev?.etag ?? null, lastModified: prev?.lastModified ?? null, signal: ctx.signal },
          ctx.profile,
        );
        const at = ctx.now().toISOString();
        if (r.notModified) {
          nextSeen[href] = { ...prev, at };
          return;
        }
        answered = true;
        fetched++;
        changed++;
        const one = parseCap(bodyText(r, 'CAP', feed), tz);
        if (one.kind !== 'alert') throw new CapParseError('the linked document is not a CAP <alert>');
        take(one.message, one.raw);
        const etag = validator(r.etag);
        const lastModified = validator(r.lastModified);
        nextSeen[href] = stamp ?? { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}), at };
      } catch (err) {
        if (ctx.signal?.aborted) throw err;
        if (!answered) fetched++;
        // One broken document is quarantined; the rest of the index goes in, and it is tried again next run.
        quarantined.push(quarantine(href, `CAP document ${href}: ${err instanceof Error ? err.message : String(err)}`, { href }));
      }
    };
    /**
     * The entries without a time, asked for again (conditionally) after the links that must be
     * fetched, longest unasked first, within what is left of one run's cap; one not asked this
     * run keeps its entry, to go first next run.
     */
    const recheck = async (hrefs: string[], budget: number) => {
      const order = hrefs.map((href) => ({ href, at: (seen[href] as { at?: string } | undefined)?.at ?? '' })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      for (const [i, { href }] of order.entries()) {
        if (i >= budget) {
          const s = seen[href];
          if (s !== undefined) nextSeen[href] = s;
          continue;
        }
        await fetchLink(href, null);
      }
    };

    const res = await conditionalGet(ctx, feed.url, 'application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9');
    if (res.notModified) {
      // The index is unchanged, but the documents behind its entries without a time may not be.
      const unstamped = Object.keys(seen).filter((href) => typeof seen[href] === 'object' || seen[href] === '');
      if (unstamped.length === 0) {
        yield notModifiedBatch();
        return;
      }
      for (const [href, s] of Object.entries(seen)) if (typeof s === 'string' && s !== '') nextSeen[href] = s;
      await recheck(unstamped, MAX_DOCS_PER_RUN);
      yield { records: { capMessages: messages }, quarantined, fetched, state: { watermark: JSON.stringify(nextSeen) }, notModified: changed === 0 };
      return;
    }
    const text = bodyText(res, 'CAP', feed);
    let doc: CapDocument;
    try {
      doc = parseCap(text, tz);
    } catch (err) {
      throw errors.parse(`CAP (${err instanceof Error ? err.message : String(err)})`);
    }
    if (doc.kind === 'alert') {
      take(doc.message, doc.raw);
      fetched = 1;
    } else {
      for (const i of doc.inline) take(i.message, i.raw);
      fetched = doc.inline.length;
      let n = 0;
      const unstamped = new Set<string>();
      for (const link of doc.links) {
        const target = httpTarget(link.href, feed.url);
        if (!('url' in target)) {
          const problem = target.scheme === null ? 'not a URL' : `a ${target.scheme} link, not http(s): not fetched`;
          quarantined.push(quarantine(link.href.slice(0, 200), `CAP index link ${JSON.stringify(link.href.slice(0, 200))}: ${problem}`, { href: link.href }));
          continue;
        }
        const href = target.url;
        const before = seen[href];
        if (link.updated === null) {
          // Never skipped on its (missing) time: asked for again below; one never read is read now.
          if (before !== undefined) {
            unstamped.add(href);
            continue;
          }
          if (nextSeen[href] !== undefined) continue;
        } else if (before === link.updated) {
          nextSeen[href] = link.updated;
          continue;
        }
        // Past the cap, a link is left for a later run (it is not in the watermark, so it is new
        // then); the loop goes on to collect the entries without a time that were read before.
        if (n >= MAX_DOCS_PER_RUN) continue;
        n++;
        await fetchLink(href, link.updated);
      }
      await recheck([...unstamped].filter((href) => nextSeen[href] === undefined), MAX_DOCS_PER_RUN - n);
    }
    yield {
      records: { capMessages: messages },
      quarantined,
      fetched,
      state: {
        etag: res.etag,
        lastModified: res.lastModified,
        watermark: doc.kind === 'index' ? JSON.stringify(nextSeen) : (res.lastModified ?? ctx.now().toISOString()),
        cursor: null,
      },
    };
  },
};
