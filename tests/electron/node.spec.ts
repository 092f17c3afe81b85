import { rmSync } from 'node:fs';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { serve, type Served } from '../e2e/serve';
import { electronBinary, hasElectronBinary, machine, SKIP_LINE } from './electron-binary';

// The real desktop app as a node of a host started here, and the watchdog/lockdown of every
// window. Skipped, loudly, where the Electron binary is absent.
test.skip(!hasElectronBinary, SKIP_LINE);

/** The window whose URL matches, once it is there. */
async function windowAt(app: ElectronApplication, pattern: RegExp): Promise<Page> {
  await expect.poll(() => app.windows().some((p) => pattern.test(p.url())), { timeout: 30_000 }).toBe(true);
  return app.windows().find((p) => pattern.test(p.url()))!;
}

test('node: enrollment screen, then the wall from the remote host, identify and screenshot from the console', async () => {
  let host: Served | null = null;
  let app: ElectronApplication | null = null;
  let dir = '';
  try {
    host = await serve();
    const added = await host.call<{ id: string; code: string }>('nodes.add', { role: 'wall', name: 'Tường thử' });
    const m = machine('all-in-one', { connect: { url: host.base } });
    dir = m.dir;
    app = await electron.launch({ executablePath: electronBinary()!, args: m.args });

    const enroll = await windowAt(app, /^app:\/\/ioc\/enroll/);
    await expect(enroll.getByRole('heading', { name: 'Nhập mã đăng ký' })).toBeVisible();
    await enroll.locator('#enroll-code').fill(added.code);
    await enroll.getByRole('button', { name: 'Đăng ký' }).click();

    const wall = await windowAt(app, /^app:\/\/ioc\/wall\?display=/);
    await expect(wall.locator('[data-wall-ready="true"]')).toBeVisible({ timeout: 30_000 });
    // The credential is in main only: the page has the bridge, nothing of the credential.
    const page = await wall.evaluate(() => {
      const g = globalThis as unknown as { location: { href: string }; localStorage: object; sessionStorage: object };
      return JSON.stringify({ url: g.location.href, storage: { ...g.localStorage }, session: { ...g.sessionStorage } });
    });
    const hasMenu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu() !== null);
    expect(hasMenu).toBe(false);
    await expect.poll(() => host!.call<{ id: string; connections: number; heartbeat: unknown }[]>('nodes.list', {})).toContainEqual(
      expect.objectContaining({ id: added.id, connections: 1, heartbeat: expect.objectContaining({ kind: 'desktop' }) }),
    );
    expect(page).not.toMatch(/token|credential/i);

    await host.call('node.command', { id: added.id, command: 'identify' });
    await expect(wall.locator('.identify')).toBeVisible();
    await wall.screenshot({ path: 'artifacts/electron/node-identify.png' });
    const shot = await host.call<{ displays: { width: number; dataUrl: string }[] }>('node.screenshot', { id: added.id });
    expect(shot.displays.length).toBeGreaterThan(0);
    for (const d of shot.displays) {
      expect(d.width).toBeLessThanOrEqual(480);
      expect(d.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    }

    // Revoked: the enrollment screen comes back with the reason.
    await host.call('nodes.revoke', { id: added.id });
    const again = await windowAt(app, /^app:\/\/ioc\/enroll\?.*reason=revoked/);
    await expect(again.locator('[data-enroll-reason="revoked"]')).toBeVisible();
  } finally {
    await app?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

test('watchdog: a crashed wall renderer is back within 2 s on its display; zoom keys do nothing on a wall', async () => {
  const m = machine('wall');
  const app = await electron.launch({ executablePath: electronBinary()!, args: m.args });
  try {
    const wall = await windowAt(app, /^app:\/\/ioc\/wall\?display=/);
    await expect(wall.locator('[data-wall-ready="true"]')).toBeVisible({ timeout: 30_000 });
    const before = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      return { url: w.webContents.getURL(), bounds: w.getBounds() };
    });

    await wall.keyboard.press('Control+=');
    await wall.keyboard.press('Control+-');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].webContents.getZoomFactor())).toBe(1);

    const crashedAt = Date.now();
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].webContents.forcefullyCrashRenderer());
    // Reloaded (a new page load started) within 2 s, same URL, same place.
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => !BrowserWindow.getAllWindows()[0].webContents.isCrashed()), { timeout: 2_000, intervals: [50] })
      .toBe(true);
    expect(Date.now() - crashedAt).toBeLessThan(2_500);
    const after = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      return { url: w.webContents.getURL(), bounds: w.getBounds() };
    });
    expect(after).toEqual(before);
    const page = app.windows().find((p) => /\/wall\?display=/.test(p.url()))!;
    await expect(page.locator('[data-wall-ready="true"]')).toBeVisible({ timeout: 30_000 });
  } finally {
    await app.close();
    rmSync(m.dir, { recursive: true, force: true });
  }
});
