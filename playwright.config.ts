import { defineConfig } from '@playwright/test';
import { electronProject } from './tests/electron/project';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/e2e/support/chromium';

/**
 * End-to-end tests with Debian's Chromium (Playwright's own browser download is not reachable
 * on these machines). Each spec starts its own `ioc-wall serve` on a temporary data dir and
 * port 0, so specs never share state; `npm run build` must have run first (npm test does).
 * Screenshots go to artifacts/ (gitignored) and are meant to be looked at.
 */

export default defineConfig({
  // Two cores: two workers at most, specs inside a file run in order.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
    viewport: { width: 1920, height: 1080 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'e2e', testDir: './tests/e2e', testMatch: '*.spec.ts' },
    electronProject,
  ],
});
