import { rmSync } from 'node:fs';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, hasElectronBinary, machine, SKIP_LINE } from './electron-binary';

test.skip(!hasElectronBinary, SKIP_LINE);

test('kiosk role: one locked window that its shortcuts cannot close, reload or inspect', async () => {
  const m = machine('kiosk');
  const app = await electron.launch({ executablePath: electronBinary()!, args: m.args });
  try {
    const page = await app.firstWindow();
    await expect(page.locator('[data-kiosk-home]')).toBeVisible({ timeout: 30_000 });
    const state = await app.evaluate(({ BrowserWindow }) => {
      const [w] = BrowserWindow.getAllWindows();
      return { count: BrowserWindow.getAllWindows().length, kiosk: w.isKiosk(), closable: w.isClosable(), menu: w.isMenuBarVisible() };
    });
    expect(state).toEqual({ count: 1, kiosk: true, closable: false, menu: false });

    // Mark the page: a reload would lose the mark.
    await page.evaluate(() => ((globalThis as unknown as { __mark: number }).__mark = 42));
    for (const keys of ['Control+W', 'Control+R', 'F5', 'F11', 'F12', 'Control+Shift+I', 'Alt+F4']) await page.keyboard.press(keys);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).toBe(42);
    const after = await app.evaluate(({ BrowserWindow }) => {
      const [w] = BrowserWindow.getAllWindows();
      return { count: BrowserWindow.getAllWindows().length, kiosk: w.isKiosk(), devtools: w.webContents.isDevToolsOpened() };
    });
    expect(after).toEqual({ count: 1, kiosk: true, devtools: false });
  } finally {
    await app.close();
    rmSync(m.dir, { recursive: true, force: true });
  }
});
