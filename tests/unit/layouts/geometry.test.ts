import { describe, expect, it } from 'vitest';
import {
  canvasSize,
  canvasToFrac,
  checkLayout,
  clampToCanvas,
  displayCell,
  displayViewport,
  displayViewports,
  fracToCanvas,
  insideCanvas,
  overlappingTiles,
  refitLayout,
  snapGuides,
  snapMove,
  snapResize,
  tileDisplays,
  tilesForDisplay,
} from '../../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../../layouts/model';
import { wallSchema } from '../../../layouts/model';
import { bundledLayouts, DEFAULT_WALL, gridWall } from '../../../layouts/presets';

const tile = (id: string, x: number, y: number, w: number, h: number): Tile => ({
  id,
  panel: 'traffic',
  view: '',
  options: {},
  rect: { x, y, w, h },
});

describe('canvas and viewports', () => {
  it('the bundled wall is 2x1 of 1920x1080 with ids d1, d2 and a valid schema', () => {
    expect(wallSchema.parse(DEFAULT_WALL)).toEqual(DEFAULT_WALL);
    expect(DEFAULT_WALL.displays.map((d) => d.id)).toEqual(['d1', 'd2']);
    const b = DEFAULT_WALL.displays[0]!.bezel.left;
    expect(canvasSize(DEFAULT_WALL)).toEqual({ width: 2 * (1920 + 2 * b), height: 1080 + 2 * b });
  });

  it('bezels take canvas space: the second display starts after both bezels of the seam', () => {
    const w = gridWall({ cols: 2, rows: 1, bezel: 10 });
    expect(displayViewport(w, 'd1')).toEqual({ x: 10, y: 10, width: 1920, height: 1080 });
    expect(displayViewport(w, 'd2')).toEqual({ x: 1920 + 20 + 10, y: 10, width: 1920, height: 1080 });
    expect(displayCell(w, 'd2')).toEqual({ x: 1940, y: 0, width: 1940, height: 1100 });
  });

  it('handles uneven bezels and mixed displays: seams stay straight', () => {
    const w: Wall = gridWall({ cols: 2, rows: 2, bezel: 0 });
    w.displays[0] = { ...w.displays[0]!, bezel: { top: 3, right: 7, bottom: 5, left: 2 } };
    w.displays[3] = { ...w.displays[3]!, width: 1280, height: 720 };
    // Column 0 is as wide as its widest cell (d1: 2+1920+7), row 0 as tall as d1 (3+1080+5).
    expect(displayViewport(w, 'd2').x).toBe(1929);
    expect(displayViewport(w, 'd3').y).toBe(1088);
    expect(displayViewport(w, 'd4')).toEqual({ x: 1929, y: 1088, width: 1280, height: 720 });
    expect(canvasSize(w)).toEqual({ width: 1929 + 1920, height: 1088 + 1080 });
  });

  it('irregular walls: a missing display keeps the grid, and no tile shows there', () => {
    const w = gridWall({ cols: 3, rows: 2, missing: [[2, 1]] });
    expect(w.displays.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(canvasSize(w)).toEqual(canvasSize(gridWall({ cols: 3, rows: 2 })));
    const hole = displayCell(gridWall({ cols: 3, rows: 2 }), 'd6');
    const onHole = tile('x', hole.x + 50, hole.y + 50, 400, 300);
    expect(tileDisplays(w, onHole.rect)).toEqual([]);
    const problems = checkLayout(w, { wallId: w.id, tiles: [onHole] });
    expect(problems).toEqual([expect.objectContaining({ code: 'invisible', path: 'tiles.0.rect' })]);
    expect(() => displayViewport(w, 'd6')).toThrow(/no display "d6"/);
  });

  it('a tile spanning a seam is split into continuous parts, bezel strip hidden', () => {
    const w = gridWall({ cols: 2, rows: 1, bezel: 10 });
    // From 1000 to 3000 on the canvas: d1 shows 1000..1930, bezels 1930..1950 hidden, d2 shows 1950..3000.
    const parts = tileDisplays(w, { x: 1000, y: 10, w: 2000, h: 500 });
    expect(parts.map((p) => p.displayId)).toEqual(['d1', 'd2']);
    expect(parts[0]!.local).toEqual({ x: 990, y: 0, width: 930, height: 500 });
    expect(parts[1]!.local).toEqual({ x: 0, y: 0, width: 1050, height: 500 });
    // Each display draws the whole tile shifted by its own offset: the content is continuous.
    expect(parts[0]!.tileLocal.x).toBe(990);
    expect(parts[1]!.tileLocal.x).toBe(1000 - 1950);
    expect(parts[1]!.tileLocal.x - parts[0]!.tileLocal.x).toBe(-(displayViewport(w, 'd2').x - displayViewport(w, 'd1').x));
    const visible = parts.reduce((s, p) => s + p.visible.width, 0);
    expect(visible).toBe(2000 - 20);
    expect(tilesForDisplay(w, { tiles: [tile('a', 1000, 10, 2000, 500), tile('b', 2500, 600, 100, 100)] }, 'd1').map((t) => t.id)).toEqual(['a']);
  });

  it('a tile wholly behind a bezel shows nowhere', () => {
    const w = gridWall({ cols: 2, rows: 1, bezel: 10 });
    expect(tileDisplays(w, { x: 1931, y: 100, w: 18, h: 100 })).toEqual([]);
  });
});

describe('checks', () => {
  it('finds overlaps but lets edges touch', () => {
    expect(overlappingTiles([tile('a', 0, 0, 100, 100), tile('b', 100, 0, 100, 100)])).toEqual([]);
    expect(overlappingTiles([tile('a', 0, 0, 100, 100), tile('b', 99, 99, 10, 10), tile('c', 50, 50, 5, 5)])).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it('names each overlapping tile once, with the first tile it covers, however many it does', () => {
    const pile = Array.from({ length: 400 }, (_, i) => tile(`t${i}`, i, i, 500, 500));
    const found = overlappingTiles(pile);
    expect(found).toHaveLength(399);
    expect(found.every(([earlier, later], k) => earlier === 0 && later === k + 1)).toBe(true);
    // Two tiles of one id: the path is the later tile's own place, not the first of that id.
    const problems = checkLayout(DEFAULT_WALL, { wallId: DEFAULT_WALL.id, tiles: [tile('x', 0, 0, 100, 100), tile('y', 300, 0, 100, 100), tile('y', 50, 50, 100, 100)] });
    expect(problems.filter((p) => p.code === 'overlap').map((p) => p.path)).toEqual(['tiles.2.rect']);
  });

  it('finds tiles off the canvas, duplicate ids and a layout of another wall, all at once', () => {
    const w = DEFAULT_WALL;
    const c = canvasSize(w);
    expect(insideCanvas(w, { x: 0, y: 0, w: c.width, h: c.height })).toBe(true);
    expect(insideCanvas(w, { x: 1, y: 0, w: c.width, h: c.height })).toBe(false);
    const problems = checkLayout(w, {
      wallId: 'other',
      tiles: [tile('a', 20, 20, 100, 100), tile('a', 3800, 20, 100, 100), tile('c', 50, 50, 10, 10)],
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['wrong-wall', 'wallId'],
      ['duplicate-id', 'tiles.1.id'],
      ['off-canvas', 'tiles.1.rect'],
      ['overlap', 'tiles.2.rect'],
    ]);
  });
});

describe('snapping', () => {
  const w = gridWall({ cols: 2, rows: 1, bezel: 10 });

  it('guides are display active edges, canvas edges and a sub-grid in each display', () => {
    const g = snapGuides(w, 4);
    expect(g.xs).toEqual(expect.arrayContaining([0, 10, 490, 970, 1450, 1930, 1950, 3870, 3880]));
    expect(g.ys).toEqual(expect.arrayContaining([0, 10, 280, 550, 820, 1090, 1100]));
  });

  it('moving snaps the nearer edge to a guide and keeps the size', () => {
    expect(snapMove(w, { x: 1945, y: 15, w: 500, h: 300 }, { threshold: 24 })).toEqual({ x: 1950, y: 10, w: 500, h: 300 });
    // right edge 1925 is 5 from d1's active end; the left edge is far from every guide
    expect(snapMove(w, { x: 1125, y: 300, w: 800, h: 200 }, { threshold: 24 })).toEqual({ x: 1130, y: 280, w: 800, h: 200 });
    // nothing near: unchanged
    expect(snapMove(w, { x: 700, y: 400, w: 100, h: 50 }, { threshold: 5 })).toEqual({ x: 700, y: 400, w: 100, h: 50 });
  });

  it('resizing snaps only the dragged edges and never below the minimum', () => {
    expect(snapResize(w, { x: 10, y: 10, w: 1915, h: 500 }, ['right'])).toEqual({ x: 10, y: 10, w: 1920, h: 500 });
    expect(snapResize(w, { x: 10, y: 10, w: 1915, h: 545 }, ['right', 'bottom'])).toEqual({ x: 10, y: 10, w: 1920, h: 540 });
    expect(snapResize(w, { x: 500, y: 10, w: 5, h: 500 }, ['right'], { minSize: 40, threshold: 0 }).w).toBe(40);
  });

  it('clamps a dragged tile back onto the canvas', () => {
    expect(clampToCanvas(w, { x: -50, y: 2000, w: 100, h: 100 })).toEqual({ x: 0, y: 1000, w: 100, h: 100 });
    expect(clampToCanvas(w, { x: 10, y: 10, w: 99999, h: 50 }).w).toBe(canvasSize(w).width);
  });
});

describe('wall-independent placement', () => {
  it('fractions of the wall land on active edges, skipping bezels', () => {
    const w = gridWall({ cols: 3, rows: 2, bezel: 10 });
    expect(fracToCanvas(w, { x: 0, y: 0, w: 1, h: 1 })).toEqual({ x: 10, y: 10, w: 3 * 1940 - 20, h: 2 * 1100 - 20 });
    const second = fracToCanvas(w, { x: 1 / 3, y: 0, w: 1 / 3, h: 0.5 });
    const vp = displayViewport(w, 'd2');
    expect(second).toEqual({ x: vp.x, y: vp.y, w: 1920, h: 1080 });
  });

  it('canvasToFrac inverts fracToCanvas', () => {
    const w = gridWall({ cols: 3, rows: 2, bezel: 7, width: 1366, height: 768 });
    const f = { x: 0.25, y: 0.125, w: 0.5, h: 0.625 };
    const back = canvasToFrac(w, fracToCanvas(w, f));
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(back[k]).toBeCloseTo(f[k], 4);
  });

  it('refit carries every bundled preset to other walls without overlaps or leaving the canvas', () => {
    const walls = [gridWall({ cols: 3, rows: 2 }), gridWall({ cols: 4, rows: 2, width: 3840, height: 2160, bezel: 3 }), gridWall({ cols: 1, rows: 1, bezel: 0 })];
    for (const layout of bundledLayouts(DEFAULT_WALL)) {
      for (const to of walls) {
        const moved: Layout = refitLayout(layout, DEFAULT_WALL, to);
        expect(moved.wallId).toBe(to.id);
        expect(checkLayout(to, moved)).toEqual([]);
      }
    }
  });

  it('on 2- and 3-column walls only the map panels span a vertical seam', () => {
    for (const w of [DEFAULT_WALL, gridWall({ cols: 3, rows: 1 }), gridWall({ cols: 3, rows: 2 })]) {
      for (const l of bundledLayouts(w)) {
        for (const t of l.tiles) {
          const cols = new Set(tileDisplays(w, t.rect).map((p) => w.displays.find((d) => d.id === p.displayId)!.col));
          if (cols.size > 1) expect([l.id, t.panel, t.view]).toEqual([l.id, expect.stringMatching(/^(traffic|urbanOrder)$/), 'map']);
        }
      }
    }
  });

  it('every bundled preset fits 1x1, 2x1, 3x2 and 4x4 walls', () => {
    for (const w of [gridWall({ cols: 1, rows: 1 }), DEFAULT_WALL, gridWall({ cols: 3, rows: 2 }), gridWall({ cols: 4, rows: 4, bezel: 20 })]) {
      const layouts = bundledLayouts(w);
      expect(layouts.map((l) => l.name)).toEqual(['Tổng quan tỉnh', 'Giao ban sáng', 'Ứng phó khẩn cấp', 'Giao thông – Trật tự đô thị']);
      for (const l of layouts) expect(checkLayout(w, l)).toEqual([]);
    }
    const emergency = bundledLayouts(DEFAULT_WALL).find((l) => l.id === 'emergency')!;
    expect(emergency.tiles.map((t) => t.panel)).toEqual(expect.arrayContaining(['traffic', 'hotline', 'environment', 'health']));
  });
});

describe('a large wall: each tile costs the displays it is on, not the whole wall twice over', () => {
  /** A wall whose display list counts how often a display is looked at (every step over the list reads one). */
  function counted(wall: Wall): { wall: Wall; reads: () => number } {
    let reads = 0;
    const displays = new Proxy(wall.displays, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { wall: { ...wall, displays }, reads: () => reads };
  }
  const tileOnEvery = (w: Wall): Layout => ({
    id: 'bulk',
    name: 'Bulk',
    wallId: w.id,
    tiles: w.displays.map((d, i) => tile(`t${i}`, d.col * 320 + 10, d.row * 240 + 10, 100, 100)),
  });

  it('checking a preset with a tile on every display reads the display list a few times over, not tiles × displays² times', () => {
    // The auditor's case: 32×32 displays (the schema's largest wall), one tile on each. Each tile's
    // displays were found by searching the list twice and rebuilding the tracks for every display:
    // about 10⁹ steps, 18 s on the host's one event loop. Now: the geometry once, then per tile the
    // displays of the cells it touches.
    for (const size of [8, 32]) {
      const { wall, reads } = counted(gridWall({ cols: size, rows: size, width: 320, height: 240, bezel: 0 }));
      const layout = tileOnEvery(gridWall({ cols: size, rows: size, width: 320, height: 240, bezel: 0 }));
      expect(checkLayout(wall, layout)).toEqual([]);
      const n = size * size;
      expect(reads(), `${size}×${size}`).toBeLessThanOrEqual(8 * (n + layout.tiles.length));
    }
  });

  it('carrying a 1,024-tile preset over to another 32×32 wall reads each wall’s displays a few times over', () => {
    const to4k = gridWall({ cols: 32, rows: 32, width: 640, height: 480, bezel: 4 });
    const from = counted(gridWall({ cols: 32, rows: 32, width: 320, height: 240, bezel: 0 }));
    const to = counted(to4k);
    const layout = tileOnEvery(gridWall({ cols: 32, rows: 32, width: 320, height: 240, bezel: 0 }));
    const moved = refitLayout(layout, from.wall, to.wall);
    // Before, each tile edge looked the column's first display up again: tiles × 4 × 32 × 1,024 reads.
    expect(from.reads() + to.reads()).toBeLessThanOrEqual(8 * (2 * 1024 + layout.tiles.length));
    expect(checkLayout(to4k, moved)).toEqual([]);
  });

  it('finds the same displays, parts and offsets as trying every display, on mixed, uneven and irregular walls', () => {
    // The rule as it always was, written out plainly: every display, by its (first) id's viewport.
    const everyDisplay = (w: Wall, r: Tile['rect']) =>
      w.displays.flatMap((d) => {
        const vp = displayViewport(w, d.id);
        const box = { x: r.x, y: r.y, width: r.w, height: r.h };
        const x = Math.max(box.x, vp.x);
        const y = Math.max(box.y, vp.y);
        const right = Math.min(box.x + box.width, vp.x + vp.width);
        const bottom = Math.min(box.y + box.height, vp.y + vp.height);
        if (right - x <= 1e-6 || bottom - y <= 1e-6) return [];
        const visible = { x, y, width: right - x, height: bottom - y };
        return [{ displayId: d.id, visible, local: { x: x - vp.x, y: y - vp.y, width: visible.width, height: visible.height }, tileLocal: { x: box.x - vp.x, y: box.y - vp.y, width: box.width, height: box.height } }];
      });
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const mixed = gridWall({ cols: 4, rows: 3, missing: [[1, 1], [3, 2]] });
    mixed.displays = mixed.displays.map((d) => ({
      ...d,
      width: 320 + Math.floor(rnd() * 3000),
      height: 240 + Math.floor(rnd() * 2000),
      bezel: { top: rnd() * 20, right: rnd() * 20, bottom: Math.floor(rnd() * 20), left: rnd() * 13.7 },
    }));
    // A wall checkWall refuses but a file may still be checked against: a repeated id, a display off the grid.
    const broken: Wall = { ...mixed, displays: [...mixed.displays, { ...mixed.displays[0]!, id: 'off', col: 4, row: 0 }, { ...mixed.displays[2]!, id: mixed.displays[1]!.id }] };
    for (const w of [DEFAULT_WALL, gridWall({ cols: 3, rows: 2, bezel: 10 }), mixed, broken]) {
      const c = canvasSize(w);
      const rects: Tile['rect'][] = displayViewports(w).flatMap(({ viewport: v }) => [
        { x: v.x, y: v.y, w: v.width, h: v.height },
        { x: v.x + v.width, y: v.y, w: 5, h: 5 }, // touches the right edge only
        { x: Math.max(0, v.x - 20), y: Math.max(0, v.y - 20), w: 20 + 1e-7, h: 40 }, // overlaps by less than the tolerance
      ]);
      for (let i = 0; i < 300; i++) rects.push({ x: rnd() * c.width, y: rnd() * c.height, w: 1 + rnd() * c.width * 0.6, h: 1 + rnd() * c.height * 0.6 });
      for (const r of rects) expect(tileDisplays(w, r), `${w.displays.length} displays, ${JSON.stringify(r)}`).toEqual(everyDisplay(w, r));
    }
  });
});
