import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { geometryAtLevel, geometryLevels, LEVEL_ALWAYS, lineLevels, ringLevels } from '../../base/boundary-detail';

type Pos = number[];
const file = (name: string) =>
  (JSON.parse(readFileSync(join(import.meta.dirname, '../../data/geo', name), 'utf8')) as { features: { geometry: { type: string; coordinates: unknown } }[] }).features.map(
    (f) => f.geometry,
  );
const geoms = [...file('binh-phuoc-districts.geojson'), ...file('binh-phuoc-province.geojson')];

// Douglas–Peucker as the textbook writes it (recursive, at one tolerance): what the levels must
// reproduce at every power of two.
function segDist(p: Pos, a: Pos, b: Pos): number {
  const dx = b[0]! - a[0]!, dy = b[1]! - a[1]!;
  const t = dx || dy ? Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / (dx * dx + dy * dy))) : 0;
  return Math.hypot(p[0]! - a[0]! - t * dx, p[1]! - a[1]! - t * dy);
}
function dp(line: Pos[], tol: number): Pos[] {
  if (line.length <= 2) return line.slice();
  let max = -1;
  let at = -1;
  for (let i = 1; i < line.length - 1; i++) {
    const d = segDist(line[i]!, line[0]!, line.at(-1)!);
    if (d > max) [max, at] = [d, i];
  }
  if (!(max > tol)) return [line[0]!, line.at(-1)!];
  return [...dp(line.slice(0, at + 1), tol), ...dp(line.slice(at), tol).slice(1)];
}
function dpRing(ring: Pos[], tol: number): Pos[] {
  if (ring.length <= 4) return ring.slice();
  let far = 1;
  for (let i = 1; i < ring.length - 1; i++) if (segDist(ring[i]!, ring[0]!, ring[0]!) > segDist(ring[far]!, ring[0]!, ring[0]!)) far = i;
  const out = [...dp(ring.slice(0, far + 1), tol), ...dp(ring.slice(far), tol).slice(1)];
  return out.length >= 4 ? out : ring.slice();
}
const polygons = (g: { type: string; coordinates: unknown }) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Pos[][][];

describe('boundary detail levels (Douglas–Peucker once, kept by comparison)', () => {
  it('gives exactly what Douglas–Peucker gives, on the real boundaries at every power of two', () => {
    expect(geoms.length).toBe(12);
    let positions = 0;
    for (const g of geoms) {
      const levels = geometryLevels(g);
      expect(levels).not.toBeNull();
      for (let k = -18; k <= -2; k++) {
        const tol = 2 ** k;
        const got = polygons(geometryAtLevel(g, levels, k));
        polygons(g).forEach((poly, i) => poly.forEach((ring, j) => expect(got[i]![j], `ring ${i}.${j} at 2^${k}`).toEqual(dpRing(ring, tol))));
      }
      positions += polygons(g).flat().reduce((n, r) => n + r.length, 0);
    }
    expect(positions).toBeGreaterThan(9000);
  });

  it("keeps far fewer positions at a wall tile's tolerance, and rings closed and at least a triangle", () => {
    let before = 0;
    let after = 0;
    for (const g of geoms) {
      const s = polygons(geometryAtLevel(g, geometryLevels(g), -10));
      polygons(g).forEach((poly, i) =>
        poly.forEach((ring, j) => {
          before += ring.length;
          after += s[i]![j]!.length;
          expect(s[i]![j]!.length).toBeGreaterThanOrEqual(4);
          expect(s[i]![j]![0]).toEqual(s[i]![j]!.at(-1));
        }),
      );
    }
    expect(after).toBeLessThan(before / 3);
  });

  it('works on lines, straight runs, duplicates and tiny rings', () => {
    expect(lineLevels([[0, 0], [1, 1]])).toEqual([LEVEL_ALWAYS, LEVEL_ALWAYS]);
    // A straight run: the middle positions are kept by no tolerance.
    const straight = geometryAtLevel({ type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0], [2, 0], [3, 0]] }, lineLevels([[0, 0], [1, 0], [2, 0], [2, 0], [3, 0]]), -30);
    expect(straight.coordinates).toEqual([[0, 0], [3, 0]]);
    const zig = [[0, 0], [1, 0.001], [2, 0], [3, 0.001], [4, 0]];
    const levels = lineLevels(zig);
    // 0.001 is between 2^-10 and 2^-9: kept at the first, not at the second.
    expect(geometryAtLevel({ type: 'LineString', coordinates: zig }, levels, -10).coordinates).toEqual(dp(zig, 2 ** -10));
    expect(geometryAtLevel({ type: 'LineString', coordinates: zig }, levels, -9).coordinates).toEqual([[0, 0], [4, 0]]);
    const tiny = [[0, 0], [0.0001, 0], [0.0001, 0.0001], [0, 0.0001], [0, 0]];
    expect(ringLevels(tiny).length).toBe(5);
    expect(polygons(geometryAtLevel({ type: 'Polygon', coordinates: [tiny] }, geometryLevels({ type: 'Polygon', coordinates: [tiny] }), 0))[0]![0]).toEqual(tiny);
  });

  it("gives no levels for what has nothing to simplify or is not of its type's shape, and leaves such geometry whole", () => {
    for (const g of [
      null,
      { type: 'Point', coordinates: [1, 2] },
      { type: 'Polygon', coordinates: 'x' },
      { type: 'Polygon', coordinates: [[1, 2]] },
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 1]]], 7] },
      { type: 'LineString', coordinates: [[[0, 0]]] },
      { type: 'GeometryCollection', geometries: [] },
    ]) {
      expect(geometryLevels(g as never)).toBeNull();
    }
    const g = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0.5, 1.2], [0, 1], [0, 0]]] };
    expect(geometryAtLevel(g, null, 0)).toBe(g);
    // Levels for another shape (a boundary redrawn since): the unmatched ring stays whole.
    expect(geometryAtLevel(g, [[LEVEL_ALWAYS]], 5).coordinates[0]).toEqual(g.coordinates[0]);
  });
});
