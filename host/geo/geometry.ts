import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';

/**
 * Small planar geometry on lon/lat for district boundaries: centroids, label points, boxes, and
 * point-in-polygon (turf's, the one every district lookup uses). At the scale of one province
 * the planar error is irrelevant.
 */
export type Ring = [number, number][];
export type PolygonCoords = Ring[];

export interface PolygonalGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

export function polygonsOf(g: PolygonalGeometry): PolygonCoords[] {
  return g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : (g.coordinates as PolygonCoords[]);
}

function ringAreaCentroid(ring: Ring): { a: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  a /= 2;
  return a === 0 ? { a: 0, cx: ring[0]![0], cy: ring[0]![1] } : { a, cx: cx / (6 * a), cy: cy / (6 * a) };
}

/** Area-weighted centroid (lon, lat) of the exterior rings; holes are negligible here. */
export function centroid(g: PolygonalGeometry): [number, number] {
  let A = 0;
  let X = 0;
  let Y = 0;
  for (const poly of polygonsOf(g)) {
    const { a, cx, cy } = ringAreaCentroid(poly[0]!);
    A += Math.abs(a);
    X += cx * Math.abs(a);
    Y += cy * Math.abs(a);
  }
  return [X / A, Y / A];
}

/** Whether the point lies in the shape (holes excluded, boundaries count as inside). */
export function contains(g: PolygonalGeometry, lon: number, lat: number): boolean {
  return booleanPointInPolygon([lon, lat], g as Parameters<typeof booleanPointInPolygon>[1]);
}

export function bbox(g: PolygonalGeometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  // Exterior rings only (holes lie inside them); a polygon without rings adds nothing.
  for (const poly of polygonsOf(g))
    for (const [x, y] of poly[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}

/**
 * A point surely inside the shape, near its centroid: the centroid itself when it is inside,
 * else the middle of the widest inside stretch of the horizontal line through it (a C-shaped
 * district such as Hớn Quản, wrapped round Bình Long, has its centroid outside itself).
 */
export function interiorPoint(g: PolygonalGeometry): [number, number] {
  const c = centroid(g);
  if (contains(g, c[0], c[1])) return c;
  const [, minY, , maxY] = bbox(g);
  let best: { w: number; x: number; y: number } | null = null;
  // Try the centroid's latitude first, then lines stepping away from it.
  for (let k = 0; k <= 40 && !best; k++) {
    for (const y of k === 0 ? [c[1]] : [c[1] + (k * (maxY - minY)) / 80, c[1] - (k * (maxY - minY)) / 80]) {
      const xs: number[] = [];
      for (const poly of polygonsOf(g))
        for (const ring of poly)
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i]!;
            const [xj, yj] = ring[j]!;
            if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
          }
      xs.sort((a, b) => a - b);
      for (let i = 0; i + 1 < xs.length; i += 2) {
        const w = xs[i + 1]! - xs[i]!;
        if (!best || w > best.w) best = { w, x: (xs[i]! + xs[i + 1]!) / 2, y };
      }
    }
  }
  return best ? [best.x, best.y] : c;
}
