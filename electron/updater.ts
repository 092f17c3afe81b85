/**
 * Automatic updates with electron-updater from a generic HTTPS server (the province's own
 * update host; build/electron-builder.config.cjs `publish` writes its default into the
 * installer as app-update.yml, and config `updates.url` overrides it per machine).
 * Checks at start and every few hours, downloads in the background, installs when the app
 * quits — never restarts a wall in the middle of a briefing. Every step goes to the host's
 * audit log so an installer can see what a machine did.
 */

export const DEFAULT_CHECK_HOURS = 6;

/** The part of electron-updater's AppUpdater we use (an interface so tests pass a fake). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  logger: { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string | null }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface UpdaterOptions {
  updater: UpdaterLike;
  /** app.isPackaged: a development run has no installer to update. */
  isPackaged: boolean;
  updates: { url?: string; channel?: 'stable' | 'beta'; intervalHours?: number };
  env?: NodeJS.ProcessEnv;
  audit: (action: string, detail: Record<string, unknown>) => void;
  log?: (msg: string) => void;
  setInterval?: (fn: () => void, ms: number) => ReturnType<typeof setInterval>;
  clearInterval?: (t: ReturnType<typeof setInterval>) => void;
}

export interface UpdaterHandle {
  enabled: boolean;
  /** Why updates are off, when they are. */
  reason?: string;
  check(): Promise<void>;
  stop(): void;
}

export function startUpdater(opts: UpdaterOptions): UpdaterHandle {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m: string) => console.log(m));
  const off = (reason: string): UpdaterHandle => {
    log(`[updater] off: ${reason}`);
    return { enabled: false, reason, check: async () => {}, stop: () => {} };
  };
  if (!opts.isPackaged) return off('development run (not packaged)');
  if (env.IOC_WALL_DISABLE_UPDATES === '1') return off('IOC_WALL_DISABLE_UPDATES=1');

  const u = opts.updater;
  const channel = opts.updates.channel ?? 'stable';
  u.autoDownload = true;
  u.autoInstallOnAppQuit = true;
  u.allowPrerelease = channel === 'beta';
  // Going back from beta to stable must be allowed to install the (lower) stable version.
  u.allowDowngrade = channel === 'stable';
  u.logger = { info: (m) => log(`[updater] ${String(m)}`), warn: (m) => log(`[updater] ${String(m)}`), error: (m) => log(`[updater] ${String(m)}`) };
  if (opts.updates.url) {
    u.setFeedURL({ provider: 'generic', url: opts.updates.url, channel: channel === 'beta' ? 'beta' : 'latest' });
  } else if (channel === 'beta') {
    u.channel = 'beta';
  }

  const version = (info: unknown) => (info as { version?: string } | undefined)?.version ?? null;
  u.on('update-available', (info) => opts.audit('update.available', { version: version(info), channel }));
  u.on('update-not-available', (info) => opts.audit('update.none', { version: version(info), channel }));
  u.on('update-downloaded', (info) => opts.audit('update.downloaded', { version: version(info), installs: 'on quit' }));
  u.on('error', (err) => opts.audit('update.error', { message: err instanceof Error ? err.message : String(err) }));

  let inFlight: Promise<void> | null = null;
  const check = (): Promise<void> => {
    // One check at a time: a slow server must not stack up downloads.
    inFlight ??= u
      .checkForUpdates()
      .then(() => undefined)
      .catch((err: unknown) => {
        opts.audit('update.error', { message: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const hours = opts.updates.intervalHours ?? DEFAULT_CHECK_HOURS;
  const every = opts.setInterval ?? setInterval;
  const stopTimer = opts.clearInterval ?? clearInterval;
  const timer = every(() => void check(), Math.max(0.25, hours) * 3_600_000);
  (timer as { unref?: () => void }).unref?.();
  opts.audit('update.started', { url: opts.updates.url ?? '(built-in)', channel, everyHours: hours });
  void check();
  return { enabled: true, check, stop: () => stopTimer(timer) };
}
