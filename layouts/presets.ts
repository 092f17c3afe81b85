import { fracToCanvas, tileIsInvisible, wallGeometry } from './geometry';
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

/**
 * Drawn on a 12 x 4 grid whose column bands are 0–4, 4–6, 6–8 and 8–12: those edges fall on the
 * vertical seams of 1-, 2- and 3-column walls, so there only the large maps span a vertical seam
 * (on purpose), and no figures panel is cut in two by a bezel. Row edges 0, 2, 4 fall on the
 * seams of 1- and 2-row walls; full-height panels then span both rows.
 */
const GRID = { cols: 12, rows: 4 };

export const BUNDLED_PRESETS: readonly PresetDef[] = [
  {
    // All ten domains at once: the two event maps large, eight figures panels around them.
    id: OVERVIEW_PRESET_ID,
    name: 'Tổng quan tỉnh',
    grid: GRID,
    tiles: [
      { panel: 'traffic', view: 'map', cell: [0, 0, 4, 2] },
      { panel: 'hotline', cell: [0, 2, 4, 2] },
      { panel: 'economy', cell: [4, 0, 2, 2] },
      { panel: 'land', cell: [4, 2, 2, 2] },
      { panel: 'publicAdmin', cell: [6, 0, 2, 2] },
      { panel: 'urbanOrder', cell: [6, 2, 2, 2] },
      { panel: 'environment', cell: [8, 0, 2, 2] },
      { panel: 'health', cell: [10, 0, 2, 2] },
      { panel: 'education', cell: [8, 2, 2, 2] },
      { panel: 'tourism', cell: [10, 2, 2, 2] },
    ],
  },
  {
    // The morning meeting: yesterday's figures, what citizens reported, and what needs a decision.
    id: 'morning-briefing',
    name: 'Giao ban sáng',
    grid: GRID,
    tiles: [
      { panel: 'clock', cell: [0, 0, 4, 1] },
      { panel: 'text', cell: [0, 1, 4, 1], options: { text: 'Giao ban sáng — tình hình kinh tế – xã hội và phản ánh của người dân' } },
      { panel: 'economy', cell: [0, 2, 4, 2] },
      { panel: 'publicAdmin', cell: [4, 0, 2, 4] },
      { panel: 'hotline', cell: [6, 0, 2, 4] },
      { panel: 'alerts', cell: [8, 0, 4, 2] },
      { panel: 'health', cell: [8, 2, 4, 2] },
    ],
  },
  {
    // An incident: the traffic map as large as the wall allows, with the hotline, air and hospitals.
    id: 'emergency',
    name: 'Ứng phó khẩn cấp',
    grid: GRID,
    tiles: [
      { panel: 'traffic', view: 'map', cell: [0, 0, 6, 3] },
      { panel: 'alerts', cell: [0, 3, 4, 1] },
      { panel: 'clock', cell: [4, 3, 2, 1] },
      { panel: 'hotline', cell: [6, 0, 2, 4] },
      { panel: 'environment', cell: [8, 0, 4, 2] },
      { panel: 'health', cell: [8, 2, 4, 2] },
    ],
  },
  {
    id: 'traffic-order',
    name: 'Giao thông – Trật tự đô thị',
    grid: GRID,
    tiles: [
      { panel: 'traffic', view: 'map', cell: [0, 0, 6, 4] },
      { panel: 'urbanOrder', view: 'map', cell: [6, 0, 4, 4] },
      { panel: 'hotline', cell: [10, 0, 2, 2] },
      { panel: 'alerts', cell: [10, 2, 2, 2] },
    ],
  },
];

/** A bundled preset laid out on a given wall; tiles that would fall only on a missing display are left out. */
export function instantiatePreset(def: PresetDef, wall: Wall): Layout {
  const { cols, rows } = def.grid;
  // The wall's geometry once for every tile (each call given the wall would work it out again).
  const g = wallGeometry(wall);
  const tiles: Tile[] = def.tiles.map((t, i) => ({
      id: `${def.id}-${i + 1}-${t.panel}`,
      panel: t.panel,
      view: t.view ?? '',
      options: { ...(t.options ?? {}) },
    rect: fracToCanvas(g, { x: t.cell[0] / cols, y: t.cell[1] / rows, w: t.cell[2] / cols, h: t.cell[3] / rows }),
  }));
  return { id: def.id, name: def.name, wallId: wall.id, tiles: tiles.filter((t) => !tileIsInvisible(g, t.rect)) };
}

/** Every bundled preset on a wall. */
export function bundledLayouts(wall: Wall): Layout[] {
  return BUNDLED_PRESETS.map((p) => instantiatePreset(p, wall));
}
