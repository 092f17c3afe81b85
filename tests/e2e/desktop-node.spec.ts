import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';

/**
 * The renderer side of a desktop node in Chromium, with `window.iocHost` played by a script
 * (the preload's contract): the enrollment screen ("Nhập mã đăng ký"), a wall page whose bridge
 * reports the host connection down and up (banner, then a refresh), and the identify overlay.
 * Main's side is tested against the fake electron module (tests/integration/electron-node.test.ts).
 * Screenshots: artifacts/desktop-node/.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const shots = join(ROOT, 'artifacts', 'desktop-node');
let served: Served;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  served = await serve();
});
test.afterAll(async () => {
  await served?.close();
});

/** /enroll exists only inside the app (app://); here the built index.html stands in for it. */
async function openEnroll(page: Page, query: string, bridge: boolean) {
  if (bridge) {
    await page.addInitScript(() => {
      const calls: string[] = [];
      (window as unknown as { __enrollCalls: string[] }).__enrollCalls = calls;
      (window as unknown as { iocHost: unknown }).iocHost = {
        send() {},
        onMessage: () => () => {},
        onState: () => () => {},
        onIdentify: () => () => {},
        role: 'enroll',
        displayId: null,
        async enroll(code: string) {
          calls.push(code);
          await new Promise((r) => setTimeout(r, 50));
          return code === 'K7QM-2XPA'
            ? { ok: true, role: 'wall', name: 'Tường phòng họp' }
            : { ok: false, message: 'Mã đăng ký không đúng, đã dùng hoặc đã hết hạn / the code is wrong, used or expired' };
        },
      };
    });
  }
  const index = readFileSync(join(ROOT, 'dist/renderer/index.html'));
  await page.route('**/enroll*', (route) => route.fulfill({ body: index, contentType: 'text/html' }));
  await page.goto(`${served.base}/enroll?${query}`);
}

test('enrollment screen: big code field, the host’s refusal in plain words, then the role it was given', async ({ page }) => {
  await openEnroll(page, `host=${encodeURIComponent('https://10.0.0.5:8080')}`, true);
  await expect(page.getByRole('heading', { name: 'Nhập mã đăng ký' })).toBeVisible();
  await expect(page.getByText('https://10.0.0.5:8080')).toBeVisible();
  const field = page.locator('#enroll-code');
  const submit = page.getByRole('button', { name: 'Đăng ký' });
  await expect(field).toBeFocused();
  // Touch-friendly: the field and the button are big targets.
  const [fb, bb] = [await field.boundingBox(), await submit.boundingBox()];
  expect(fb!.height).toBeGreaterThanOrEqual(88);
  expect(bb!.height).toBeGreaterThanOrEqual(80);

  await field.fill('aaaa');
  await expect(submit).toBeDisabled();
  await field.fill('aaaa aaaa');
  await expect(field).toHaveValue('AAAA-AAAA');
  await submit.click();
  await expect(page.locator('[data-enroll-error]')).toContainText('Mã đăng ký không đúng');
  await page.screenshot({ path: join(shots, 'enroll-wrong-code.png') });

  await field.fill('k7qm2xpa');
  await expect(field).toHaveValue('K7QM-2XPA');
  await submit.click();
  await expect(page.locator('[data-enroll-done]')).toContainText('Đã đăng ký: Tường phòng họp (màn hình tường)');
  await expect(field).toBeDisabled();
  expect(await page.evaluate(() => (window as unknown as { __enrollCalls: string[] }).__enrollCalls)).toEqual(['AAAA-AAAA', 'K7QM-2XPA']);
});

test('enrollment screen after a revocation says so; without the app it says where it works', async ({ page, browser }) => {
  await openEnroll(page, 'host=https%3A%2F%2F10.0.0.5%3A8080&reason=revoked', true);
  await expect(page.locator('[data-enroll-reason="revoked"]')).toContainText('không còn chấp nhận máy này');
  await page.screenshot({ path: join(shots, 'enroll-revoked.png') });

  const plain = await browser.newPage();
  await openEnroll(plain, '', false);
  await expect(plain.getByText('Trang này chỉ dùng trong ứng dụng IOC Wall')).toBeVisible();
  await expect(plain.locator('#enroll-code')).toBeDisabled();
  await plain.close();
});

/**
 * A bridge like the preload's, over a WebSocket to the real host; `__bridge.down()/up()` play
 * main's connection to a remote host going away and coming back.
 */
async function bridgedWall(page: Page, displayId: string) {
  await page.addInitScript(
    ({ wsUrl, displayId }) => {
      type L = (...a: unknown[]) => void;
      const msg = new Set<L>();
      const states = new Set<L>();
      const identify = new Set<L>();
      let state = 'connecting';
      const sent: string[] = [];
      const ws = new WebSocket(wsUrl);
      const set = (s: string) => {
        state = s;
        for (const l of states) l(s, {});
      };
      ws.onopen = () => set('up');
      ws.onmessage = (e) => {
        // While "down", main would have nothing to pass on.
        if (state === 'up') for (const l of msg) l(JSON.parse(String(e.data)));
      };
      Object.assign(window, {
        __bridge: { down: () => set('down'), up: () => set('up'), identify: (m: unknown) => identify.forEach((l) => l(m)), sent },
        iocHost: {
          send(m: { type: string; method?: string }) {
            sent.push(m.type === 'request' ? `${m.type}:${m.method}` : m.type);
            if (ws.readyState === 1) ws.send(JSON.stringify(m));
          },
          onMessage: (l: L) => (msg.add(l), () => msg.delete(l)),
          onState: (l: L) => (states.add(l), l(state, {}), () => states.delete(l)),
          onIdentify: (l: L) => (identify.add(l), () => identify.delete(l)),
          role: 'wall',
          displayId,
        },
      });
    },
    { wsUrl: `${served.base.replace('http', 'ws')}/api?token=${served.token}`, displayId },
  );
  await page.goto(`${served.base}/wall?display=${displayId}`);
  await expect(page.locator('[data-wall-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

test('a wall window’s bridge reports the host down and up: banner while down, the frame kept, data asked again on up', async ({ page }) => {
  await bridgedWall(page, 'd1');
  await expect(page.locator('[data-conn="down"]')).toHaveCount(0);
  // The canvas on screen (the presets ahead are prepared beside it, hidden, at idle).
  const shownTiles = page.locator('.wall-canvas:not(.wall-canvas--hidden) [data-tile-id]');
  const tiles = await shownTiles.count();
  expect(tiles).toBeGreaterThan(0);
  await page.evaluate(() => (window as unknown as { __bridge: { down(): void } }).__bridge.down());
  await expect(page.locator('[data-conn="down"]')).toContainText('Mất kết nối tới máy chủ');
  await expect(shownTiles).toHaveCount(tiles);
  await page.screenshot({ path: join(shots, 'wall-host-down.png') });
  const before = await page.evaluate(() => (window as unknown as { __bridge: { sent: string[] } }).__bridge.sent.length);
  await page.evaluate(() => (window as unknown as { __bridge: { up(): void } }).__bridge.up());
  await expect(page.locator('[data-conn="down"]')).toHaveCount(0);
  // Back up: the page subscribes again and asks for its views again (a reconnect invalidates all).
  await expect
    .poll(() => page.evaluate((n) => (window as unknown as { __bridge: { sent: string[] } }).__bridge.sent.slice(n), before))
    .toEqual(expect.arrayContaining(['subscribe', 'request:view.query']));
});

test('identify: the display id and the node name in huge type, gone by themselves', async ({ page }) => {
  await bridgedWall(page, 'd2');
  await page.evaluate(() =>
    (window as unknown as { __bridge: { identify(m: unknown): void } }).__bridge.identify({ displayId: 'd2', nodeName: 'Máy tường 1 — phòng IOC', until: Date.now() + 3000 }),
  );
  const overlay = page.locator('[data-identify="d2"]');
  await expect(overlay).toContainText('d2');
  await expect(overlay).toContainText('Máy tường 1 — phòng IOC');
  const size = await overlay.locator('.identify__display').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThan(300);
  await page.screenshot({ path: join(shots, 'identify-d2.png') });
  await expect(overlay).toHaveCount(0, { timeout: 10_000 });
});

test('identify: gone by itself also when the clock is stepped back while it shows', async ({ page }) => {
  // The page's clock runs as usual once installed; setSystemTime then steps it as NTP would.
  await page.clock.install();
  await bridgedWall(page, 'd1');
  await page.evaluate(() =>
    (window as unknown as { __bridge: { identify(m: unknown): void } }).__bridge.identify({ displayId: 'd1', nodeName: 'Máy tường 2', until: Date.now() + 6000 }),
  );
  const overlay = page.locator('[data-identify="d1"]');
  await expect(overlay).toBeVisible();
  const pageNow = await page.evaluate(() => Date.now());
  await page.clock.setSystemTime(pageNow - 2 * 3_600_000);
  // The build before compared the clock when its timer fired, found it 2 h before `until`, and stayed.
  await expect(overlay).toHaveCount(0, { timeout: 15_000 });
});
