import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoundariesError, loadBoundaries } from '../../host/geo/boundaries';
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
