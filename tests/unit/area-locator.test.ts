import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Area } from '../../domains';
import { openDatabase } from '../../host/db/open';
import { loadBoundaries } from '../../host/geo/boundaries';
import { AreaLocator, withDistrict } from '../../host/geo/area-locator';
import { districtIndex } from '../../host/geo/district-index';
import { DemoDistricts } from '../../host/demo/areas';
import { Random } from '../../host/demo/random';
import { RecordWriter } from '../../host/store/records';
import { SqliteSyncStore } from '../../host/sync/sqlite-store';
import { initialFeedState } from '../../sync/store';

type Ring = [number, number][];
const rect = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

// B1: a 10x10 square with a 2x2 hole in the middle; C3: an island inside that hole.
// A2: an L shape sharing B1's east edge (x = 10), its notch (15..20, 5..10) is outside it but inside its box.
// D4: a MultiPolygon of two separate unit squares with nothing between them.
const square = { type: 'Polygon', coordinates: [rect(0, 0, 10, 10), rect(4, 4, 6, 6)] };
const island = { type: 'Polygon', coordinates: [rect(4.5, 4.5, 5.5, 5.5)] };
const ell = {
  type: 'Polygon',
  coordinates: [
    [
      [10, 0],
      [20, 0],
      [20, 5],
      [15, 5],
      [15, 10],
      [10, 10],
      [10, 0],
    ],
  ],
};
const twoParts = { type: 'MultiPolygon', coordinates: [[rect(30, 0, 31, 1)], [rect(40, 0, 41, 1)]] };
const handMade = [
  { id: 'B1', geometry: square },
  { id: 'A2', geometry: ell },
  { id: 'C3', geometry: island },
  { id: 'D4', geometry: twoParts },
];

describe('districtIndex on hand-made shapes', () => {
  const idx = districtIndex(handMade);

  it('finds the shape holding the point, with the hole cut out of the square', () => {
    expect(idx.locate(2, 2)).toBe('B1');
    expect(idx.locate(9.9, 9.9)).toBe('B1');
    expect(idx.locate(4.2, 4.2)).toBeNull(); // in B1's hole, not on the island
    expect(idx.locate(5, 5)).toBe('C3'); // the island in the hole
    expect(idx.locate(12, 2)).toBe('A2');
    expect(idx.locate(12, 9)).toBe('A2'); // the L's upright
    expect(idx.locate(19, 2)).toBe('A2'); // the L's foot
  });

  it('a point inside a box but outside the shape is not matched (the exact test, not only the box)', () => {
    expect(idx.locate(17, 7)).toBeNull(); // the L's notch
    expect(idx.locate(35, 0.5)).toBeNull(); // between D4's two parts
    expect(idx.locate(40.5, 0.5)).toBe('D4');
    expect(idx.locate(30.5, 0.5)).toBe('D4');
  });

  it('outside everything, or without a usable coordinate, is null', () => {
    expect(idx.locate(-1, 5)).toBeNull();
    expect(idx.locate(5, 11)).toBeNull();
    expect(idx.locate(Number.NaN, 5)).toBeNull();
  });

  it('a point on a shared border goes to one district, the lowest code, whatever the input order', () => {
    expect(idx.locate(10, 3)).toBe('A2');
    expect(districtIndex([...handMade].reverse()).locate(10, 3)).toBe('A2');
    expect(districtIndex(handMade.filter((a) => a.id !== 'A2')).locate(10, 3)).toBe('B1'); // and B1 does contain it
  });

  it('answers per district too: its codes in lookup order, its box, whether it holds a point', () => {
    expect(idx.ids()).toEqual(['A2', 'B1', 'C3', 'D4']);
    expect(idx.box('A2')).toEqual([10, 0, 20, 10]);
    expect(idx.box('nope')).toBeNull();
    expect(idx.contains('A2', 17, 7)).toBe(false); // in its box, not in the L
    expect(idx.contains('A2', 12, 9)).toBe(true);
    expect(idx.contains('B1', 5, 5)).toBe(false); // in the hole
    expect(idx.contains('B1', 10, 3)).toBe(true); // the shared border counts as inside
    expect(idx.contains('nope', 1, 1)).toBe(false);
    expect(idx.contains('B1', Number.NaN, 1)).toBe(false);
  });

  it('the demo generator places its points with the same index (one answer for one point)', () => {
    const areas = loadBoundaries();
    const demo = new DemoDistricts(areas);
    const shared = districtIndex(areas.filter((a) => a.level === 'district'));
    const rng = new Random(7);
    for (let k = 0; k < 300; k++) {
      const lon = rng.range(106.3, 107.5);
      const lat = rng.range(11.2, 12.3);
      expect(demo.locate(lon, lat)).toBe(shared.locate(lon, lat));
    }
    for (const id of demo.ids()) {
      const [lon, lat] = demo.randomPoint(rng, id);
      expect(shared.contains(id, lon, lat) || shared.locate(lon, lat) === id).toBe(true);
    }
  });

  it('skips areas without a polygonal geometry', () => {
    const i = districtIndex([{ id: 'P', geometry: { type: 'Point', coordinates: [1, 1] } }, { id: 'N', geometry: null }, ...handMade]);
    expect(i.size).toBe(4);
    expect(i.locate(1, 1)).toBe('B1');
  });
});

describe('withDistrict', () => {
  const idx = districtIndex(handMade);
  it('fills only a missing area of a record with coordinates, and asks for the index only then', () => {
    let asked = 0;
    const index = () => (asked++, idx);
    const has = { areaId: 'X', lat: 2, lon: 2 };
    expect(withDistrict(has, index)).toBe(has);
    const noCoords = { areaId: null, lat: null, lon: null };
    expect(withDistrict(noCoords, index)).toBe(noCoords);
    expect(asked).toBe(0);
    expect(withDistrict({ areaId: null, lat: 2, lon: 12, title: 't' }, index)).toEqual({ areaId: 'A2', lat: 2, lon: 12, title: 't' });
    const outside = { areaId: null, lat: 50, lon: 50 };
    expect(withDistrict(outside, index)).toBe(outside);
    expect(asked).toBe(2);
  });
});

describe('AreaLocator on the areas table', () => {
  let dir: string | undefined;
  let db: Database.Database | undefined;
  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = dir = undefined;
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-areas-'));
    db = openDatabase(dir).db;
    return { db, w: new RecordWriter(db) };
  };
  const area = (id: string, version: string, geometry: unknown, level: Area['level'] = 'district'): Area => ({
    id,
    version,
    level,
    parentId: null,
    name: id,
    kind: 'huyện',
    geometry: geometry as Area['geometry'],
    lat: null,
    lon: null,
  });

  it('the bundled Bình Phước boundaries: Đồng Xoài, Núi Bà Rá in Phước Long, and Cambodia', () => {
    const { db, w } = open();
    db.transaction(() => loadBoundaries().forEach((a) => w.area(a)))();
    const loc = new AreaLocator(db);
    expect(loc.current().version).toBe('2019');
    expect(loc.current().size).toBe(11);
    expect(loc.locate(106.8907, 11.5369)).toBe('689'); // Đồng Xoài centre
    expect(loc.locate(106.9737, 11.8336)).toBe('688'); // Núi Bà Rá, Phước Long
    expect(loc.locate(106.3, 12.0)).toBeNull(); // Cambodia
    expect(loc.locate(106.7, 10.8)).toBeNull(); // Hồ Chí Minh City
  });

  it('uses the districts of the newest version, ignores the province, and reloads when areas change', () => {
    const { db, w } = open();
    const loc = new AreaLocator(db);
    expect(loc.locate(2, 2)).toBeNull(); // no areas yet
    w.area(area('70', '2019', { type: 'Polygon', coordinates: [rect(-100, -100, 100, 100)] }, 'province'));
    w.area(area('B1', '2019', square));
    expect(loc.locate(2, 2)).toBe('B1');
    expect(loc.locate(12, 2)).toBeNull(); // the province is no district
    w.area(area('A2', '2019', ell));
    expect(loc.locate(12, 2)).toBe('A2'); // a district added later is seen without a restart
    w.area(area('B1', '2019', { type: 'Polygon', coordinates: [rect(0, 0, 10, 10)] })); // hole removed
    expect(loc.locate(4.2, 4.2)).toBe('B1');
    w.area(area('Z9', '2025', { type: 'Polygon', coordinates: [rect(0, 0, 5, 5)] }));
    expect(loc.current().version).toBe('2025');
    expect(loc.locate(2, 2)).toBe('Z9');
    expect(loc.locate(12, 2)).toBeNull(); // the 2019 units are no longer current
  });

  it('invalidate() forgets the polygons even when the change check cannot see the edit', () => {
    const { db, w } = open();
    w.area(area('B1', '2019', { type: 'Polygon', coordinates: [rect(0, 0, 10, 10)] }));
    const loc = new AreaLocator(db);
    expect(loc.locate(2, 2)).toBe('B1');
    // Same id, version and geometry length: only the coordinates moved.
    db.prepare(`UPDATE areas SET geometry = ? WHERE id = 'B1'`).run(JSON.stringify({ type: 'Polygon', coordinates: [rect(5, 5, 15, 15)] }));
    expect(loc.locate(2, 2)).toBe('B1'); // cached: the cheap check misses this kind of edit
    loc.invalidate();
    expect(loc.locate(2, 2)).toBeNull();
    expect(loc.locate(12, 12)).toBe('B1');
  });

  it('a synced batch gets districts for events, places and stations without an area, and keeps given ones', () => {
    const { db, w } = open();
    w.area(area('B1', '2019', square));
    w.area(area('A2', '2019', ell));
    const store = new SqliteSyncStore(db, () => new Date('2025-01-01T00:00:00Z'));
    const ev = (id: string, lon: number | null, lat: number | null, areaId: string | null = null) => ({
      id,
      domain: 'hotline' as const,
      kind: 'k',
      status: 'received',
      areaId,
      lat,
      lon,
      title: id,
      description: '',
      address: '',
      agency: null,
      openedAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
      dueAt: null,
      closedAt: null,
      source: 'f',
      attrs: {},
    });
    store.applyBatch(
      'f',
      {
        events: [ev('e1', 2, 2), ev('e2', 12, 2), ev('e3', 17, 7), ev('e4', null, null), ev('e5', 2, 2, 'A2')],
        places: [{ id: 'p1', domain: 'tourism', kind: 'site', name: 'p', areaId: null, lat: 9, lon: 12, source: 'f', attrs: {} }],
        stations: [{ id: 's1', domain: 'environment', name: 's', areaId: null, lat: 3, lon: 3, params: [], source: 'f' }],
      },
      [],
      initialFeedState('f'),
    );
    const areaOf = (table: string, id: string) => db.prepare(`SELECT area_id FROM ${table} WHERE id = ?`).pluck().get(id);
    expect(['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => areaOf('events', id))).toEqual(['B1', 'A2', null, null, 'A2']);
    expect(areaOf('places', 'p1')).toBe('A2');
    expect(areaOf('stations', 's1')).toBe('B1');
  });
});
