import type { BrowserWindow } from 'electron';
import { backoffDelay } from '../base/backoff';

/**
 * Every window's page comes back when its renderer dies (crash, OOM, killed) or hangs: on the
 * same display with the same URL, so the wall shows the same layout again. The first reload
 * comes within a second; a page that keeps dying backs off so it does not spin a CPU core.
 * Every incident is counted for the node's heartbeat.
 */

export interface WatchdogOptions {
  log?: (msg: string) => void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  now?: () => number;
}

/** A renderer that died this many times within a minute waits up to this long before the next try. */
const MAX_DELAY_MS = 30_000;
const FIRST_DELAY_MS = 1_000;

export class Watchdog {
  /** Renderer crashes and hangs since the app started (all windows). */
  crashes = 0;
  private readonly log: (msg: string) => void;
  private readonly later: (fn: () => void, ms: number) => unknown;
  private readonly now: () => number;

  constructor(opts: WatchdogOptions = {}) {
    this.log = opts.log ?? console.warn;
    this.later = opts.setTimeout ?? setTimeout;
    // Monotonic: "within a minute" is a duration, and on Date.now a clock stepped back (NTP) kept
    // the crashes before the step "recent" for the step's length, so every reload took the longest backoff.
    this.now = opts.now ?? (() => performance.now());
  }

  /** Watches one window for its life; `url` is read at reload time (the display's current page). */
  watch(win: BrowserWindow, opts: { name: string; url: () => string }): void {
    const contents = win.webContents;
    let recent: number[] = [];
    let pending = false;
    const restart = (why: string) => {
      if (win.isDestroyed() || pending) return;
      pending = true;
      this.crashes++;
      const t = this.now();
      recent = [...recent.filter((x) => t - x < 60_000), t];
      const delay = backoffDelay(recent.length - 1, { baseMs: FIRST_DELAY_MS, capMs: MAX_DELAY_MS, jitter: 'none' });
      this.log(`[electron] ${opts.name}: renderer ${why}; reloading in ${delay} ms`);
      this.later(() => {
        pending = false;
        if (!win.isDestroyed()) void contents.loadURL(opts.url());
      }, delay);
    };
    contents.on('render-process-gone', (_event, details) => {
      if (details.reason !== 'clean-exit') restart(`gone (${details.reason})`);
    });
    contents.on('unresponsive', () => {
      restart('unresponsive');
      // A hung renderer may not take a navigation; a killed one is replaced on the next load.
      if (!win.isDestroyed()) contents.forcefullyCrashRenderer?.();
    });
  }
}
