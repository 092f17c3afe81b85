/**
 * The first frame the host draws into a cold wall page (host/server/first-frame.ts): before any
 * of the wall's code has run the display shows every tile with the host's figures, its charts
 * and maps drawn, laid out where the app then lays them out; the app's own canvas replaces it
 * with the same figures and nothing of the frame is left; with no app at all, the frame does
 * not stay on screen as if it were live. Both displays of the default 2×1 wall.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';
import { holdWallCode } from './support/hold-wall-code';

const ART = join(import.meta.dirname, '../../artifacts/e2e');
const SHOWN = '.wall-root .wall-canvas:not(.wall-canvas--hidden)';
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

interface Drawn {
  tiles: Record<string, { x: number; y: number; w: number; h: number }>;
  kpis: Record<string, string>;
  charts: number;
  maps: number;
}

/** Where each tile is on screen, the figures shown, and how many charts and maps are drawn. */
function drawn(page: Page, root: string): Promise<Drawn> {
  return page.evaluate((sel) => {
    const scope = document.querySelector(sel)!;
    // The frame names its tiles data-frame-tile: data-tile-id is the app's own tiles' marker.
    const idOf = (t: HTMLElement) => t.dataset.tileId ?? t.dataset.frameTile!;
    const tiles: Drawn['tiles'] = {};
    for (const t of Array.from(scope.querySelectorAll<HTMLElement>('[data-tile-id], [data-frame-tile]'))) {
      const r = t.getBoundingClientRect();
      tiles[idOf(t)] = { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) };
    }
    const kpis: Drawn['kpis'] = {};
    for (const k of Array.from(scope.querySelectorAll<HTMLElement>('[data-kpi]'))) {
      const tile = idOf(k.closest<HTMLElement>('[data-tile-id], [data-frame-tile]')!);
      // The whole figure as read: label, value, change (a value may be a badge, not a number).
      kpis[`${tile}/${k.dataset.kpi}`] = (k.textContent ?? '').trim();
    }
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    return {
      tiles,
      kpis,
      charts: Array.from(scope.querySelectorAll('.chart')).filter(visible).length,
      maps: Array.from(scope.querySelectorAll('.map')).filter(visible).length,
    };
  }, root);
}

for (const displayId of ['d1', 'd2']) {
  test(`${displayId}: the host's frame shows the wall before its code runs, and gives way to the app's with the same figures`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const release = await holdWallCode(page);
    await page.goto(s.wallUrl(displayId));

    const frame = page.locator('#first-frame');
    await expect(frame).toBeVisible();
    await expect(frame).toHaveAttribute('data-frame-live', 'true');
    await expect(page.locator('.wall-root')).toHaveCount(0); // the app has not run
    // None of the app's markers in it: what tests and benches wait on is the app's canvas only.
    await expect(page.locator('.wall-canvas, [data-tile-id], [data-painted]')).toHaveCount(0);
    const before = await drawn(page, '#first-frame');
    expect(Object.keys(before.tiles).length).toBeGreaterThan(0);
    expect(Object.keys(before.kpis).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(before.kpis)) expect(v, k).not.toBe('');
    // Charts and maps are drawn in it (as SVG), not left as empty boxes.
    await expect(frame.locator('.chart svg').first()).toBeVisible();
    expect(await frame.locator('.chart canvas').count()).toBe(0);
    await page.screenshot({ path: join(ART, `wall-host-frame-${displayId}.png`) });

    release();
    await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    await expect(frame).toHaveCount(0);
    const after = await drawn(page, SHOWN);
    // The same tiles in the same places (the frame fits the window by CSS alone), the same figures.
    expect(Object.keys(after.tiles).sort()).toEqual(Object.keys(before.tiles).sort());
    for (const [id, r] of Object.entries(before.tiles)) {
      const a = after.tiles[id]!;
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(a[k] - r[k]), `${id}.${k}: frame ${r[k]}, app ${a[k]}`).toBeLessThanOrEqual(1);
    }
    expect(after.kpis).toEqual(before.kpis);
    expect(after.charts).toBe(before.charts);
    expect(after.maps).toBe(before.maps);
    // Nothing of the frame is left behind.
    await expect(page.locator('[data-frame-tile], .first-frame__canvas')).toHaveCount(0);
    await page.screenshot({ path: join(ART, `wall-host-frame-${displayId}-app.png`) });
    expect(errors).toEqual([]);
    await context.close();
  });
}

test('with no app to take over, the frame does not stay on screen as if it were live', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(s.wallUrl('d1'));
  await expect(page.locator('#first-frame')).toBeVisible();
  // Hidden by its stylesheet after 15 s: no script runs on this page at all.
  await expect(page.locator('#first-frame')).toBeHidden({ timeout: 25_000 });
  await context.close();
});

test('a page asked for without the credential gets no frame', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const url = new URL(s.wallUrl('d1'));
  url.searchParams.delete('token');
  const res = await page.request.get(url.toString());
  expect(await res.text()).not.toContain('first-frame');
  await context.close();
});
