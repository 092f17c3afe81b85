/**
 * Which map labels to draw so that none overlaps another, a point's disc, or the map's edge:
 * labels are taken in priority order (the selected district first, then the larger area, then
 * the larger value shown) and a label is kept only if its box, grown by a small gap, touches no
 * label already kept and lies wholly inside the map. A label that would sit on a disc (a
 * cluster's count, or a point left single among clusters) is moved to the nearest place clear of
 * the discs, if its district still holds the moved name; else it is hidden like a colliding one.
 * Hidden labels show once the map zooms in far enough for them to fit. Pure (boxes in, ids and
 * shifts out) so the rule is tested without a browser.
 */

export interface LabelBox {
  id: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LabelCandidate extends LabelBox {
  selected?: boolean;
  /** Size of the area the label names (any unit, only compared). */
  area: number;
  /** The figure printed under the name, if any. */
  value?: number;
}

/** Labels rendered smaller than this (CSS px, after any wall scaling) are not drawn at all. */
export const MIN_LABEL_PX = 12;

/** Higher first: selected, then larger area, then larger value; id keeps the order stable. */
export function byPriority(a: LabelCandidate, b: LabelCandidate): number {
  if (!!a.selected !== !!b.selected) return a.selected ? -1 : 1;
  if (a.area !== b.area) return b.area - a.area;
  const va = a.value ?? -Infinity;
  const vb = b.value ?? -Infinity;
  if (va !== vb) return vb - va;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function boxesOverlap(a: LabelBox, b: LabelBox, gap = 0): boolean {
  return (
    a.left < b.left + b.width + gap &&
    b.left < a.left + a.width + gap &&
    a.top < b.top + b.height + gap &&
    b.top < a.top + a.height + gap
  );
}

function inside(box: LabelBox, bounds: LabelBox): boolean {
  return (
    box.left >= bounds.left &&
    box.top >= bounds.top &&
    box.left + box.width <= bounds.left + bounds.width &&
    box.top + box.height <= bounds.top + bounds.height
  );
}

/** How far a shown label is moved from where it was measured (0, 0 for most). */
export interface LabelShift {
  dx: number;
  dy: number;
}

export interface PlaceOptions {
  /** Kept between neighbouring labels, so they never touch. */
  gap?: number;
  /**
   * One of the map's own pixels in the boxes' units (a scaled copy of the map, the console's
   * preview, measures smaller boxes): a label moved off a disc is moved this much further, so the
   * copy and the map decide alike.
   */
  unit?: number;
  /** Boxes no label may cover (the discs of clustered points, with their counts). */
  obstacles?: readonly LabelBox[];
  /** Whether a label moved by (dx, dy) still names its own area (default: any move does). */
  fits?(c: LabelCandidate, dx: number, dy: number): boolean;
}

/** The places just clear of each obstacle a label covers (`px` further, against rounding). */
function clearOf(c: LabelBox, hits: readonly LabelBox[], px: number): LabelShift[] {
  const out: LabelShift[] = [];
  for (const o of hits) {
    out.push(
      { dx: 0, dy: o.top - (c.top + c.height) - px },
      { dx: 0, dy: o.top + o.height - c.top + px },
      { dx: o.left - (c.left + c.width) - px, dy: 0 },
      { dx: o.left + o.width - c.left + px, dy: 0 },
    );
  }
  return out;
}

const moved = <T extends LabelBox>(c: T, s: LabelShift): T => ({ ...c, left: c.left + s.dx, top: c.top + s.dy });

/** Bounds of the obstacle grid's cell side, in the boxes' units (CSS pixels; a disc is 20–80). */
const MIN_CELL = 16;
const MAX_CELL = 256;
/** A box over more cells than this is not put in the grid: it is checked for every query. */
const MAX_CELLS_PER_BOX = 4096;

/**
 * The obstacles in a grid of square cells, so that a box is checked only against the discs near
 * it. A wall map's names are placed against every cluster disc of the map (a few hundred on a
 * hotline map), and the search below checks dozens of places per name: against the whole list
 * that was most of the cost of placing a map's names on a layout switch. Answers are in the
 * obstacles' own order, as a scan of the list gives them, so the placement is the same.
 */
export class ObstacleGrid {
  private readonly cells = new globalThis.Map<number, number[]>();
  /** Obstacles in no cell (huge, or not a number): checked for every query, as a scan would. */
  private readonly everywhere: number[] = [];
  private readonly size: number;
  /** Which query last met each obstacle (one obstacle spans several cells). */
  private readonly stamp: Int32Array;
  private query = 0;

  constructor(private readonly boxes: readonly LabelBox[]) {
    this.stamp = new Int32Array(boxes.length);
    let side = 0;
    for (const b of boxes) if (Math.max(b.width, b.height) < MAX_CELL) side = Math.max(side, b.width, b.height);
    // About a disc per cell: a box then looks at a few cells, and a disc is in at most four.
    this.size = Math.max(MIN_CELL, side);
    boxes.forEach((b, i) => {
      const inGrid = this.eachCell(b, (k) => {
        const list = this.cells.get(k);
        if (list) list.push(i);
        else this.cells.set(k, [i]);
      });
      if (!inGrid) this.everywhere.push(i);
    });
  }

  /** Calls `f` with the key of every cell `b` touches; false (and no call) if it fits no cells. */
  private eachCell(b: LabelBox, f: (key: number) => void): boolean {
    const x0 = Math.floor(b.left / this.size);
    const y0 = Math.floor(b.top / this.size);
    const x1 = Math.floor((b.left + b.width) / this.size);
    const y1 = Math.floor((b.top + b.height) / this.size);
    if (!Number.isFinite(x0 + y0 + x1 + y1) || (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS_PER_BOX) return false;
    // Cells keyed by x and y in one number (a map is far less than 2^20 cells across; a
    // collision would only add candidates, each still checked exactly).
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) f(y * 1_048_576 + x);
    return true;
  }

  /** The obstacles `box` overlaps, in their order. */
  hits(box: LabelBox): LabelBox[] {
    const found: number[] = [];
    this.overlapping(box, (i) => {
      found.push(i);
      return false;
    });
    return found.sort((a, b) => a - b).map((i) => this.boxes[i]!);
  }

  /** Whether `box` overlaps any obstacle: stops at the first one met. */
  any(box: LabelBox): boolean {
    return this.overlapping(box, () => true);
  }

  /**
   * Calls `found` once for each obstacle `box` overlaps, in no set order, until it returns true;
   * says whether it did.
   */
  private overlapping(box: LabelBox, found: (i: number) => boolean): boolean {
    const q = ++this.query;
    const visit = (i: number): boolean => {
      if (this.stamp[i] === q) return false;
      this.stamp[i] = q;
      return boxesOverlap(this.boxes[i]!, box) && found(i);
    };
    let done = false;
    const inGrid = this.eachCell(box, (k) => {
      if (done) return;
      for (const i of this.cells.get(k) ?? []) if (visit(i)) return void (done = true);
    });
    if (!inGrid) for (let i = 0; i < this.boxes.length && !done; i++) done = visit(i);
    for (const i of this.everywhere) if (done || (done = visit(i))) break;
    return done;
  }
}

/**
 * The nearest place for a label that covers discs: just clear of one of them, else (that place
 * covering others) just clear of those too; two steps, so a name among a few discs finds the gap
 * between them, and the search stays a few dozen boxes. A label that covers no disc is not moved:
 * one hidden by a more important label alone stays hidden.
 */
function offDiscs(c: LabelBox, obstacles: ObstacleGrid, px: number, ok: (s: LabelShift) => boolean): LabelShift | undefined {
  let frontier: LabelShift[] = [{ dx: 0, dy: 0 }];
  const tried = new Set<string>();
  for (let step = 0; step < 2 && frontier.length > 0; step++) {
    const next: LabelShift[] = [];
    for (const f of frontier) {
      const box = moved(c, f);
      for (const s of clearOf(box, obstacles.hits(box), px)) {
        const t = { dx: f.dx + s.dx, dy: f.dy + s.dy };
        const key = `${t.dx},${t.dy}`;
        if (!tried.has(key)) {
          tried.add(key);
          next.push(t);
        }
      }
    }
    next.sort((a, b) => Math.hypot(a.dx, a.dy) - Math.hypot(b.dx, b.dy));
    const found = next.find(ok);
    if (found) return found;
    frontier = next;
  }
  return undefined;
}

/** The ids to show and how far each is moved, greedily by priority. */
export function placeLabels(candidates: readonly LabelCandidate[], bounds: LabelBox, opts: PlaceOptions = {}): Map<string, LabelShift> {
  const gap = opts.gap ?? 4;
  const obstacles = new ObstacleGrid(opts.obstacles ?? []);
  const kept: LabelBox[] = [];
  const shown = new Map<string, LabelShift>();
  const free = (box: LabelBox) => inside(box, bounds) && !kept.some((k) => boxesOverlap(k, box, gap)) && !obstacles.any(box);
  for (const c of [...candidates].sort(byPriority)) {
    if (!(c.width > 0 && c.height > 0)) continue;
    const at = free(c) ? { dx: 0, dy: 0 } : offDiscs(c, obstacles, opts.unit ?? 1, (s) => free(moved(c, s)) && (opts.fits?.(c, s.dx, s.dy) ?? true));
    if (!at) continue;
    const box = moved(c, at);
    kept.push(box);
    shown.set(c.id, at);
  }
  return shown;
}

/**
 * Whether [lon, lat] lies in a GeoJSON (multi)polygon (even-odd: a hole is outside). A ring or
 * position that is not an array of numbers counts as no area, never as an error.
 */
export function geometryContains(geometry: { type: string; coordinates?: unknown }, lon: number, lat: number): boolean {
  const list = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
  // Read in place, not copied: a name moved off a disc asks this for each place it tries.
  const coord = (p: unknown, k: number): number => (Array.isArray(p) && typeof p[k] === 'number' ? p[k] : NaN);
  const inRing = (ring: unknown) => {
    const r = list(ring);
    let inside = false;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const xi = coord(r[i], 0);
      const yi = coord(r[i], 1);
      const xj = coord(r[j], 0);
      const yj = coord(r[j], 1);
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const inPolygon = (p: unknown) => list(p).reduce<boolean>((acc, r) => (inRing(r) ? !acc : acc), false);
  if (geometry.type === 'Polygon') return inPolygon(geometry.coordinates);
  if (geometry.type === 'MultiPolygon') return list(geometry.coordinates).some(inPolygon);
  return false;
}

/** Planar size of a GeoJSON (multi)polygon in squared degrees: enough to rank districts. */
export function ringsArea(geometry: { type: string; coordinates?: unknown }): number {
  const ring = (r: number[][]) => {
    let s = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j]![0]! + r[i]![0]!) * (r[j]![1]! - r[i]![1]!);
    return Math.abs(s) / 2;
  };
  const polygon = (p: number[][][]) => p.reduce((s, r, i) => s + (i === 0 ? ring(r) : -ring(r)), 0);
  if (geometry.type === 'Polygon') return polygon(geometry.coordinates as number[][][]);
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as number[][][][]).reduce((s, p) => s + polygon(p), 0);
  return 0;
}
