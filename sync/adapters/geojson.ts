import type { FeedConfig } from '../feeds/config';
import { errors, type SyncError } from '../http/errors';
import type { QuarantinedItem, RecordBatch } from '../store';
import { fileMapped, mapItem, pathGetter } from './mapping';
import type { Adapter, AdapterBatch, AdapterContext } from './types';
import { firstPosition, representativePoint } from '../representative-point';
import { checkOnGlobe } from '../location';
import { onFeedServer } from '../http/url';
import { asList, bodyText, conditionalGet, eachItem, notModifiedBatch, quarantine, quoteValue } from './util';
import { parseJsonLenient } from '../text/lenient-json';

/**
 * GeoJSON (RFC 7946) FeatureCollection, or a sequence of features (RFC 8142, or one per line), →
 * events or places through the feed's mapping (paths are rooted at the feature: `id`,
 * `properties.status`…). Each page is one batch (a collection unpaged is one page); change is
 * detected with ETag / Last-Modified. A feature whose geometry is not RFC 7946 (e.g. the NGSI-LD
 * rendering with `"type": "GeoProperty"`) is quarantined with the reason; the rest goes in.
 */

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

export function readFeatures(json: unknown): unknown[] {
  const o = json as Record<string, unknown>;
  const features = o?.type === 'FeatureCollection' ? asList(o.features) : o?.type === 'Feature' ? [o] : null;
  if (!features) {
    // ArcGIS Server's own JSON (a query without f=geojson): provincial GIS portals here run it.
    if (o && Array.isArray(o.features) && ('geometryType' in o || 'spatialReference' in o || 'fieldAliases' in o)) throw errors.arcgisJson();
    throw errors.parse('GeoJSON (expected a FeatureCollection)');
  }
  checkLongitudeLatitude(o, features);
  return features;
}

/**
 * A GeoJSON body: one document (a FeatureCollection or a Feature), or a sequence of features —
 * RFC 8142 GeoJSON Text Sequences (each text after an RS character, `ogr2ogr -f GeoJSONSeq`,
 * `application/geo+json-seq`) or one feature per line (newline-delimited GeoJSON, as tippecanoe
 * and database exports write it). In a sequence each text stands alone: one that is not JSON (cut
 * short, RFC 8142 §2.3) is quarantined and the rest are read.
 */
export function readGeoJsonText(text: string, contentType: string | undefined, url: string): GeoJsonPage {
  const seq = text.trimStart().startsWith(RS) || /geo\+json-seq/i.test(contentType ?? '');
  if (!seq) {
    try {
      const doc = parseJsonLenient(text, 'GeoJSON');
      const features = readFeatures(doc);
      return { features, broken: [], next: nextPage(doc as Record<string, unknown>, url, features.length) };
    } catch (err) {
      // One feature per line is not one JSON document; anything else keeps its error.
      if (!LINE_DELIMITED.test(text)) throw err;
    }
  }
  const features: unknown[] = [];
  const broken: QuarantinedItem[] = [];
  const texts = text.split(seq ? RS : /\r?\n/);
  texts.forEach((t, i) => {
    if (t.trim() === '') return;
    let item: unknown;
    try {
      item = parseJsonLenient(t, 'GeoJSON');
    } catch {
      broken.push(quarantine(null, `${seq ? `text ${i}` : `line ${i + 1}`} of the sequence is not JSON (cut short?)`, t.slice(0, 2_000)));
      return;
    }
    // Not push(...): a collection of 200,000 features passes V8's limit on a call's arguments.
    for (const f of readSequenceItem(item)) features.push(f);
  });
  checkOnGlobe('GeoJSON', features.map((f) => firstPosition((f as { geometry?: unknown } | null)?.geometry)));
  return { features, broken, next: null };
}

export interface GeoJsonPage {
  features: unknown[];
  /** Texts of a sequence that are not JSON, quarantined. */
  broken: QuarantinedItem[];
  /** The next page the server names, as an absolute URL; null when this is the last. */
  next: string | null;
}

/**
 * The next page of a paged FeatureCollection, in the two ways servers page one. An OGC API –
 * Features server (GeoServer, pygeoapi, ldproxy) gives `links` with `rel: "next"` and a page of
 * `limit` features (pygeoapi's default is 10); ArcGIS Server (`f=geojson`) stops at the layer's
 * maxRecordCount (1,000 or 2,000) and says `exceededTransferLimit: true`, the rest asked for by
 * `resultOffset`. Read as one document, a feed of such a server held its first 10 or 1,000
 * features without a word. An empty page ends the collection whatever it links to.
 */
function nextPage(doc: Record<string, unknown>, url: string, count: number): string | null {
  if (count === 0) return null;
  const next = (asList(doc.links) ?? []).find((l): l is { href: string } => {
    const link = l as { rel?: unknown; href?: unknown; type?: unknown } | null;
    // A `next` in HTML (an OGC API server's page for people) is not the next page of data.
    return link !== null && typeof link === 'object' && link.rel === 'next' && typeof link.href === 'string' && !/html/i.test(String(link.type ?? ''));
  });
  if (next) {
    try {
      return new URL(next.href, url).toString();
    } catch {
      throw errors.parse('GeoJSON (the "next" link is not a URL)');
    }
  }
  const props = doc.properties as { exceededTransferLimit?: unknown } | null | undefined;
  if (doc.exceededTransferLimit === true || props?.exceededTransferLimit === true) {
    const u = new URL(url);
    u.searchParams.set('resultOffset', String((Number(u.searchParams.get('resultOffset')) || 0) + count));
    return u.toString();
  }
  return null;
}

/** Most pages a run reads; a server paging 10 features at a time reaches it at 20,000 features. */
export const MAX_PAGES = 2_000;

/** Why a next page is not read: on the feed's own server only (its credentials go with every request), each page once. */
function nextRefused(next: string, url: string, feedUrl: string, seen: ReadonlySet<string>, pages: number): SyncError | null {
  if (new URL(next).origin !== new URL(feedUrl).origin) return errors.parse(`GeoJSON (the next page is on another server, ${new URL(next).host})`);
  if (seen.has(next) || next === url) return errors.parse('GeoJSON (the next page repeats a page already read)');
  if (pages >= MAX_PAGES) return errors.tooManyPages('GeoJSON', MAX_PAGES);
  return null;
}

/** The record separator that starts each text of an RFC 8142 sequence. */
const RS = '\u001e';
/** Two or more lines that each start with an object (allowing blank lines between them). */
const LINE_DELIMITED = /^\s*\{[^\n]*\}\s*\r?\n\s*\{/;

/** A text of a sequence: a Feature (or anything, quarantined later as "not a Feature"), or a collection's features. */
function readSequenceItem(item: unknown): unknown[] {
  const o = item as Record<string, unknown> | null;
  if (o && typeof o === 'object' && o.type === 'FeatureCollection') return asList(o.features) ?? [];
  return [item];
}

/**
 * EPSG's codes for WGS 84 longitude/latitude (as GeoJSON writers use them, whatever axis order
 * EPSG gives): 4326, and 4979 with heights, which RFC 7946 allows as a third number.
 */
const WGS84_EPSG = new Set(['4326', '4979']);
/** OGC's names for the same: CRS84 (RFC 7946's own), CRS84h with heights, and WMS's `CRS:84`. */
const WGS84_OGC = new Set(['CRS84', 'CRS84H', '84']);

/**
 * Whether an old-style `crs` name is WGS 84 longitude/latitude, in each syntax writers use: a code
 * (`EPSG:4326`, `EPSG::4326`, `CRS:84`); a URN with or without the registry's version
 * (`urn:ogc:def:crs:EPSG::4326`, `urn:ogc:def:crs:EPSG:6.6:4326`,
 * `urn:x-ogc:def:crs:EPSG:6.11.2:4326`, `urn:ogc:def:crs:OGC:1.3:CRS84`, and
 * `urn:ogc:def:crs:EPSG:4326` without the version's place); an OGC URI
 * (`http://www.opengis.net/def/crs/EPSG/0/4326`, `…/OGC/1.3/CRS84`); GML's old
 * `http://www.opengis.net/gml/srs/epsg.xml#4326`; or its name (`WGS 84`, ESRI's `GCS_WGS_1984`).
 * The code is read whole: a pattern found anywhere in the name refused
 * `urn:ogc:def:crs:EPSG:6.6:4326` while it let `WGS 84 / UTM zone 48N`, in metres, pass.
 */
export function namesWgs84(name: string): boolean {
  const n = name.trim();
  if (/^(?:GCS[_ ])?WGS[_ ]?(?:19)?84$/i.test(n)) return true;
  const code =
    /^(EPSG|OGC|CRS):{1,2}([\w.]+)$/i.exec(n) ??
    /^urn:(?:x-)?ogc:def:crs:(EPSG|OGC):(?:[\w.]*:)?([\w.]+)$/i.exec(n) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/(EPSG|OGC)\/[\w.]+\/([\w.]+)\/?$/i.exec(n) ??
    /^https?:\/\/www\.opengis\.net\/gml\/srs\/(epsg)\.xml#(\d+)$/i.exec(n);
  if (!code) return false;
  const [authority, id] = [code[1]!.toUpperCase(), code[2]!.toUpperCase()];
  return authority === 'EPSG' ? WGS84_EPSG.has(id) : WGS84_OGC.has(id);
}

/**
 * A document in another system than longitude/latitude is refused whole with what to ask for
 * (checkOnGlobe): by its old-style `crs` member when it has one, else by its features' first
 * positions.
 */
function checkLongitudeLatitude(doc: Record<string, unknown>, features: readonly unknown[]): void {
  const crs = (doc.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof crs === 'string' && !namesWgs84(crs)) throw errors.projected('GeoJSON', crs.slice(0, 100));
  checkOnGlobe('GeoJSON', features.map((f) => firstPosition((f as { geometry?: unknown } | null)?.geometry)));
}

/** Why a feature's geometry is not RFC 7946, or null when it is fine. */
export function geometryProblem(g: unknown): string | null {
  if (g === null) return null;
  const o = g as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return `geometry: ${quoteValue(g)} is not an object`;
  if (typeof o.type !== 'string' || !GEOMETRY_TYPES.has(o.type)) {
    return `geometry: type ${quoteValue(o.type)} is not an RFC 7946 geometry`;
  }
  if (o.type !== 'GeometryCollection' && !Array.isArray(o.coordinates)) return 'geometry: coordinates missing';
  return null;
}

export function featuresToRecords(
  features: readonly unknown[],
  feed: FeedConfig,
  defaultTime: string,
): { records: RecordBatch; quarantined: QuarantinedItem[] } {
  const mapping = feed.mapping!;
  const records: Required<Pick<RecordBatch, 'events' | 'places' | 'observations'>> = { events: [], places: [], observations: [] };
  const quarantined: QuarantinedItem[] = [];
  eachItem(
    features,
    quarantined,
    (f) => {
      const get = pathGetter(f);
      if (f.type !== 'Feature') {
        quarantined.push(quarantine(null, `type: ${quoteValue(f.type)} is not a GeoJSON Feature`, f));
        return null;
      }
      const problem = geometryProblem(f.geometry);
      if (problem) {
        quarantined.push(quarantine(get(mapping.fields.id ?? 'id'), problem, f));
        return null;
      }
      fileMapped(mapItem(feed, mapping, get, f, { point: representativePoint(f.geometry), defaultTime }), records, quarantined);
      return null;
    },
    'feature',
  );
  return { records, quarantined };
}

const ACCEPT = 'application/geo+json, application/geo+json-seq;q=0.9, application/json;q=0.9';

export const geojsonAdapter: Adapter<'geojson'> = {
  async *run(ctx: AdapterContext): AsyncIterable<AdapterBatch> {
    const { feed } = ctx;
    const res = await conditionalGet(ctx, feed.url, ACCEPT);
    if (res.notModified) {
      yield notModifiedBatch();
      return;
    }
    const now = ctx.now().toISOString();
    const seen = new Set<string>();
    let page = res;
    let url = feed.url;
    for (let pages = 1; ; pages++) {
      const { features, broken, next: named } = readGeoJsonText(bodyText(page, 'GeoJSON', feed), page.headers['content-type'], url);
      const parsed = featuresToRecords(features, feed, now);
      // A link with the server's inner address (GeoServer without proxyBaseUrl) is read on the feed's server.
      const next = named === null || new URL(named).origin === new URL(feed.url).origin ? named : (onFeedServer(new URL(named), new URL(url)) ?? named);
      const refused = next === null ? null : nextRefused(next, url, feed.url, seen, pages);
      yield {
        records: parsed.records,
        quarantined: [...broken, ...parsed.quarantined],
        fetched: features.length + broken.length,
        // The state moves once the last page is in: a run cut short reads every page again. A
        // first page's validators say nothing of the pages after it, so a paged collection is
        // asked for again whole, never answered "not modified" by its first page.
        state:
          next !== null
            ? {}
            : pages === 1
              ? { etag: res.etag, lastModified: res.lastModified, watermark: res.lastModified ?? now, cursor: null }
              : { etag: null, lastModified: null, watermark: now, cursor: null },
      };
      // The pages read are stored; the run ends with why it read no further.
      if (refused) throw refused;
      if (next === null) return;
      seen.add(next);
      page = await ctx.http.fetch({ url: next, headers: { accept: ACCEPT }, signal: ctx.signal }, ctx.profile);
      url = next;
    }
  },
};
