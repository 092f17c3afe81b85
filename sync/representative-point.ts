import { toPoint } from './location';

/**
 * One point for a GeoJSON geometry, where the wall draws the record and the district it falls in
 * is looked up. It lies on the geometry: a polygon's (a land parcel, a flooded zone, a planning
 * area) inside it, not on its edge, where the first vertex was — on the border it shares with the
 * next parcel or district, so a zone could be counted in the district next door; a line's half way
 * along it; of several parts, on the largest. Positions that are not [longitude, latitude] numbers
 * in range are skipped; null when none is left.
 *
 * Linear in the positions, whatever the nesting: a GeometryCollection is read to MAX_DEPTH levels.
 * Not turf's pointOnFeature: where the centre is outside the shape it returns the nearest vertex,
 * which is on the edge again, and it takes a line's nearest vertex instead of its middle.
 */
export function representativePoint(geometry: unknown): { lat: number; lon: number } | null {
  const p = pointOfGeometry(geometry, 0);
  return p ? { lat: p[1], lon: p[0] } : null;
}

/**
 * The first two numbers of a geometry's coordinates, however nested, as written (not checked
 * against the globe: checkOnGlobe in ../location.ts asks whether they lie on it at all).
 */
export function firstPosition(geometry: unknown): [x: number, y: number] | null {
  let c: unknown = (geometry as { coordinates?: unknown } | null)?.coordinates;
  for (let depth = 0; Array.isArray(c) && Array.isArray(c[0]) && depth < 8; depth++) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : null;
}

type Pos = [lon: number, lat: number];
const MAX_DEPTH = 32;

function pointOfGeometry(g: unknown, depth: number): Pos | null {
  if (!g || typeof g !== 'object' || depth > MAX_DEPTH) return null;
  const { type, coordinates: c, geometries } = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  switch (type) {
    case 'Point':
      return position(c);
    case 'MultiPoint':
      return firstOf(positions(c));
    case 'LineString':
      return alongHalf(positions(c));
    case 'MultiLineString':
      return alongHalf(largest(listOf(c).map(positions), length));
    case 'Polygon':
      return insidePolygon(listOf(c).map(positions));
    case 'MultiPolygon':
      return insidePolygon(largest(listOf(c).map((p) => listOf(p).map(positions)), (rings) => Math.abs(ringArea(rings[0] ?? []))));
    case 'GeometryCollection':
      for (const member of listOf(geometries)) {
        const p = pointOfGeometry(member, depth + 1);
        if (p) return p;
      }
      return null;
    default:
      return null;
  }
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const firstOf = (ps: Pos[]): Pos | null => ps[0] ?? null;

function position(v: unknown): Pos | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  // RFC 7946 §3.1.1: [longitude, latitude]; (0, 0) is a failed geocode.
  const p = toPoint(v[1], v[0]);
  return p ? [p.lon, p.lat] : null;
}

function positions(v: unknown): Pos[] {
  const out: Pos[] = [];
  for (const x of listOf(v)) {
    const p = position(x);
    if (p) out.push(p);
  }
  return out;
}

/** The part of the largest size; an empty part when there is none. */
function largest<T extends unknown[]>(parts: T[], size: (t: T) => number): T {
  let best = [] as unknown as T;
  let bestSize = -1;
  for (const p of parts) {
    const s = size(p);
    if (s > bestSize) [best, bestSize] = [p, s];
  }
  return best;
}

function length(line: Pos[]): number {
  let sum = 0;
  for (let i = 1; i < line.length; i++) sum += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return sum;
}

function alongHalf(line: Pos[]): Pos | null {
  let left = length(line) / 2;
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1]!, line[i]!];
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (d >= left && d > 0) return [a[0] + ((b[0] - a[0]) * left) / d, a[1] + ((b[1] - a[1]) * left) / d];
    left -= d;
  }
  return firstOf(line);
}

/** Twice the signed area of a ring (shoelace). */
function ringArea(ring: Pos[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return a;
}

function contains(rings: Pos[][], [x, y]: Pos): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * A point inside the polygon (outer ring, then holes): its centroid when that is inside, else the
 * middle of the widest stretch of the horizontal line through the centroid that lies inside (a
 * crescent's or a U's centroid lies outside it).
 */
function insidePolygon(rings: Pos[][]): Pos | null {
  const outer = rings[0] ?? [];
  if (outer.length < 3) return firstOf(outer);
  // Relative to the first position: products of whole degrees would drown a parcel's metres.
  const [ox, oy] = outer[0]!;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const [xj, yj, xi, yi] = [outer[j]![0] - ox, outer[j]![1] - oy, outer[i]![0] - ox, outer[i]![1] - oy];
    const f = xj * yi - xi * yj;
    a += f;
    cx += (xj + xi) * f;
    cy += (yj + yi) * f;
  }
  // A ring of no area (all on one line): its first position.
  if (a === 0) return outer[0]!;
  const centroid: Pos = [ox + cx / (3 * a), oy + cy / (3 * a)];
  if (contains(rings, centroid)) return centroid;
  const y = centroid[1];
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((p, q) => p - q);
  let best: Pos | null = null;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > width) [width, best] = [xs[i + 1]! - xs[i]!, [(xs[i]! + xs[i + 1]!) / 2, y]];
  }
  return best ?? outer[0]!;
}
