import type { Area } from '../../domains';
import { districtIndex, type DistrictIndex } from '../geo/district-index';
import type { Random } from './random';

/**
 * The districts as the demo generator uses them: names for its texts, and random points inside a
 * district. Which district holds a point is the shared index's answer (host/geo/), the same one
 * sync uses for real records.
 */
export class DemoDistricts {
  private readonly index: DistrictIndex;
  private readonly names = new Map<string, string>();
  private readonly centres = new Map<string, [number, number]>();

  constructor(areas: Area[]) {
    const districts = areas.filter((a) => a.level === 'district' && a.geometry);
    this.index = districtIndex(districts);
    for (const a of districts) {
      this.names.set(a.id, a.name);
      this.centres.set(a.id, [a.lon ?? 0, a.lat ?? 0]);
    }
  }

  ids(): string[] {
    return this.index.ids();
  }

  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  /** The district containing the point, or null outside the province. */
  locate(lon: number, lat: number): string | null {
    return this.index.locate(lon, lat);
  }

  /**
   * A random point inside the district; with `near`, drawn around that point (a town) with the
   * given spread in degrees, so reports cluster where people live.
   */
  randomPoint(rng: Random, id: string, near?: { lon: number; lat: number; spread: number }): [number, number] {
    const box = this.index.box(id);
    if (!box) throw new Error(`unknown district ${id}`);
    const [x0, y0, x1, y1] = box;
    for (let k = 0; k < 200; k++) {
      const lon = near ? near.lon + near.spread * rng.normal() : rng.range(x0, x1);
      const lat = near ? near.lat + near.spread * rng.normal() : rng.range(y0, y1);
      if (this.index.contains(id, lon, lat)) return [round(lon), round(lat)];
    }
    const [lon, lat] = this.centres.get(id)!;
    return [round(lon), round(lat)];
  }
}

export function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
