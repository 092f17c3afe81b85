import type { DomainEvent, Place, Station } from '../domains';
import type { QuarantinedItem, RecordBatch } from './store';
import { readNumber } from './text/number-format';

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
