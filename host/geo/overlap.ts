import { polygonsOf, type PolygonalGeometry, type Ring } from './geometry';

/**
 * Whether an area (a polygon or a circle, as CAP warnings draw them) overlaps a district's
 * boundary. CAP 1.2 §3.2.4: the polygon or circle IS the affected area, so a warning concerns
 * every district it reaches into, even when none of its corners, not its centre and no district
 * seat lies inside that district (a thin band across a province, a circle centred next door).
 *
 * Planar on lon/lat (the scale of one province); a circle is measured in km on a local
 * equirectangular projection around its centre. A warning polygon may have 10,000 points and a
 * district boundary thousands: district edges are bucketed into latitude bands once per index
 * (cached), and each warning edge is only compared with the district edges of the bands it spans
 * whose boxes meet its own, so the cost is about the number of edges that are actually close.
 *
 * Touching is not overlapping: edges that only meet end to end or run along each other (a
 * warning drawn on a district's own boundary shares its border with every neighbour) do not
 * count; crossings must be proper, and "a vertex inside" means strictly inside.
 */

type Box = [minX: number, minY: number, maxX: number, maxY: number];

interface Prepared {
  box: Box;
  /** Each polygon: exterior ring then holes, as [lon, lat]. */
  polys: Ring[][];
  /** Every ring edge, 4 numbers each: x1 y1 x2 y2. */
  edges: Float64Array;
  /** Latitude bands over the box; each lists the edges whose latitude range meets it. */
  bands: Uint32Array[];
  bandMinY: number;
  bandH: number;
}

const BANDS = 256;
const prepared = new WeakMap<PolygonalGeometry, Prepared>();

function prepare(g: PolygonalGeometry): Prepared {
  const hit = prepared.get(g);
  if (hit) return hit;
  const polys = polygonsOf(g).filter((p) => p.length > 0 && p[0]!.length > 0);
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const e: number[] = [];
  for (const p of polys)
    for (const ring of p)
      for (let i = 0; i < ring.length; i++) {
        const [x1, y1] = ring[i]!;
        const [x2, y2] = ring[(i + 1) % ring.length]!;
        if (x1 < box[0]) box[0] = x1;
        if (y1 < box[1]) box[1] = y1;
        if (x1 > box[2]) box[2] = x1;
        if (y1 > box[3]) box[3] = y1;
        if (x1 !== x2 || y1 !== y2) e.push(x1, y1, x2, y2);
      }
  const edges = Float64Array.from(e);
  const bandH = Math.max((box[3] - box[1]) / BANDS, 1e-12);
  const lists: number[][] = Array.from({ length: BANDS }, () => []);
  for (let k = 0; k < edges.length; k += 4) {
    const [a, b] = band2(edges[k + 1]!, edges[k + 3]!, box[1], bandH);
    for (let j = a; j <= b; j++) lists[j]!.push(k);
  }
  const out: Prepared = { box, polys, edges, bands: lists.map((l) => Uint32Array.from(l)), bandMinY: box[1], bandH };
  prepared.set(g, out);
  return out;
}

/** The bands a latitude range spans, clamped to the district's. */
function band2(ya: number, yb: number, minY: number, h: number): [number, number] {
  const lo = Math.min(ya, yb);
  const hi = Math.max(ya, yb);
  const clamp = (v: number) => Math.min(BANDS - 1, Math.max(0, v));
  return [clamp(Math.floor((lo - minY) / h)), clamp(Math.floor((hi - minY) / h))];
}

const EPS = 1e-12;
const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > EPS ? 1 : v < -EPS ? -1 : 0;
};

/** 1 strictly inside the ring, 0 on it, -1 outside (crossing number). */
function inRing(ring: Ring, x: number, y: number): 1 | 0 | -1 {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (orient(xj, yj, xi, yi, x, y) === 0 && x >= Math.min(xi, xj) - EPS && x <= Math.max(xi, xj) + EPS && y >= Math.min(yi, yj) - EPS && y <= Math.max(yi, yj) + EPS) return 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** 1 strictly inside the district (not in a hole), 0 on a boundary, -1 outside. */
function inDistrict(d: Prepared, x: number, y: number): 1 | 0 | -1 {
  if (x < d.box[0] || x > d.box[2] || y < d.box[1] || y > d.box[3]) return -1;
  for (const [outer, ...holes] of d.polys) {
    const s = inRing(outer!, x, y);
    if (s === -1) continue;
    if (s === 0) return 0;
    let inHole: 1 | 0 | -1 = -1;
    for (const h of holes) {
      inHole = inRing(h, x, y);
      if (inHole !== -1) break;
    }
    return inHole === 1 ? -1 : inHole === 0 ? 0 : 1;
  }
  return -1;
}

/** Whether a polygon ([lon, lat] ring, closed or not) overlaps the district. */
export function polygonOverlaps(g: PolygonalGeometry, ring: Ring): boolean {
  const d = prepare(g);
  if (ring.length < 3 || d.edges.length === 0) return false;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  if (maxX < d.box[0] || minX > d.box[2] || maxY < d.box[1] || minY > d.box[3]) return false;
  // 1. The boundaries properly cross.
  const E = d.edges;
  for (let i = 0; i < ring.length; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[(i + 1) % ring.length]!;
    const ex0 = Math.min(ax, bx);
    const ex1 = Math.max(ax, bx);
    const ey0 = Math.min(ay, by);
    const ey1 = Math.max(ay, by);
    if (ex1 < d.box[0] || ex0 > d.box[2] || ey1 < d.box[1] || ey0 > d.box[3]) continue;
    const [b0, b1] = band2(ay, by, d.bandMinY, d.bandH);
    for (let j = b0; j <= b1; j++) {
      for (const k of d.bands[j]!) {
        const cx = E[k]!;
        const cy = E[k + 1]!;
        const dx = E[k + 2]!;
        const dy = E[k + 3]!;
        if (Math.max(cx, dx) < ex0 || Math.min(cx, dx) > ex1 || Math.max(cy, dy) < ey0 || Math.min(cy, dy) > ey1) continue;
        const o1 = orient(ax, ay, bx, by, cx, cy);
        const o2 = orient(ax, ay, bx, by, dx, dy);
        const o3 = orient(cx, cy, dx, dy, ax, ay);
        const o4 = orient(cx, cy, dx, dy, bx, by);
        if (o1 * o2 < 0 && o3 * o4 < 0) return true;
      }
    }
  }
  // 2. Without a crossing, one lies inside the other or they are apart: one vertex that is not on
  // the other's boundary tells which (the rest are on the same side).
  for (const [x, y] of ring) {
    const s = inDistrict(d, x, y);
    if (s !== 0) {
      if (s === 1) return true;
      break;
    }
  }
  for (const [outer] of d.polys) {
    for (const [x, y] of outer!) {
      const s = inRing(ring, x, y);
      if (s === 0) continue;
      if (s === 1) return true;
      break;
    }
  }
  return false;
}

/** Whether a circle (centre lon/lat, radius in km) reaches the district: the centre inside, or its boundary within the radius. */
export function circleOverlaps(g: PolygonalGeometry, lon: number, lat: number, radiusKm: number): boolean {
  const d = prepare(g);
  if (d.edges.length === 0) return false;
  const ky = 110.574; // km per degree of latitude
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180); // km per degree of longitude here
  // Box prefilter: the district's box grown by the radius.
  const rx = kx > 1e-9 ? radiusKm / kx : 360;
  const ry = radiusKm / ky;
  if (lon + rx < d.box[0] || lon - rx > d.box[2] || lat + ry < d.box[1] || lat - ry > d.box[3]) return false;
  if (inDistrict(d, lon, lat) !== -1) return true;
  const r2 = radiusKm * radiusKm;
  const E = d.edges;
  for (let k = 0; k < E.length; k += 4) {
    // Edges whose box is beyond the radius cannot be nearer.
    if (Math.max(E[k]!, E[k + 2]!) < lon - rx || Math.min(E[k]!, E[k + 2]!) > lon + rx || Math.max(E[k + 1]!, E[k + 3]!) < lat - ry || Math.min(E[k + 1]!, E[k + 3]!) > lat + ry) continue;
    const ax = (E[k]! - lon) * kx;
    const ay = (E[k + 1]! - lat) * ky;
    const bx = (E[k + 2]! - lon) * kx;
    const by = (E[k + 3]! - lat) * ky;
    const vx = bx - ax;
    const vy = by - ay;
    const len2 = vx * vx + vy * vy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * vx + ay * vy) / len2));
    const px = ax + t * vx;
    const py = ay + t * vy;
    if (px * px + py * py <= r2) return true;
  }
  return false;
}
