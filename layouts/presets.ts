import { fracToCanvas, tileIsInvisible } from './geometry';
import type { Layout, PanelKind, Tile, Wall, WallDisplay } from './model';

/**
 * The wall and presets that ship with IOC Wall. Presets are drawn on a coarse grid of the whole
 * wall (not in pixels), so the same preset fills a 2x1 wall of 1920x1080 screens and a 3x2 wall
 * of 4K screens alike: grid lines that fall on a display seam land on the displays' active edges,
 * never behind a bezel.
 */

export const DEFAULT_WALL_ID = 'main';
export const DEFAULT_BEZEL = 8;

/** A grid of identical displays with ids d1, d2, … row by row. */
export function gridWall(opts: {
  id?: string;
  name?: string;
  cols: number;
  rows: number;
  width?: number;
  height?: number;
  bezel?: number;
  /** Grid cells with no display, as [col, row] (irregular walls). */
  missing?: [number, number][];
}): Wall {
  const width = opts.width ?? 1920;
  const height = opts.height ?? 1080;
  const b = opts.bezel ?? DEFAULT_BEZEL;
  const displays: WallDisplay[] = [];
  let n = 0;
  for (let row = 0; row < opts.rows; row++) {
    for (let col = 0; col < opts.cols; col++) {
      n++;
      if (opts.missing?.some(([c, r]) => c === col && r === row)) continue;
      displays.push({
        id: `d${n}`,
        col,
        row,
        width,
        height,
        bezel: { top: b, right: b, bottom: b, left: b },
        match: { label: `Màn hình ${n}` },
      });
    }
  }
  return {
    id: opts.id ?? DEFAULT_WALL_ID,
    name: opts.name ?? 'Tường màn hình IOC',
    cols: opts.cols,
    rows: opts.rows,
    displays,
  };
}

/** The bundled wall: two 1920x1080 displays side by side, ids 'd1' and 'd2'. */
export const DEFAULT_WALL: Wall = gridWall({ cols: 2, rows: 1 });

export interface PresetTileDef {
  panel: PanelKind;
  view?: string;
  options?: Tile['options'];
  /** [x, y, w, h] in cells of the preset's grid. */
  cell: [number, number, number, number];
}

export interface PresetDef {
  id: string;
  name: string;
  /** The preset's drawing grid over the whole wall. */
  grid: { cols: number; rows: number };
  tiles: PresetTileDef[];
}

export const OVERVIEW_PRESET_ID = 'overview';

export const BUNDLED_PRESETS: readonly PresetDef[] = [
  {
    // Five tiles per half of the wall: a large map and four figures, all ten domains at once.
    id: OVERVIEW_PRESET_ID,
    name: 'Tổng quan tỉnh',
    grid: { cols: 8, rows: 2 },
    tiles: [
      { panel: 'traffic', cell: [0, 0, 2, 2] },
      { panel: 'economy', cell: [2, 0, 1, 1] },
      { panel: 'publicAdmin', cell: [3, 0, 1, 1] },
      { panel: 'urbanOrder', cell: [2, 1, 1, 1] },
      { panel: 'land', cell: [3, 1, 1, 1] },
      { panel: 'environment', cell: [4, 0, 2, 2] },
      { panel: 'health', cell: [6, 0, 1, 1] },
      { panel: 'education', cell: [7, 0, 1, 1] },
      { panel: 'tourism', cell: [6, 1, 1, 1] },
      { panel: 'hotline', cell: [7, 1, 1, 1] },
    ],
  },
  {
    // The morning meeting: yesterday's figures, what citizens reported, and what needs a decision.
    id: 'morning-briefing',
    name: 'Giao ban sáng',
    grid: { cols: 8, rows: 4 },
    tiles: [
      { panel: 'clock', cell: [0, 0, 2, 1] },
      { panel: 'text', cell: [0, 1, 2, 1], options: { text: 'Giao ban sáng — tình hình kinh tế – xã hội và phản ánh của người dân' } },
      { panel: 'economy', cell: [0, 2, 2, 2] },
      { panel: 'publicAdmin', cell: [2, 0, 2, 4] },
      { panel: 'hotline', cell: [4, 0, 2, 4] },
      { panel: 'alerts', cell: [6, 0, 2, 2] },
      { panel: 'health', cell: [6, 2, 2, 2] },
    ],
  },
  {
    // An incident: the traffic map as large as the wall allows, with the hotline, air and hospitals.
    id: 'emergency',
    name: 'Ứng phó khẩn cấp',
    grid: { cols: 8, rows: 4 },
    tiles: [
      { panel: 'traffic', cell: [0, 0, 4, 3] },
      { panel: 'alerts', cell: [0, 3, 2, 1] },
      { panel: 'clock', cell: [2, 3, 2, 1] },
      { panel: 'hotline', cell: [4, 0, 2, 4] },
      { panel: 'environment', cell: [6, 0, 2, 2] },
      { panel: 'health', cell: [6, 2, 2, 2] },
    ],
  },
  {
    id: 'traffic-order',
    name: 'Giao thông – Trật tự đô thị',
    grid: { cols: 8, rows: 4 },
    tiles: [
      { panel: 'traffic', cell: [0, 0, 4, 4] },
      { panel: 'urbanOrder', cell: [4, 0, 2, 4] },
      { panel: 'hotline', cell: [6, 0, 2, 2] },
      { panel: 'alerts', cell: [6, 2, 2, 2] },
    ],
  },
];

/** A bundled preset laid out on a given wall; tiles that would fall only on a missing display are left out. */
export function instantiatePreset(def: PresetDef, wall: Wall): Layout {
  const { cols, rows } = def.grid;
  const tiles: Tile[] = def.tiles.map((t, i) => ({
      id: `${def.id}-${i + 1}-${t.panel}`,
      panel: t.panel,
      view: t.view ?? '',
      options: { ...(t.options ?? {}) },
    rect: fracToCanvas(wall, { x: t.cell[0] / cols, y: t.cell[1] / rows, w: t.cell[2] / cols, h: t.cell[3] / rows }),
  }));
  return { id: def.id, name: def.name, wallId: wall.id, tiles: tiles.filter((t) => !tileIsInvisible(wall, t.rect)) };
}

/** Every bundled preset on a wall. */
export function bundledLayouts(wall: Wall): Layout[] {
  return BUNDLED_PRESETS.map((p) => instantiatePreset(p, wall));
}
