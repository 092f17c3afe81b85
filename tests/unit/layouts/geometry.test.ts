import { describe, expect, it } from 'vitest';
import {
  canvasSize,
  canvasToFrac,
  checkLayout,
  clampToCanvas,
  displayCell,
  displayViewport,
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
