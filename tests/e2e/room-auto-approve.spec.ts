import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';
import { enrollNode } from './support/room-nodes';

/**
 * kiosk.requireApproval = false: a leader's request goes straight to the wall, and the console
 * is told so (the wall changed without anybody at the desk deciding). Screenshot: artifacts/room/.
 */

const shots = resolve(import.meta.dirname, '../../artifacts/room');
let s: Served;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  s = await serve({ config: { kiosk: { requireApproval: false } } });
});
test.afterAll(async () => {
  await s?.close();
});

test('without approval the wall changes at once and the console says a request went straight to the wall', async ({ browser }) => {
  const { credential } = await enrollNode(s, 'kiosk', 'Kiosk Bí thư');

  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const desk = await ctx.newPage();
  await desk.goto(s.consoleUrl);
  await expect(desk.locator('.console__tabs')).toBeVisible();
  const wall = await ctx.newPage();
  await wall.goto(s.wallUrl('d1'));
  await expect(wall.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });

  const kiosk = await ctx.newPage();
  await kiosk.goto(`${s.base}/kiosk?token=${credential}&idle=600`);
  await kiosk.locator('.ktile[data-domain="health"]').click();
  await kiosk.locator('[data-action="to-wall"]').click();
  await kiosk.locator('[data-action="confirm-wall"]').click();
  await expect(kiosk.locator('[data-wall-request="ok"]')).toBeVisible();

  await expect(wall.locator('[data-tile-id="kiosk-health"]')).toBeVisible();
  const notice = desk.locator('[data-request-auto]');
  await expect(notice).toContainText('“Kiosk Bí thư” đã đưa thẳng lên tường');
  await expect(notice).toContainText('không cần duyệt');
  await expect(desk.locator('[data-request-banner]')).toHaveCount(0);
  await desk.screenshot({ path: join(shots, 'auto-approved-notice.png') });
  await notice.getByRole('button', { name: 'Đã biết' }).click();
  await expect(notice).toHaveCount(0);
  await ctx.close();
});
