import type { Layout, Rect, Tile, Wall, WallDisplay } from './model';

/**
 * Wall geometry on the virtual canvas. Every grid cell is a display's active area with its four
 * bezels around it, and the bezels take canvas space: a tile spanning a seam is drawn as one
 * continuous picture and the strip behind the bezels is simply never shown, as on a real wall.
 *
 * Column widths and row heights are the widest / tallest cell in that column / row, so a wall of
 * mixed displays still has straight seams; a smaller display sits at its cell's top-left.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

interface Tracks {
  /** canvas x where each column's cell starts; length cols + 1 (last = canvas width). */
  colStarts: number[];
  rowStarts: number[];
}

function cellWidth(d: WallDisplay): number {
  return d.bezel.left + d.width + d.bezel.right;
}
function cellHeight(d: WallDisplay): number {
  return d.bezel.top + d.height + d.bezel.bottom;
}

/** The display we use to size a column / row that has no display (irregular walls). */
function typical(wall: Wall): WallDisplay {
  return wall.displays[0]!;
}

function tracks(wall: Wall): Tracks {
  const colW = new Array<number>(wall.cols).fill(0);
  const rowH = new Array<number>(wall.rows).fill(0);
  for (const d of wall.displays) {
    if (d.col < wall.cols) colW[d.col] = Math.max(colW[d.col]!, cellWidth(d));
    if (d.row < wall.rows) rowH[d.row] = Math.max(rowH[d.row]!, cellHeight(d));
  }
  const t = typical(wall);
  const colStarts = [0];
  for (let c = 0; c < wall.cols; c++) colStarts.push(colStarts[c]! + (colW[c] || cellWidth(t)));
  const rowStarts = [0];
  for (let r = 0; r < wall.rows; r++) rowStarts.push(rowStarts[r]! + (rowH[r] || cellHeight(t)));
  return { colStarts, rowStarts };
}

/** Size of the wall's virtual canvas (all cells, bezels included). */
export function canvasSize(wall: Wall): Size {
  const { colStarts, rowStarts } = tracks(wall);
  return { width: colStarts[wall.cols]!, height: rowStarts[wall.rows]! };
}

export function findDisplay(wall: Wall, displayId: string): WallDisplay | undefined {
  return wall.displays.find((d) => d.id === displayId);
}

export function displayAt(wall: Wall, col: number, row: number): WallDisplay | undefined {
  return wall.displays.find((d) => d.col === col && d.row === row);
}

/** The cell of a display on the canvas: its active area plus its bezels. */
export function displayCell(wall: Wall, displayId: string): Box {
  const d = mustFind(wall, displayId);
  const { colStarts, rowStarts } = tracks(wall);
  return {
    x: colStarts[d.col]!,
    y: rowStarts[d.row]!,
    width: cellWidth(d),
    height: cellHeight(d),
  };
}

/**
 * The canvas rectangle a display shows (its active pixels), bezels accounted. A display window
 * renders the canvas translated by (-x, -y) and clipped to width x height.
 */
export function displayViewport(wall: Wall, displayId: string): Box {
  const d = mustFind(wall, displayId);
  const cell = displayCell(wall, displayId);
  return { x: cell.x + d.bezel.left, y: cell.y + d.bezel.top, width: d.width, height: d.height };
}

/** Every display's viewport, in the wall's display order. */
export function displayViewports(wall: Wall): { display: WallDisplay; viewport: Box }[] {
  return wall.displays.map((display) => ({ display, viewport: displayViewport(wall, display.id) }));
}

function mustFind(wall: Wall, displayId: string): WallDisplay {
  const d = findDisplay(wall, displayId);
  if (!d) throw new Error(`Wall "${wall.id}" has no display "${displayId}".`);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Rectangles

export function rectToBox(r: Rect): Box {
  return { x: r.x, y: r.y, width: r.w, height: r.h };
}

export function boxToRect(b: Box): Rect {
  return { x: b.x, y: b.y, w: b.width, h: b.height };
}

/** Intersection of two boxes, or null when they only touch or are apart. */
export function intersect(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const r = Math.min(a.x + a.width, b.x + b.width);
  const bt = Math.min(a.y + a.height, b.y + b.height);
  if (r - x <= EPS || bt - y <= EPS) return null;
  return { x, y, width: r - x, height: bt - y };
}

const EPS = 1e-6;

export interface TileOnDisplay {
  displayId: string;
  /** The visible part of the tile, in canvas units. */
  visible: Box;
  /** The same part in the display's own pixels (0,0 = display's top-left active pixel). */
  local: Box;
  /** The whole tile in the display's pixels (may extend past the display's edges). */
  tileLocal: Box;
}

/** Where a tile shows: one entry per display whose active area it overlaps. */
export function tileDisplays(wall: Wall, rect: Rect): TileOnDisplay[] {
  const box = rectToBox(rect);
  const out: TileOnDisplay[] = [];
  for (const d of wall.displays) {
    const vp = displayViewport(wall, d.id);
    const visible = intersect(box, vp);
    if (!visible) continue;
    out.push({
      displayId: d.id,
      visible,
      local: { x: visible.x - vp.x, y: visible.y - vp.y, width: visible.width, height: visible.height },
      tileLocal: { x: box.x - vp.x, y: box.y - vp.y, width: box.width, height: box.height },
    });
  }
  return out;
}

/** Tiles of a layout that a display shows (any overlap with its active area). */
export function tilesForDisplay(wall: Wall, layout: Pick<Layout, 'tiles'>, displayId: string): Tile[] {
  const vp = displayViewport(wall, displayId);
  return layout.tiles.filter((t) => intersect(rectToBox(t.rect), vp) !== null);
}

/** true when the tile lies wholly inside the canvas. */
export function insideCanvas(wall: Wall, rect: Rect): boolean {
  const c = canvasSize(wall);
  return rect.x >= -EPS && rect.y >= -EPS && rect.x + rect.w <= c.width + EPS && rect.y + rect.h <= c.height + EPS;
}

/**
 * Each tile that overlaps an earlier one with a positive area (touching edges is fine), with the
 * first such earlier tile, by index: one answer per tile, however many it covers, so a pile of
 * tiles on one spot gives as many problems as tiles, not pairs.
 */
export function overlappingTiles(tiles: readonly Pick<Tile, 'id' | 'rect'>[]): [earlier: number, later: number][] {
  const boxes = tiles.map((t) => rectToBox(t.rect));
  const out: [number, number][] = [];
  for (let j = 1; j < boxes.length; j++) {
    for (let i = 0; i < j; i++) {
      if (intersect(boxes[i]!, boxes[j]!)) {
        out.push([i, j]);
        break;
      }
    }
  }
  return out;
}

/** true when no part of the tile falls on any display's active area (e.g. only on a missing display). */
export function tileIsInvisible(wall: Wall, rect: Rect): boolean {
  return tileDisplays(wall, rect).length === 0;
}

export interface LayoutProblem {
  /** JSON-ish path, e.g. 'tiles.3.rect'. */
  path: string;
  code: 'off-canvas' | 'overlap' | 'invisible' | 'duplicate-id' | 'wrong-wall';
  message: string;
}

/** Semantic checks the schema cannot express. An empty list means the layout fits the wall. */
export function checkLayout(wall: Wall, layout: Pick<Layout, 'tiles' | 'wallId'>, pathPrefix = ''): LayoutProblem[] {
  const p = (s: string) => (pathPrefix ? `${pathPrefix}.${s}` : s);
  const problems: LayoutProblem[] = [];
  if (layout.wallId !== wall.id) {
    problems.push({
      path: p('wallId'),
      code: 'wrong-wall',
      message: `bố cục dành cho tường "${layout.wallId}", không phải "${wall.id}" / layout is for wall "${layout.wallId}", not "${wall.id}"`,
    });
  }
  const c = canvasSize(wall);
  const seen = new Map<string, number>();
  layout.tiles.forEach((t, i) => {
    if (seen.has(t.id)) {
      problems.push({ path: p(`tiles.${i}.id`), code: 'duplicate-id', message: `mã ô "${t.id}" bị trùng / tile id "${t.id}" is used twice` });
    }
    seen.set(t.id, i);
    if (!insideCanvas(wall, t.rect)) {
      problems.push({
        path: p(`tiles.${i}.rect`),
        code: 'off-canvas',
        message: `ô "${t.id}" (${fmt(t.rect)}) nằm ngoài tường ${c.width}x${c.height} / tile "${t.id}" (${fmt(t.rect)}) leaves the ${c.width}x${c.height} canvas`,
      });
    } else if (tileIsInvisible(wall, t.rect)) {
      problems.push({
        path: p(`tiles.${i}.rect`),
        code: 'invisible',
        message: `ô "${t.id}" không nằm trên màn hình nào / tile "${t.id}" is not on any display of the wall`,
      });
    }
  });
  for (const [i, j] of overlappingTiles(layout.tiles)) {
    const a = layout.tiles[i]!.id;
    const b = layout.tiles[j]!.id;
    problems.push({ path: p(`tiles.${j}.rect`), code: 'overlap', message: `ô "${b}" chồng lên ô "${a}" / tile "${b}" overlaps tile "${a}"` });
  }
  return problems;
}

function fmt(r: Rect): string {
  return `x ${round(r.x)}, y ${round(r.y)}, ${round(r.w)}x${round(r.h)}`;
}
function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Snapping

export interface SnapOptions {
  /** Sub-grid: each display's active area divided into this many columns and rows. */
  subdivisions?: number;
  /** Snap when an edge is within this many canvas units of a guide. */
  threshold?: number;
}

export interface Guides {
  xs: number[];
  ys: number[];
}

/**
 * Lines edges snap to: every display's active edges (so tiles line up with the seams, not the
 * bezel's middle), the canvas edges, and a sub-grid inside each display.
 */
export function snapGuides(wall: Wall, subdivisions = 4): Guides {
  const c = canvasSize(wall);
  const xs = new Set<number>([0, c.width]);
  const ys = new Set<number>([0, c.height]);
  const n = Math.max(1, Math.floor(subdivisions));
  for (const d of wall.displays) {
    const vp = displayViewport(wall, d.id);
    for (let k = 0; k <= n; k++) {
      xs.add(round(vp.x + (vp.width * k) / n));
      ys.add(round(vp.y + (vp.height * k) / n));
    }
  }
  return { xs: [...xs].sort((a, b) => a - b), ys: [...ys].sort((a, b) => a - b) };
}

function nearest(value: number, lines: number[], threshold: number): { line: number; d: number } | null {
  let best: { line: number; d: number } | null = null;
  for (const line of lines) {
    const d = Math.abs(line - value);
    if (d <= threshold && (!best || d < best.d)) best = { line, d };
  }
  return best;
}

/** Snap a single coordinate to the nearest guide within the threshold. */
export function snapValue(value: number, lines: number[], threshold: number): number {
  return nearest(value, lines, threshold)?.line ?? value;
}

/**
 * Snap a moved tile: keep its size and shift it so the edge nearest a guide lands on it
 * (left or right, top or bottom independently), then keep it on the canvas.
 */
export function snapMove(wall: Wall, rect: Rect, opts: SnapOptions = {}): Rect {
  const { xs, ys } = snapGuides(wall, opts.subdivisions ?? 4);
  const th = opts.threshold ?? 24;
  const pick = (start: number, size: number, lines: number[]) => {
    const a = nearest(start, lines, th);
    const b = nearest(start + size, lines, th);
    if (a && (!b || a.d <= b.d)) return a.line;
    if (b) return b.line - size;
    return start;
  };
  return clampToCanvas(wall, { ...rect, x: pick(rect.x, rect.w, xs), y: pick(rect.y, rect.h, ys) });
}

export type Edge = 'left' | 'right' | 'top' | 'bottom';

/** Snap the edges being dragged in a resize; the others stay put. Never smaller than minSize. */
export function snapResize(wall: Wall, rect: Rect, edges: readonly Edge[], opts: SnapOptions & { minSize?: number } = {}): Rect {
  const { xs, ys } = snapGuides(wall, opts.subdivisions ?? 4);
  const th = opts.threshold ?? 24;
  const min = opts.minSize ?? 40;
  let left = rect.x;
  let top = rect.y;
  let right = rect.x + rect.w;
  let bottom = rect.y + rect.h;
  if (edges.includes('left')) left = Math.min(snapValue(left, xs, th), right - min);
  if (edges.includes('right')) right = Math.max(snapValue(right, xs, th), left + min);
  if (edges.includes('top')) top = Math.min(snapValue(top, ys, th), bottom - min);
  if (edges.includes('bottom')) bottom = Math.max(snapValue(bottom, ys, th), top + min);
  return clampToCanvas(wall, { x: left, y: top, w: right - left, h: bottom - top });
}

/** Keep a rect on the canvas: shrink it if it is larger, then shift it inside. */
export function clampToCanvas(wall: Wall, rect: Rect): Rect {
  const c = canvasSize(wall);
  const w = Math.min(rect.w, c.width);
  const h = Math.min(rect.h, c.height);
  const x = Math.min(Math.max(0, rect.x), c.width - w);
  const y = Math.min(Math.max(0, rect.y), c.height - h);
  return { x, y, w, h };
}

// ---------------------------------------------------------------------------------------------
// Grid units: wall-independent coordinates, so a layout can follow its wall when it changes.
//
// Grid unit u in [0, cols]: integer u = c is the active-area start of column c (for a start edge)
// or the active-area end of column c - 1 (for an end edge); a fraction inside a column is linear
// over that column's active width. Bezels map to the integer boundaries.

function colActive(wall: Wall, t: Tracks, c: number, axis: 'x' | 'y'): { start: number; size: number } {
  const starts = axis === 'x' ? t.colStarts : t.rowStarts;
  // Any display of that column/row tells the bezel; fall back to the typical display.
  const d =
    wall.displays.find((dd) => (axis === 'x' ? dd.col : dd.row) === c) ?? typical(wall);
  const lead = axis === 'x' ? d.bezel.left : d.bezel.top;
  const size = axis === 'x' ? d.width : d.height;
  return { start: starts[c]! + lead, size };
}

function unitToCanvas(wall: Wall, t: Tracks, u: number, axis: 'x' | 'y', edge: 'start' | 'end'): number {
  const n = axis === 'x' ? wall.cols : wall.rows;
  const v = Math.min(Math.max(u, 0), n);
  let c = Math.floor(v);
  let frac = v - c;
  if (edge === 'end' && frac < EPS && c > 0) {
    c -= 1;
    frac = 1;
  }
  if (c >= n) {
    c = n - 1;
    frac = 1;
  }
  const a = colActive(wall, t, c, axis);
  return a.start + a.size * frac;
}

function canvasToUnit(wall: Wall, t: Tracks, x: number, axis: 'x' | 'y'): number {
  const n = axis === 'x' ? wall.cols : wall.rows;
  for (let c = 0; c < n; c++) {
    const a = colActive(wall, t, c, axis);
    if (x < a.start) return c; // in the bezel before this column's active area
    if (x <= a.start + a.size) return c + (x - a.start) / a.size;
  }
  return n;
}

/** A rect in fractions of the wall (0..1 both ways), wall-independent. */
export interface FracRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Place a fractional rect on a wall: the wall's 0..1 spans its active areas, bezels skipped. */
export function fracToCanvas(wall: Wall, f: FracRect): Rect {
  const t = tracks(wall);
  const x0 = unitToCanvas(wall, t, f.x * wall.cols, 'x', 'start');
  const x1 = unitToCanvas(wall, t, (f.x + f.w) * wall.cols, 'x', 'end');
  const y0 = unitToCanvas(wall, t, f.y * wall.rows, 'y', 'start');
  const y1 = unitToCanvas(wall, t, (f.y + f.h) * wall.rows, 'y', 'end');
  // Round the edges, not the sizes, so neighbours that shared an edge still share it exactly.
  const [l, r, t0, b] = [round(x0), round(x1), round(y0), round(y1)];
  return { x: l, y: t0, w: Math.max(1, round(r - l)), h: Math.max(1, round(b - t0)) };
}

export function canvasToFrac(wall: Wall, r: Rect): FracRect {
  const t = tracks(wall);
  const x0 = canvasToUnit(wall, t, r.x, 'x') / wall.cols;
  const x1 = canvasToUnit(wall, t, r.x + r.w, 'x') / wall.cols;
  const y0 = canvasToUnit(wall, t, r.y, 'y') / wall.rows;
  const y1 = canvasToUnit(wall, t, r.y + r.h, 'y') / wall.rows;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Carry a layout over to a changed wall (more displays, other resolution or bezels): each tile
 * keeps its place relative to the display grid. Tiles stay non-overlapping because the mapping
 * is monotonic on both axes.
 */
export function refitLayout<L extends Layout>(layout: L, from: Wall, to: Wall): L {
  return {
    ...layout,
    wallId: to.id,
    tiles: layout.tiles.map((tile) => ({ ...tile, rect: fracToCanvas(to, canvasToFrac(from, tile.rect)) })),
  };
}

/** Scale factor and size to draw a wall into a box (the console's wall preview). */
export function fitScale(wall: Wall, box: Size): number {
  const c = canvasSize(wall);
  return Math.min(box.width / c.width, box.height / c.height);
}
