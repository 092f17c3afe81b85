import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOUNDARY_BUDGET, BoundariesError, loadBoundaries } from '../../host/geo/boundaries';
import { contains } from '../../host/geo/geometry';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-geo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });

describe('district boundaries', () => {
  it('bundled: province 70 and the 11 districts, version 2019, label points inside', () => {
    const areas = loadBoundaries();
    expect(areas.map((a) => a.id)).toEqual(['70', '688', '689', '690', '691', '692', '693', '694', '695', '696', '697', '698']);
    expect(new Set(areas.map((a) => a.version))).toEqual(new Set(['2019']));
    for (const a of areas) expect(contains(a.geometry as never, a.lon!, a.lat!), a.name).toBe(true);
  });

  it('an installer’s file replaces them (config boundaries.file); without a province feature the outline is the union', () => {
    const file = join(dir, 'official.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { gso_code: '689', name: 'Đồng Xoài', kind: 'thành phố' }, geometry: square(106, 11) },
          { type: 'Feature', properties: { gso_code: '690', name: 'Bình Long', kind: 'thị xã' }, geometry: square(107, 11) },
        ],
      }),
    );
    const [province, ...districts] = loadBoundaries(file);
    expect(districts.map((d) => [d.id, d.name, d.kind, d.parentId, d.lon, d.lat])).toEqual([
      ['689', 'Đồng Xoài', 'thành phố', '70', 106.5, 11.5],
      ['690', 'Bình Long', 'thị xã', '70', 107.5, 11.5],
    ]);
    expect(province).toMatchObject({ id: '70', level: 'province', lon: 107, lat: 11.5 });
    expect(province!.geometry).toMatchObject({ type: 'MultiPolygon' });
  });

  it('names are cleaned as source text is: a bidi override, control characters and decomposed letters never reach a label; a name of nothing is refused', () => {
    const file = join(dir, 'odd.geojson');
    const feature = (code: string, name: string, x: number) => ({ type: 'Feature', properties: { gso_code: code, name, kind: ' thị xã\u0007 ' }, geometry: square(x, 11) });
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [feature('689', ' Đo\u0302\u0300ng Xoài\u202Egnp.exe\u202C ', 106)] }));
    const [, d] = loadBoundaries(file);
    expect([d!.name, d!.kind]).toEqual(['Đồng Xoàignp.exe', 'thị xã']);
    // With a BOM before it, as GIS tools on Windows save GeoJSON.
    writeFileSync(file, `\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [feature('689', 'Đồng Xoài', 106)] })}`);
    expect(loadBoundaries(file)[1]!.name).toBe('Đồng Xoài');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [feature('689', '\u202E\u0000 ', 106)] }));
    expect(() => loadBoundaries(file)).toThrow(/needs string properties "gso_code" and "name"/);
  });

  it('says what is wrong with a bad file and what to do', () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":null}]}');
    expect(() => loadBoundaries(bad)).toThrow(BoundariesError);
    expect(() => loadBoundaries(bad)).toThrow(/needs string properties "gso_code" and "name"/);
    expect(() => loadBoundaries(join(dir, 'missing.geojson'))).toThrow(/Check the path in "boundaries.file"/);
  });

  it('refuses JSON that is not a FeatureCollection of polygons with a BoundariesError, not a TypeError', () => {
    const file = join(dir, 'odd.geojson');
    const feature = (coordinates: unknown) => ({ type: 'Feature', properties: { gso_code: '689', name: 'X' }, geometry: { type: 'Polygon', coordinates } });
    const cases: [unknown, RegExp][] = [
      [null, /not a GeoJSON FeatureCollection/],
      [{ type: 'FeatureCollection', features: [null] }, /Feature 0 .* is not a GeoJSON Feature object/],
      [{ type: 'FeatureCollection', features: [feature([[106, 11]])] }, /Feature 0 .*rings of at least 4/],
      [{ type: 'FeatureCollection', features: [feature([])] }, /Feature 0 .*rings of at least 4/],
      [{ type: 'FeatureCollection', features: [feature([[[106, 11], [107, 11], ['a', 12], [106, 11]]])] }, /Feature 0 .*rings of at least 4/],
      // Axes swapped, metres of a projected system, not a number.
      [{ type: 'FeatureCollection', features: [feature([[[11, 106], [11, 107], [12, 107], [11, 106]]])] }, /Feature 0 .*lat −90…90/],
      [{ type: 'FeatureCollection', features: [feature([[[712000, 1270000], [713000, 1270000], [713000, 1271000], [712000, 1270000]]])] }, /Feature 0 .*lon −180…180/],
      [{ type: 'FeatureCollection', features: [feature([[[106, 11], [107, 11], [107, null], [106, 11]]])] }, /Feature 0 /],
      [
        { type: 'FeatureCollection', features: [feature([[[106, 11], [107, 11], [107, 12], [106, 11]]]), { ...feature([[[108, 11], [109, 11], [109, 12], [108, 11]]]), properties: { gso_code: '689', name: 'Y' } }] },
        /share "gso_code" "689" \(X and Y\)/,
      ],
    ];
    for (const [json, message] of cases) {
      writeFileSync(file, JSON.stringify(json));
      expect(() => loadBoundaries(file), JSON.stringify(json)).toThrow(BoundariesError);
      expect(() => loadBoundaries(file), JSON.stringify(json)).toThrow(message);
    }
  });
});

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const district = (code: unknown, name: unknown, geometry: unknown) => ({ type: 'Feature', properties: { gso_code: code, name }, geometry });
const positions = (g: unknown): number => {
  const c = (g as { coordinates: unknown }).coordinates;
  const count = (x: unknown): number => (Array.isArray(x) && typeof x[0] === 'number' ? 1 : Array.isArray(x) ? x.reduce((n: number, y) => n + count(y), 0) : 0);
  return count(c);
};
const ringArea = (r: number[][]) => r.reduce((a, p, i) => (i === 0 ? a : a + r[i - 1]![0]! * p[1]! - p[0]! * r[i - 1]![1]!), 0) / 2;

describe('a detailed boundaries file is simplified once, when it is loaded (H1)', () => {
  it('a district densified to 300,000 positions comes back at the bundled file’s size, its shape kept', () => {
    // Đồng Xoài-sized square, every side cut into 75,000 steps: detail no screen can show.
    const ring: number[][] = [];
    const corners = [[106.8, 11.5], [106.9, 11.5], [106.9, 11.6], [106.8, 11.6]];
    for (let s = 0; s < 4; s++) {
      const [x0, y0] = corners[s]!;
      const [x1, y1] = corners[(s + 1) % 4]!;
      for (let k = 0; k < 75_000; k++) ring.push([+(x0! + ((x1! - x0!) * k) / 75_000).toFixed(7), +(y0! + ((y1! - y0!) * k) / 75_000).toFixed(7)]);
    }
    ring.push(ring[0]!);
    const file = join(dir, 'dense.geojson');
    writeFileSync(file, fc([district('689', 'Đồng Xoài', { type: 'Polygon', coordinates: [ring] }), district('690', 'Bình Long', square(107, 11))]));
    const [province, dx, bl] = loadBoundaries(file);
    const kept = (dx!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(kept.length).toBeLessThan(50);
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept[0]).toEqual(kept[kept.length - 1]);
    expect(Math.abs(ringArea(kept))).toBeCloseTo(0.01, 6);
    expect([dx!.lon, dx!.lat]).toEqual([106.85, 11.55]);
    // The province outline is made of the same simplified rings, not of the 300,000 positions.
    expect(positions(province!.geometry)).toBe(kept.length + 5);
    expect(positions(bl!.geometry)).toBe(5);
  });

  it('real detail beyond the budget is simplified to the budget, every ring still a shape', () => {
    // 120,000 positions of a wiggly outline (no two on a line) and a tiny island of 2,000.
    const rnd = ((s) => () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31))(7);
    const wiggly = (cx: number, cy: number, r: number, n: number) => {
      const out: number[][] = [];
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * i) / n;
        const rr = r * (1 + 0.02 * rnd());
        out.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
      }
      out.push(out[0]!);
      return out;
    };
    const file = join(dir, 'detailed.geojson');
    writeFileSync(file, fc([district('689', 'Đồng Xoài', { type: 'MultiPolygon', coordinates: [[wiggly(106.85, 11.55, 0.1, 120_000)], [wiggly(107.3, 11.9, 0.0005, 2_000)]] })]));
    const [province, dx] = loadBoundaries(file);
    const parts = (dx!.geometry as { coordinates: number[][][][] }).coordinates;
    expect(parts).toHaveLength(2);
    expect(positions(dx!.geometry) + positions(province!.geometry)).toBeLessThanOrEqual(BOUNDARY_BUDGET);
    for (const [ring] of parts) {
      expect(ring!.length).toBeGreaterThanOrEqual(4);
      expect(Math.abs(ringArea(ring!))).toBeGreaterThan(0);
    }
    expect(Math.abs(ringArea(parts[0]![0]!))).toBeCloseTo(Math.PI * 0.01 * 1.02, 3);
  });

  it('refuses a file above the hard cap, naming the count, the cap and how to simplify it', () => {
    const file = join(dir, 'huge.geojson');
    const ring = Array.from({ length: 600 }, (_, i) => [106 + Math.cos(i / 100), 11 + Math.sin(i / 100)]);
    ring.push(ring[0]!);
    writeFileSync(file, fc([district('689', 'Đồng Xoài', { type: 'Polygon', coordinates: [ring] })]));
    expect(() => loadBoundaries(file, { maxPositions: 500 })).toThrow(/Tệp ranh giới quá chi tiết.*601 .*500.*mapshaper .*-simplify/s);
  });
});

describe('a polygon without area is refused, a part without area dropped (M2)', () => {
  const same = [[106.5, 11.5], [106.5, 11.5], [106.5, 11.5], [106.5, 11.5]];
  const line = [[106, 11], [106.5, 11.5], [107, 12], [106, 11]];
  it.each([
    ['four identical points', same],
    ['collinear points', line],
  ])('%s', (_what, ring) => {
    const file = join(dir, 'flat.geojson');
    writeFileSync(file, fc([district('688', 'Phước Long', square(106, 11)), district('689', 'Đồng Xoài', { type: 'Polygon', coordinates: [ring] })]));
    expect(() => loadBoundaries(file)).toThrow(BoundariesError);
    expect(() => loadBoundaries(file)).toThrow(/Feature 1 \(gso_code 689\): vùng không có diện tích \/ the polygon has no area; fix its ring/);
  });

  it('a multipolygon keeps its parts with area and drops the flat one (it covers and draws nothing)', () => {
    const file = join(dir, 'part.geojson');
    writeFileSync(file, fc([district('689', 'Đồng Xoài', { type: 'MultiPolygon', coordinates: [[same], square(106, 11).coordinates, [line]] })]));
    const [, d] = loadBoundaries(file);
    expect(d!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [square(106, 11).coordinates] });
    expect([d!.lon, d!.lat]).toEqual([106.5, 11.5]);
  });
});

describe('district codes and names (L2, L3)', () => {
  it.each([[''], [' 689\u0000\u202E'], ['6'.repeat(1_000_000)], ['68 9'], ['689/1']])('refuses the code %#', (code) => {
    const file = join(dir, 'code.geojson');
    writeFileSync(file, fc([district(code, 'Đồng Xoài', square(106, 11))]));
    expect(() => loadBoundaries(file)).toThrow(/Feature 0: mã "gso_code" không hợp lệ \/ "gso_code" .* is not a district code/);
    // The message quotes at most a little of what it refuses.
    try {
      loadBoundaries(file);
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(600);
    }
  });

  it('trims spaces around a code; caps a name at 160 characters and removes lone surrogates', () => {
    const file = join(dir, 'names.geojson');
    writeFileSync(file, fc([district(' 689 ', `Đồng\uD800 Xoài\uDC00 ${'x'.repeat(1_000_000)}`, square(106, 11)), district('690', 'Bình 😀 Long', square(107, 11))]));
    const [, d, e] = loadBoundaries(file);
    expect(d!.id).toBe('689');
    expect(d!.name.startsWith('Đồng Xoài xxx')).toBe(true);
    expect([...d!.name]).toHaveLength(160);
    expect(d!.name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(e!.name).toBe('Bình 😀 Long');
  });

  it('60,000 features are checked for twin codes in linear time', () => {
    const file = join(dir, 'many.geojson');
    const tiny = (i: number) => {
      const x = 100 + (i % 300) * 0.01;
      const y = 10 + Math.floor(i / 300) * 0.01;
      return { type: 'Polygon', coordinates: [[[x, y], [x + 0.005, y], [x + 0.005, y + 0.005], [x, y]]] };
    };
    writeFileSync(file, fc(Array.from({ length: 60_000 }, (_, i) => district(`d${i}`, `D ${i}`, tiny(i)))));
    // Quadratic, the check alone took 14.9 s here (33 s on a busy machine), over the test's
    // timeout; linear, the whole load takes about one. No time is asserted: the timeout is the
    // bound, and a machine's load must not decide a test.
    expect(loadBoundaries(file)).toHaveLength(60_001);
  });
});
