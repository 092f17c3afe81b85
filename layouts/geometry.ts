import type { Layout, Rect, Tile, Wall, WallDisplay } from './model';

/**
 * Wall geometry on the virtual canvas. Every grid cell is a display's active area with its four
 * bezels around it, and the bezels take canvas space: a tile spanning a seam is drawn as one
 * continuous picture and the strip behind the bezels is simply never shown, as on a real wall.
 *
 * Column widths and row heights are the widest / tallest cell in that column / row, so a wall of
 * mixed displays still has straight seams; a smaller display sits at its cell's top-left.
 *
 * Every function takes a wall, or its geometry worked out once (`wallGeometry`). A caller asking
 * about many tiles of one wall (a layout check, a refit) passes the geometry: worked out again per
 * tile and per display, a check of one 1,024-tile preset on a 32×32 wall took 18 s on the host's
 * one event loop (tiles × displays² steps); with it, tiles × the few displays each tile is on.
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

/**
 * A wall's geometry, worked out in a few passes over its displays. It is a snapshot: made from a
 * wall that is then changed in place, it describes the wall as it was.
 */
export interface WallGeometry {
  readonly wall: Wall;
  readonly canvas: Size;
  /**
   * Each display's viewport, in the wall's display order. A display whose id an earlier one has
   * too (a wall checkWall refuses) gets that earlier one's, as looking it up by id does.
   */
  readonly viewports: readonly Box[];
  /** @internal where each column's / row's cells start on the canvas. */
  readonly tracks: Tracks;
  /** @internal display indexes whose viewport lies in each grid cell (row * cols + col), in display order. */
  readonly cells: readonly (readonly number[])[];
  /** @internal displays outside the grid (a wall checkWall refuses): tried against every tile. */
  readonly stray: readonly number[];
  /** @internal the display that gives each column's active start and size in grid units (its first, else the typical one). */
  readonly colRef: readonly WallDisplay[];
  /** @internal the same for each row. */
  readonly rowRef: readonly WallDisplay[];
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

const inGrid = (n: number, size: number) => Number.isInteger(n) && n >= 0 && n < size;
const finiteBox = (b: Box) => Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(b.width) && Number.isFinite(b.height);

/** The wall's tracks, each display's viewport and which grid cell it is in, worked out once. */
export function wallGeometry(wall: Wall): WallGeometry {
  const t = tracks(wall);
  const { colStarts, rowStarts } = t;
  const first = new Map<string, WallDisplay>();
  const colRef: (WallDisplay | undefined)[] = new Array<WallDisplay | undefined>(wall.cols).fill(undefined);
  const rowRef: (WallDisplay | undefined)[] = new Array<WallDisplay | undefined>(wall.rows).fill(undefined);
  for (const d of wall.displays) {
    if (!first.has(d.id)) first.set(d.id, d);
    if (inGrid(d.col, wall.cols)) colRef[d.col] ??= d;
    if (inGrid(d.row, wall.rows)) rowRef[d.row] ??= d;
  }
  // Cells index the grid only while the tracks are numbers that rise (a wall the schema let
  // through); otherwise every tile tries every display, as it always did.
  const rising = (s: number[]) => s.every((v, i) => Number.isFinite(v) && (i === 0 || v >= s[i - 1]!));
  const indexed = rising(colStarts) && rising(rowStarts);
  const cells: number[][] = Array.from({ length: wall.cols * wall.rows }, () => []);
  const stray: number[] = [];
  const viewports = wall.displays.map((display, i) => {
    const d = first.get(display.id)!;
    // The same arithmetic, in the same order, as displayCell + displayViewport always did.
    const vp: Box = { x: colStarts[d.col]! + d.bezel.left, y: rowStarts[d.row]! + d.bezel.top, width: d.width, height: d.height };
    // What finding a tile's displays by cell rests on: the viewport lies inside its cell's tracks.
    const inCell =
      indexed &&
      inGrid(d.col, wall.cols) &&
      inGrid(d.row, wall.rows) &&
      finiteBox(vp) &&
      vp.x >= colStarts[d.col]! &&
      vp.x + vp.width <= colStarts[d.col + 1]! &&
      vp.y >= rowStarts[d.row]! &&
      vp.y + vp.height <= rowStarts[d.row + 1]!;
    if (inCell) cells[d.row * wall.cols + d.col]!.push(i);
    else stray.push(i);
    return vp;
  });
  const t0 = typical(wall);
  return {
    wall,
    canvas: { width: colStarts[wall.cols]!, height: rowStarts[wall.rows]! },
    viewports,
    tracks: t,
    cells,
    stray,
    colRef: colRef.map((d) => d ?? t0),
    rowRef: rowRef.map((d) => d ?? t0),
  };
}

function isGeometry(w: Wall | WallGeometry): w is WallGeometry {
  return 'viewports' in w;
}

function geometryOf(w: Wall | WallGeometry): WallGeometry {
  return isGeometry(w) ? w : wallGeometry(w);
}

function wallOf(w: Wall | WallGeometry): Wall {
  return isGeometry(w) ? w.wall : w;
}

/** Size of the wall's virtual canvas (all cells, bezels included). */
export function canvasSize(w: Wall | WallGeometry): Size {
  if (isGeometry(w)) return w.canvas;
  const { colStarts, rowStarts } = tracks(w);
  return { width: colStarts[w.cols]!, height: rowStarts[w.rows]! };
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
export function displayViewport(w: Wall | WallGeometry, displayId: string): Box {
  const wall = wallOf(w);
  if (isGeometry(w)) {
    const i = wall.displays.findIndex((d) => d.id === displayId);
    if (i < 0) throw noDisplay(wall, displayId);
    return w.viewports[i]!;
  }
  const d = mustFind(wall, displayId);
  const cell = displayCell(wall, displayId);
  return { x: cell.x + d.bezel.left, y: cell.y + d.bezel.top, width: d.width, height: d.height };
}

/** Every display's viewport, in the wall's display order. */
export function displayViewports(w: Wall | WallGeometry): { display: WallDisplay; viewport: Box }[] {
  const g = geometryOf(w);
  return g.wall.displays.map((display, i) => ({ display, viewport: g.viewports[i]! }));
}

function mustFind(wall: Wall, displayId: string): WallDisplay {
  const d = findDisplay(wall, displayId);
  if (!d) throw noDisplay(wall, displayId);
  return d;
}

const noDisplay = (wall: Wall, displayId: string) => new Error(`Wall "${wall.id}" has no display "${displayId}".`);

/**
 * The first and last track a span [lo, hi] touches (edges included), or null; `starts` rises.
 * Touching is enough: a viewport lies inside its cell, so a tile that overlaps it overlaps the cell.
 */
function trackSpan(starts: readonly number[], lo: number, hi: number): [number, number] | null {
  const n = starts.length - 1;
  // First track whose end is at or after lo; then the last whose start is at or before hi.
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (starts[m + 1]! >= lo) b = m;
    else a = m + 1;
  }
  const first = a;
  a = 0;
  b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (starts[m]! <= hi) a = m + 1;
    else b = m;
  }
  const last = a - 1;
  return first <= last ? [first, last] : null;
}

/** Indexes of the displays a box may overlap, in display order: those of the cells it touches. */
function displaysNear(g: WallGeometry, box: Box): number[] {
  // A rect that is not all numbers (never one the schema let through) compares false both ways:
  // it tries every display, as every rect used to.
  if (!finiteBox(box)) return g.viewports.map((_, i) => i);
  const cols = trackSpan(g.tracks.colStarts, box.x, box.x + box.width);
  const rows = trackSpan(g.tracks.rowStarts, box.y, box.y + box.height);
  const out = [...g.stray];
  if (cols && rows) {
    for (let r = rows[0]; r <= rows[1]; r++) {
      for (let c = cols[0]; c <= cols[1]; c++) out.push(...g.cells[r * g.wall.cols + c]!);
    }
  }
  return out.length > 1 ? out.sort((a, b) => a - b) : out;
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

/** Where a tile shows: one entry per display whose active area it overlaps, in display order. */
export function tileDisplays(w: Wall | WallGeometry, rect: Rect): TileOnDisplay[] {
  const g = geometryOf(w);
  const box = rectToBox(rect);
  const out: TileOnDisplay[] = [];
  // Only the displays of the cells the tile touches can show it: not every display of the wall.
  for (const i of displaysNear(g, box)) {
    const vp = g.viewports[i]!;
    const visible = intersect(box, vp);
    if (!visible) continue;
    out.push({
      displayId: g.wall.displays[i]!.id,
      visible,
      local: { x: visible.x - vp.x, y: visible.y - vp.y, width: visible.width, height: visible.height },
      tileLocal: { x: box.x - vp.x, y: box.y - vp.y, width: box.width, height: box.height },
    });
  }
  return out;
}

/** Tiles of a layout that a display shows (any overlap with its active area). */
export function tilesForDisplay(w: Wall | WallGeometry, layout: Pick<Layout, 'tiles'>, displayId: string): Tile[] {
  const vp = displayViewport(w, displayId);
  return layout.tiles.filter((t) => intersect(rectToBox(t.rect), vp) !== null);
}

/** true when the tile lies wholly inside the canvas. */
export function insideCanvas(w: Wall | WallGeometry, rect: Rect): boolean {
  const c = canvasSize(w);
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
export function tileIsInvisible(w: Wall | WallGeometry, rect: Rect): boolean {
  return tileDisplays(w, rect).length === 0;
}

export interface LayoutProblem {
  /** JSON-ish path, e.g. 'tiles.3.rect'. */
  path: string;
  code: 'off-canvas' | 'overlap' | 'invisible' | 'duplicate-id' | 'wrong-wall';
  message: string;
}

/** Semantic checks the schema cannot express. An empty list means the layout fits the wall. */
export function checkLayout(w: Wall | WallGeometry, layout: Pick<Layout, 'tiles' | 'wallId'>, pathPrefix = ''): LayoutProblem[] {
  const g = geometryOf(w);
  const wall = g.wall;
  const p = (s: string) => (pathPrefix ? `${pathPrefix}.${s}` : s);
  const problems: LayoutProblem[] = [];
  if (layout.wallId !== wall.id) {
    problems.push({
      path: p('wallId'),
      code: 'wrong-wall',
      message: `bố cục dành cho tường "${layout.wallId}", không phải "${wall.id}" / layout is for wall "${layout.wallId}", not "${wall.id}"`,
    });
  }
  const c = g.canvas;
  const seen = new Map<string, number>();
  layout.tiles.forEach((t, i) => {
    if (seen.has(t.id)) {
      problems.push({ path: p(`tiles.${i}.id`), code: 'duplicate-id', message: `mã ô "${t.id}" bị trùng / tile id "${t.id}" is used twice` });
    }
    seen.set(t.id, i);
    if (!insideCanvas(g, t.rect)) {
      problems.push({
        path: p(`tiles.${i}.rect`),
        code: 'off-canvas',
        message: `ô "${t.id}" (${fmt(t.rect)}) nằm ngoài tường ${c.width}x${c.height} / tile "${t.id}" (${fmt(t.rect)}) leaves the ${c.width}x${c.height} canvas`,
      });
    } else if (tileIsInvisible(g, t.rect)) {
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
export function snapGuides(w: Wall | WallGeometry, subdivisions = 4): Guides {
  const g = geometryOf(w);
  const c = g.canvas;
  const xs = new Set<number>([0, c.width]);
  const ys = new Set<number>([0, c.height]);
  const n = Math.max(1, Math.floor(subdivisions));
  for (const vp of g.viewports) {
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
export function snapMove(w: Wall | WallGeometry, rect: Rect, opts: SnapOptions = {}): Rect {
  const g = geometryOf(w);
  const { xs, ys } = snapGuides(g, opts.subdivisions ?? 4);
  const th = opts.threshold ?? 24;
  const pick = (start: number, size: number, lines: number[]) => {
    const a = nearest(start, lines, th);
    const b = nearest(start + size, lines, th);
    if (a && (!b || a.d <= b.d)) return a.line;
    if (b) return b.line - size;
    return start;
  };
  return clampToCanvas(g, { ...rect, x: pick(rect.x, rect.w, xs), y: pick(rect.y, rect.h, ys) });
}

export type Edge = 'left' | 'right' | 'top' | 'bottom';

/** Snap the edges being dragged in a resize; the others stay put. Never smaller than minSize. */
export function snapResize(w: Wall | WallGeometry, rect: Rect, edges: readonly Edge[], opts: SnapOptions & { minSize?: number } = {}): Rect {
  const g = geometryOf(w);
  const { xs, ys } = snapGuides(g, opts.subdivisions ?? 4);
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
  return clampToCanvas(g, { x: left, y: top, w: right - left, h: bottom - top });
}

/** Keep a rect on the canvas: shrink it if it is larger, then shift it inside. */
export function clampToCanvas(wall: Wall | WallGeometry, rect: Rect): Rect {
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

function colActive(g: WallGeometry, c: number, axis: 'x' | 'y'): { start: number; size: number } {
  const starts = axis === 'x' ? g.tracks.colStarts : g.tracks.rowStarts;
  // Any display of that column/row tells the bezel (the first, found once per wall); else the
  // typical display — also for a c that is no column at all (a fraction that was not a number).
  const d = (axis === 'x' ? g.colRef : g.rowRef)[c] ?? typical(g.wall);
  const lead = axis === 'x' ? d.bezel.left : d.bezel.top;
  const size = axis === 'x' ? d.width : d.height;
  return { start: starts[c]! + lead, size };
}

function unitToCanvas(g: WallGeometry, u: number, axis: 'x' | 'y', edge: 'start' | 'end'): number {
  const n = axis === 'x' ? g.wall.cols : g.wall.rows;
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
  const a = colActive(g, c, axis);
  return a.start + a.size * frac;
}

function canvasToUnit(g: WallGeometry, x: number, axis: 'x' | 'y'): number {
  const n = axis === 'x' ? g.wall.cols : g.wall.rows;
  for (let c = 0; c < n; c++) {
    const a = colActive(g, c, axis);
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
export function fracToCanvas(w: Wall | WallGeometry, f: FracRect): Rect {
  const g = geometryOf(w);
  const { cols, rows } = g.wall;
  const x0 = unitToCanvas(g, f.x * cols, 'x', 'start');
  const x1 = unitToCanvas(g, (f.x + f.w) * cols, 'x', 'end');
  const y0 = unitToCanvas(g, f.y * rows, 'y', 'start');
  const y1 = unitToCanvas(g, (f.y + f.h) * rows, 'y', 'end');
  // Round the edges, not the sizes, so neighbours that shared an edge still share it exactly.
  const [l, r, t0, b] = [round(x0), round(x1), round(y0), round(y1)];
  return { x: l, y: t0, w: Math.max(1, round(r - l)), h: Math.max(1, round(b - t0)) };
}

export function canvasToFrac(w: Wall | WallGeometry, r: Rect): FracRect {
  const g = geometryOf(w);
  const { cols, rows } = g.wall;
  const x0 = canvasToUnit(g, r.x, 'x') / cols;
  const x1 = canvasToUnit(g, r.x + r.w, 'x') / cols;
  const y0 = canvasToUnit(g, r.y, 'y') / rows;
  const y1 = canvasToUnit(g, r.y + r.h, 'y') / rows;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Carry a layout over to a changed wall (more displays, other resolution or bezels): each tile
 * keeps its place relative to the display grid. Tiles stay non-overlapping because the mapping
 * is monotonic on both axes.
 */
export function refitLayout<L extends Layout>(layout: L, from: Wall | WallGeometry, to: Wall | WallGeometry): L {
  const [a, b] = [geometryOf(from), geometryOf(to)];
  return {
    ...layout,
    wallId: b.wall.id,
    tiles: layout.tiles.map((tile) => ({ ...tile, rect: fracToCanvas(b, canvasToFrac(a, tile.rect)) })),
  };
}

/** Scale factor and size to draw a wall into a box (the console's wall preview). */
export function fitScale(w: Wall | WallGeometry, box: Size): number {
  const c = canvasSize(w);
  return Math.min(box.width / c.width, box.height / c.height);
}
