import { describe, expect, it } from 'vitest';
import { representativePoint } from '../../sync/representative-point';

// Shapes drawn on a 0..4 grid, placed near Đồng Xoài at 0.01° a unit.
const at = (x: number, y: number): [number, number] => [106.8 + x / 100, 11.5 + y / 100];
const ring = (...pts: [number, number][]) => [...pts, pts[0]!].map(([x, y]) => at(x, y));
const expectAt = (p: { lat: number; lon: number } | null, x: number, y: number) => {
  expect(p).not.toBeNull();
  expect(p!.lon).toBeCloseTo(106.8 + x / 100, 9);
  expect(p!.lat).toBeCloseTo(11.5 + y / 100, 9);
};

describe('representativePoint: one point on a GeoJSON geometry', () => {
  it('takes a point, the first good one of several, and a line half way along its length', () => {
    expectAt(representativePoint({ type: 'Point', coordinates: at(1, 2) }), 1, 2);
    expectAt(representativePoint({ type: 'Point', coordinates: [...at(1, 2), 55] }), 1, 2);
    expectAt(representativePoint({ type: 'MultiPoint', coordinates: [['x', 1], [200, 95], at(3, 3)] }), 3, 3);
    expectAt(representativePoint({ type: 'LineString', coordinates: [at(0, 0), at(1, 0), at(1, 3)] }), 1, 1);
    expectAt(representativePoint({ type: 'MultiLineString', coordinates: [[at(0, 0), at(0, 1)], [at(2, 0), at(2, 4)]] }), 2, 2);
  });

  it('puts a polygon\'s point inside it: its centroid, or inside a U and beside a hole where the centroid is not', () => {
    expectAt(representativePoint({ type: 'Polygon', coordinates: [ring([0, 0], [4, 0], [4, 2], [0, 2])] }), 2, 1);
    // A U: the centroid (1.5, 1.357) lies in the notch; the first arm's middle is inside.
    const u = ring([0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]);
    expectAt(representativePoint({ type: 'Polygon', coordinates: [u] }), 0.5, 9.5 / 7);
    // A square with a square hole in the middle: the centroid is in the hole.
    const donut = [ring([0, 0], [4, 0], [4, 4], [0, 4]), ring([1, 1], [3, 1], [3, 3], [1, 3])];
    expectAt(representativePoint({ type: 'Polygon', coordinates: donut }), 0.5, 2);
    // Of several polygons, inside the largest (here the second).
    expectAt(representativePoint({ type: 'MultiPolygon', coordinates: [[ring([0, 0], [1, 0], [1, 1], [0, 1])], [ring([2, 0], [4, 0], [4, 4], [2, 4])]] }), 3, 2);
  });

  it('a parcel of a few metres keeps its place to the centimetre', () => {
    const m = 1 / 111_000; // a metre of latitude in degrees
    const p = representativePoint({ type: 'Polygon', coordinates: [[[106.9, 11.7], [106.9 + 20 * m, 11.7], [106.9 + 20 * m, 11.7 + 10 * m], [106.9, 11.7 + 10 * m], [106.9, 11.7]]] });
    expect(Math.abs(p!.lon - (106.9 + 10 * m)) / m).toBeLessThan(0.01);
    expect(Math.abs(p!.lat - (11.7 + 5 * m)) / m).toBeLessThan(0.01);
  });

  it('skips bad positions, and gives null, never an error, for anything that is not a geometry', () => {
    expectAt(representativePoint({ type: 'Polygon', coordinates: [[at(0, 0), null, 'x', [NaN, 1], at(4, 0), at(4, 2), [0, 0], at(0, 2), at(0, 0)]] }), 2, 1);
    expectAt(representativePoint({ type: 'Polygon', coordinates: [[at(1, 1), at(1, 1), at(1, 1)]] }), 1, 1);
    expectAt(representativePoint({ type: 'GeometryCollection', geometries: [null, { type: 'Point', coordinates: 'x' }, { type: 'Point', coordinates: at(1, 1) }] }), 1, 1);
    for (const g of [null, 1, 'Point', [], {}, { type: 'Point' }, { type: 'Polygon', coordinates: [] }, { type: 'Polygon', coordinates: [[]] }, { type: 'MultiPolygon', coordinates: [] }, { type: 'MultiLineString', coordinates: 5 }, { type: 'LineString', coordinates: [[0, 0]] }, { type: 'Circle', coordinates: at(1, 1) }]) {
      expect(representativePoint(g), JSON.stringify(g)).toBeNull();
    }
    // Collections nested 10,000 deep: no stack overflow; past 32 levels nothing is read.
    let deep: unknown = { type: 'Point', coordinates: at(1, 1) };
    for (let i = 0; i < 10_000; i++) deep = { type: 'GeometryCollection', geometries: [deep] };
    expect(representativePoint(deep)).toBeNull();
    let shallow: unknown = { type: 'Point', coordinates: at(1, 1) };
    for (let i = 0; i < 5; i++) shallow = { type: 'GeometryCollection', geometries: [shallow] };
    expectAt(representativePoint(shallow), 1, 1);
  });
});
