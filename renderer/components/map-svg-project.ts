/**
 * What the live map (Map.tsx, drawn by Leaflet) and its static drawing (map-svg.tsx, a wall's
 * first frame drawn by the host) share, and Leaflet's Web Mercator done by hand. No Leaflet and
 * no DOM here: the host's server render imports this where Leaflet is an inert stub, and both
 * drawings must come out of the same code — the same boundaries at the same detail, the same
 * choropleth, the same clusters — so the first frame is what the live map then draws over it.
 */
import Supercluster from 'supercluster';
import type { Feature, Geometry } from 'geojson';
import type { AreaAnswer as Area } from '../../host/api/contract/core';
import { geometryAtLevel, type DetailLevels } from '../../base/boundary-detail';
import { ringsArea } from './label-placement';
import { clusterRadius, geometryBounds, separateTargets, type GeoBounds } from './map-detail';

export type AreaFeature = Feature<Geometry, { id: string; name: string; area: number; detail: DetailLevels | null }>;

/**
 * The units as GeoJSON features, once per units array: useAreas gives every map of the page the
 * same array per 'areas.list' answer, so a map mounted later (a layout switch) reuses these and
 * their simplified copies (featuresAt) instead of computing them again.
 */
const featuresOf = new WeakMap<Area[], AreaFeature[]>();
export function areaFeatures(units: Area[]): AreaFeature[] {
  let out = featuresOf.get(units);
  if (!out) {
    out = units
      .filter((a) => a.geometry)
      .map((a) => ({
        type: 'Feature',
        geometry: a.geometry as unknown as Geometry,
        properties: { id: a.id, name: a.name, area: ringsArea(a.geometry as { type: string; coordinates?: unknown }), detail: a.detail },
      }));
    featuresOf.set(units, out);
  }
  return out;
}

/** The box around every feature, once per features array (the province view every map fits). */
const boundsOf = new WeakMap<AreaFeature[], GeoBounds | null>();
export function featuresBounds(features: AreaFeature[]): GeoBounds | null {
  let b = boundsOf.get(features);
  if (b === undefined) boundsOf.set(features, (b = geometryBounds(features.map((f) => f.geometry as never))));
  return b;
}

/**
 * The boundaries at `tolerance` degrees (a power of two: map-detail), kept from the detail levels
 * the host sent with them; one copy per tolerance per areas answer, and the WeakMap lets a
 * replaced answer's copies go with it.
 */
const simplified = new WeakMap<AreaFeature[], globalThis.Map<number, AreaFeature[]>>();
export function featuresAt(features: AreaFeature[], tolerance: number | null): AreaFeature[] {
  if (tolerance === null) return features;
  let byTol = simplified.get(features);
  if (!byTol) simplified.set(features, (byTol = new globalThis.Map()));
  let out = byTol.get(tolerance);
  if (!out) {
    const level = Math.log2(tolerance);
    out = features.map((f) => ({ ...f, geometry: geometryAtLevel(f.geometry, f.properties.detail, level) }));
    byTol.set(tolerance, out);
  }
  return out;
}

/** Padding around the fitted boundaries (Leaflet's fitBounds `padding`, each side). */
export const FIT_PADDING_PX = 12;
/**
 * The box a static drawing is fitted for. The host draws a frame without laying it out, so a map
 * cannot measure its box: the drawing is made for a typical wall map's box and scaled into the
 * real one (xMidYMid meet). This is about the traffic map's of the default wall's overview (the
 * layout a cold wall shows first; its map of some 300 clustered points), laid out at 740×340 px
 * before the tile's scale; there the province is about 316 px tall, zoom 8.8.
 */
export const STATIC_BOX = { width: 740, height: 340 } as const;

/** The view before any boundary exists: Bình Phước. */
export const DEFAULT_VIEW = { lat: 11.75, lon: 106.9, zoom: 8 } as const;

/** The wall's cluster radius (supercluster units: 36 screen px). */
export const WALL_CLUSTER_RADIUS = 72;
/**
 * A finger's target on the kiosk: a cluster is drawn as a 64 px target around its disc, and a
 * single point answers a tap within 24 px of its 8 px circle (64 px across). The clusters are
 * made at least this far apart on screen, and any two still closer are drawn as one, so two
 * targets never overlap and a tap on a disc never opens another.
 */
export const TOUCH_TARGET_PX = 64;
export const TOUCH_CLUSTER_RADIUS = clusterRadius(TOUCH_TARGET_PX);
/** Half the widest marker (a 54 px cluster disc with its border), so one cut by the window's edge is drawn. */
export const MARKER_MARGIN_PX = 32;
/**
 * Unclustered maps with at most this many points show sites (air stations, tourist sites): each
 * marker is a thing to read, and names keep off it as they keep off clusters' discs.
 */
export const SITE_OBSTACLES_MAX = 40;

/** A cluster disc's diameter in the map's CSS px, by how many points it holds. */
export const clusterDiscPx = (count: number) => (count < 10 ? 36 : count < 100 ? 44 : 54);

/**
 * The cluster index of a points array, once per array for the page: panels hand every map that
 * shows the same answer the same array (EventMap), and the index depends on the points alone.
 */
const clusterIndexes = new WeakMap<object, globalThis.Map<number, Supercluster<{ i: number }>>>();
export function clusterIndex(pts: readonly { lat: number; lon: number }[], radius: number): Supercluster<{ i: number }> {
  let byRadius = clusterIndexes.get(pts);
  if (!byRadius) clusterIndexes.set(pts, (byRadius = new globalThis.Map()));
  let index = byRadius.get(radius);
  if (!index) {
    index = new Supercluster<{ i: number }>({ radius, maxZoom: 16 });
    index.load(pts.map((p, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { i } })));
    byRadius.set(radius, index);
  }
  return index;
}

/** A marker the map shows: a cluster (or several drawn as one), or a single point. */
export interface ShownMarker {
  lat: number;
  lon: number;
  count: number;
  /** Supercluster's cluster ids it stands for. */
  clusters: number[];
  /** Indexes of the single points it stands for. */
  points: number[];
}

/**
 * The markers of `index` in `bbox` at the map's zoom. With `target` (the kiosk), markers whose
 * square targets would overlap on screen (`toScreen`: the map's px of a place) are drawn as one,
 * at the larger one's place.
 */
export function shownMarkers(
  index: Supercluster<{ i: number }>,
  bbox: [number, number, number, number],
  zoom: number,
  toScreen: (lat: number, lon: number) => { x: number; y: number },
  target: number,
): ShownMarker[] {
  const raw: ShownMarker[] = index.getClusters(bbox, Math.round(zoom)).map((c) => {
    const [lon, lat] = c.geometry.coordinates as [number, number];
    const props = c.properties as { cluster?: boolean; point_count?: number; cluster_id?: number; i?: number };
    return props.cluster
      ? { lat, lon, count: props.point_count!, clusters: [props.cluster_id!], points: [] }
      : { lat, lon, count: 1, clusters: [], points: [props.i!] };
  });
  if (!target) return raw;
  const placed = raw.map((r) => {
    const p = toScreen(r.lat, r.lon);
    return { x: p.x, y: p.y, count: r.count };
  });
  return separateTargets(placed, target).map((group) => {
    const first = raw[group[0]!]!;
    if (group.length === 1) return first;
    const members = group.map((i) => raw[i]!);
    return {
      lat: first.lat,
      lon: first.lon,
      count: members.reduce((n, x) => n + x.count, 0),
      clusters: members.flatMap((x) => x.clusters),
      points: members.flatMap((x) => x.points),
    };
  });
}

/** A district's outline and fill, as Leaflet's path options name them. */
export interface AreaStyle {
  color: string;
  weight: number;
  fillColor: string;
  fillOpacity: number;
}

/**
 * The figure shown for an area: the record's own entry, and only a number. An area whose id is
 * an Object property's name (`constructor`, `__proto__`) is not given that property.
 */
export function areaValue(values: Record<string, number> | null | undefined, id: string): number | undefined {
  if (!values || !Object.hasOwn(values, id)) return undefined;
  const v = values[id];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The largest figure the choropleth scales to (at least 1, so 0 everywhere is the lightest fill). */
export function choroplethMax(values: Record<string, number> | null | undefined): number {
  let max = 1;
  for (const id of Object.keys(values ?? {})) {
    const v = areaValue(values, id);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/**
 * The choropleth: the map's accent, more opaque the larger the area's figure (0.12 to 0.67 of the
 * largest); the selected district outlined in yellow, 4 px, and a little fuller when it has no figure.
 */
export function areaStyle(id: string, values: Record<string, number> | null | undefined, maxValue: number, selectedId: string | undefined, color: string): AreaStyle {
  const v = areaValue(values, id);
  const selected = id === selectedId;
  return {
    color: selected ? '#ffd34d' : '#c5cfdc',
    weight: selected ? 4 : 1.5,
    fillColor: color,
    fillOpacity: v !== undefined ? Math.min(1, Math.max(0, 0.12 + 0.55 * (v / maxValue))) : selected ? 0.35 : 0.12,
  };
}

/** A point's circle: its colour (else the map's accent), its radius (8 px), a 2 px outline (white). */
export function pointStyle(p: { color?: string; radius?: number; stroke?: string }, color: string) {
  return { radius: p.radius ?? 8, color: p.stroke ?? '#ffffff', weight: 2, fillColor: p.color ?? color, fillOpacity: 0.95 };
}

/** A warning area: dashed outline (the pattern says "warning area" without colour), light fill. */
export function shapeStyle(color: string) {
  return { color, weight: 3, dashArray: '10 6', fillColor: color, fillOpacity: 0.18 };
}

// ---------------------------------------------------------------------------------------------
// Web Mercator as Leaflet's EPSG3857 projects it: world px at a zoom, 256 px tiles.

const TILE_PX = 256;
/** Leaflet's SphericalMercator.MAX_LATITUDE: latitudes beyond are drawn at it. */
const MAX_LATITUDE = 85.0511287798;
/** Leaflet's Earth radius for distances (CRS.Earth.R), by which a circle's metres become degrees. */
const EARTH_R = 6371000;
const D = Math.PI / 180;

export const worldPx = (zoom: number) => TILE_PX * 2 ** zoom;
export const mercatorX = (lon: number, zoom: number) => ((lon + 180) / 360) * worldPx(zoom);
export function mercatorY(lat: number, zoom: number): number {
  const s = Math.sin(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * D);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * worldPx(zoom);
}
export const unprojectLon = (x: number, zoom: number) => (x / worldPx(zoom)) * 360 - 180;
export const unprojectLat = (y: number, zoom: number) => (2 * Math.atan(Math.exp(Math.PI * (1 - (2 * y) / worldPx(zoom)))) - Math.PI / 2) / D;

/** Past this Leaflet draws nothing useful either (a district of one position). */
const MAX_FIT_ZOOM = 22;

/**
 * A fitted view: the zoom, and the fitted bounds with their padding as a viewBox of `width` ×
 * `height` whose origin is world px (`x0`, `y0`) at that zoom. Drawn with xMidYMid meet in a box
 * of the size it was fitted for, it is what Leaflet's fitBounds shows there; in another box, the
 * same picture scaled.
 */
export interface FittedView {
  zoom: number;
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/**
 * Leaflet's fitBounds(bounds, { padding: [p, p] }) in a `box` with zoomSnap 0: the fractional zoom
 * at which the bounds fill the box less its padding on their limiting side, centred. Null when the
 * box has no room or the bounds are not a box.
 */
export function fitView(b: GeoBounds, box: { width: number; height: number }, padding = FIT_PADDING_PX): FittedView | null {
  const w0 = mercatorX(b.east, 0) - mercatorX(b.west, 0);
  const h0 = mercatorY(b.south, 0) - mercatorY(b.north, 0);
  const scale = Math.min((box.width - 2 * padding) / w0, (box.height - 2 * padding) / h0);
  if (!(w0 >= 0 && h0 >= 0 && scale > 0)) return null;
  const zoom = Math.max(0, Math.min(MAX_FIT_ZOOM, Math.log2(scale)));
  const x0 = mercatorX(b.west, zoom) - padding;
  const y0 = mercatorY(b.north, zoom) - padding;
  return { zoom, x0, y0, width: mercatorX(b.east, zoom) + padding - x0, height: mercatorY(b.south, zoom) + padding - y0 };
}

/** A box-sized view centred on a place at a zoom (Leaflet's setView), for a map with no boundaries. */
export function centredView(lat: number, lon: number, zoom: number, box: { width: number; height: number }): FittedView {
  const x = mercatorX(lon, zoom);
  const y = mercatorY(lat, zoom);
  return { zoom, x0: x - box.width / 2, y0: y - box.height / 2, width: box.width, height: box.height };
}

/** A place in the view's px. */
export const toView = (v: FittedView, lat: number, lon: number) => ({ x: mercatorX(lon, v.zoom) - v.x0, y: mercatorY(lat, v.zoom) - v.y0 });
/** The place at a point of the view. */
export const fromView = (v: FittedView, x: number, y: number) => ({ lon: unprojectLon(x + v.x0, v.zoom), lat: unprojectLat(y + v.y0, v.zoom) });

/**
 * A circle of `meters` around a place, in the view's px, as Leaflet's L.Circle draws it on a
 * Web Mercator map: an ellipse, as tall as the radius in degrees of latitude projects and as
 * wide as the same distance along the parallel. Null when the numbers give no finite shape.
 */
export function circleInView(v: FittedView, lat: number, lon: number, meters: number): { x: number; y: number; rx: number; ry: number } | null {
  const latR = meters / EARTH_R / D;
  const top = mercatorY(lat + latR, v.zoom);
  const bottom = mercatorY(lat - latR, v.zoom);
  const py = (top + bottom) / 2;
  const lat2 = unprojectLat(py, v.zoom);
  let lngR = Math.acos((Math.cos(latR * D) - Math.sin(lat * D) * Math.sin(lat2 * D)) / (Math.cos(lat * D) * Math.cos(lat2 * D))) / D;
  if (Number.isNaN(lngR) || lngR === 0) lngR = latR / Math.cos(lat * D);
  const px = mercatorX(lon, v.zoom);
  const rx = px - mercatorX(lon - lngR, v.zoom);
  const ry = py - top;
  const out = { x: px - v.x0, y: py - v.y0, rx, ry };
  return Object.values(out).every(Number.isFinite) && rx >= 0 && ry >= 0 ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Path data, small: tenths of a px, relative moves, no repeated positions.

/** A number in tenths as SVG writes it shortest: 12 → "1.2", 3 → ".3", -3 → "-.3", 10 → "1". */
function tenths(t: number): string {
  const a = Math.abs(t);
  const whole = Math.floor(a / 10);
  const frac = a % 10;
  const s = frac === 0 ? String(whole) : whole === 0 ? `.${frac}` : `${whole}.${frac}`;
  return t < 0 ? `-${s}` : s;
}

/** `next` after `prev` in path data: a separator only where the two would read as one number. */
function joinNum(out: string[], prev: string | undefined, next: string): void {
  if (prev !== undefined && (/^\d/.test(next) || (next[0] === '.' && !prev.includes('.')))) out.push(' ');
  out.push(next);
}

/** A coordinate rounded to a tenth, as a number (no -0). */
export const round1 = (x: number) => Math.round(x * 10) / 10 || 0;

/**
 * SVG path data of rings of view px: each ring a subpath, closed, in tenths of a px; positions
 * that round onto the one before are dropped, and a ring left with fewer than three is not drawn
 * (it is under a pixel at this size). Empty string when nothing is left.
 */
export function ringsPath(rings: readonly (readonly { x: number; y: number }[])[]): string {
  const out: string[] = [];
  // The current point in tenths (after a closed subpath, its start).
  let cx = 0;
  let cy = 0;
  for (const ring of rings) {
    const pts: [number, number][] = [];
    for (const p of ring) {
      const t: [number, number] = [Math.round(p.x * 10), Math.round(p.y * 10)];
      const last = pts[pts.length - 1];
      if (!last || last[0] !== t[0] || last[1] !== t[1]) pts.push(t);
    }
    // The ring's closing position repeats its first: 'z' draws that edge.
    while (pts.length > 1 && pts[pts.length - 1]![0] === pts[0]![0] && pts[pts.length - 1]![1] === pts[0]![1]) pts.pop();
    if (pts.length < 3) continue;
    let prev: string | undefined;
    const first = out.length === 0;
    out.push(first ? 'M' : 'm');
    const [sx, sy] = pts[0]!;
    for (const n of first ? [sx, sy] : [sx - cx, sy - cy]) {
      const s = tenths(n);
      joinNum(out, prev, s);
      prev = s;
    }
    out.push('l');
    prev = undefined;
    for (let i = 1; i < pts.length; i++) {
      for (const n of [pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]]) {
        const s = tenths(n);
        joinNum(out, prev, s);
        prev = s;
      }
    }
    out.push('z');
    cx = sx;
    cy = sy;
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Data a drawing can trust: every position a finite longitude and latitude.

/** A longitude and latitude a map can place: finite numbers within ±180 and ±90. */
export const validLonLat = (lon: unknown, lat: unknown): boolean =>
  typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;

type Ring = [number, number][];

/** A ring of [lon, lat] with the positions that are not places left out; null if under three remain. */
function cleanRing(ring: unknown): { ring: Ring; whole: boolean } | null {
  if (!Array.isArray(ring)) return null;
  const out: Ring = [];
  for (const p of ring) if (Array.isArray(p) && validLonLat(p[0], p[1])) out.push([p[0] as number, p[1] as number]);
  return out.length >= 3 ? { ring: out, whole: out.length === ring.length } : null;
}

/** Rings of a polygon: its outer ring and the holes that remain; null without an outer ring. */
function cleanPolygon(rings: unknown): { rings: Ring[]; whole: boolean } | null {
  if (!Array.isArray(rings) || rings.length === 0) return null;
  const outer = cleanRing(rings[0]);
  if (!outer) return null;
  const holes = rings.slice(1).map(cleanRing);
  return { rings: [outer.ring, ...holes.filter((h) => h !== null).map((h) => h.ring)], whole: outer.whole && holes.every((h) => h?.whole) };
}

type Geom = { type: string; coordinates?: unknown };

/**
 * The geometry as an area a map can draw: a Polygon or MultiPolygon of places only. `whole` when
 * nothing had to be left out (the geometry can then be used as it came, with its detail levels).
 */
function cleanGeometry(g: unknown): { geometry: Geom | null; whole: boolean } {
  const geom = g as Geom | null;
  if (!geom || typeof geom !== 'object') return { geometry: null, whole: g === null };
  if (geom.type === 'Polygon') {
    const p = cleanPolygon(geom.coordinates);
    return p ? { geometry: { type: 'Polygon', coordinates: p.rings }, whole: p.whole } : { geometry: null, whole: false };
  }
  if (geom.type === 'MultiPolygon' && Array.isArray(geom.coordinates)) {
    const polys = geom.coordinates.map(cleanPolygon);
    const kept = polys.filter((p) => p !== null);
    return kept.length > 0
      ? { geometry: { type: 'MultiPolygon', coordinates: kept.map((p) => p.rings) }, whole: kept.length === polys.length && kept.every((p) => p.whole) }
      : { geometry: null, whole: false };
  }
  return { geometry: null, whole: false };
}

/**
 * The units with only what a map can draw: each geometry a (multi)polygon of places, else none;
 * a string name and id. The same array when nothing had to change (the common case), so a static
 * drawing shares the live maps' features and simplified copies of it; a geometry that lost
 * positions loses its detail levels too (they no longer match it) and is drawn at full detail.
 */
const cleaned = new WeakMap<Area[], Area[]>();
export function drawableUnits(units: Area[]): Area[] {
  let out = cleaned.get(units);
  if (!out) {
    let changed = false;
    const next = units.map((a) => {
      const { geometry, whole } = cleanGeometry(a.geometry);
      const named = typeof a.name === 'string' && typeof a.id === 'string';
      if (whole && named) return a;
      changed = true;
      return { ...a, id: String(a.id), name: String(a.name ?? ''), geometry: geometry as Area['geometry'], detail: whole ? a.detail : null };
    });
    out = changed ? next : units;
    cleaned.set(units, out);
  }
  return out;
}

/** The points a map can place (finite, on Earth), the same array when all of them are. */
export function placeablePoints<P extends { lat: number; lon: number }>(pts: readonly P[]): readonly P[] {
  return pts.every((p) => validLonLat(p?.lon, p?.lat)) ? pts : pts.filter((p) => validLonLat(p?.lon, p?.lat));
}
