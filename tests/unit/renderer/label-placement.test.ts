import { describe, expect, it } from 'vitest';
import { boxesOverlap, byPriority, geometryContains, ObstacleGrid, placeLabels, ringsArea, type LabelBox, type LabelCandidate } from '../../../renderer/components/label-placement';

const bounds = { id: 'map', left: 0, top: 0, width: 400, height: 300 };
const label = (id: string, left: number, top: number, extra: Partial<LabelCandidate> = {}): LabelCandidate => ({
  id, left, top, width: 100, height: 40, area: 1, ...extra,
});

describe('map label placement', () => {
  it('keeps the larger district when two labels collide, and both once they are apart (zoomed in)', () => {
    const small = label('small', 50, 50, { area: 1 });
    const big = label('big', 90, 60, { area: 5 });
    expect([...placeLabels([small, big], bounds).keys()]).toEqual(['big']);
    expect(new Set(placeLabels([small, { ...big, left: 250 }], bounds).keys())).toEqual(new Set(['small', 'big']));
  });

  it('puts the selected district first, then area, then the value shown', () => {
    const a = label('a', 0, 0, { area: 9, value: 1 });
    const b = label('b', 0, 0, { area: 2, value: 50, selected: true });
    const c = label('c', 0, 0, { area: 9, value: 7 });
    expect([a, b, c].sort(byPriority).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect([...placeLabels([a, b, c], { ...bounds, left: -10, top: -10 }).keys()]).toEqual(['b']);
  });

  it('never shows a label that leaves the map or one that only touches a neighbour within the gap', () => {
    expect(placeLabels([label('out', 350, 10)], bounds).size).toBe(0);
    expect([...placeLabels([label('a', 0, 0, { area: 2 }), label('b', 102, 0)], bounds, { gap: 4 }).keys()]).toEqual(['a']);
    expect([...placeLabels([label('a', 0, 0, { area: 2 }), label('b', 110, 0)], bounds, { gap: 4 }).keys()]).toEqual(['a', 'b']);
  });

  it('no two shown labels overlap, whatever the input', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const many = Array.from({ length: 80 }, (_, i) => label(`l${i}`, rnd() * 320, rnd() * 260, { area: rnd(), width: 40 + rnd() * 60, height: 20 + rnd() * 20 }));
    const shown = many.filter((l) => placeLabels(many, bounds).has(l.id));
    expect(shown.length).toBeGreaterThan(3);
    for (const x of shown) for (const y of shown) if (x !== y) expect(boxesOverlap(x, y)).toBe(false);
  });

  it('moves a label off a disc to the nearest clear side, or hides it when its area cannot hold it', () => {
    const disc: LabelBox = { id: 'disc', left: 130, top: 130, width: 40, height: 40 };
    // A 100×40 name centred at (150, 150): its nearest clear place is above or below the disc (41 px).
    const name = label('n', 100, 130);
    const at = placeLabels([name], bounds, { obstacles: [disc] }).get('n');
    expect(at).toEqual({ dx: 0, dy: -41 });
    // Only downwards is in its district: it goes there.
    const below = placeLabels([name], bounds, { obstacles: [disc], fits: (_c, _dx, dy) => dy > 0 }).get('n');
    expect(below).toEqual({ dx: 0, dy: 41 });
    // Nowhere is: hidden, never left on the disc.
    expect(placeLabels([name], bounds, { obstacles: [disc], fits: () => false }).size).toBe(0);
    // Not moved onto a label already kept (the bigger district's, just above the disc).
    const big = label('big', 100, 60, { area: 5 });
    expect(placeLabels([name, big], bounds, { obstacles: [disc] }).get('n')).toEqual({ dx: 0, dy: 41 });
  });

  it('finds the gap among several discs in two steps', () => {
    // The name is on disc A, and each place just clear of A is on another disc: the nearest free
    // place is above A and left of B, the disc above it.
    const d = (id: string, left: number, top: number, size = 30): LabelBox => ({ id, left, top, width: size, height: size });
    const discs = [d('A', 130, 130, 40), d('B', 140, 95), d('C', 140, 180), d('D', 60, 135), d('E', 220, 135)];
    expect(placeLabels([label('n', 100, 130)], bounds, { obstacles: discs }).get('n')).toEqual({ dx: -61, dy: -41 });
  });

  it('no shown label covers a disc or another label, whatever the input', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const many = Array.from({ length: 40 }, (_, i) => label(`l${i}`, rnd() * 320, rnd() * 260, { area: rnd(), width: 40 + rnd() * 60, height: 20 + rnd() * 10 }));
    const discs = Array.from({ length: 12 }, (_, i): LabelBox => ({ id: `d${i}`, left: rnd() * 360, top: rnd() * 260, width: 36, height: 36 }));
    const placed = placeLabels(many, bounds, { obstacles: discs });
    const boxes = [...placed].map(([id, s]) => {
      const l = many.find((x) => x.id === id)!;
      return { ...l, left: l.left + s.dx, top: l.top + s.dy };
    });
    expect([...placed.values()].some((s) => s.dx !== 0 || s.dy !== 0)).toBe(true);
    for (const x of boxes) {
      for (const d of discs) expect(boxesOverlap(x, d)).toBe(false);
      for (const y of boxes) if (x !== y) expect(boxesOverlap(x, y)).toBe(false);
      expect(x.left >= 0 && x.top >= 0 && x.left + x.width <= 400 && x.top + x.height <= 300).toBe(true);
    }
  });

  it('finds the discs a box overlaps as a scan of every disc does, in their order, whatever the boxes', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const box = (id: string, size: number): LabelBox => ({ id, left: rnd() * 4000 - 2000, top: rnd() * 3000 - 1500, width: rnd() * size, height: rnd() * size });
    // Wall maps are laid out across displays (negative and far coordinates); add the odd box
    // that is huge, empty or not a number at all.
    const odd: LabelBox[] = [
      { id: 'huge', left: -1e7, top: -1e7, width: 2e7, height: 2e7 },
      { id: 'nan', left: NaN, top: 0, width: 10, height: 10 },
      { id: 'inf', left: 0, top: 0, width: Infinity, height: 5 },
      { id: 'empty', left: 10, top: 10, width: 0, height: 0 },
    ];
    const discs = [...Array.from({ length: 400 }, (_, i) => box(`d${i}`, 80)), ...odd];
    const grid = new ObstacleGrid(discs);
    const queries = [...Array.from({ length: 600 }, (_, i) => box(`q${i}`, 300)), ...odd];
    let met = 0;
    for (const q of queries) {
      const scan = discs.filter((d) => boxesOverlap(d, q));
      expect(grid.hits(q)).toEqual(scan);
      expect(grid.any(q)).toBe(scan.length > 0);
      met += scan.length;
    }
    expect(met).toBeGreaterThan(600);
  });

  it('a scaled copy of the map (the console preview) keeps and moves the same names', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const many = Array.from({ length: 40 }, (_, i) => label(`l${i}`, Math.round(rnd() * 320), Math.round(rnd() * 260), { area: rnd(), width: 60, height: 24 }));
    const discs = Array.from({ length: 14 }, (_, i): LabelBox => ({ id: `d${i}`, left: Math.round(rnd() * 360), top: Math.round(rnd() * 260), width: 44, height: 44 }));
    const k = 0.25;
    const scale = <T extends LabelBox>(b: T): T => ({ ...b, left: b.left * k, top: b.top * k, width: b.width * k, height: b.height * k });
    const full = placeLabels(many, bounds, { obstacles: discs });
    const small = placeLabels(many.map(scale), scale(bounds), { gap: 4 * k, unit: k, obstacles: discs.map(scale) });
    expect([...small.keys()].sort()).toEqual([...full.keys()].sort());
    for (const [id, s] of full) expect(small.get(id)).toEqual({ dx: s.dx * k, dy: s.dy * k });
    expect([...full.values()].some((s) => s.dx !== 0 || s.dy !== 0)).toBe(true);
  });

  it('tells whether a point lies in a district, holes and islands included', () => {
    const square = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
    const hole = [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]];
    const island = [[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]];
    expect(geometryContains({ type: 'Polygon', coordinates: [square] }, 1, 1)).toBe(true);
    expect(geometryContains({ type: 'Polygon', coordinates: [square, hole] }, 1, 1)).toBe(false);
    expect(geometryContains({ type: 'Polygon', coordinates: [square, hole] }, 0.2, 1)).toBe(true);
    expect(geometryContains({ type: 'MultiPolygon', coordinates: [[square], [island]] }, 5.5, 5.5)).toBe(true);
    expect(geometryContains({ type: 'MultiPolygon', coordinates: [[square], [island]] }, 3, 3)).toBe(false);
    expect(geometryContains({ type: 'Point', coordinates: [1, 1] }, 1, 1)).toBe(false);
    // Whatever the coordinates hold, an answer, not an exception.
    for (const coordinates of [undefined, null, 5, 'x', [null], [[null, 5, 'x']], [[[1]], [[NaN, NaN]]], { a: 1 }])
      for (const type of ['Polygon', 'MultiPolygon']) expect(geometryContains({ type, coordinates }, 1, 1)).toBe(false);
  });

  it('ranks districts by planar size, holes subtracted', () => {
    const square = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
    const hole = [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]];
    expect(ringsArea({ type: 'Polygon', coordinates: [square] })).toBe(4);
    expect(ringsArea({ type: 'Polygon', coordinates: [square, hole] })).toBe(3);
    expect(ringsArea({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toBe(8);
    expect(ringsArea({ type: 'Point' })).toBe(0);
  });
});
