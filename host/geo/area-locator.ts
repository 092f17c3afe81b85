import type Database from 'better-sqlite3';
import { districtIndex, type DistrictIndex } from './district-index';

export type { DistrictIndex };

/**
 * Finds the district whose boundary holds a point, from the boundaries in the `areas` table.
 * Feeds such as Open311 and GeoJSON give coordinates but no area, and without an area the
 * district drill-down and the hotline desk's district filter cannot see those records.
 *
 * The district polygons are parsed once and kept until the areas change; the change check is one
 * aggregate over the (dozen) district rows, done at most once per `current()` call, so a sync
 * batch pays it once, not per record. Whoever rewrites areas in place may also call `invalidate()`.
 */

interface AreaRow {
  id: string;
  version: string;
  geometry: string | null;
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
