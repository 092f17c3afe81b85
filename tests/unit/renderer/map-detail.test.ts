import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaryTolerance, geometryBounds } from '../../../renderer/components/map-detail';

const districts = JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/geo/binh-phuoc-districts.geojson'), 'utf8')) as {
  features: { geometry: { type: string; coordinates: unknown } }[];
};
const geoms = districts.features.map((f) => f.geometry);

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
});
