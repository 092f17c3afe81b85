/**
 * Boundaries at the detail a map can show, worked out once where the boundaries are kept and
 * applied cheaply where they are drawn.
 *
 * Douglas–Peucker splits a line at its farthest position from the chord, and that position does
 * not depend on the tolerance: only whether the split happens does. So one pass at no tolerance
 * gives every position the distance at which it would be split off, capped by the distances of
 * the splits above it; the line simplified at tolerance t is then exactly the positions whose
 * capped distance exceeds t. The host runs that pass once per set of boundaries
 * (`geometryLevels`); a map keeps the positions of its tolerance with one comparison each
 * (`geometryAtLevel`) instead of running Douglas–Peucker itself, which on a cold page, before V8
 * has optimised it, took ~14 ms a pass over the province's 7,300 positions.
 *
 * The distance travels as a level: the smallest integer k with distance ≤ 2^k. Maps pick
 * tolerances that are powers of two (renderer/components/map-detail boundaryTolerance), and a
 * position is kept at tolerance 2^k exactly when its level is above k. Small integers also make
 * a short answer.
 */

type Position = readonly number[];
type Geometry = { type: string; coordinates?: unknown };

// Levels of real boundaries lie far inside these: a tolerance of 2^-99 or 2^99 degrees is no
// map's, and two digits keep the answer short.
/** A position every detail keeps: the ends of a line, a ring's start and its farthest position. */
export const LEVEL_ALWAYS = 99;
/** A position on its chord (no distance): kept by no tolerance. */
export const LEVEL_NEVER = -99;

/** One level per position, nested as the geometry's coordinates are (without the last array). */
export type DetailLevels = number[] | DetailLevels[];

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

/** The level of a squared distance: kept at 2^k exactly when sq > 4^k. */
function levelOf(sq: number): number {
  if (!(sq > 0)) return LEVEL_NEVER;
  return Math.max(LEVEL_NEVER + 1, Math.min(LEVEL_ALWAYS - 1, Math.ceil(Math.log2(sq) / 2)));
}

/**
 * Levels of `line[from..to]` (inclusive) into `out`; iterative, so long rings cannot overflow the
 * stack. The pending segments sit in flat typed arrays rather than one small array each: on an
 * installer's file of a million and more positions those arrays were most of the garbage the
 * host collected while loading it.
 */
function lineLevelsInto(line: readonly Position[], from: number, to: number, out: number[]): void {
  out[from] = out[to] = LEVEL_ALWAYS;
  // A position no split picks lies on its chord: no tolerance keeps it.
  for (let i = from + 1; i < to; i++) out[i] = LEVEL_NEVER;
  // Per pending segment: first, last, and the capped squared distance of the split that made it.
  let ends = new Int32Array(64);
  let caps = new Float64Array(32);
  let n = 0;
  const push = (first: number, last: number, cap: number) => {
    if (n === caps.length) {
      const e = new Int32Array(ends.length * 2);
      e.set(ends);
      ends = e;
      const c = new Float64Array(caps.length * 2);
      c.set(caps);
      caps = c;
    }
    ends[2 * n] = first;
    ends[2 * n + 1] = last;
    caps[n++] = cap;
  };
  push(from, to, Infinity);
  while (n > 0) {
    n--;
    const first = ends[2 * n]!, last = ends[2 * n + 1]!, cap = caps[n]!;
    let max = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = sqSegDist(line[i]!, line[first]!, line[last]!);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index === -1) continue;
    const capped = Math.min(max, cap);
    out[index] = levelOf(capped);
    push(first, index, capped);
    push(index, last, capped);
  }
}

/** Levels of an open line. */
export function lineLevels(line: readonly Position[]): number[] {
  const out = new Array<number>(line.length).fill(LEVEL_ALWAYS);
  if (line.length > 2) lineLevelsInto(line, 0, line.length - 1, out);
  return out;
}

/**
 * Levels of a closed ring. Its first and last positions are the same point, so the chord would
 * have no length: the ring is split at its farthest position from the start and each half done
 * as a line. A ring of four positions or fewer (a triangle, closed) is kept whole.
 */
export function ringLevels(ring: readonly Position[]): number[] {
  const out = new Array<number>(ring.length).fill(LEVEL_ALWAYS);
  if (ring.length <= 4) return out;
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
  lineLevelsInto(ring, 0, far, out);
  lineLevelsInto(ring, far, ring.length - 1, out);
  return out;
}

const isPositions = (c: unknown): c is Position[] => Array.isArray(c) && Array.isArray(c[0]) && typeof c[0][0] === 'number';

/**
 * The levels of a Polygon, MultiPolygon, LineString or MultiLineString; null for any other
 * geometry (a point has nothing to simplify) or coordinates that are not of the type's shape.
 */
export function geometryLevels(geom: Geometry | null | undefined): DetailLevels | null {
  const c = geom?.coordinates;
  if (!Array.isArray(c)) return null;
  const lines = (ls: unknown, f: (l: Position[]) => number[]) =>
    Array.isArray(ls) && ls.every(isPositions) ? ls.map(f) : null;
  switch (geom!.type) {
    case 'Polygon':
      return lines(c, ringLevels);
    case 'MultiPolygon': {
      const polys = c.map((p) => lines(p, ringLevels));
      return polys.every((p) => p !== null) ? (polys as number[][][]) : null;
    }
    case 'LineString':
      return isPositions(c) ? lineLevels(c) : null;
    case 'MultiLineString':
      return lines(c, lineLevels);
    default:
      return null;
  }
}

function keep<P>(positions: readonly P[], levels: readonly number[] | undefined, level: number): P[] {
  if (!levels || levels.length !== positions.length) return positions.slice();
  return positions.filter((_, i) => levels[i]! > level);
}

/** A ring keeps at least four positions (a triangle, closed): a tiny island stays a shape. */
function keepRing<P>(ring: readonly P[], levels: readonly number[] | undefined, level: number): P[] {
  const out = keep(ring, levels, level);
  return out.length >= 4 ? out : ring.slice();
}

/**
 * The geometry simplified to 2^level degrees, from its levels (geometryLevels): what
 * Douglas–Peucker at that tolerance gives, with one comparison a position. Levels that do not
 * match the geometry leave the unmatched lines whole.
 */
export function geometryAtLevel<G extends Geometry>(geom: G, levels: DetailLevels | null | undefined, level: number): G {
  if (!levels) return geom;
  const c = geom.coordinates;
  const at = <T>(ls: readonly T[], i: number) => (Array.isArray(ls) ? ls[i] : undefined);
  switch (geom.type) {
    case 'Polygon':
      return { ...geom, coordinates: (c as Position[][]).map((r, i) => keepRing(r, at(levels as number[][], i), level)) };
    case 'MultiPolygon':
      return {
        ...geom,
        coordinates: (c as Position[][][]).map((p, i) => p.map((r, j) => keepRing(r, at(at(levels as number[][][], i) ?? [], j), level))),
      };
    case 'LineString':
      return { ...geom, coordinates: keep(c as Position[], levels as number[], level) };
    case 'MultiLineString':
      return { ...geom, coordinates: (c as Position[][]).map((l, i) => keep(l, at(levels as number[][], i), level)) };
    default:
      return geom;
  }
}
