import { rmSync } from 'node:fs';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, hasElectronBinary, machine, SKIP_LINE } from './electron-binary';

// These drive the real desktop app; where the Electron binary is absent they are skipped, loudly.
test.skip(!hasElectronBinary, SKIP_LINE);

test('wall role: one full-screen wall window per display, painted, with the secure bridge only', async () => {
  const m = machine('wall');
  const app = await electron.launch({ executablePath: electronBinary()!, args: m.args });
  try {
    const displays = await app.evaluate(({ screen }) => screen.getAllDisplays().map((d) => d.id));
    await expect.poll(() => app.windows().length, { timeout: 30_000 }).toBe(displays.length);
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), full: w.isFullScreen(), frame: w.webContents.mainFrame.url })),
    );
    for (const p of prefs) {
      expect(p.url).toMatch(/^app:\/\/ioc\/wall\?display=/);
      expect(p.full).toBe(true);
    }
    for (const page of app.windows()) {
      await expect(page.locator('[data-wall-ready="true"]')).toBeVisible({ timeout: 30_000 });
      const exposed = await page.evaluate(() => ({
        bridge: typeof (globalThis as unknown as { iocHost?: unknown }).iocHost,
        require: typeof (globalThis as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
        popup: (globalThis as unknown as { open(u: string): unknown }).open('https://example.com') === null,
      }));
      expect(exposed).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined', popup: true });
      await page.screenshot({ path: `artifacts/electron/wall-${await page.evaluate(() => new URL((globalThis as unknown as { location: { href: string } }).location.href).searchParams.get('display'))}.png` });
    }
    expect(app.windows().length).toBe(displays.length);
  } finally {
    await app.close();
    rmSync(m.dir, { recursive: true, force: true });
  }
});

test('navigation off the app is refused', async () => {
  const m = machine('console');
  const app = await electron.launch({ executablePath: electronBinary()!, args: m.args });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  } finally {
    await app.close();
    rmSync(m.dir, { recursive: true, force: true });
  }
});
