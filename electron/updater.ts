import { DEFAULT_INSTALL_WINDOW, describeWindow, inInstallWindow, type InstallWindow } from './install-window';
import { checkChannel } from './update-verify';

/**
 * Automatic updates with electron-updater from a generic HTTPS server (the province's own update
 * host; build/electron-builder.config.cjs `publish` writes its default into the installer as
 * app-update.yml, and config `updates.url` overrides it per machine), or from an installer an
 * offline bundle left on the machine.
 *
 * - Never a lower version: allowDowngrade is set off after the channel (whose setter turns it on).
 * - https only, unless a lab sets updates.allowInsecure (the console shows that in red).
 * - Staged rollout: latest.yml `stagingPercentage` is honoured; `canary` machines take every release.
 * - A downloaded update installs in the maintenance window after the console has been idle, not
 *   on quit (walls never quit); on Linux only after its signed metadata checks out.
 * Every step goes to the host's audit log so an installer can see what a machine did.
 */

export const DEFAULT_CHECK_HOURS = 6;
/** How often a pending update looks at the clock and the idle time. */
export const INSTALL_TICK_MS = 60_000;

/** The part of electron-updater's AppUpdater we use (an interface so tests pass a fake or a real one). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  isUserWithinRollout?: (info: any) => boolean | Promise<boolean>;
  logger: { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void; debug?(m: string): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string | null }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface UpdatesSettings {
  url?: string;
  allowInsecure?: boolean;
  channel?: 'stable' | 'beta';
  intervalHours?: number;
  group?: 'canary' | 'general';
  installWindow?: InstallWindow;
}

export interface DownloadedUpdate {
  version: string;
  /** Where electron-updater put the installer. */
  downloadedFile: string;
}

export interface UpdaterOptions {
  updater: UpdaterLike;
  /** app.isPackaged: a development run has no installer to update. */
  isPackaged: boolean;
  updates: UpdatesSettings;
  /** An installer an applied offline bundle left (served on loopback by local-update-feed.ts). */
  localFeedUrl?: string;
  /**
   * The local feed had nothing newer (installed already, or older than this app): it is retired
   * so the machine goes back to its update server.
   */
  onLocalFeedSpent?: () => void;
  /** The server in app-update.yml, to go back to after a local feed when updates.url is unset. */
  builtInUrl?: string | null;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  audit: (action: string, detail: Record<string, unknown>) => void;
  log?: (msg: string) => void;
  now?: () => Date;
  /** Seconds since the last keyboard/mouse/touch input (powerMonitor.getSystemIdleTime). */
  idleSeconds: () => number;
  /**
   * The Linux check (update-verify.ts): the signed metadata and the downloaded file's sha512.
   * Throws when the update must not be installed. Windows installers were already checked by
   * electron-updater against the publisher names before 'update-downloaded'.
   */
  verifyDownloaded?: (update: DownloadedUpdate) => Promise<void>;
  /** Last words before quitAndInstall (main folds the WAL in; the database closes on quit as always). */
  beforeInstall?: () => Promise<void> | void;
  setInterval?: (fn: () => void, ms: number) => ReturnType<typeof setInterval>;
  clearInterval?: (t: ReturnType<typeof setInterval>) => void;
}

/** What the node heartbeat reports about an update waiting to be installed. */
export interface PendingUpdate {
  version: string;
  downloadedAt: string;
  /** true once it may install (Windows: signature checked; Linux: signed metadata checked). */
  verified: boolean;
  /** Why it will not install, when its check failed. */
  refused: string | null;
  /** When it installs, in words. */
  installs: string;
}

export interface UpdaterHandle {
  enabled: boolean;
  /** Why updates are off, when they are. */
  reason?: string;
  /** Updates come over plain HTTP (updates.allowInsecure). */
  insecure: boolean;
  check(): Promise<void>;
  /** The downloaded update waiting for the maintenance window, if any. */
  pending(): PendingUpdate | null;
  /** Installs now if the window is open and nobody touched the console lately (also run each minute). */
  tryInstall(): Promise<boolean>;
  stop(): void;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function startUpdater(opts: UpdaterOptions): UpdaterHandle {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m: string) => console.log(m));
  const off = (reason: string): UpdaterHandle => {
    log(`[updater] off: ${reason}`);
    return { enabled: false, reason, insecure: false, check: async () => {}, pending: () => null, tryInstall: async () => false, stop: () => {} };
  };
  if (!opts.isPackaged) return off('development run (not packaged)');
  if (env.IOC_WALL_DISABLE_UPDATES === '1') return off('IOC_WALL_DISABLE_UPDATES=1');
  const url = opts.updates.url;
  const insecure = !!url && !url.startsWith('https://');
  if (insecure && !opts.updates.allowInsecure) {
    // The config schema refuses this already; a config built elsewhere must not slip through.
    opts.audit('update.error', { message: `updates.url ${url} is not https and updates.allowInsecure is not set` });
    return off(`updates.url is not https (${url})`);
  }

  const u = opts.updater;
  const channel = opts.updates.channel ?? 'stable';
  const platform = opts.platform ?? process.platform;
  const window = opts.updates.installWindow ?? DEFAULT_INSTALL_WINDOW;
  const now = opts.now ?? (() => new Date());
  u.autoDownload = true;
  // Only a checked update may install when the app quits; set per download below.
  u.autoInstallOnAppQuit = false;
  u.allowPrerelease = channel === 'beta';
  u.logger = { info: (m) => log(`[updater] ${String(m)}`), warn: (m) => log(`[updater] ${String(m)}`), error: (m) => log(`[updater] ${String(m)}`) };
  const feedChannel = channel === 'beta' ? 'beta' : 'latest';
  const onlineFeed = () => {
    const online = url ?? (opts.localFeedUrl ? opts.builtInUrl : null);
    if (online) u.setFeedURL({ provider: 'generic', url: online, channel: feedChannel });
    else if (channel === 'beta') u.channel = 'beta';
  };
  let usingLocal = !!opts.localFeedUrl;
  if (opts.localFeedUrl) u.setFeedURL({ provider: 'generic', url: opts.localFeedUrl, channel: feedChannel });
  else onlineFeed();
  // After the channel: its setter turns downgrades on. A lower version in latest.yml (an old,
  // validly signed, vulnerable build) is never installed; a rollback ships as a higher version.
  u.allowDowngrade = false;
  if (opts.updates.group === 'canary') u.isUserWithinRollout = () => true;

  const version = (info: unknown) => (info as { version?: string } | undefined)?.version ?? null;
  let pending: PendingUpdate | null = null;
  let installing = false;

  u.on('update-available', (info) => opts.audit('update.available', { version: version(info), channel, group: opts.updates.group ?? 'general' }));
  /**
   * Back to the update server: the offline bundle's installer was served, is no newer than this
   * app, or cannot be used (metadata for another platform or channel, a publisher or sha512 that
   * does not match, a refused signature). Left on the loopback feed, a machine whose bundle fails
   * asked it and nothing else at every check, for good, and was never updated again.
   */
  const leaveLocalFeed = (why: string) => {
    if (!usingLocal) return;
    usingLocal = false;
    opts.audit('update.offlineBundleDone', { reason: why });
    opts.onLocalFeedSpent?.();
    onlineFeed();
    // The channel setter (built-in feed, beta) turns downgrades on again.
    u.allowDowngrade = false;
  };
  u.on('update-not-available', (info) => {
    opts.audit('update.none', { version: version(info), channel, from: usingLocal ? 'offline bundle' : 'server' });
    leaveLocalFeed('nothing newer in it');
  });
  u.on('update-downloaded', (info: { version?: string; downloadedFile?: string }) => {
    // Whatever was verified before, the installer on disk is now this one, not yet checked:
    // a quit while it is being verified must not install it (electron-updater installs the
    // latest download on quit).
    u.autoInstallOnAppQuit = false;
    const v = info?.version ?? '?';
    const current: PendingUpdate = { version: v, downloadedAt: now().toISOString(), verified: false, refused: null, installs: describeWindow(window) };
    pending = current;
    try {
      // Every platform: electron-updater itself takes a prerelease served under the stable name.
      checkChannel(v, channel);
    } catch (err) {
      current.refused = message(err);
      opts.audit('update.refused', { version: v, message: current.refused });
      leaveLocalFeed('its update was refused');
      return;
    }
    const verify = platform === 'linux' ? opts.verifyDownloaded : undefined;
    if (platform === 'linux' && !verify) {
      current.refused = 'no verifier for Linux update metadata';
      opts.audit('update.refused', { version: v, message: current.refused });
      return;
    }
    void (verify ? verify({ version: v, downloadedFile: info?.downloadedFile ?? '' }) : Promise.resolve()).then(
      () => {
        if (pending !== current) return;
        current.verified = true;
        u.autoInstallOnAppQuit = true;
        opts.audit('update.downloaded', { version: v, installs: current.installs });
        void tryInstall();
      },
      (err: unknown) => {
        if (pending !== current) return;
        current.refused = message(err);
        u.autoInstallOnAppQuit = false;
        opts.audit('update.refused', { version: v, message: current.refused });
        leaveLocalFeed('its update was refused');
      },
    );
  });
  u.on('error', (err) => {
    opts.audit('update.error', { message: message(err) });
    leaveLocalFeed('it could not be used');
  });

  const tryInstall = async (): Promise<boolean> => {
    const p = pending;
    if (!p || !p.verified || installing) return false;
    if (!inInstallWindow(now(), window)) return false;
    const idle = opts.idleSeconds();
    if (idle < window.idleMinutes * 60) return false;
    installing = true;
    opts.audit('update.installing', { version: p.version, idleSeconds: idle });
    try {
      await opts.beforeInstall?.();
    } catch (err) {
      log(`[updater] before install: ${message(err)}`);
    }
    // Silent, and the app starts again by itself: the windows come back on the same displays
    // (matched by identity) with the layout the database holds.
    u.quitAndInstall(true, true);
    return true;
  };

  let inFlight: Promise<void> | null = null;
  const check = (): Promise<void> => {
    // One check at a time: a slow server must not stack up downloads.
    inFlight ??= u
      .checkForUpdates()
      .then(() => undefined)
      .catch((err: unknown) => {
        opts.audit('update.error', { message: message(err) });
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const hours = opts.updates.intervalHours ?? DEFAULT_CHECK_HOURS;
  const every = opts.setInterval ?? setInterval;
  const stopTimer = opts.clearInterval ?? clearInterval;
  const checkTimer = every(() => void check(), Math.max(0.25, hours) * 3_600_000);
  const installTimer = every(() => void tryInstall(), INSTALL_TICK_MS);
  for (const t of [checkTimer, installTimer]) (t as { unref?: () => void }).unref?.();
  if (insecure) opts.audit('update.insecure', { url });
  opts.audit('update.started', {
    url: opts.localFeedUrl ? `${opts.localFeedUrl} (offline bundle)` : (url ?? '(built-in)'),
    channel,
    group: opts.updates.group ?? 'general',
    everyHours: hours,
    installWindow: describeWindow(window),
  });
  void check();
  return {
    enabled: true,
    insecure,
    check,
    pending: () => (pending ? { ...pending } : null),
    tryInstall,
    stop: () => {
      stopTimer(checkTimer);
      stopTimer(installTimer);
    },
  };
}
