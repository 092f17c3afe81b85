import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { CHROMIUM_PATH, chromiumArgs } from './support/chromium';
import { stopChild } from './support/stop-child';

/**
 * The desktop app serves the renderer under a strict CSP (electron/security.ts). Electron is
 * not installed here, so the same policy is put on the pages `serve` sends to Chromium, and the
 * wall, kiosk and console must paint with it and without a single violation: a CSP that
 * breaks Leaflet or Chart.js would otherwise only show on an installed machine.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
let host: ChildProcess;
let dataDir: string;
let base: string;
let token: string;

// Pages answered through page.route lose their loopback address in Chromium's Local Network
// Access check, which then blocks their WebSocket to 127.0.0.1; in the app (app://) and in
// `serve` the page really is local. Only this spec intercepts, so only it turns the check off.
// No service worker either: the app registers none (its pages come from app://), and its
// precaching would run through the route below after the page is gone.
test.use({
  serviceWorkers: 'block',
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs(['LocalNetworkAccessChecks']),
  },
});

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ioc-csp-e2e-'));
  host = spawn(process.execPath, [join(root, 'bin', 'ioc-wall.js'), 'serve', '--data-dir', dataDir, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  [base, token] = await new Promise<[string, string]>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve printed no URL:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/kiosk\?token=([\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok([m[1], m[2]]);
      }
    };
    host.stdout!.on('data', onData);
    host.stderr!.on('data', onData);
    host.once('exit', (code) => fail(new Error(`serve exited (${code}):\n${out}`)));
  });
});

test.afterAll(async () => {
  if (host) await stopChild(host);
  rmSync(dataDir, { recursive: true, force: true });
});

for (const [name, path, ready] of [
  ['wall', '/wall?display=d1', '[data-wall-ready="true"]'],
  ['kiosk', '/kiosk', '.ktile[data-headline="true"]'],
  ['console', '/console', 'body'],
] as const) {
  test(`${name} paints under the Electron CSP without violations`, async ({ page }) => {
    // Only HTML needs the policy: everything else goes to the network untouched, so no request
    // is left in a handler's fetch when the page closes (its response would be disposed under it).
    await page.route(
      (url) => !/\.[a-z0-9]+$/i.test(url.pathname) || url.pathname.endsWith('.html'),
      async (route) => {
        const response = await route.fetch();
        const type = response.headers()['content-type'] ?? '';
        if (!type.includes('text/html')) return route.fulfill({ response });
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CONTENT_SECURITY_POLICY } });
      },
    );
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to (CSP) ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}token=${token}`);
    await expect(page.locator(ready).first()).toBeVisible({ timeout: 30_000 });
    if (name === 'wall') await expect(page.locator('.leaflet-container').first()).toBeVisible();
    // What the CSP could refuse is what the page loads (lazy chunks, fonts, images, styles):
    // wait until it has loaded everything, then one frame so queued violation events are out.
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    expect(violations).toEqual([]);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
}
