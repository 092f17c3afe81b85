import { describe, expect, it } from 'vitest';
import { displayViewport } from '../../../layouts/geometry';
import type { Layout, Tile } from '../../../layouts/model';
import { bundledLayouts, DEFAULT_WALL, gridWall, OVERVIEW_PRESET_ID } from '../../../layouts/presets';
import { displayTiles, firstViewQueries, tileQueries } from '../../../renderer/wall/first-queries';

// What a display's start asks for before its panels load (renderer/wall/first-queries.ts). That
// it matches what the panels really ask is checked against the real panels in
// tests/e2e/wall-first-frame.spec.ts; here, the rules that decide it.
const wall = DEFAULT_WALL;
const d1 = displayViewport(wall, 'd1');
const tile = (t: Partial<Tile> & Pick<Tile, 'panel'>, w = d1.width, h = d1.height): Tile => ({
  id: 't',
  view: '',
  options: {},
  rect: { x: d1.x, y: d1.y, w, h },
  ...t,
});
const keys = (qs: ReturnType<typeof tileQueries>) => qs.map((q) => [q.view, q.areaId ?? null, q.period ?? null]);

describe('first-frame view queries', () => {
  it("asks per size what the panel's overview draws at that size", () => {
    expect(keys(tileQueries(wall, tile({ panel: 'economy' }, 300, 300)))).toEqual([['kpis', null, null]]);
    expect(keys(tileQueries(wall, tile({ panel: 'economy' }, 600, 400)))).toEqual([['kpis', null, null], ['trend', null, null]]);
    expect(keys(tileQueries(wall, tile({ panel: 'economy' })))).toEqual([
      ['kpis', null, null],
      ['trend', null, null],
      ['byArea', null, null],
    ]);
    // Environment's overview shows its headline figures only when large.
    expect(keys(tileQueries(wall, tile({ panel: 'environment' }, 300, 300)))).toEqual([['stations', null, null]]);
  });

  it("passes the tile's district and period, except to district bars, which rank the province", () => {
    const t = tile({ panel: 'economy', options: { areaId: '689', period: '2025' } });
    expect(keys(tileQueries(wall, t))).toEqual([
      ['kpis', '689', '2025'],
      ['trend', '689', '2025'],
      ['byArea', null, '2025'],
    ]);
    // Education's district bars follow the district (its overview asks them without `province`).
    expect(keys(tileQueries(wall, tile({ panel: 'education', options: { areaId: '689' } }))).find((k) => k[0] === 'byArea')).toEqual(['byArea', '689', null]);
  });

  it('a tile with a view of its own asks the headline figures and that view; an unknown view is the overview', () => {
    expect(keys(tileQueries(wall, tile({ panel: 'traffic', view: 'map' }, 300, 300)))).toEqual([['kpis', null, null], ['map', null, null]]);
    expect(keys(tileQueries(wall, tile({ panel: 'hotline', view: 'byArea', options: { areaId: '689' } })))).toEqual([
      ['kpis', '689', null],
      ['byArea', null, null],
    ]);
    expect(keys(tileQueries(wall, tile({ panel: 'economy', view: 'nonsense' }, 300, 300)))).toEqual([['kpis', null, null]]);
  });

  it('asks nothing for panels without views, nor for a display the wall does not have', () => {
    expect(tileQueries(wall, tile({ panel: 'clock' }))).toEqual([]);
    expect(tileQueries(wall, tile({ panel: 'camera', options: { cameras: ['c1'] } }))).toEqual([]);
    const overview = bundledLayouts(wall).find((l) => l.id === OVERVIEW_PRESET_ID)!;
    expect(firstViewQueries(wall, overview, 'd9')).toEqual([]);
  });

  it("takes each display's own tiles, and a query two tiles share once", () => {
    const overview = bundledLayouts(wall).find((l) => l.id === OVERVIEW_PRESET_ID)!;
    const panels = (id: string) => displayTiles(wall, overview, id).map((t) => t.panel).sort();
    expect(panels('d1')).toEqual(['economy', 'hotline', 'land', 'traffic']);
    expect(panels('d2')).not.toContain('economy');
    const twice: Layout = { ...overview, tiles: [tile({ id: 'a', panel: 'economy' }, 300, 300), tile({ id: 'b', panel: 'economy' }, 300, 300)] };
    expect(firstViewQueries(wall, twice, 'd1')).toEqual([{ domain: 'economy', view: 'kpis' }]);
    // A 4K wall lays tiles out at a quarter of their pixels' type scale: sizes follow (type-scale.ts).
    const big = gridWall({ cols: 1, rows: 1, width: 3840, height: 2160 });
    const v = displayViewport(big, 'd1');
    const t4k = { ...tile({ panel: 'economy' }), rect: { x: v.x, y: v.y, w: 1200, h: 800 } };
    expect(keys(tileQueries(big, t4k))).toEqual([['kpis', null, null], ['trend', null, null]]);
  });
});
