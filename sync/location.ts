import type { DomainEvent, Place, Station } from '../domains';
import type { QuarantinedItem, RecordBatch } from './store';
import { readNumber } from './text/number-format';
import { errors } from './http/errors';

/** [minLon, minLat, maxLon, maxLat], as GeoJSON writes a bbox. */
export type BBox = readonly [number, number, number, number];

/**
 * A point from source values, or null when they mean "no location": not numbers, outside the
 * globe, or (0, 0) — what Open311 servers send (`0` in JSON, `0.0` in XML) when geocoding failed.
 */
export function toPoint(lat: unknown, lon: unknown): { lat: number; lon: number } | null {
  const la = readNumber(lat);
  const lo = readNumber(lon);
  if (la === null || lo === null) return null;
  if (Math.abs(la) > 90 || Math.abs(lo) > 180) return null;
  if (la === 0 && lo === 0) return null;
  return { lat: la, lon: lo };
}

/** A source whose every position lies off the globe is in another system, if it has at least this many. */
const OFF_GLOBE_AFTER = 3;

/**
 * Refuses a source whose positions are not longitude/latitude: in metres of a projected system
 * (VN-2000 or UTM: what GIS software here exports by default) or written [latitude, longitude].
 * Read as degrees, each of its records was "no location", or quarantined one by one, with nothing
 * to say why. Known by every position (three or more; pairs that are not numbers aside) lying off
 * the globe; when each would lie on it with its two numbers swapped, the axes are. One position
 * on the globe and the source is taken: a few bad points among good ones are each record's fault.
 */
export function checkOnGlobe(what: string, positions: Iterable<readonly [lon: number | null, lat: number | null] | null>): void {
  let off = 0;
  let swapped = 0;
  for (const p of positions) {
    const [lon, lat] = p ?? [null, null];
    if (lon === null || lat === null) continue;
    const [x, y] = [Math.abs(lon), Math.abs(lat)];
    if (x <= 180 && y <= 90) return;
    off++;
    if (x <= 90 && y <= 180) swapped++;
  }
  if (off >= OFF_GLOBE_AFTER) throw swapped === off ? errors.swappedAxes(what) : errors.projected(what, null);
}

/** The extent grown by `margin` degrees on each side (points just over a border still count). */
export function grow(b: BBox, margin: number): BBox {
  return [b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin];
}

const inside = (b: BBox, lat: number, lon: number) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];

const fmt = (b: BBox) => `[${b.map((x) => Math.round(x * 1000) / 1000).join(', ')}]`;

/**
 * Points outside the feed's area: an event is kept without a location (its source point stays in
 * `attrs.sourceLocation`, so nothing is lost); a station or place, which is nothing without its
 * location, is quarantined with the point and the box. Returns how many points were outside.
 */
export function keepInArea(records: RecordBatch, quarantined: QuarantinedItem[], box: BBox | null): number {
  if (!box) return 0;
  let outside = 0;
  if (records.events?.length) {
    records.events = records.events.map((e): DomainEvent => {
      if (e.lat === null || e.lon === null || inside(box, e.lat, e.lon)) return e;
      outside++;
      return { ...e, lat: null, lon: null, attrs: { ...e.attrs, sourceLocation: { lat: e.lat, lon: e.lon, outsideArea: true } } };
    });
  }
  const drop = <R extends Station | Place>(list: R[] | undefined): R[] | undefined =>
    list?.filter((r) => {
      if (inside(box, r.lat, r.lon)) return true;
      outside++;
      quarantined.push({
        externalId: r.id.slice(r.id.indexOf(':') + 1),
        reason: `lat/lon: (${r.lat}, ${r.lon}) is outside the area ${fmt(box)}`,
        raw: r,
      });
      return false;
    });
  if (records.stations) records.stations = drop(records.stations);
  if (records.places) records.places = drop(records.places);
  return outside;
}
