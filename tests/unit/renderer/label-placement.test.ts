import { describe, expect, it } from 'vitest';
import { boxesOverlap, byPriority, placeLabels, ringsArea, type LabelCandidate } from '../../../renderer/components/label-placement';

const bounds = { id: 'map', left: 0, top: 0, width: 400, height: 300 };
const label = (id: string, left: number, top: number, extra: Partial<LabelCandidate> = {}): LabelCandidate => ({
  id, left, top, width: 100, height: 40, area: 1, ...extra,
});

describe('map label placement', () => {
  it('keeps the larger district when two labels collide, and both once they are apart (zoomed in)', () => {
    const small = label('small', 50, 50, { area: 1 });
    const big = label('big', 90, 60, { area: 5 });
    expect([...placeLabels([small, big], bounds)]).toEqual(['big']);
    expect(placeLabels([small, { ...big, left: 250 }], bounds)).toEqual(new Set(['small', 'big']));
  });

  it('puts the selected district first, then area, then the value shown', () => {
    const a = label('a', 0, 0, { area: 9, value: 1 });
    const b = label('b', 0, 0, { area: 2, value: 50, selected: true });
    const c = label('c', 0, 0, { area: 9, value: 7 });
    expect([a, b, c].sort(byPriority).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect([...placeLabels([a, b, c], { ...bounds, left: -10, top: -10 })]).toEqual(['b']);
  });

  it('never shows a label that leaves the map or one that only touches a neighbour within the gap', () => {
    expect(placeLabels([label('out', 350, 10)], bounds).size).toBe(0);
    expect(placeLabels([label('a', 0, 0, { area: 2 }), label('b', 102, 0)], bounds, 4)).toEqual(new Set(['a']));
    expect(placeLabels([label('a', 0, 0, { area: 2 }), label('b', 110, 0)], bounds, 4)).toEqual(new Set(['a', 'b']));
  });

  it('no two shown labels overlap, whatever the input', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const many = Array.from({ length: 80 }, (_, i) => label(`l${i}`, rnd() * 320, rnd() * 260, { area: rnd(), width: 40 + rnd() * 60, height: 20 + rnd() * 20 }));
    const shown = many.filter((l) => placeLabels(many, bounds).has(l.id));
    expect(shown.length).toBeGreaterThan(3);
    for (const x of shown) for (const y of shown) if (x !== y) expect(boxesOverlap(x, y)).toBe(false);
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
