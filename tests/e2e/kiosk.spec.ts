import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

/**
 * The leader's kiosk on a 1920x1080 touchscreen (touch emulation): the ten domains with a
 * headline figure each, tap through to a panel, drill down by district, send the view to the
 * wall and see the wall take it, go home, and come home by itself when left alone.
 * Screenshots: artifacts/kiosk/.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'artifacts', 'kiosk');
let host: ChildProcess;
let dataDir: string;
let urls: { kiosk: string; wall: string };

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ioc-kiosk-e2e-'));
  host = spawn(process.execPath, [join(root, 'bin', 'ioc-wall.js'), 'serve', '--data-dir', dataDir, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  urls = await new Promise((resolveUrls, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URLs:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const kiosk = /(http:\/\/127\.0\.0\.1:\d+\/kiosk\?token=[\w-]+)/.exec(out)?.[1];
      const wall = /(http:\/\/127\.0\.0\.1:\d+\/wall\?display=d1&token=[\w-]+)/.exec(out)?.[1];
      if (kiosk && wall) {
        clearTimeout(timer);
        resolveUrls({ kiosk, wall });
      }
    };
    host.stdout!.on('data', onData);
    host.stderr!.on('data', onData);
    host.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
});

test.afterAll(async () => {
  host?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dataDir, { recursive: true, force: true });
});

test.use({ viewport: { width: 1920, height: 1080 }, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });

/** Every button on screen is at least 64 x 64 px: a finger target, not a mouse target. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.kiosk2 button, .kmodal button')]
      .filter((b) => (b as HTMLElement).offsetParent !== null && !b.closest('.leaflet-container'))
      .map((b) => ({ b, r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 64 || r.width < 64)
      .map(({ b, r }) => `${(b.textContent ?? '').trim() || b.getAttribute('aria-label')} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
}

test('a leader taps through the kiosk and sends a view to the wall', async ({ page, context }) => {
  await page.goto(`${urls.kiosk}&idle=600`);
  const home = page.locator('[data-kiosk-home]');
  await expect(home).toBeVisible();
  await expect(page.locator('.khead__title')).toHaveText('Tổng quan tỉnh Bình Phước');

  // Ten domains, each with a real headline figure from the database.
  const tiles = page.locator('.ktile');
  await expect(tiles).toHaveCount(10);
  await expect(page.locator('.ktile[data-headline="loading"]')).toHaveCount(0, { timeout: 30_000 });
  const withFigure = await page.locator('.ktile[data-headline="true"]').count();
  expect(withFigure).toBeGreaterThanOrEqual(8);
  await expect(page.locator('.ktile[data-domain="economy"] .ktile__value')).toHaveText(/\d/);
  expect(await smallTargets(page)).toEqual([]);
  await page.screenshot({ path: join(shots, 'home.png') });

  // Tap a domain: its panel full screen, large.
  await page.locator('.ktile[data-domain="economy"]').tap();
  await expect(page.locator('[data-kiosk-screen="economy"]')).toBeVisible();
  await expect(page.locator('[data-kiosk-panel="economy"][data-painted="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.kpick__list button')).toHaveCount(12); // Toàn tỉnh + 11 districts
  expect(await smallTargets(page)).toEqual([]);

  // Drill down by district with a finger.
  const district = page.locator('.kpick__list button[data-area="689"]');
  await expect(district).toHaveText('Đồng Xoài', { useInnerText: true }).catch(async () => {
    await expect(district).toContainText('Đồng Xoài');
  });
  await district.tap();
  await expect(district).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('.kpick__list button[data-area=""]')).toHaveAttribute('aria-checked', 'false');
  await page.screenshot({ path: join(shots, 'domain-district.png') });

  // "Đưa lên tường": asks first, then the wall shows it.
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
  await desk.goto(urls.kiosk.replace('/kiosk?', '/console?'));
  await desk.locator('[data-request-banner] [data-action="banner-approve"]').click();
  await desk.close();
  await expect(page.locator('[data-wall-request="ok"]')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: join(shots, 'sent.png') });

  const wall = await context.newPage();
  await wall.goto(urls.wall);
  await expect(wall.locator('[data-tile-id="kiosk-economy"]')).toBeVisible({ timeout: 30_000 });
  await wall.close();

  // Home is one tap away, from anywhere.
  await page.locator('[data-action="home"]').tap();
  await expect(home).toBeVisible();
});

test('the kiosk goes back home by itself when nobody touches it', async ({ page }) => {
  await page.goto(`${urls.kiosk}&idle=5`);
  await page.locator('.ktile[data-domain="land"]').tap();
  await expect(page.locator('[data-kiosk-screen="land"]')).toBeVisible();
  await expect(page.locator('[data-kiosk-home]')).toBeVisible({ timeout: 20_000 });
});

test('English is one tap away and the kiosk follows it', async ({ page }) => {
  await page.goto(`${urls.kiosk}&idle=600`);
  await page.locator('.khead [data-lang="en"]').tap();
  await expect(page.locator('.khead__title')).toHaveText('Bình Phước province overview');
  await expect(page.locator('.ktile[data-domain="health"] .ktile__name')).toHaveText('Health');
  await page.locator('.khead [data-lang="vi"]').tap();
  await expect(page.locator('.khead__title')).toHaveText('Tổng quan tỉnh Bình Phước');
});
