import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { domainList } from '../../domains/catalog';
import type { TrendResult } from '../../domains/views';
import { serve, type Served } from './serve';
import { auditLayout } from './support/layout-audit';

/**
 * The leader's kiosk on a 1920x1080 touchscreen (touch emulation, `hasTouch`): the ten
 * domains with a headline figure each; tap through to a domain's detail; drill down by tapping
 * a district on the map or in "so sánh địa bàn"; read a bar of the trend by tapping it; swipe
 * between domains in the home order; pinch the map to zoom (real touch events through CDP);
 * send the view to the wall and see the wall take it; go home, and come home by itself when
 * left alone. Screenshots: artifacts/kiosk/.
 */

const shots = resolve(import.meta.dirname, '../../artifacts/kiosk');
let s: Served;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  s = await serve();
});
test.afterAll(async () => {
  await s?.close();
});

test.use({ viewport: { width: 1920, height: 1080 }, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });

/** Every control on screen is at least 64 x 64 px: a finger target, not a mouse target. */
async function smallTargets(page: Page): Promise<string[]> {
  return (await auditLayout(page, { minTarget: 64, root: '.kiosk2' })).smallTargets;
}

async function openDomain(page: Page, id: string) {
  await page.locator(`.ktile[data-domain="${id}"]`).tap();
  await expect(page.locator(`[data-kiosk-panel="${id}"][data-painted="true"]`)).toBeVisible({ timeout: 30_000 });
}

/** A one-finger stroke from `from` to `to` in `steps` moves, as a touchscreen sends it. */
async function stroke(cdp: CDPSession, from: { x: number; y: number }, to: { x: number; y: number }, steps = 6) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A sideways stroke from (x0, y) to (x1, y). */
const swipe = (cdp: CDPSession, x0: number, x1: number, y: number) => stroke(cdp, { x: x0, y }, { x: x1, y });

/** Two fingers moving apart around (cx, cy): a pinch to zoom in. */
async function pinchOut(cdp: CDPSession, cx: number, cy: number, from: number, to: number, steps = 8) {
  const pts = (d: number) => [
    { x: cx - d, y: cy, id: 1 },
    { x: cx + d, y: cy, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: pts(from) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: pts(from + ((to - from) * i) / steps) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const mapZoom = (page: Page) =>
  page.locator('.kmap .leaflet-container').evaluate((m) => Number((m as HTMLElement).dataset.labelsAt?.split('@')[1]));
const labelsShown = (page: Page): Promise<number> =>
  page.locator('.kmap .leaflet-container').evaluate((m) => Number((m as HTMLElement).dataset.labels?.split('/')[0]));

test('a leader taps through the kiosk, drills into a district and sends the view to the wall', async ({ page, context }) => {
  await page.goto(`${s.kioskUrl}&idle=600`);
  const home = page.locator('[data-kiosk-home]');
  await expect(home).toBeVisible();
  await expect(page.locator('.khead__title')).toHaveText('Tổng quan tỉnh Bình Phước');

  // Ten domains, each with a real headline figure from the database.
  await expect(page.locator('.ktile')).toHaveCount(10);
  await expect(page.locator('.ktile[data-headline="loading"]')).toHaveCount(0, { timeout: 30_000 });
  expect(await page.locator('.ktile[data-headline="true"]').count()).toBeGreaterThanOrEqual(8);
  await expect(page.locator('.ktile[data-domain="economy"] .ktile__value')).toHaveText(/\d/);
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: join(shots, 'home.png') });

  // Tap a domain: its detail, the map over half the screen, the name and home in the header.
  await openDomain(page, 'economy');
  await expect(page.locator('.khead__title')).toContainText('Chỉ tiêu kinh tế');
  const map = (await page.locator('.kmap').boundingBox())!;
  expect(map.width).toBeGreaterThanOrEqual(1920 * 0.5);
  expect((map.width * map.height) / (1920 * 1080)).toBeGreaterThanOrEqual(0.5);
  expect(await smallTargets(page)).toEqual([]);
  await expect(page.locator('[data-kpi="economy.grdp"]')).toContainText(/\d/);

  // "So sánh địa bàn": every district ranked on the headline figure, largest first, with its change.
  await page.locator('.ktabs [data-view="compare"]').tap();
  const rows = page.locator('.kcmp__list button');
  await expect(rows).toHaveCount(11);
  await expect(page.locator('.kcmp__change').first()).toContainText(/[▲▼■].*so với năm trước|chưa so sánh/);
  const byArea = await s.call<{ rows: { areaId: string; value: number | null }[] }>('view.query', { domain: 'economy', view: 'byArea' });
  const ranked = [...byArea.rows].filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!).map((r) => r.areaId);
  expect(await rows.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-area')))).toEqual(ranked.concat(byArea.rows.filter((r) => r.value === null).map((r) => r.areaId)));
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: join(shots, 'compare.png') });

  // Tap one to drill: everything on the screen follows it.
  await page.locator('.kcmp__list button[data-area="689"]').tap();
  await expect(page.locator('.kdetail')).toHaveAttribute('data-area', '689');
  await expect(page.locator('[data-area-name]')).toHaveText('Đồng Xoài');
  await expect(page.locator('.ktabs [data-view="overview"]')).toHaveAttribute('aria-selected', 'true');
  const kpisDx = await s.call<{ items: { id: string; value: number | null }[] }>('view.query', { domain: 'economy', view: 'kpis', areaId: '689' });
  const grdpDx = kpisDx.items.find((i) => i.id === 'economy.grdp')!.value!;
  await expect(page.locator('[data-kpi="economy.grdp"] .kcard__value')).toContainText(new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(grdpDx));
  await page.screenshot({ path: join(shots, 'domain-district.png') });

  // "Đưa lên tường": asks first, waits for the operator, then the wall shows it.
  await page.locator('[data-action="to-wall"]').tap();
  await expect(page.locator('.kmodal')).toBeVisible();
  await expect(page.locator('.kmodal')).toContainText('Chỉ tiêu kinh tế');
  await expect(page.locator('.kmodal')).toContainText('Đồng Xoài');
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: join(shots, 'confirm.png') });
  await page.locator('[data-action="confirm-wall"]').tap();
  // kiosk.requireApproval is on by default: the request waits for an operator at the console.
  await expect(page.locator('[data-wall-request="pending"]')).toBeVisible();
  const desk = await context.newPage();
  await desk.goto(s.consoleUrl);
  await desk.locator('[data-request-banner] [data-action="banner-approve"]').click();
  await desk.close();
  await expect(page.locator('[data-wall-request="ok"]')).toBeVisible({ timeout: 15_000 });

  const wall = await context.newPage();
  await wall.goto(s.wallUrl('d1'));
  await expect(wall.locator('[data-tile-id="kiosk-economy"]')).toBeVisible({ timeout: 30_000 });
  await wall.close();

  // Back to the whole province, then home: one tap each.
  await page.locator('.kdetail__area [data-area=""]').tap();
  await expect(page.locator('.kdetail')).toHaveAttribute('data-area', '');
  await page.locator('[data-action="home"]').tap();
  await expect(home).toBeVisible();
});

test('a 7-inch panel: the figures beside the map scroll up and down, and a sideways swipe on them changes domain', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await page.goto(`${s.kioskUrl}&idle=600`);
  const order = domainList().map((d) => d.id);
  await openDomain(page, order[1]!);
  const cdp = await page.context().newCDPSession(page);
  const view = page.locator('.kdetail__view');
  // Too short for the figures and the trend whole: the view scrolls, the wall button stays clear.
  await expect.poll(() => view.evaluate((v) => v.scrollHeight - v.clientHeight)).toBeGreaterThan(20);
  const box = (await view.boundingBox())!;
  const wall = (await page.locator('.kdetail__side > .kbtn--wall').boundingBox())!;
  expect(wall.y).toBeGreaterThanOrEqual(box.y + box.height - 1);
  // A stroke upwards scrolls the figures.
  const x = box.x + box.width / 2;
  await stroke(cdp, { x, y: box.y + box.height * 0.8 }, { x, y: box.y + box.height * 0.2 });
  await expect.poll(() => view.evaluate((v) => v.scrollTop)).toBeGreaterThan(0);
  // A sideways one on the same box is the kiosk's swipe, both ways: a scroll box the browser
  // could pan sideways turned the rightward stroke into the browser's "back" (a blank page).
  // Each swipe once the domain before it has painted: a stroke's moves wait for a main thread
  // busy mounting a map, and a stroke slower than SWIPE_MAX_MS is not a swipe.
  const swipeTo = async (x0: number, x1: number, id: string) => {
    await swipe(cdp, box.x + box.width * x0, box.x + box.width * x1, box.y + box.height / 2);
    await expect(page.locator('.kiosk2')).toHaveAttribute('data-kiosk-screen', id);
    await expect(page.locator(`[data-kiosk-panel="${id}"][data-painted="true"]`)).toBeVisible({ timeout: 30_000 });
  };
  await swipeTo(0.9, 0.1, order[2]!);
  await swipeTo(0.1, 0.9, order[1]!);
  await swipeTo(0.1, 0.9, order[0]!);
  expect(new URL(page.url()).pathname).toBe('/kiosk');
  await page.screenshot({ path: join(shots, 'panel-1024x600.png') });
});

test('touch: tap a district on the map, tap a bar to read it, pinch the map, swipe between domains', async ({ page }) => {
  await page.goto(`${s.kioskUrl}&idle=600`);
  await openDomain(page, 'economy');
  const cdp = await page.context().newCDPSession(page);

  // Tap a bar: its period and value in large type; tap it again: gone.
  const readout = page.locator('.kread');
  await expect(readout).toHaveAttribute('data-readout', 'hint');
  const chart = (await page.locator('.kov__chart canvas').boundingBox())!;
  const at = { x: chart.x + chart.width * 0.93, y: chart.y + chart.height * 0.6 };
  await page.touchscreen.tap(at.x, at.y);
  await expect(readout).toHaveAttribute('data-readout', 'shown');
  const period = (await readout.locator('.kread__period').textContent())!;
  const m = /Tháng (\d+)\/(\d{4})/.exec(period);
  expect(m, period).not.toBeNull();
  const trend = await s.call<TrendResult>('view.query', { domain: 'economy', view: 'trend' });
  const point = trend.series.find((x) => x.id === 'economy.grdp')!.points.find((p) => p.period === `${m![2]}-${m![1]!.padStart(2, '0')}`)!;
  await expect(readout.locator('.kread__value')).toHaveText(`${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(point.value!)} tỷ đồng`);
  const big = await readout.locator('.kread__value').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(big).toBeGreaterThanOrEqual(32);
  await page.screenshot({ path: join(shots, 'bar-read.png') });
  await page.touchscreen.tap(at.x, at.y);
  await expect(readout).toHaveAttribute('data-readout', 'hint');

  // Tap a district on the map (under its name): the whole screen drills into it.
  const label = page.locator('.kmap .map-label:not(.map-label--hidden)', { hasText: 'Bù Đăng' });
  const lb = (await label.boundingBox())!;
  await page.touchscreen.tap(lb.x + lb.width / 2, lb.y + lb.height + 6);
  await expect(page.locator('[data-area-name]')).toHaveText('Bù Đăng');
  await expect(page.locator('.kdetail')).not.toHaveAttribute('data-area', '');
  await page.locator('.kdetail__area [data-area=""]').tap();
  await expect(page.locator('[data-area-name]')).toHaveText('Toàn tỉnh');

  // Pinch out on the map: it zooms in, and district names hidden for lack of room come back,
  // still without a single collision.
  const zoom0 = await mapZoom(page);
  const hidden = () => page.locator('.kmap .map-label.map-label--hidden').evaluateAll((ls) => ls.map((l) => l.textContent!.split('\n')[0]!));
  const hidden0 = await hidden();
  expect(hidden0.length, 'some names collide at the province zoom').toBeGreaterThan(0);
  expect(await labelsShown(page)).toBeGreaterThan(0);
  // Around the first hidden name: zooming keeps that point still and spreads its neighbours.
  const hb = (await page.locator('.kmap .map-label.map-label--hidden').first().boundingBox())!;
  await pinchOut(cdp, hb.x + hb.width / 2, hb.y + hb.height / 2, 60, 180);
  await expect.poll(() => mapZoom(page)).toBeGreaterThan(zoom0 + 0.5);
  await expect
    .poll(async () => {
      const now = await hidden();
      return hidden0.filter((n) => !now.includes(n)).length;
    }, { message: 'a name hidden before is shown once zoomed' })
    .toBeGreaterThan(0);
  expect((await auditLayout(page, { root: '.kmap' })).labels).toEqual([]);
  await page.screenshot({ path: join(shots, 'pinched.png') });

  // A swipe on the map pans it, it does not change domain.
  const mb = (await page.locator('.kmap').boundingBox())!;
  await swipe(cdp, mb.x + mb.width * 0.7, mb.x + mb.width * 0.2, mb.y + mb.height / 2);
  await expect(page.locator('.kiosk2')).toHaveAttribute('data-kiosk-screen', 'economy');

  // Swipe left off the map: the next domain in the home order; right: back.
  const order = domainList().map((d) => d.id);
  const side = (await page.locator('.kdetail__side').boundingBox())!;
  await swipe(cdp, side.x + side.width * 0.85, side.x + side.width * 0.1, side.y + side.height * 0.3);
  await expect(page.locator('.kiosk2')).toHaveAttribute('data-kiosk-screen', order[1]!);
  await expect(page.locator('.khead__title')).toContainText(domainList()[1]!.name.vi);
  await expect(page.locator('[data-action="home"]')).toBeInViewport();
  await swipe(cdp, side.x + side.width * 0.1, side.x + side.width * 0.85, side.y + side.height * 0.3);
  await expect(page.locator('.kiosk2')).toHaveAttribute('data-kiosk-screen', order[0]!);
  // From the first domain, right again wraps to the last; the header's arrows do the same.
  await swipe(cdp, side.x + side.width * 0.1, side.x + side.width * 0.85, side.y + side.height * 0.3);
  await expect(page.locator('.kiosk2')).toHaveAttribute('data-kiosk-screen', order.at(-1)!);
  await page.locator('[data-action="next"]').tap();
  await expect(page.locator('.kiosk2')).toHaveAttribute('data-kiosk-screen', order[0]!);
  // A sideways swipe is never the browser's "back" (overscroll navigation would leave the kiosk).
  expect(new URL(page.url()).pathname).toBe('/kiosk');
});

test('the kiosk goes back home by itself when nobody touches it', async ({ page }) => {
  await page.goto(`${s.kioskUrl}&idle=5`);
  await page.locator('.ktile[data-domain="land"]').tap();
  await expect(page.locator('[data-kiosk-screen="land"]')).toBeVisible();
  await expect(page.locator('[data-kiosk-home]')).toBeVisible({ timeout: 20_000 });
});

test('English is one tap away and the kiosk follows it', async ({ page }) => {
  await page.goto(`${s.kioskUrl}&idle=600`);
  await page.locator('.khead [data-lang="en"]').tap();
  await expect(page.locator('.khead__title')).toHaveText('Bình Phước province overview');
  await expect(page.locator('.ktile[data-domain="health"] .ktile__name--full')).toHaveText('Health');
  await openDomain(page, 'health');
  await expect(page.locator('.ktabs [data-view="compare"]')).toHaveText('Compare areas');
  await page.locator('.khead [data-lang="vi"]').tap();
  await expect(page.locator('.ktabs [data-view="compare"]')).toHaveText('So sánh địa bàn');
});

test('a district with a long unbroken name: the heading stops at two lines, the compare rows stay short, the page never scrolls sideways', async ({ page }) => {
  // Boundaries whose names are long (one unbroken word, right-to-left words): the heading ran
  // 13,317 px off a 1024 px screen and a compare row was 1,521 px tall at 390 px wide.
  const dir = mkdtempSync(join(tmpdir(), 'ioc-kiosk-long-'));
  const geo = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/geo/binh-phuoc-districts.geojson'), 'utf8')) as {
    features: { properties: { gso_code: string; name: string } }[];
  };
  const names: Record<string, string> = { '688': 'Thành phố Đồng Xoài ' + 'Rấtdàikhôngcókhoảngtrắng'.repeat(40), '689': 'مدينة طويلة جدا '.repeat(20) };
  for (const f of geo.features) if (names[f.properties.gso_code]) f.properties.name = names[f.properties.gso_code]!;
  writeFileSync(join(dir, 'long.geojson'), JSON.stringify(geo));
  const long = await serve({ config: { boundaries: { file: join(dir, 'long.geojson') } } });
  try {
    for (const [width, height] of [
      [1024, 600],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${long.kioskUrl}&idle=600`);
      await openDomain(page, 'economy');
      await page.locator('.ktabs [data-view="compare"]').tap();
      const rows = page.locator('.kcmp__list button');
      await expect(rows.first()).toBeVisible();
      for (const row of await rows.all()) expect((await row.boundingBox())!.height, `${width}: a compare row`).toBeLessThan(140);
      const named = page.locator('.kcmp__list button[data-area="689"] .kcmp__name');
      expect(((await named.getAttribute('title')) ?? '').length).toBeGreaterThan(100);
      await page.locator('.kcmp__list button[data-area="688"]').dispatchEvent('click');
      const heading = page.locator('.kdetail[data-area="688"] [data-area-name]');
      await expect(heading).toBeVisible();
      const box = await heading.evaluate((e) => ({ h: e.getBoundingClientRect().height, right: e.getBoundingClientRect().right, line: parseFloat(getComputedStyle(e).lineHeight) }));
      expect(box.h, `${width}: two lines at most`).toBeLessThanOrEqual(2 * box.line + 1);
      expect(box.right).toBeLessThanOrEqual(width);
      expect(await heading.getAttribute('title')).toBe(await heading.textContent());
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${width}: sideways scroll`).toBe(0);
      await page.screenshot({ path: join(shots, `long-name-${width}.png`) });
    }
  } finally {
    await long.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
