/**
 * District boundaries at the detail a map can show. The bundled boundaries carry ~7,300
 * points; a wall tile fitting the province in 600–2,000 px cannot show most of them, yet
 * Leaflet projects, clips and simplifies every one on each fit, on every display. Simplified
 * once per tolerance (Douglas–Peucker, half a pixel at the fitted zoom), the first paint of a
 * map costs a fraction of that and looks the same.
 *
 * Pure (no Leaflet, no DOM): the map asks for a tolerance from its box and the bounds it will
 * fit. The geometry at that tolerance comes from the levels the host sent with the boundaries
 * (base/boundary-detail), so no page runs Douglas–Peucker itself.
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
