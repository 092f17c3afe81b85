import type { BrowserWindow, BrowserWindowConstructorOptions, Input, PowerMonitor, Rectangle, WebContents } from 'electron';

/**
 * Kiosk lockdown for the leaders' touchscreen: the window cannot be left, closed, reloaded,
 * zoomed out of shape or inspected by anyone standing in front of it (its renderer is watched
 * like every window's, watchdog.ts), and it returns to its home screen when nobody has touched it for a while.
 */

export const DEFAULT_KIOSK_IDLE_MINUTES = 3;

export function kioskWindowOptions(bounds: Rectangle): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    closable: false,
    minimizable: false,
    maximizable: false,
    resizable: false,
    movable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    backgroundColor: '#0b1220',
  };
}

/**
 * Key combinations that would close, reload, zoom, print, open devtools or leave the kiosk.
 * Each is [modifiers, key] with key as KeyboardEvent.key, lower-cased.
 */
const BLOCKED: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean; key: string }[] = [
  { alt: true, key: 'f4' }, // close window (Windows)
  { ctrl: true, key: 'w' },
  { ctrl: true, key: 'q' },
  { ctrl: true, shift: true, key: 'w' },
  { ctrl: true, key: 'r' },
  { ctrl: true, shift: true, key: 'r' },
  { key: 'f5' },
  { ctrl: true, key: 'f5' },
  { key: 'f11' }, // leave full screen
  { key: 'f12' }, // devtools
  { ctrl: true, shift: true, key: 'i' },
  { ctrl: true, shift: true, key: 'j' },
  { ctrl: true, shift: true, key: 'c' },
  { ctrl: true, key: 'p' }, // print dialog
  { ctrl: true, key: 'o' }, // open file
  { ctrl: true, key: 's' },
  { ctrl: true, key: 'n' },
  { ctrl: true, key: 't' },
  { ctrl: true, key: 'l' },
  { ctrl: true, key: 'u' }, // view source
  { ctrl: true, key: '+' },
  { ctrl: true, key: '=' },
  { ctrl: true, key: '-' },
  { ctrl: true, key: '0' },
  { alt: true, key: 'arrowleft' }, // history back
  { alt: true, key: 'arrowright' },
  { alt: true, key: 'home' },
  { key: 'browserback' },
  { key: 'browserforward' },
  { key: 'browserrefresh' },
  { key: 'browserhome' },
  { meta: true, key: 'q' }, // macOS quit
  { meta: true, key: 'w' },
  { meta: true, key: 'r' },
  { meta: true, alt: true, key: 'i' },
  { key: 'escape' }, // would leave HTML fullscreen
];

export function isBlockedInput(input: Pick<Input, 'type' | 'key' | 'control' | 'alt' | 'shift' | 'meta'>): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.toLowerCase();
  // The Alt key alone opens the (hidden) menu bar on Windows/Linux.
  if (key === 'alt' && !input.control && !input.shift && !input.meta) return true;
  return BLOCKED.some(
    (b) =>
      b.key === key &&
      !!b.ctrl === input.control &&
      !!b.alt === input.alt &&
      // Shift is ignored for non-letter combos so Ctrl+Shift+= (Ctrl++) is caught too.
      (b.shift === undefined ? !input.shift || !/^[a-z]$/.test(key) : b.shift === input.shift) &&
      !!b.meta === input.meta,
  );
}

/**
 * The keyboard filter of every locked window (kiosk and wall): no reload, close, zoom (it breaks
 * a wall's bezel calibration), full-screen toggle or devtools from a keyboard left on the PC.
 */
export function blockShortcuts(contents: WebContents): void {
  contents.on('before-input-event', (event, input) => {
    if (isBlockedInput(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
}

/** Zoom stays at 100 % (keys, pinch, Ctrl+wheel); re-applied after each load because Chromium resets it per page. */
export function pinZoom(contents: WebContents): void {
  const noZoom = () => {
    void contents.setVisualZoomLevelLimits(1, 1);
    contents.setZoomFactor(1);
  };
  noZoom();
  contents.on('did-finish-load', noZoom);
  contents.on('zoom-changed', () => contents.setZoomFactor(1));
}

type Timer = ReturnType<typeof setInterval>;

export interface KioskOptions {
  /** The kiosk's home screen (app://ioc/kiosk). */
  homeUrl: string;
  idleMinutes?: number;
  powerMonitor: Pick<PowerMonitor, 'getSystemIdleTime'>;
  log?: (msg: string) => void;
  setInterval?: (fn: () => void, ms: number) => Timer;
  clearInterval?: (t: Timer) => void;
}

/**
 * Locks a kiosk window down. Returns a function that stops the idle watch (the window's
 * 'closed' also stops it).
 */
export function lockDownKiosk(win: BrowserWindow, opts: KioskOptions): () => void {
  const log = opts.log ?? console.warn;
  const contents = win.webContents;
  win.setMenu(null);
  win.setMenuBarVisibility(false);

  blockShortcuts(contents);
  // Pinch-zoom would leave a leader with a page they cannot zoom back; the UI's own targets
  // are big enough.
  pinZoom(contents);
  contents.on('context-menu', (event) => event.preventDefault());

  // Leaving kiosk mode by any means (window manager keys, a stray API call) is undone.
  win.on('leave-full-screen', () => {
    if (!win.isDestroyed()) win.setKiosk(true);
  });
  // Only the app itself may close the kiosk (the release function below, on quit).
  let quitting = false;
  win.on('close', (event) => {
    if (!quitting) event.preventDefault();
  });

  // Touch input does not pass through before-input-event, so idleness is the system's: the OS
  // counts taps, keys and mouse alike.
  const idleSeconds = Math.max(1, opts.idleMinutes ?? DEFAULT_KIOSK_IDLE_MINUTES) * 60;
  const every = opts.setInterval ?? setInterval;
  const stop = opts.clearInterval ?? clearInterval;
  let resetSinceActivity = false;
  const timer = every(() => {
    if (win.isDestroyed()) return;
    const idle = opts.powerMonitor.getSystemIdleTime();
    if (idle < idleSeconds) {
      resetSinceActivity = false;
      return;
    }
    if (resetSinceActivity) return;
    resetSinceActivity = true;
    if (contents.getURL() !== opts.homeUrl) {
      log(`[kiosk] idle ${idle}s: back to the home screen`);
      void contents.loadURL(opts.homeUrl);
    }
  }, 15_000);
  const dispose = () => stop(timer);
  win.on('closed', dispose);

  return () => {
    quitting = true;
    dispose();
  };
}
