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

/** Leaflet's tiles are 256 px wide; supercluster measures its radius against a 512 px extent. */
const TILE_PX = 256;
export const CLUSTER_EXTENT = 512;

/**
 * Supercluster's radius (in its extent's units) that keeps the clusters of one index zoom at
 * least `screenPx` apart on screen at any zoom the map shows with it: the map zooms by fractions
 * (zoomSnap 0) and asks the index for the nearest whole zoom, so the screen is at worst 2^-0.5
 * of that zoom's scale.
 */
export function clusterRadius(screenPx: number): number {
  return Math.ceil(screenPx * Math.SQRT2 * (CLUSTER_EXTENT / TILE_PX));
}

/** Supercluster's radius as screen px when the map is at `zoom` and the index at `indexZoom`. */
export function clusterRadiusOnScreen(radius: number, zoom: number, indexZoom: number): number {
  return radius * (TILE_PX / CLUSTER_EXTENT) * 2 ** (zoom - indexZoom);
}

export interface Placed {
  /** Screen position of the marker's centre. */
  x: number;
  y: number;
  /** Points it stands for (1 for a single point). */
  count: number;
}

/**
 * Markers whose square hit targets (`target` px wide, centred on them) would overlap, grouped:
 * supercluster's clusters sit at their points' centroid, which can pull two of them closer than
 * its radius. The larger marker keeps its place and takes the smaller one in (a tap on a disc
 * then never opens another). Returns, for each marker kept, the indexes of those it stands for
 * (itself first), larger first. No two kept markers' targets overlap.
 */
export function separateTargets(markers: readonly Placed[], target: number): number[][] {
  const order = markers.map((_, i) => i).sort((a, b) => markers[b]!.count - markers[a]!.count || a - b);
  const kept: number[][] = [];
  for (const i of order) {
    const m = markers[i]!;
    const into = kept.find(([k]) => Math.abs(markers[k!]!.x - m.x) < target && Math.abs(markers[k!]!.y - m.y) < target);
    if (into) into.push(i);
    else kept.push([i]);
  }
  return kept;
}
