/**
 * All ten domain panels in each of their three sizes on a 2x1 wall, from the demo data: painted,
 * numbers in vi-VN format, no console error, a screenshot of every panel in every size
 * (artifacts/panels/<panel>-<size>.png). And the citizen-text case: hotline reports whose text
 * carries <b>, <script> and <img onerror> show that markup literally and nothing runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DOMAIN_IDS } from '../../domains/ids';
import { displayViewport, type Box } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import { serve, type Served } from './serve';

const ART = join(import.meta.dirname, '../../artifacts/panels');
// Tile sizes inside each class of renderer/panels/types.ts sizeForPixels.
const SIZES = { small: { w: 400, h: 300 }, medium: { w: 620, h: 530 }, large: { w: 960, h: 1080 } } as const;
// vi-VN: "1.234", "94,9%", "1,5 Tr" (Intl writes a no-break space before the scale word); never "1,234" or "94.9".
const VI_NUMBER = /^-?\d{1,3}(\.\d{3})*(,\d+)?( ?%|[ \u00a0](Tr|N|T|NT))?$/;

let s: Served;
let wall: Wall;
let pages: Record<'d1' | 'd2', Page>;
const errors: string[] = [];
/** The layout on screen, so an error names the tiles that were showing. */
let showing = '(start)';
const dialogs: string[] = [];

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async ({ browser }) => {
  mkdirSync(ART, { recursive: true });
  s = await serve();
  wall = await s.call<Wall>('wall.get', {});
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  pages = { d1: await ctx.newPage(), d2: await ctx.newPage() };
  for (const [id, page] of Object.entries(pages)) {
    page.on('console', (m) => m.type() === 'error' && errors.push(`${id} ${showing} console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${id} ${showing} pageerror: ${e.message} ${e.stack?.split('\n').slice(1, 4).join(' ') ?? ''}`));
    // A report's markup that ran would open an alert: record it and dismiss it.
    page.on('dialog', (d) => {
      dialogs.push(`${id}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(s.wallUrl(id));
    await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 60_000 });
  }
});
test.afterAll(async () => {
  await s?.close();
});

/** Tiles of `w`x`h` packed row by row into the displays' viewports, as many as fit. */
function pack(kinds: readonly string[], w: number, h: number, tag: string, options: Tile['options'] = {}): Tile[] {
  const slots: { x: number; y: number }[] = [];
  for (const id of ['d1', 'd2']) {
    const v: Box = displayViewport(wall, id);
    for (let y = v.y; y + h <= v.y + v.height; y += h) for (let x = v.x; x + w <= v.x + v.width; x += w) slots.push({ x, y });
  }
  return kinds.slice(0, slots.length).map((panel, i) => ({
    id: `${tag}-${panel}`,
    panel: panel as Tile['panel'],
    view: '',
    options,
    rect: { ...slots[i]!, w, h },
  }));
}

async function show(layout: Layout) {
  showing = `${layout.id} [${layout.tiles.map((t) => t.panel).join(',')}]`;
  await s.call('preset.save', { layout });
  await s.call('preset.activate', { id: layout.id });
  for (const page of Object.values(pages)) {
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-layout-id', layout.id);
    await expect(root).toHaveAttribute('data-wall-ready', 'true', { timeout: 60_000 });
  }
}

const pageOf = (t: Tile) => (t.rect.x < displayViewport(wall, 'd2').x ? pages.d1 : pages.d2);

for (const [size, { w, h }] of Object.entries(SIZES)) {
  test(`all ten panels, ${size}`, async () => {
    let rest: string[] = [...DOMAIN_IDS];
    let round = 0;
    while (rest.length) {
      const tiles = pack(rest, w, h, `all-${size}${round}`);
      rest = rest.slice(tiles.length);
      await show({ id: `e2e-all-${size}-${round}`, name: `E2E all ${size} ${round}`, wallId: wall.id, tiles });
      for (const t of tiles) {
        const tile = pageOf(t).locator(`[data-tile-id="${t.id}"]`);
        await expect(tile, t.panel).toHaveAttribute('data-size', size);
        await expect(tile, t.panel).toHaveAttribute('data-painted', 'true');
        // Headline numbers: at least one, all in vi-VN format (the AQI badge counts for environment).
        const values = tile.locator('.kpi__value [data-value], [data-aqi]');
        expect(await values.count(), t.panel).toBeGreaterThanOrEqual(1);
        for (const text of await tile.locator('.kpi__value [data-value]').allTextContents()) {
          if (text.trim() !== '–') expect(text.trim(), t.panel).toMatch(VI_NUMBER);
        }
        // Demo data is labelled as such.
        await expect(tile.locator('[data-demo]'), t.panel).toBeVisible();
        // A chart or a map from medium up (the hotline's medium tile shows the latest reports instead).
        if (size !== 'small') await expect(tile.locator('canvas[role="img"], .leaflet-container, [data-reports]').first(), t.panel).toBeVisible();
        await tile.screenshot({ path: join(ART, `${t.panel}-${size}.png`) });
      }
      round++;
    }
    expect(errors).toEqual([]);
  });
}

test('environment: every station shows its VN_AQI band as colour, symbol and word', async () => {
  const tiles = pack(['environment'], SIZES.large.w, SIZES.large.h, 'aqi');
  await show({ id: 'e2e-aqi', name: 'E2E AQI', wallId: wall.id, tiles });
  const tile = pages.d1.locator('[data-tile-id="aqi-environment"]');
  const badges = tile.locator('[data-stations] [data-aqi-level]');
  expect(await badges.count()).toBeGreaterThanOrEqual(5);
  const words = ['Tốt', 'Trung bình', 'Kém', 'Xấu', 'Rất xấu', 'Nguy hại'];
  for (const text of await badges.allTextContents()) expect(words.some((w) => text.includes(w)), text).toBe(true);
  // The worst station now is the headline, and it matches the database's latest readings' band.
  await expect(tile.locator('[data-kpi="environment.aqiNow"] [data-aqi]')).toHaveAttribute('data-aqi-level', /good|moderate|poor|bad|veryBad|hazardous/);
  expect(errors).toEqual([]);
});

test('hotline: markup in a citizen report is shown literally and nothing runs; overdue is flagged in words', async () => {
  const tiles = pack(['hotline'], SIZES.large.w, SIZES.large.h, 'xss', { areaId: '689' });
  await show({ id: 'e2e-xss', name: 'E2E markup', wallId: wall.id, tiles });
  const page = pages.d1;
  const tile = page.locator('[data-tile-id="xss-hotline"]');
  const titles = tile.locator('[data-report-title]');
  await expect(titles.first()).toBeVisible();
  const all = (await titles.allTextContents()).join('\n');
  expect(all).toContain('<img src=x onerror=alert(1)>');
  expect(all).toContain('<b>hư hỏng nặng</b>');
  // No element was made from the text: no <img src="x">, no <b> inside a report, no script ran.
  expect(await tile.locator('[data-reports] img, [data-reports] b, [data-reports] script').count()).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => document.body.innerHTML.includes('hacked') && document.body.textContent === 'hacked')).toBe(false);
  expect(dialogs).toEqual([]);
  // Overdue reports are flagged with an icon and the word, not colour alone.
  const overdueKpi = tile.locator('[data-kpi="hotline.overdue"]');
  await expect(overdueKpi.locator('.kpi__delta--bad').first()).toContainText('cần chú ý');
  await tile.screenshot({ path: join(ART, 'hotline-markup.png') });
  expect(errors).toEqual([]);
});
