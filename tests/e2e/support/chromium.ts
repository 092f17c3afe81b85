/**
 * Debian's Chromium as every spec, bench and tool here launches it (Playwright's own browser
 * download is not reachable on these machines). One list, so a flag that a Chromium update needs
 * is added once.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless on a shared CI box: no sandbox (root in containers), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** For several wall pages in one browser: hidden tabs keep painting and running timers at full speed. */
export const NO_BACKGROUND_THROTTLING: readonly string[] = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
