import { bbox, contains, type PolygonalGeometry } from './geometry';

export type Box = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/**
 * The one district index: which district holds a point. Sync places records that came with
 * coordinates but no area (host/geo/area-locator.ts), the rules engine places CAP areas, and the
 * demo generator places and draws its points, all with the same polygons and the same rule.
 */
export interface DistrictIndex {
  /** The area version whose districts these are (the newest version that has districts), or null. */
  readonly version: string | null;
  readonly size: number;
  /** [minLon, minLat, maxLon, maxLat] around every district, or null without any. */
  readonly extent: Box | null;
  /** The district holding the point, or null outside every district. */
  locate(lon: number, lat: number): string | null;
  /** The district codes, in the order `locate` tries them. */
  ids(): string[];
  /** The box around a district's polygons, or null for a code it does not have. */
  box(id: string): Box | null;
  /** Whether the point lies in that district (false for a code it does not have). */
  contains(id: string, lon: number, lat: number): boolean;
  /** The district's polygons, or null for a code it does not have (for overlap tests such as CAP areas'). */
  geometry(id: string): PolygonalGeometry | null;
}

interface District {
  id: string;
  box: Box;
  geometry: PolygonalGeometry;
}

function isPolygonal(g: unknown): g is PolygonalGeometry {
  const t = (g as { type?: unknown } | null)?.type;
  return (t === 'Polygon' || t === 'MultiPolygon') && Array.isArray((g as { coordinates?: unknown }).coordinates);
}

const inBox = (b: Box, lon: number, lat: number) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];

/** Builds the index over district polygons (areas without a polygon are left out). */
export function districtIndex(areas: readonly { id: string; geometry: unknown }[], version: string | null = null): DistrictIndex {
  const items: District[] = [];
  for (const a of areas) {
    if (!isPolygonal(a.geometry)) continue;
    items.push({ id: a.id, geometry: a.geometry, box: bbox(a.geometry) });
  }
  // A point on a shared border lies in both districts (boundaries count as inside), so the order
  // decides: the lowest code wins, the same on every machine and every run.
  items.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const byId = new Map(items.map((d) => [d.id, d]));
  const extent: Box | null = items.length
    ? items.reduce<Box>((e, d) => [Math.min(e[0], d.box[0]), Math.min(e[1], d.box[1]), Math.max(e[2], d.box[2]), Math.max(e[3], d.box[3])], [Infinity, Infinity, -Infinity, -Infinity])
    : null;
  const holds = (d: District, lon: number, lat: number) => inBox(d.box, lon, lat) && contains(d.geometry, lon, lat);
  return {
    version,
    size: items.length,
    extent,
    locate(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      for (const d of items) if (holds(d, lon, lat)) return d.id;
      return null;
    },
    ids: () => items.map((d) => d.id),
    box: (id) => byId.get(id)?.box ?? null,
    contains(id, lon, lat) {
      const d = byId.get(id);
      return d !== undefined && Number.isFinite(lon) && Number.isFinite(lat) && holds(d, lon, lat);
    },
    geometry: (id) => byId.get(id)?.geometry ?? null,
  };
}
