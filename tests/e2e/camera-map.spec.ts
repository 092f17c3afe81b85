/**
 * Cameras from the map, in Debian's Chromium: on the console's traffic map (the alert inbox's
 * jump to the panel) a click on the camera's marker opens its live picture; on the kiosk's
 * traffic map a tap does. The demo's incidents crowd the map (they are clustered), so the test
 * zooms in at the camera with the mouse wheel, as an operator would, before clicking it.
 * The camera is ffmpeg's testsrc (tests/integration/support/camera-sources.ts) behind basic
 * auth only the host knows; frames painting = pixels changing between screenshots.
 * Screenshots: artifacts/cameras/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { CAMERA_PASSWORD, CAMERA_USER, startHlsCamera, startMjpegCamera, type TestCamera } from '../integration/support/camera-sources';
import { serve, type Served } from './serve';

const ART = resolve(import.meta.dirname, '../../artifacts/cameras');
// A crossroads in Đồng Xoài, among the demo's incidents.
const HLS_AT = { lat: 11.5347, lon: 106.8838 };
const MJPEG_AT = { lat: 11.5405, lon: 106.8990 };
// Added while the kiosk's map is open.
const LATE_AT = { lat: 11.5290, lon: 106.8905 };

let s: Served;
let hls: TestCamera;
let mjpeg: TestCamera;

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  [hls, mjpeg] = await Promise.all([startHlsCamera(), startMjpegCamera()]);
  s = await serve({ config: { camera: { checkIntervalSec: 3600 }, kiosk: { idleMinutes: 10 } } });
  const credentials = `${CAMERA_USER}:${CAMERA_PASSWORD}`;
  await s.call('cameras.add', { id: 'cam-map-hls', name: 'Ngã tư Đồng Xoài', ...HLS_AT, streams: [{ protocol: 'hls', url: hls.url, credentials }] });
  await s.call('cameras.add', { id: 'cam-map-mjpeg', name: 'Vòng xoay Đồng Xoài', ...MJPEG_AT, streams: [{ protocol: 'mjpeg', url: mjpeg.url, credentials }] });
  // An alert about traffic, so the console's inbox can jump to the traffic panel.
  await s.call('alertRules.save', { rule: { id: 'e2e-traffic', name: 'Giao thông (thử)', kind: 'count', domain: 'traffic', status: 'any', min: 1, scope: 'province' } });
});

test.afterAll(async () => {
  await s?.close();
  await Promise.all([hls?.close(), mjpeg?.close()]);
});

/** Where a point of this map is on the page (the map draws points on a canvas). */
function pointOf(map: Locator, at: { lat: number; lon: number }): Promise<{ x: number; y: number }> {
  return map.evaluate((el, p) => (el as HTMLElement & { iocPointAt(lat: number, lon: number): { x: number; y: number } }).iocPointAt(p.lat, p.lon), at);
}

/** Zooms in at the camera (wheel at its marker, one step at a time) until the incidents around it no longer cluster with it. */
async function zoomInAt(page: Page, map: Locator, at: { lat: number; lon: number }): Promise<void> {
  // The map notes its size and zoom after each move (data-labels-at): a step is done when it changes.
  const view = () => map.evaluate((el) => (el as HTMLElement).dataset.labelsAt ?? '');
  for (let i = 0; i < 4; i++) {
    const before = await view();
    const p = await pointOf(map, at);
    await page.mouse.move(p.x, p.y);
    await page.mouse.wheel(0, -120);
    await expect.poll(view, { message: 'the map did not zoom' }).not.toBe(before);
  }
}

/**
 * Zooms in at the camera and clicks (or taps) its marker until its picture opens over the map;
 * each try aims where the marker is now (the zoom may still be settling). Returns the picture
 * once it plays.
 */
async function openFromMap(page: Page, panel: Locator, at: { lat: number; lon: number }, id: string, press: (x: number, y: number) => Promise<void>): Promise<Locator> {
  const map = panel.locator('.leaflet-container').first();
  await expect(map).toBeVisible({ timeout: 30_000 });
  await zoomInAt(page, map, at);
  const opened = panel.locator(`[data-map-camera="${id}"]`);
  await expect
    .poll(
      async () => {
        const p = await pointOf(map, at);
        await press(p.x, p.y);
        return opened.count();
      },
      { timeout: 20_000, message: 'the camera marker never opened the picture' },
    )
    .toBe(1);
  const pic = opened.locator('.campic');
  await expect(pic).toHaveAttribute('data-camera-state', 'playing', { timeout: 30_000 });
  return pic;
}

/** Screenshots of a picture until two differ: frames are being painted. */
async function expectMoving(pic: Locator, name: string): Promise<void> {
  const first = await pic.screenshot({ path: join(ART, `${name}-1.png`) });
  await expect.poll(async () => !(await pic.screenshot()).equals(first), { timeout: 15_000, message: `${name}: pixels never changed` }).toBe(true);
  await pic.screenshot({ path: join(ART, `${name}-2.png`) });
}

test('console: a click on a camera on the traffic map opens its live picture', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1600 });
  await page.goto(`${s.consoleUrl}&tab=alerts`);
  await page.locator('[data-inbox-row][data-rule="e2e-traffic"]').click();
  await page.locator('[data-action="jump"]').click();
  const panel = page.locator('[data-jump-panel="traffic"]');
  await expect(panel.locator('.map[data-map-points]').first()).not.toHaveAttribute('data-map-points', '0', { timeout: 30_000 });
  const pic = await openFromMap(page, panel, HLS_AT, 'cam-map-hls', (x, y) => page.mouse.click(x, y));
  await expect(pic.locator('.campic__name')).toHaveText('Ngã tư Đồng Xoài');
  await expectMoving(pic, 'map-console');
  await page.screenshot({ path: join(ART, 'map-console.png') });
  // Closed, it stops: no picture, no decoder left.
  await panel.locator('[data-map-camera="cam-map-hls"] .map-camera__close').click();
  await expect(panel.locator('[data-map-camera]')).toHaveCount(0);
  await expect(panel.locator('video')).toHaveCount(0);
});

/** A touch kiosk with its traffic panel open and painted. */
async function kioskTraffic(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(`${s.kioskUrl}&idle=600`);
  await page.locator('.ktile[data-domain="traffic"]').tap();
  const panel = page.locator('[data-kiosk-panel="traffic"][data-painted="true"]');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  return { ctx, page, panel };
}

test('kiosk: a tap on a camera on the traffic map opens its live picture', async ({ browser }) => {
  const { ctx, page, panel } = await kioskTraffic(browser);
  const pic = await openFromMap(page, panel, MJPEG_AT, 'cam-map-mjpeg', (x, y) => page.touchscreen.tap(x, y));
  await expectMoving(pic, 'map-kiosk');
  await page.screenshot({ path: join(ART, 'map-kiosk.png') });
  await ctx.close();
});

test('a camera added while the map is open appears on it without a reload, and opens', async ({ browser }) => {
  const { ctx, page, panel } = await kioskTraffic(browser);
  const points = panel.locator('.map[data-map-points]').first();
  await expect(points).not.toHaveAttribute('data-map-points', '0', { timeout: 30_000 });
  const before = Number(await points.getAttribute('data-map-points'));
  // The page is not reloaded: a marker on the window proves it is the same document afterwards.
  await page.evaluate(() => ((window as unknown as { iocSameDocument: boolean }).iocSameDocument = true));
  await s.call('cameras.add', {
    id: 'cam-map-late',
    name: 'Cổng chợ Đồng Xoài',
    ...LATE_AT,
    streams: [{ protocol: 'mjpeg', url: mjpeg.url, credentials: `${CAMERA_USER}:${CAMERA_PASSWORD}` }],
  });
  // `cameras.changed` refreshes the traffic map's view (renderer/client/invalidation.ts).
  await expect(points).toHaveAttribute('data-map-points', String(before + 1), { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { iocSameDocument?: boolean }).iocSameDocument)).toBe(true);
  const pic = await openFromMap(page, panel, LATE_AT, 'cam-map-late', (x, y) => page.touchscreen.tap(x, y));
  await expect(pic.locator('.campic__name')).toHaveText('Cổng chợ Đồng Xoài');
  await page.screenshot({ path: join(ART, 'map-kiosk-added.png') });
  // Removed, it goes from the map as well.
  await s.call('cameras.remove', { id: 'cam-map-late' });
  await expect(points).toHaveAttribute('data-map-points', String(before), { timeout: 20_000 });
  await ctx.close();
});
