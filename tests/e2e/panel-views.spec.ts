/**
 * A tile's view (layouts/model.ts `tile.view`, renderer/panels/views.ts) decides what the panel
 * shows: traffic 'map' is the incident map filling the tile, economy 'trend' the trend chart,
 * publicAdmin 'byAgency' the agencies chart, environment 'stations' the station list — each
 * under a small headline row, painted only once that visualisation is drawn. And through the
 * console: choosing a view in the tile inspector and pressing "Hiển thị lên tường" changes
 * what the wall shows. Screenshots: artifacts/panel-views/.
 */
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { displayViewport } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import type { Served } from './serve';
import { openWallPages } from './support/wall-pages';

const ART = join(import.meta.dirname, '../../artifacts/panel-views');
// The wall keeps the previous layout's canvas hidden for a quick switch back: look at the shown one.
const SHOWN = '.wall-canvas:not(.wall-canvas--hidden)';
const VI_NUMBER = /^\d{1,3}(\.\d{3})*(,\d+)?%?$/;

let s: Served;
let wall: Wall;
let browserPages: Record<'d1' | 'd2', Page>;
let errors: string[] = [];

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async ({ browser }) => {
  ({ s, wall, pages: browserPages, errors } = await openWallPages(browser, ART));
});
test.afterAll(async () => {
  await s?.close();
});

function tile(id: string, panel: string, view: string, display: 'd1' | 'd2', x: number, y: number, w: number, h: number): Tile {
  const v = displayViewport(wall, display);
  return { id, panel: panel as Tile['panel'], view, options: {}, rect: { x: v.x + x, y: v.y + y, w, h } };
}

async function show(layout: Layout) {
  await s.call('preset.save', { layout });
  await s.call('preset.activate', { id: layout.id });
  for (const page of Object.values(browserPages)) {
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-layout-id', layout.id);
    await expect(root).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
  }
}

/** The chosen view is the tile's main content: it takes most of the tile's height. */
async function expectFills(t: Locator, focus: Locator, share: number) {
  const [tb, fb] = [await t.boundingBox(), await focus.boundingBox()];
  expect(tb && fb).toBeTruthy();
  expect(fb!.height / tb!.height).toBeGreaterThan(share);
  expect(fb!.width / tb!.width).toBeGreaterThan(0.85);
}

/** Rows of a list drawn whole inside `box` (a row that does not fit must not show half). */
async function wholeRows(rows: Locator, box: Locator) {
  const b = (await box.boundingBox())!;
  const inside = [];
  for (const r of await rows.all()) {
    const rb = await r.boundingBox();
    if (!rb || rb.x >= b.x + b.width) continue; // pushed out of sight
    expect(rb.y + rb.height).toBeLessThanOrEqual(b.y + b.height + 1);
    inside.push(r);
  }
  return inside.length;
}

/** The headline figures stay on top, in vi-VN format: one number in a small tile, a short row otherwise. */
async function expectHeadline(t: Locator, count: number) {
  const values = t.locator('.kpi__value [data-value]');
  await expect(values).toHaveCount(count);
  for (const text of await values.allTextContents()) expect(text.trim()).toMatch(VI_NUMBER);
}

test('each tile shows its chosen view as its main content, painted', async () => {
  const tiles = [
    tile('pv-traffic', 'traffic', 'map', 'd1', 0, 0, 960, 1080), // large
    tile('pv-economy', 'economy', 'trend', 'd1', 960, 0, 960, 540), // medium
    tile('pv-admin', 'publicAdmin', 'byAgency', 'd1', 960, 540, 960, 540), // medium
    tile('pv-env', 'environment', 'stations', 'd2', 0, 0, 960, 1080), // large
    tile('pv-hotline', 'hotline', 'recent', 'd2', 960, 0, 400, 300), // small
    tile('pv-health', 'health', 'map', 'd2', 960, 540, 960, 540), // medium
  ];
  await show({ id: 'e2e-views', name: 'E2E views', wallId: wall.id, tiles });
  const at = (id: string) => (tiles.find((t) => t.id === id)!.rect.x < displayViewport(wall, 'd2').x ? browserPages.d1 : browserPages.d2).locator(`${SHOWN} [data-tile-id="${id}"]`);
  for (const t of tiles) await expect(at(t.id)).toHaveAttribute('data-painted', 'true');

  // Traffic: the incident map with its points, and none of the overview's charts.
  const traffic = at('pv-traffic');
  await expect(traffic).toHaveAttribute('data-size', 'large');
  const trafficFocus = traffic.locator('[data-view-focus="map"]');
  await expect(trafficFocus.locator('.leaflet-container')).toBeVisible();
  expect(Number(await trafficFocus.locator('.map').getAttribute('data-map-points'))).toBeGreaterThan(0);
  await expect(traffic.locator('canvas[role="img"]')).toHaveCount(0);
  await expectFills(traffic, trafficFocus, 0.6);
  await expectHeadline(traffic, 2);

  // Economy: the trend chart alone (no district bars as in the overview), named as such.
  const economy = at('pv-economy');
  await expect(economy).toHaveAttribute('data-size', 'medium');
  const economyFocus = economy.locator('[data-view-focus="trend"]');
  await expect(economyFocus.locator('canvas[aria-label="Diễn biến theo kỳ"]')).toBeVisible();
  await expect(economy.locator('canvas[role="img"]')).toHaveCount(1);
  await expectFills(economy, economyFocus, 0.45);
  await expectHeadline(economy, 2);

  // Public administration: the by-agency stacked chart.
  const admin = at('pv-admin');
  const adminFocus = admin.locator('[data-view-focus="byAgency"]');
  await expect(adminFocus.locator('canvas[aria-label="Theo cơ quan"]')).toBeVisible();
  await expect(admin.locator('canvas[role="img"]')).toHaveCount(1);
  await expectFills(admin, adminFocus, 0.45);

  // Environment: every monitoring station (the overview lists 7 beside a map), no map.
  const env = at('pv-env');
  const envFocus = env.locator('[data-view-focus="stations"]');
  const stations = envFocus.locator('[data-station]');
  expect(await wholeRows(stations, envFocus)).toBeGreaterThan(7);
  await expect(env.locator('.leaflet-container, canvas[role="img"]')).toHaveCount(0);
  await expectFills(env, envFocus, 0.6);
  expect(await s.db().prepare('SELECT count(*) FROM stations').pluck().get()).toBeGreaterThanOrEqual(await stations.count());

  // Hotline, small tile: the headline number alone on top, then the latest reports.
  const hotline = at('pv-hotline');
  await expect(hotline).toHaveAttribute('data-size', 'small');
  await expectHeadline(hotline, 1);
  const recent = hotline.locator('[data-view-focus="recent"]');
  expect(await wholeRows(recent.locator('[data-report]'), recent)).toBeGreaterThan(0);

  // Health: facilities on the district map.
  const health = at('pv-health');
  const healthFocus = health.locator('[data-view-focus="map"]');
  await expect(healthFocus.locator('.leaflet-container')).toBeVisible();
  expect(Number(await healthFocus.locator('.map').getAttribute('data-map-points'))).toBeGreaterThan(0);

  for (const [id, page] of Object.entries(browserPages)) await page.screenshot({ path: join(ART, `views-${id}.png`) });
  expect(errors).toEqual([]);
});

test('a band-shaped tile keeps its view full height, the figures beside it', async () => {
  const tiles = [tile('band-traffic', 'traffic', 'map', 'd1', 0, 0, 1280, 540), tile('band-tourism', 'tourism', 'trend', 'd1', 0, 540, 1920, 540)];
  await show({ id: 'e2e-band', name: 'E2E band', wallId: wall.id, tiles });
  for (const t of tiles) {
    const el = browserPages.d1.locator(`${SHOWN} [data-tile-id="${t.id}"]`);
    await expect(el).toHaveAttribute('data-painted', 'true');
    const [tb, fb, kb] = [await el.boundingBox(), await el.locator('[data-view-focus]').boundingBox(), await el.locator('.kpis').boundingBox()];
    expect(fb!.height / tb!.height).toBeGreaterThan(0.6);
    expect(kb!.x + kb!.width).toBeLessThanOrEqual(fb!.x + 1); // figures on the left, not on top
  }
  await expect(browserPages.d1.locator(`${SHOWN} [data-tile-id="band-traffic"] [data-view-focus="map"] .leaflet-container`)).toBeVisible();
  await browserPages.d1.screenshot({ path: join(ART, 'views-band-d1.png') });
  expect(errors).toEqual([]);
});

test('a view the panel cannot show falls back to its overview', async () => {
  const tiles = [tile('fb-economy', 'economy', 'map', 'd1', 0, 0, 960, 540), tile('fb-traffic', 'traffic', 'kpis', 'd1', 960, 0, 960, 540)];
  await show({ id: 'e2e-fallback', name: 'E2E fallback', wallId: wall.id, tiles });
  for (const t of tiles) {
    const el = browserPages.d1.locator(`${SHOWN} [data-tile-id="${t.id}"]`);
    await expect(el).toHaveAttribute('data-painted', 'true');
    await expect(el.locator('[data-view-focus]')).toHaveCount(0);
    await expect(el.locator('canvas[role="img"], .leaflet-container').first()).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('console: choosing a tile view and showing it on the wall changes what the wall shows', async ({ browser }) => {
  const tiles = [tile('cv-economy', 'economy', '', 'd1', 0, 0, 960, 540), tile('cv-traffic', 'traffic', '', 'd1', 960, 0, 960, 540)];
  await show({ id: 'e2e-console-view', name: 'E2E console view', wallId: wall.id, tiles });
  const onWall = browserPages.d1.locator(`${SHOWN} [data-tile-id="cv-economy"]`);
  await expect(onWall.locator('[data-view-focus]')).toHaveCount(0);
  await expect(onWall.locator('canvas[role="img"]')).toHaveCount(1); // the overview's revenue chart

  const console_ = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  console_.on('pageerror', (e) => errors.push(`console pageerror: ${e.message}`));
  await console_.goto(s.consoleUrl.includes('?') ? `${s.consoleUrl}&tab=layouts` : `${s.consoleUrl}?tab=layouts`);
  await console_.locator('[data-edit-tile="cv-economy"]').click();
  const select = console_.locator('.le-inspector select[name="view"]');
  // Only the views the economy panel can show are offered, besides its default.
  expect(await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', 'trend', 'byArea']);
  await select.selectOption('byArea');
  await console_.locator('[data-edit-tile="cv-traffic"]').click();
  const trafficViews = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(trafficViews).toContain('map');
  expect(trafficViews).not.toContain('queue');
  await select.selectOption('map');
  await console_.locator('[data-action="show"]').click();

  const focus = onWall.locator('[data-view-focus="byArea"]');
  await expect(focus.locator('canvas[aria-label]')).toBeVisible();
  await expect(onWall).toHaveAttribute('data-painted', 'true');
  await expectFills(onWall, focus, 0.45);
  const traffic = browserPages.d1.locator(`${SHOWN} [data-tile-id="cv-traffic"]`);
  await expect(traffic.locator('[data-view-focus="map"] .leaflet-container')).toBeVisible();
  await expect(traffic.locator('canvas[role="img"]')).toHaveCount(0);
  await expect(browserPages.d1.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true');
  // The saved preset carries the views, so every display (and a restart) shows the same.
  const saved = await s.call<{ layout: Layout }>('layout.active', {});
  expect(saved.layout.tiles.map((t) => [t.id, t.view]).sort()).toEqual([['cv-economy', 'byArea'], ['cv-traffic', 'map']]);
  await console_.screenshot({ path: join(ART, 'console-inspector.png') });
  await browserPages.d1.screenshot({ path: join(ART, 'console-view-d1.png') });
  await console_.close();
  expect(errors).toEqual([]);
});
