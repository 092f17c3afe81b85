import type { Area } from '../../domains';
import { bbox, contains, type PolygonalGeometry } from './geo';
import type { Random } from './random';

/** The districts with their polygons, for locating generated points. */
export class DistrictIndex {
  private readonly items: { id: string; name: string; g: PolygonalGeometry; box: [number, number, number, number]; c: [number, number] }[];

  constructor(areas: Area[]) {
    this.items = areas
      .filter((a) => a.level === 'district' && a.geometry)
      .map((a) => {
        const g = a.geometry as PolygonalGeometry;
        return { id: a.id, name: a.name, g, box: bbox(g), c: [a.lon ?? 0, a.lat ?? 0] as [number, number] };
      });
  }

  ids(): string[] {
    return this.items.map((i) => i.id);
  }

  name(id: string): string {
    return this.items.find((i) => i.id === id)?.name ?? id;
  }

  /** The district containing the point, or null outside the province. */
  locate(lon: number, lat: number): string | null {
    for (const i of this.items) {
      const [x0, y0, x1, y1] = i.box;
      if (lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1 && contains(i.g, lon, lat)) return i.id;
    }
    return null;
  }

  /**
   * A random point inside the district; with `near`, drawn around that point (a town) with the
   * given spread in degrees, so reports cluster where people live.
   */
  randomPoint(rng: Random, id: string, near?: { lon: number; lat: number; spread: number }): [number, number] {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw new Error(`unknown district ${id}`);
    const [x0, y0, x1, y1] = item.box;
    for (let k = 0; k < 200; k++) {
      const lon = near ? near.lon + near.spread * rng.normal() : rng.range(x0, x1);
      const lat = near ? near.lat + near.spread * rng.normal() : rng.range(y0, y1);
      if (contains(item.g, lon, lat)) return [round(lon), round(lat)];
    }
    return [round(item.c[0]), round(item.c[1])];
  }
}

export function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
