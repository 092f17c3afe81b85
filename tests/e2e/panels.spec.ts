/**
 * The renderer's five domain panels (economy, publicAdmin, traffic, urbanOrder, land) in each
 * of their three sizes on the wall, from the demo data: painted, numbers in vi-VN format, no
 * console error; a tile set to a district gives that district's figure from the database.
 * Screenshots: artifacts/e2e/panels-<size>-<display>.png.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { displayViewport, type Box } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import type { Served } from './serve';
import { openWallPages } from './support/wall-pages';

const ART = join(import.meta.dirname, '../../artifacts/e2e');
const PANELS = ['economy', 'publicAdmin', 'traffic', 'urbanOrder', 'land'] as const;
// Tile sizes that fall in each class of renderer/panels/types.ts sizeForPixels.
const SIZES = { small: { w: 400, h: 300 }, medium: { w: 620, h: 530 }, large: { w: 960, h: 1080 } } as const;
// vi-VN: "1.234", "94,9%", "103,4%"; never "1,234" or "94.9".
const VI_NUMBER = /^\d{1,3}(\.\d{3})*(,\d+)?%?$/;

let s: Served;
let wall: Wall;
let pages: Record<'d1' | 'd2', Page>;
let errors: string[] = [];

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async ({ browser }) => {
  ({ s, wall, pages: pages, errors } = await openWallPages(browser, ART));
});
test.afterAll(async () => {
  await s?.close();
});

/** Tiles of `w`x`h` packed row by row into the displays' viewports, as many as fit. */
function pack(kinds: readonly string[], w: number, h: number, tag: string): Tile[] {
  const slots: { x: number; y: number }[] = [];
  for (const id of ['d1', 'd2']) {
    const v: Box = displayViewport(wall, id);
    for (let y = v.y; y + h <= v.y + v.height; y += h)
      for (let x = v.x; x + w <= v.x + v.width; x += w) slots.push({ x, y });
  }
  return kinds.slice(0, slots.length).map((panel, i) => ({
    id: `${tag}-${panel}`,
    panel: panel as Tile['panel'],
    view: '',
    options: {},
    rect: { ...slots[i]!, w, h },
  }));
}

async function show(layout: Layout) {
  await s.call('preset.save', { layout });
  await s.call('preset.activate', { id: layout.id });
  for (const page of Object.values(pages)) {
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-layout-id', layout.id);
    await expect(root).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
  }
}

for (const [size, { w, h }] of Object.entries(SIZES)) {
  test(`five panels, ${size}`, async () => {
    let rest: string[] = [...PANELS];
    let round = 0;
    while (rest.length) {
      const tiles = pack(rest, w, h, `${size}${round}`);
      rest = rest.slice(tiles.length);
      await show({ id: `e2e-${size}-${round}`, name: `E2E ${size} ${round}`, wallId: wall.id, tiles });
      for (const t of tiles) {
        const page = t.rect.x < displayViewport(wall, 'd2').x ? pages.d1 : pages.d2;
        const tile = page.locator(`[data-tile-id="${t.id}"]`);
        await expect(tile).toHaveAttribute('data-size', size);
        await expect(tile).toHaveAttribute('data-painted', 'true');
        const values = tile.locator('.kpi__value [data-value]');
        expect(await values.count()).toBeGreaterThanOrEqual(1);
        for (const text of await values.allTextContents()) expect(text.trim()).toMatch(VI_NUMBER);
        if (size !== 'small') await expect(tile.locator('canvas[role="img"], .leaflet-container').first()).toBeVisible();
      }
      for (const [id, page] of Object.entries(pages)) await page.screenshot({ path: join(ART, `panels-${size}-${round}-${id}.png`) });
      round++;
    }
    expect(errors).toEqual([]);
  });
}

test('drill-down: a tile set to a district shows that district’s figure from the database, and its name, not a list', async () => {
  const tiles = pack(['economy'], SIZES.medium.w, SIZES.medium.h, 'drill');
  await show({ id: 'e2e-drill-all', name: 'E2E drill (province)', wallId: wall.id, tiles });
  // The layout shown before stays mounted (hidden) for a warm switch back: look in this one's.
  const tileOf = (layoutId: string) => pages.d1.locator(`[data-canvas-layout-id="${layoutId}"] [data-tile-id="drill-economy"]`);
  const valueOf = (layoutId: string) => tileOf(layoutId).locator('[data-kpi="economy.grdp"] .kpi__value [data-value]');
  const province = (await valueOf('e2e-drill-all').textContent())!;
  // Nobody touches the wall: the area is the layout's (the console's tile settings), never a
  // local list on a display that the console would not know about.
  await expect(tileOf('e2e-drill-all').locator('select')).toHaveCount(0);

  await show({ id: 'e2e-drill', name: 'E2E drill', wallId: wall.id, tiles: tiles.map((t) => ({ ...t, options: { areaId: '689' } })) });
  const tile = tileOf('e2e-drill');
  const value = valueOf('e2e-drill');
  const kpis = tile.locator('.kpis');
  const [from, to] = [await kpis.getAttribute('data-from'), await kpis.getAttribute('data-to')];
  const district = s
    .db()
    .prepare(
      `SELECT total(value) FROM observations WHERE indicator = 'economy.grdp' AND area_id = '689'
       AND length(period) = 7 AND period BETWEEN ? AND ?`,
    )
    .pluck()
    .get(from, to) as number;
  const name = s.db().prepare(`SELECT name FROM areas WHERE id = '689'`).pluck().get() as string;
  const expected = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(district);
  expect(expected).not.toBe(province);
  await expect(value).toHaveText(expected);
  await expect(tile.locator('.panel__area')).toHaveText(name);
  await expect(tile.locator('select')).toHaveCount(0);
  await pages.d1.screenshot({ path: join(ART, 'panels-drill-d1.png') });
  expect(errors).toEqual([]);
});
