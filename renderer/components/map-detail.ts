/**
 * District boundaries at the detail a map can show. The bundled boundaries carry ~7,300
 * points; a wall tile fitting the province in 600–2,000 px cannot show most of them, yet
 * Leaflet projects, clips and simplifies every one on each fit, on every display. Simplified
 * once per tolerance (Douglas–Peucker, half a pixel at the fitted zoom), the first paint of a
 * map costs a fraction of that and looks the same.
 *
 * Pure (no Leaflet, no DOM): the map asks for a tolerance from its box and the bounds it will
 * fit, and for the geometry at that tolerance.
 */

export interface GeoBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

type Position = number[];
type Geometry = { type: string; coordinates?: unknown };

function eachPosition(coords: unknown, f: (p: Position) => void): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') f(coords as Position);
  else for (const c of coords) eachPosition(c, f);
}

/** The lon/lat box around every position of the geometries (null when there is none). */
export function geometryBounds(geoms: readonly (Geometry | null | undefined)[]): GeoBounds | null {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const g of geoms) {
    eachPosition(g?.coordinates, ([lon, lat]) => {
      if (lon! < west) west = lon!;
      if (lon! > east) east = lon!;
      if (lat! < south) south = lat!;
      if (lat! > north) north = lat!;
    });
  }
  return west <= east && south <= north ? { west, south, east, north } : null;
}

/**
 * Degrees that stay under half a pixel once `bounds` is fitted into a `width`×`height` box with
 * `padding` px on each side (Leaflet's fitBounds with zoomSnap 0), rounded down to a power of
 * two so that nearby sizes share one simplified copy. Null when the box has no size yet.
 */
export function boundaryTolerance(bounds: GeoBounds, width: number, height: number, padding = 12): number | null {
  const w = width - 2 * padding;
  const h = height - 2 * padding;
  if (w <= 0 || h <= 0) return null;
  // Web Mercator stretches latitude by 1/cos(lat): a degree of latitude takes more pixels.
  const stretch = 1 / Math.cos((((bounds.north + bounds.south) / 2) * Math.PI) / 180);
  const perPx = Math.max((bounds.east - bounds.west) / w, ((bounds.north - bounds.south) * stretch) / h);
  if (!(perPx > 0)) return null;
  return 2 ** Math.floor(Math.log2(perPx / 2));
}

function sqSegDist(p: Position, a: Position, b: Position): number {
  let x = a[0]!, y = a[1]!;
  let dx = b[0]! - x, dy = b[1]! - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0]! - x) * dx + (p[1]! - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0]!;
      y = b[1]!;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0]! - x;
  dy = p[1]! - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker on one open or closed line; iterative, so long rings cannot overflow the stack. */
export function simplifyLine(line: readonly Position[], tolerance: number): Position[] {
  if (line.length <= 2 || tolerance <= 0) return line.slice();
  const sq = tolerance * tolerance;
  const keep = new Uint8Array(line.length);
  keep[0] = keep[line.length - 1] = 1;
  const stack: [number, number][] = [[0, line.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let max = sq;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = sqSegDist(line[i]!, line[first]!, line[last]!);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index !== -1) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return line.filter((_, i) => keep[i] === 1);
}

/**
 * A ring keeps at least four positions (a triangle, closed): a tiny island stays a shape. Its
 * first and last positions are the same point, so Douglas–Peucker's chord would have no
 * length: the ring is split at its farthest position from the start and each half simplified.
 */
function simplifyRing(ring: readonly Position[], tolerance: number): Position[] {
  if (ring.length <= 4) return ring.slice();
  let far = 1;
  let farDist = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const dx = ring[i]![0]! - ring[0]![0]!, dy = ring[i]![1]! - ring[0]![1]!;
    const d = dx * dx + dy * dy;
    if (d > farDist) {
      farDist = d;
      far = i;
    }
  }
  const out = [...simplifyLine(ring.slice(0, far + 1), tolerance), ...simplifyLine(ring.slice(far), tolerance).slice(1)];
  return out.length >= 4 ? out : ring.slice();
}

/** The same geometry with every ring simplified to `tolerance` degrees (Polygon, MultiPolygon, lines). */
export function simplifyGeometry<G extends Geometry>(geom: G, tolerance: number): G {
  const c = geom.coordinates;
  switch (geom.type) {
    case 'Polygon':
      return { ...geom, coordinates: (c as Position[][]).map((r) => simplifyRing(r, tolerance)) };
    case 'MultiPolygon':
      return { ...geom, coordinates: (c as Position[][][]).map((p) => p.map((r) => simplifyRing(r, tolerance))) };
    case 'LineString':
      return { ...geom, coordinates: simplifyLine(c as Position[], tolerance) };
    case 'MultiLineString':
      return { ...geom, coordinates: (c as Position[][]).map((l) => simplifyLine(l, tolerance)) };
    default:
      return geom;
  }
}

/** Number of positions (for tests and the map's data attribute). */
export function countPositions(geom: Geometry | null | undefined): number {
  let n = 0;
  eachPosition(geom?.coordinates, () => n++);
  return n;
}
