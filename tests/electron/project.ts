import { hasElectronBinary, SKIP_LINE } from './electron-binary';

/**
 * The Playwright project of the Electron specs, imported by playwright.config.ts. The config is
 * loaded in the runner's own process, so the skip line printed here is seen once per run (a
 * skipped spec's reason is not shown by the list reporter).
 */
// Workers load the config again; the variable they inherit keeps it to one line per run.
if (!hasElectronBinary && !process.env.IOC_WALL_ELECTRON_SKIP_SAID) {
  process.env.IOC_WALL_ELECTRON_SKIP_SAID = '1';
  console.log(`[electron] ${SKIP_LINE}`);
}

export const electronProject = {
  name: 'electron',
  testDir: './tests/electron',
  testMatch: '*.spec.ts',
  // One app at a time: each launch owns the displays (and the single-instance lock).
  fullyParallel: false,
  timeout: 120_000,
};
