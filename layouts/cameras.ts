import type { Layout, Rect, Tile } from './model';

/**
 * Camera tiles, as pure geometry and timing: which cameras a tile shows where, which stream
 * (main or sub) suits a picture's size on the wall, and which camera a tour shows at a time.
 */
export const isCameraTile = (t: Tile) => t.panel === 'camera' || t.panel === 'cameraGrid' || t.panel === 'cameraTour';

export const DEFAULT_DWELL_SEC = 15;
export const GRID_SIDES = [2, 3, 4] as const;

/**
 * Below this many canvas pixels a side, a picture plays the sub-stream: a 4×4 grid on a 1080p
 * display has 480×270 cells, where a 1080p main stream would cost 16 full decoders for nothing.
 */
export const SUB_STREAM_MAX = { w: 960, h: 540 };

export function streamRoleFor(w: number, h: number, has: { sub: boolean }): 'main' | 'sub' {
  return has.sub && (w < SUB_STREAM_MAX.w || h < SUB_STREAM_MAX.h) ? 'sub' : 'main';
}

export interface CameraCell {
  /** Index into the tile's cameras; null for an empty cell. */
  camera: string | null;
  /** Relative to the tile, in canvas pixels. */
  rect: Rect;
}

/** Cells of a camera tile, row by row, relative to the tile; a gap of `gap` pixels between them. */
export function cameraCells(tile: Tile, gap = 4): CameraCell[] {
  const cams = tile.options.cameras ?? [];
  if (tile.panel !== 'cameraGrid') return [{ camera: cams[0] || null, rect: { x: 0, y: 0, w: tile.rect.w, h: tile.rect.h } }];
  const n = tile.options.grid ?? 2;
  const w = (tile.rect.w - gap * (n - 1)) / n;
  const h = (tile.rect.h - gap * (n - 1)) / n;
  const cells: CameraCell[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) cells.push({ camera: cams[r * n + c] || null, rect: { x: c * (w + gap), y: r * (h + gap), w, h } });
  }
  return cells;
}

/**
 * A tour's position at `nowMs`: the camera shown, the next (to preload: a tour holds at most
 * the shown one + 1 open), and when to switch. Counted from `startMs` so every display of a
 * spanning tile switches together.
 */
export function tourAt(cameras: readonly string[], dwellSec: number, startMs: number, nowMs: number): { index: number; current: string | null; next: string | null; switchAtMs: number } {
  if (cameras.length === 0) return { index: 0, current: null, next: null, switchAtMs: Number.POSITIVE_INFINITY };
  const dwellMs = dwellSec * 1000;
  const step = Math.max(0, Math.floor((nowMs - startMs) / dwellMs));
  const index = step % cameras.length;
  return {
    index,
    current: cameras[index]!,
    next: cameras.length > 1 ? cameras[(index + 1) % cameras.length]! : null,
    switchAtMs: startMs + (step + 1) * dwellMs,
  };
}

/** How many cameras a tile shows at once (a grid's cells; else one). */
export const picturesOf = (tile: Tile) => (tile.panel === 'cameraGrid' ? (tile.options.grid ?? 2) ** 2 : 1);

/** Where a camera can be sent in a layout: each single-camera tile, each cell of each grid. */
export interface CameraTarget {
  tileId: string;
  /** Index among the tile's cameras (a grid's cell, row by row); 0 for a single camera. */
  cell: number;
  /** What is there now. */
  current: string | null;
}

export function cameraTargets(layout: Layout): CameraTarget[] {
  const out: CameraTarget[] = [];
  for (const t of layout.tiles) {
    if (t.panel !== 'camera' && t.panel !== 'cameraGrid') continue;
    const n = picturesOf(t);
    for (let i = 0; i < n; i++) out.push({ tileId: t.id, cell: i, current: t.options.cameras?.[i] ?? null });
  }
  return out;
}

/** The layout with `cameraId` put in one tile's cell (empty cells before it stay empty: ''). */
export function putCamera(layout: Layout, target: { tileId: string; cell: number }, cameraId: string): Layout {
  return {
    ...layout,
    tiles: layout.tiles.map((t) => {
      if (t.id !== target.tileId) return t;
      const cams = [...(t.options.cameras ?? [])];
      while (cams.length < target.cell) cams.push('');
      cams[target.cell] = cameraId;
      return { ...t, options: { ...t.options, cameras: cams } };
    }),
  };
}
