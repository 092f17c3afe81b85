/**
 * Small planar geometry on lon/lat for the demo generator: centroids, point-in-polygon and random
 * points inside a district. At the scale of one province the planar error is irrelevant.
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

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function contains(g: PolygonalGeometry, lon: number, lat: number): boolean {
  return polygonsOf(g).some((poly) => inRing(lon, lat, poly[0]!) && !poly.slice(1).some((h) => inRing(lon, lat, h)));
}

export function bbox(g: PolygonalGeometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygonsOf(g))
    for (const [x, y] of poly[0]!) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}

/** The point on a polyline at fraction t (0..1) of its length. */
export function alongLine(line: readonly (readonly [number, number])[], t: number): [number, number] {
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const d = Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
    seg.push(d);
    total += d;
  }
  let target = Math.min(Math.max(t, 0), 1) * total;
  for (let i = 0; i < seg.length; i++) {
    if (target <= seg[i]! || i === seg.length - 1) {
      const f = seg[i]! === 0 ? 0 : Math.min(target / seg[i]!, 1);
      const [x0, y0] = line[i]!;
      const [x1, y1] = line[i + 1]!;
      return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f];
    }
    target -= seg[i]!;
  }
  return [line[0]![0], line[0]![1]];
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
