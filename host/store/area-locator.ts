import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type Database from 'better-sqlite3';

/**
 * Finds the district whose boundary holds a point, from the boundaries in the `areas` table.
 * Feeds such as Open311 and GeoJSON give coordinates but no area, and without an area the
 * district drill-down and the hotline desk's district filter cannot see those records.
 *
 * The district polygons are parsed once and kept until the areas change; the change check is one
 * aggregate over the (dozen) district rows, done at most once per `current()` call, so a sync
 * batch pays it once, not per record. Whoever rewrites areas in place may also call `invalidate()`.
 */

type Polygonal = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
export type Box = [minLon: number, minLat: number, maxLon: number, maxLat: number];

interface District {
  id: string;
  box: Box;
  geometry: Polygonal;
}

export interface DistrictIndex {
  /** The area version whose districts these are (the newest version that has districts), or null. */
  readonly version: string | null;
  readonly size: number;
  /** [minLon, minLat, maxLon, maxLat] around every district, or null without any. */
  readonly extent: Box | null;
  /** The district holding the point, or null outside every district. */
  locate(lon: number, lat: number): string | null;
}

interface AreaRow {
  id: string;
  version: string;
  geometry: string | null;
}

function isPolygonal(g: unknown): g is Polygonal {
  const t = (g as { type?: unknown } | null)?.type;
  return (t === 'Polygon' || t === 'MultiPolygon') && Array.isArray((g as { coordinates?: unknown }).coordinates);
}

/** The box of the exterior rings (holes lie inside them). */
function boxOf(g: Polygonal): Box {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys)
    for (const [x, y] of poly[0] ?? []) {
      if (x! < b[0]) b[0] = x!;
      if (y! < b[1]) b[1] = y!;
      if (x! > b[2]) b[2] = x!;
      if (y! > b[3]) b[3] = y!;
    }
  return b;
}

/** Builds an index over district polygons; exported for tests and for callers without a database. */
export function districtIndex(areas: { id: string; geometry: unknown }[], version: string | null = null): DistrictIndex {
  const items: District[] = [];
  for (const a of areas) {
    if (!isPolygonal(a.geometry)) continue;
    items.push({ id: a.id, geometry: a.geometry, box: boxOf(a.geometry) });
  }
  // A point on a shared border lies in both districts (boundaries count as inside), so the order
  // decides: the lowest code wins, the same on every machine and every run.
  items.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const extent: Box | null = items.length
    ? items.reduce<Box>((e, d) => [Math.min(e[0], d.box[0]), Math.min(e[1], d.box[1]), Math.max(e[2], d.box[2]), Math.max(e[3], d.box[3])], [Infinity, Infinity, -Infinity, -Infinity])
    : null;
  return {
    version,
    size: items.length,
    extent,
    locate(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      for (const d of items) {
        const [x0, y0, x1, y1] = d.box;
        if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
        if (booleanPointInPolygon([lon, lat], d.geometry as Parameters<typeof booleanPointInPolygon>[1])) return d.id;
      }
      return null;
    },
  };
}

export class AreaLocator {
  private readonly s;
  private cached: { key: string; index: DistrictIndex } | null = null;

  constructor(db: Database.Database) {
    this.s = {
      // Count, version and total geometry size change whenever districts are added, removed,
      // re-versioned or redrawn; cheap on a table of a few dozen rows.
      fingerprint: db
        .prepare<[], string>(
          `SELECT count(*) || '|' || ifnull(max(version), '') || '|' || total(length(geometry)) || '|' || ifnull(group_concat(id), '')
           FROM areas WHERE level = 'district' AND version = (SELECT max(version) FROM areas WHERE level = 'district')`,
        )
        .pluck(),
      // The same version the views use for the district list (host/views/common.ts): the newest.
      districts: db.prepare<[], AreaRow>(
        `SELECT id, version, geometry FROM areas
         WHERE level = 'district' AND version = (SELECT max(version) FROM areas WHERE level = 'district')`,
      ),
    };
  }

  /** Changes whenever the districts are added, removed, re-versioned or redrawn. */
  fingerprint(): string {
    return this.s.fingerprint.get() ?? '';
  }

  /** The index for the areas as they are now: reloaded only when they changed since the last call. */
  current(): DistrictIndex {
    const key = this.fingerprint();
    if (this.cached?.key === key) return this.cached.index;
    const rows = this.s.districts.all();
    const areas = rows.flatMap((r) => {
      if (!r.geometry) return [];
      try {
        return [{ id: r.id, geometry: JSON.parse(r.geometry) as unknown }];
      } catch {
        return []; // a broken boundary must not stop the sync; that district just stays unmatched
      }
    });
    const index = districtIndex(areas, rows[0]?.version ?? null);
    this.cached = { key, index };
    return index;
  }

  locate(lon: number, lat: number): string | null {
    return this.current().locate(lon, lat);
  }

  /** Forget the polygons; the next call reloads them. */
  invalidate(): void {
    this.cached = null;
  }
}

/**
 * The record with its district filled in when it came without one but with coordinates; every
 * other record is returned as is (same object), so records that already have an area cost nothing.
 * `index` is called at most once, lazily, by the caller's batch.
 */
export function withDistrict<R extends { areaId: string | null; lat: number | null; lon: number | null }>(
  r: R,
  index: () => DistrictIndex,
): R {
  if (r.areaId !== null || r.lat === null || r.lon === null) return r;
  const areaId = index().locate(r.lon, r.lat);
  return areaId === null ? r : { ...r, areaId };
}
