/**
 * The foundation, end to end: `ioc-wall serve` on a fresh data dir (demo data seeded), two
 * Chromium pages as displays d1 and d2 of the default 2x1 wall. The panels must paint numbers
 * that match the database (summed here with our own SQL, not through the views), both pages
 * must follow a layout switch and a value changed through the host ('observation.put'), and no
 * page may log a console error. Screenshots: artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { displayViewport } from '../../layouts/geometry';
import type { Layout, Wall } from '../../layouts/model';
import { serve, type Served } from './serve';

const ART = join(import.meta.dirname, '../../artifacts/e2e');
const vi0 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const SHOWN = '.wall-canvas:not(.wall-canvas--hidden)';

let s: Served;
test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  s = await serve();
});
test.afterAll(async () => {
  await s?.close();
});

/** Console errors and uncaught exceptions of a page, to assert there are none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** The province's figure for a monthly 'sum' indicator over [from, to], straight from SQLite. */
function provinceSum(indicator: string, from: string, to: string): number {
  return s
    .db()
    .prepare(
      `SELECT total(value) FROM observations
       WHERE indicator = ? AND area_id = '70' AND length(period) = 7 AND period BETWEEN ? AND ?`,
    )
    .pluck()
    .get(indicator, from, to) as number;
}

/** The shown value of a KPI and the span its panel says it covers. */
async function kpi(page: Page, tileId: string, indicator: string) {
  const tile = page.locator(`[data-tile-id="${tileId}"]`);
  const kpis = tile.locator('.kpis');
  const value = tile.locator(`[data-kpi="${indicator}"] .kpi__value [data-value]`);
  await expect(value).not.toHaveText('–');
  return {
    text: (await value.textContent())!.trim(),
    from: (await kpis.getAttribute('data-from'))!,
    to: (await kpis.getAttribute('data-to'))!,
    value,
  };
}

test('two displays paint the default layout with figures from the database, live updates reach both', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const d1 = await context.newPage();
  const d2 = await context.newPage();
  const errors = [...[d1, d2].map(watchErrors)];
  await d1.goto(s.wallUrl('d1'));
  await d2.goto(s.wallUrl('d2'));

  for (const [page, id] of [[d1, 'd1'], [d2, 'd2']] as const) {
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    await expect(root).toHaveAttribute('data-layout-id', 'overview');
    await expect(root).toHaveAttribute('data-display-id', id);
    // The token left the address bar (it is in sessionStorage only).
    expect(page.url()).not.toContain('token=');
    // Every tile of this display is painted; none is left waiting. (The shown canvas: the
    // presets an uncued switch may show are being prepared beside it, hidden.)
    const tiles = page.locator(`${SHOWN} [data-tile-id]`);
    expect(await tiles.count()).toBeGreaterThanOrEqual(3);
    await expect(page.locator(`${SHOWN} [data-tile-id]:not([data-painted="true"])`)).toHaveCount(0);
    await page.screenshot({ path: join(ART, `foundation-overview-${id}.png`) });
  }

  // The default layout carries the foundation's three kinds of panel: KPI figures, a Chart.js
  // chart, a Leaflet map. Found on whichever display the bundled preset puts them.
  const find = async (kind: string) => {
    for (const page of [d1, d2]) {
      const tile = page.locator(`${SHOWN} [data-tile-id$="-${kind}"]`);
      if ((await tile.count()) === 1) return { page, tile, id: (await tile.getAttribute('data-tile-id'))! };
    }
    throw new Error(`no ${kind} tile in the default layout`);
  };
  const economy = await find('economy');
  await expect(economy.tile.locator('canvas[role="img"]').first()).toBeVisible();
  const traffic = await find('traffic');
  await expect(traffic.tile.locator('.leaflet-container')).toBeVisible();
  await expect(traffic.tile.locator('path.leaflet-interactive, .leaflet-overlay-pane canvas').first()).toBeVisible();

  // Real numbers: GRDP and budget revenue match our own SQL over the span the panel states.
  for (const indicator of ['economy.grdp', 'economy.budgetRevenue']) {
    const k = await kpi(economy.page, economy.id, indicator);
    expect(k.from).toMatch(/^\d{4}-\d{2}$/);
    const sum = provinceSum(indicator, k.from, k.to);
    expect(sum).toBeGreaterThan(0);
    expect(k.text).toBe(vi0.format(sum));
  }
  const land = await find('land');
  const lk = await kpi(land.page, land.id, 'land.certificates');
  expect(lk.text).toBe(vi0.format(provinceSum('land.certificates', lk.from, lk.to)));
  // Each panel says how fresh its data is, in the province's time ("cập nhật HH:mm").
  await expect(economy.tile.locator('.panel__foot')).toContainText(/cập nhật \d{2}:\d{2}/);
  await expect(economy.tile.locator('[data-demo]')).toHaveText('Dữ liệu mẫu');

  // A layout with the economy panel on both displays: both pages switch to it together.
  const wall = await s.call<Wall>('wall.get', {});
  const v1 = displayViewport(wall, 'd1');
  const v2 = displayViewport(wall, 'd2');
  const layout: Layout = {
    id: 'e2e-live',
    name: 'E2E — cập nhật trực tiếp',
    wallId: wall.id,
    tiles: [
      { id: 'e2e-eco-1', panel: 'economy', view: '', options: {}, rect: { x: v1.x, y: v1.y, w: v1.width / 2, h: v1.height } },
      { id: 'e2e-land-1', panel: 'land', view: '', options: {}, rect: { x: v1.x + v1.width / 2, y: v1.y, w: v1.width / 2, h: v1.height } },
      { id: 'e2e-eco-2', panel: 'economy', view: '', options: {}, rect: { x: v2.x, y: v2.y, w: v2.width / 2, h: v2.height } },
      { id: 'e2e-clock', panel: 'clock', view: '', options: {}, rect: { x: v2.x + v2.width / 2, y: v2.y, w: v2.width / 2, h: v2.height / 2 } },
      {
        id: 'e2e-text',
        panel: 'text',
        view: '',
        options: { text: '<b>Thông báo</b> <script>window.__x = 1</script>' },
        rect: { x: v2.x + v2.width / 2, y: v2.y + v2.height / 2, w: v2.width / 2, h: v2.height / 2 },
      },
    ],
  };
  await s.call('preset.save', { layout });
  // Watch every DOM change during the switch: at no moment may a display show no canvas, or a
  // canvas with an unpainted tile (the new layout is prepared hidden, then swapped in).
  for (const page of [d1, d2]) {
    await page.evaluate(() => {
      const w = window as unknown as { __blank: string[] };
      w.__blank = [];
      const check = () => {
        const shown = [...document.querySelectorAll('.wall-canvas:not(.wall-canvas--hidden)')];
        if (shown.length !== 1) w.__blank.push(`visible canvases: ${shown.length}`);
        else if (shown[0]!.querySelector('[data-tile-id]:not([data-painted="true"])'))
          w.__blank.push(`unpainted tile on screen in ${shown[0]!.getAttribute('data-canvas-layout-id')}`);
      };
      new MutationObserver(check).observe(document.querySelector('.wall-root')!, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['class', 'data-painted'],
      });
    });
  }
  await s.call('preset.activate', { id: 'e2e-live' });
  for (const page of [d1, d2]) {
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-layout-id', 'e2e-live');
    await expect(root).toHaveAttribute('data-wall-ready', 'true');
    // Recently shown layouts may stay mounted (hidden, for a quick switch back); one is visible.
    await expect(page.locator('.wall-canvas:not(.wall-canvas--hidden)')).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { __blank: string[] }).__blank)).toEqual([]);
  }
  // Operator text is text: the markup shows literally and nothing ran.
  await expect(d2.locator('[data-tile-id="e2e-text"] .textpanel')).toHaveText('<b>Thông báo</b> <script>window.__x = 1</script>');
  expect(await d2.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
  // The clock runs on the page's shared one-second ticker (components/ticker): its seconds move.
  const clock = d2.locator('[data-tile-id="e2e-clock"] [data-clock]');
  const shown = await clock.textContent();
  expect(shown).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  await expect(clock).not.toHaveText(shown!, { timeout: 5_000 });

  const before1 = await kpi(d1, 'e2e-eco-1', 'economy.grdp');
  const before2 = await kpi(d2, 'e2e-eco-2', 'economy.grdp');
  expect(before2.text).toBe(before1.text);
  await d1.screenshot({ path: join(ART, 'foundation-live-d1-before.png') });

  // Change one month's GRDP through the host, as an operator's correction would.
  const month = before1.to;
  const old = s
    .db()
    .prepare(`SELECT value FROM observations WHERE indicator = 'economy.grdp' AND area_id = '70' AND period = ?`)
    .pluck()
    .get(month) as number;
  await s.call('observation.put', {
    domain: 'economy',
    indicator: 'economy.grdp',
    areaId: '70',
    period: month,
    value: old + 4321,
    source: 'e2e',
    updatedAt: new Date().toISOString(),
  });
  const expected = vi0.format(provinceSum('economy.grdp', before1.from, before1.to));
  expect(expected).not.toBe(before1.text);
  await expect(before1.value).toHaveText(expected);
  await expect(before2.value).toHaveText(expected);
  await d1.screenshot({ path: join(ART, 'foundation-live-d1-after.png') });
  await d2.screenshot({ path: join(ART, 'foundation-live-d2-after.png') });

  // Data that stops arriving is dimmed and says so: land's source last wrote 10 days ago
  // (its threshold is 7 days). A harmless old-year figure carries the old timestamp.
  const land1 = d1.locator('[data-tile-id="e2e-land-1"] .panel');
  await expect(land1).not.toHaveAttribute('data-stale', 'true');
  await s.call('observation.put', {
    domain: 'land',
    indicator: 'land.perennialCropsHa',
    areaId: '70',
    period: '2015',
    value: 1,
    source: 'e2e',
    updatedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
  });
  await expect(land1).toHaveAttribute('data-stale', 'true');
  await expect(land1.locator('.panel__badge--stale')).toHaveText('Dữ liệu cũ');
  await d1.screenshot({ path: join(ART, 'foundation-stale-d1.png') });

  expect(errors.flat()).toEqual([]);
  await context.close();
});

test('console: tabs, About with the boundaries licence, wall preview, language switch that sticks', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(s.consoleUrl + '&tab=about');
  expect(page.url()).not.toContain('token=');
  await expect(page.locator('[data-conn-state="up"]')).toBeVisible();
  // The shell's own tabs are there (others plug more in through console/tabs.ts).
  for (const id of ['layouts', 'feeds', 'preview', 'about']) await expect(page.locator(`[data-tab="${id}"]`)).toHaveCount(1);
  await expect(page.locator('[data-attribution]').first()).toContainText('GPL-3.0');
  await expect(page.locator('[data-version]')).toHaveText(/^\d+\.\d+\.\d+/);
  // Every shipped package's licence, read from the build's notices when the list is opened.
  await page.locator('[data-third-party] > summary').click();
  const hls = page.locator('[data-third-party] [data-package="hls.js"]');
  await expect(hls).toContainText('Apache-2.0');
  await hls.locator('summary').click();
  await expect(hls.locator('pre')).toContainText('Apache License');
  await page.screenshot({ path: join(ART, 'console-about-vi.png') });

  await page.locator('[data-tab="preview"]').click();
  await expect(page.locator('[data-preview-layout-id] [data-tile-id]').first()).toBeVisible();
  await expect(page.locator('[data-preview-layout-id] [data-tile-id]:not([data-painted="true"])')).toHaveCount(0, { timeout: 45_000 });
  await page.screenshot({ path: join(ART, 'console-preview.png') });

  await page.locator('[data-lang="en"]').click();
  await expect(page.locator('[data-tab="about"]')).toHaveText('About');
  await page.reload();
  await expect(page.locator('[data-tab="about"]')).toHaveText('About');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: join(ART, 'console-preview-en.png') });
  await page.locator('[data-lang="vi"]').click();
  await expect(page.locator('[data-tab="about"]')).toHaveText('Giới thiệu');
  expect(errors).toEqual([]);
});

test('losing the host shows the banner and keeps the last figures on screen', async ({ browser }) => {
  // Its own host: this test stops it.
  const own = await serve();
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    await page.goto(own.wallUrl('d1'));
    await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    const value = page.locator('.kpi__value [data-value]').first();
    const shown = (await value.textContent())!;
    await expect(page.locator('.conn-banner')).toHaveCount(0);
    await own.close();
    await expect(page.locator('.conn-banner')).toContainText('Mất kết nối tới máy chủ — đang thử lại');
    await expect(value).toHaveText(shown);
    await page.screenshot({ path: join(ART, 'foundation-connection-lost.png') });
  } finally {
    await page.close();
    await own.close();
  }
});
