import Supercluster from 'supercluster';
import { describe, expect, it } from 'vitest';
import { clusterRadius, clusterRadiusOnScreen, separateTargets, type Placed } from '../../../renderer/components/map-detail';

/**
 * The kiosk's clusters are finger targets of 64 px (README, "The leader kiosk"): a tap on one
 * must never open another. Supercluster's radius is in its 512 px extent's units and is asked
 * for at the nearest whole zoom while the map zooms by fractions; its clusters sit at their
 * points' centroid. Checked here on a province's worth of points at every quarter zoom.
 */
const TARGET = 64;

/** Web Mercator, Leaflet's 256 px tiles: the point's pixel at `zoom`. */
const project = (lon: number, lat: number, zoom: number) => {
  const world = 256 * 2 ** zoom;
  const s = Math.sin((lat * Math.PI) / 180);
  return { x: ((lon + 180) / 360) * world, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world };
};

function points(n: number): [number, number][] {
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  // Around eleven towns of Bình Phước, as the demo's reports are.
  const towns = Array.from({ length: 11 }, () => [106.5 + rnd() * 0.9, 11.4 + rnd() * 0.8] as const);
  return Array.from({ length: n }, () => {
    const [lon, lat] = towns[Math.floor(rnd() * towns.length)]!;
    return [lon + (rnd() - 0.5) * 0.12, lat + (rnd() - 0.5) * 0.12] as [number, number];
  });
}

function shown(index: Supercluster, zoom: number): Placed[] {
  return index.getClusters([-180, -85, 180, 85], Math.round(zoom)).map((c) => {
    const [lon, lat] = c.geometry.coordinates as [number, number];
    const p = project(lon, lat, zoom);
    return { x: p.x, y: p.y, count: (c.properties as { point_count?: number }).point_count ?? 1 };
  });
}

const overlapping = (ms: Placed[]) => {
  const out: [Placed, Placed][] = [];
  for (let i = 0; i < ms.length; i++)
    for (let j = i + 1; j < ms.length; j++) if (Math.abs(ms[i]!.x - ms[j]!.x) < TARGET && Math.abs(ms[i]!.y - ms[j]!.y) < TARGET) out.push([ms[i]!, ms[j]!]);
  return out;
};

describe('kiosk clusters as finger targets', () => {
  it('keeps whole-zoom clusters a target apart at any fractional zoom the map shows', () => {
    const r = clusterRadius(TARGET);
    for (let z = 6; z <= 14; z += 0.05) expect(clusterRadiusOnScreen(r, z, Math.round(z))).toBeGreaterThanOrEqual(TARGET - 1e-9);
    // The wall's radius (72) is 36 px on screen: half a target.
    expect(clusterRadiusOnScreen(72, 8, 8)).toBe(36);
  });

  it('never leaves two targets overlapping, and draws every point once', () => {
    const pts = points(1569);
    const index = new Supercluster({ radius: clusterRadius(TARGET), maxZoom: 16 });
    index.load(pts.map(([lon, lat], i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { i } })));
    let merged = 0;
    for (let z = 7; z <= 12; z += 0.25) {
      const raw = shown(index, z);
      const groups = separateTargets(raw, TARGET);
      merged += raw.length - groups.length;
      const kept = groups.map((g) => ({ ...raw[g[0]!]!, count: g.reduce((n, i) => n + raw[i]!.count, 0) }));
      expect(overlapping(kept)).toEqual([]);
      expect(kept.reduce((n, k) => n + k.count, 0)).toBe(pts.length);
      // Each marker stands for itself first, then those drawn into it.
      expect(groups.flat().sort((a, b) => a - b)).toEqual(raw.map((_, i) => i));
    }
    // Centroids do pull some clusters closer than the radius: that is what the second step is for.
    expect(merged).toBeGreaterThan(0);
  });

  it('the larger marker keeps its place and takes the smaller one in', () => {
    const ms: Placed[] = [
      { x: 100, y: 100, count: 3 },
      { x: 130, y: 110, count: 40 },
      { x: 300, y: 100, count: 1 },
      { x: 160, y: 170, count: 2 },
    ];
    expect(separateTargets(ms, TARGET)).toEqual([[1, 0, 3], [2]]);
  });

  it('with the radius the kiosk used (72), targets overlapped', () => {
    const pts = points(1569);
    const index = new Supercluster({ radius: 72, maxZoom: 16 });
    index.load(pts.map(([lon, lat], i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { i } })));
    expect(overlapping(shown(index, 8)).length).toBeGreaterThan(0);
  });
});
