import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type Served } from './serve';

/**
 * The console's "Cập nhật" tab in real Chromium against a real `ioc-wall serve`: plain-HTTP updates
 * said in red, and "Nhập gói cập nhật" — a bundle made with the CLI is checked, then imported; a
 * tampered copy is refused with the reason.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ioc-wall.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ioc-wall ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

let work: string;
let served: Served;
let bundle: string;
let tampered: string;

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ioc-e2e-updates-'));
  cli('keys', 'generate', '--out', join(work, 'keys'));
  // The sending machine: a data folder with the layouts to ship.
  const source = join(work, 'source');
  cli('bundle', 'create', '--out', join(work, 'thang-12.iocbundle'), '--key', join(work, 'keys', 'bundle-key.pem'), '--include', 'config,layouts,boundaries', '--data-dir', source);
  bundle = join(work, 'thang-12.iocbundle');
  const bytes = readFileSync(bundle);
  bytes[bytes.length - 100] ^= 0xff;
  tampered = join(work, 'sua-doi.iocbundle');
  writeFileSync(tampered, bytes);
  const config = join(work, 'config.json');
  writeFileSync(config, JSON.stringify({ updates: { url: 'http://10.0.0.5/ioc-wall', allowInsecure: true }, trust: { bundleKeys: ['keys/bundle-key.pub.pem'] } }));
  served = await serve({ args: ['--config', config] });
});
test.afterAll(async () => {
  await served?.close();
  rmSync(work, { recursive: true, force: true });
});

test('plain-HTTP updates are said in red; a bundle is checked, then imported; a tampered one is refused', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${served.consoleUrl}&tab=updates`);
  const notice = page.locator('[data-notice="insecure-updates"]');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveCSS('background-color', 'rgb(183, 28, 28)');
  await expect(page.locator('[data-update-settings] [data-insecure]')).toContainText('http://10.0.0.5/ioc-wall');
  await expect(page.locator('[data-update-settings]')).toContainText('02:00–04:00 (Asia/Ho_Chi_Minh)');

  const input = page.getByRole('textbox', { name: /Đường dẫn tệp gói/ });
  await input.fill(tampered);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.locator('[data-bundle-msg="error"]')).toContainText(/Không nhập: .*không khớp mã băm sha256/);
  await expect(page.getByRole('button', { name: 'Nhập gói' })).toBeDisabled();

  await input.fill(bundle);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.locator('[data-bundle-msg="ok"]')).toContainText('Gói hợp lệ');
  await expect(page.locator('[data-bundle-parts] li')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/updates-verified.png', fullPage: true });
  await page.getByRole('button', { name: 'Nhập gói' }).click();
  await expect(page.locator('[data-bundle-msg="ok"]')).toContainText('Đã nhập: bố cục, nguồn dữ liệu, ranh giới.');
  await expect(page.locator('[data-bundle-msg="ok"]')).toContainText('Bản sao lưu trước khi nhập');
  const db = served.db();
  try {
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'bundle.apply'`).pluck().get()).toBe(1);
  } finally {
    db.close();
  }
  await page.screenshot({ path: 'test-results/updates-applied.png', fullPage: true });
});

test('in a browser, "Xuất JSON" still downloads the layouts file', async ({ page }) => {
  await page.goto(`${served.consoleUrl}&tab=layouts`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất JSON' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ioc-wall-layouts-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(JSON.parse(text)).toMatchObject({ format: 'ioc-wall/layouts' });
});
