/**
 * Debian's Chromium as every spec, bench and tool here launches it (Playwright's own browser
 * download is not reachable on these machines). One list, so a flag that a Chromium update needs
 * is added once.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless on a shared CI box: no sandbox (root in containers), no GPU, nothing phoning home. */
const BASE_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Chromium 156 loads its omnibox (address bar) popup as WebUI pages, chrome://omnibox-popup.top-chrome/
 * and its AI-mode page, in a renderer of their own for every new window, headless or not, kiosk or
 * not: about 0.8 s of CPU per window at start, which a wall display started in the same second pays
 * for. Nothing here has an address bar to type in (the wall is a kiosk window, the desktop app is
 * Electron), so the benches and tests start without it, and the README gives installers the same flag.
 */
export const OMNIBOX_POPUP_FEATURES: readonly string[] = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/**
 * The features Playwright disables itself (playwright-core's chromiumSwitches.ts, passed as its own
 * `--disable-features=`). Chromium honours only the last `--disable-features=` on its command line,
 * so a launch through Playwright that disables anything must repeat this list in its flag, or it
 * turns Playwright's back on. Kept as a constant (not read out of Playwright's bundle, whose layout
 * is not an API): tests/e2e/chromium-args.spec.ts reads the command line Playwright actually gave
 * Chromium and fails when Playwright's list is no longer contained in ours.
 */
export const PLAYWRIGHT_DISABLED_FEATURES: readonly string[] = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/** One `--disable-features=` for a Playwright launch: Playwright's own list and `features`, once each. */
export function playwrightDisableFeatures(features: readonly string[]): string {
  return `--disable-features=${[...new Set([...PLAYWRIGHT_DISABLED_FEATURES, ...features])].join(',')}`;
}

/**
 * For Chromium launched through Playwright: without the omnibox popup, and without `disabled`
 * too when a spec needs a feature off (one flag: a second `--disable-features=` would undo this one).
 */
export function chromiumArgs(disabled: readonly string[] = []): string[] {
  return [...BASE_ARGS, playwrightDisableFeatures([...OMNIBOX_POPUP_FEATURES, ...disabled])];
}

/** For Chromium launched through Playwright (every spec and bench): without the omnibox popup. */
export const CHROMIUM_ARGS: readonly string[] = chromiumArgs();

/** Through Playwright with Chromium's omnibox popup (the benches' default before 2 Dec 2026), to compare. */
export const CHROMIUM_ARGS_WITH_OMNIBOX_POPUP: readonly string[] = BASE_ARGS;

/**
 * For Chromium started without Playwright (bench/plain-chromium.ts: the soak's pages). Unchanged
 * from before: the soak's figures (Chromium's PSS over hours, with the popup's renderer in it)
 * stay comparable with its earlier runs.
 */
export const PLAIN_CHROMIUM_ARGS: readonly string[] = BASE_ARGS;

/** For several wall pages in one browser: hidden tabs keep painting and running timers at full speed. */
export const NO_BACKGROUND_THROTTLING: readonly string[] = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
