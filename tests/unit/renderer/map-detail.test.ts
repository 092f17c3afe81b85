import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaryTolerance, countPositions, geometryBounds, simplifyGeometry, simplifyLine } from '../../../renderer/components/map-detail';

const districts = JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/geo/binh-phuoc-districts.geojson'), 'utf8')) as {
  features: { geometry: { type: string; coordinates: unknown } }[];
};
const geoms = districts.features.map((f) => f.geometry);

/** Largest distance (degrees) from any original position to the simplified line. */
function maxDeviation(orig: number[][], simple: number[][]): number {
  const seg = (p: number[], a: number[], b: number[]) => {
    const dx = b[0]! - a[0]!, dy = b[1]! - a[1]!;
    const t = dx || dy ? Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / (dx * dx + dy * dy))) : 0;
    return Math.hypot(p[0]! - a[0]! - t * dx, p[1]! - a[1]! - t * dy);
  };
  return Math.max(...orig.map((p) => Math.min(...simple.slice(1).map((b, i) => seg(p, simple[i]!, b)))));
}

describe('map detail (district boundaries at the detail a map can show)', () => {
  it('picks half a pixel at the fitted zoom, rounded down to a power of two', () => {
    const b = geometryBounds(geoms)!;
    expect(b.west).toBeGreaterThan(106);
    expect(b.east).toBeLessThan(108);
    const small = boundaryTolerance(b, 600, 400)!;
    const large = boundaryTolerance(b, 2400, 1600)!;
    expect(Number.isInteger(Math.log2(small))).toBe(true);
    expect(large).toBeLessThan(small); // a bigger map keeps more detail
    // Under half a pixel on both axes at the zoom that fits the bounds.
    const perPx = Math.max((b.east - b.west) / (600 - 24), (b.north - b.south) / Math.cos((11.8 * Math.PI) / 180) / (400 - 24));
    expect(small).toBeLessThanOrEqual(perPx / 2);
    expect(small).toBeGreaterThan(perPx / 4);
    expect(boundaryTolerance(b, 20, 400)).toBeNull(); // not laid out yet: no guess
  });

  it('keeps every position of the real boundaries within the tolerance, with far fewer points', () => {
    const tol = boundaryTolerance(geometryBounds(geoms)!, 1280, 720)!;
    let before = 0;
    let after = 0;
    for (const g of geoms) {
      const s = simplifyGeometry(g, tol);
      before += countPositions(g);
      after += countPositions(s);
      const rings = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
      const simple = (s.type === 'Polygon' ? [s.coordinates] : s.coordinates) as number[][][][];
      rings.forEach((poly, i) =>
        poly.forEach((ring, j) => {
          const out = simple[i]![j]!;
          expect(out.length).toBeGreaterThanOrEqual(4);
          expect(out[0]).toEqual(out.at(-1)); // still closed
          expect(maxDeviation(ring, out)).toBeLessThanOrEqual(tol * 1.0001);
        }),
      );
    }
    expect(before).toBeGreaterThan(7000);
    expect(after).toBeLessThan(before / 2);
  });

  it('leaves a line alone when nothing deviates less than the tolerance, and simplifies a straight run', () => {
    const zigzag = [[0, 0], [1, 1], [2, 0], [3, 1]];
    expect(simplifyLine(zigzag, 0.1)).toEqual(zigzag);
    expect(simplifyLine([[0, 0], [1, 0.001], [2, 0], [3, 0.001], [4, 0]], 0.01)).toEqual([[0, 0], [4, 0]]);
    // A tiny island stays a shape.
    const tiny = { type: 'Polygon', coordinates: [[[0, 0], [0.0001, 0], [0.0001, 0.0001], [0, 0.0001], [0, 0]]] };
    expect(countPositions(simplifyGeometry(tiny, 1))).toBeGreaterThanOrEqual(4);
  });
});
