import type { BrowserWindow, BrowserWindowConstructorOptions, Display, PowerMonitor, Rectangle, Screen } from 'electron';
import type { Role } from '../host/config/schema';
import type { Wall } from '../layouts/model';
import { appUrl } from './app-protocol';
import { matchDisplays, type MatchedBy } from './display-match';
import { kioskWindowOptions, lockDownKiosk } from './kiosk';
import { lockDownWall } from './lockdown';
import { hardenWebContents, secureWebPreferences } from './security';
import { Watchdog } from './watchdog';

/**
 * Which windows this machine shows, on which display, and keeping that true while displays
 * come, go and change resolution. planWindows is pure; WindowManager applies a plan to real
 * (or, in tests, fake) BrowserWindows and re-plans on every screen event.
 */

export type WindowKind = 'wall' | 'console' | 'kiosk';

export interface WindowPlan {
  /** Stable identity of the window across re-plans: 'wall:<displayId>', 'console', 'kiosk'. */
  key: string;
  kind: WindowKind;
  /** The wall display this window shows (wall windows only). */
  displayId: string | null;
  osDisplayId: number;
  bounds: Rectangle;
  url: string;
  matchedBy?: MatchedBy;
}

type ScreenDisplay = Pick<Display, 'id' | 'label' | 'bounds' | 'workArea'>;

const same = (a: Rectangle, b: Rectangle) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** Without a configured wall, each display gets an id of its own, in desktop order. */
function wallFromDisplays(displays: readonly ScreenDisplay[]): Wall {
  const sorted = [...displays].sort((a, b) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x);
  return {
    id: 'auto',
    name: 'auto',
    cols: Math.max(1, sorted.length),
    rows: 1,
    displays: sorted.map((d, i) => ({
      id: `d${i + 1}`,
      col: i,
      row: 0,
      width: d.bounds.width,
      height: d.bounds.height,
      bezel: { top: 0, right: 0, bottom: 0, left: 0 },
      match: {},
    })),
  };
}

function wallPlans(wall: Wall | null, displays: readonly ScreenDisplay[]): WindowPlan[] {
  if (displays.length === 0) return [];
  const w = wall ?? wallFromDisplays(displays);
  return matchDisplays(w.displays, displays).map(({ wallDisplayId, osDisplay, matchedBy }) => ({
    key: `wall:${wallDisplayId}`,
    kind: 'wall' as const,
    displayId: wallDisplayId,
    osDisplayId: osDisplay.id,
    bounds: { ...osDisplay.bounds },
    url: appUrl('/wall', { display: wallDisplayId }),
    matchedBy,
  }));
}

export function planWindows(
  role: Role,
  wall: Wall | null,
  displays: readonly ScreenDisplay[],
  primary: ScreenDisplay,
): WindowPlan[] {
  switch (role) {
    case 'kiosk':
      return [{ key: 'kiosk', kind: 'kiosk', displayId: null, osDisplayId: primary.id, bounds: { ...primary.bounds }, url: appUrl('/kiosk') }];
    case 'console':
      return [{ key: 'console', kind: 'console', displayId: null, osDisplayId: primary.id, bounds: { ...primary.workArea }, url: appUrl('/console') }];
    case 'wall':
      return wallPlans(wall, displays);
    case 'all-in-one': {
      const others = displays.filter((d) => d.id !== primary.id);
      // One display: the console draws the wall as a preview instead of a wall window.
      const console: WindowPlan = {
        key: 'console',
        kind: 'console',
        displayId: null,
        osDisplayId: primary.id,
        bounds: { ...primary.workArea },
        url: appUrl('/console', { wallPreview: others.length === 0 ? '1' : undefined }),
      };
      return [console, ...wallPlans(wall, others)];
    }
  }
}

export interface WindowManagerDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>;
  powerMonitor: Pick<PowerMonitor, 'getSystemIdleTime'>;
  role: Role;
  wall: Wall | null;
  /** Absolute path of dist/electron/preload.cjs. */
  preload: string;
  icon?: string;
  kioskIdleMinutes?: number;
  /** The console window was closed by its user: the app should quit. */
  onConsoleClosed?: () => void;
  /** Menu.setApplicationMenu: a wall machine has no application menu (its accelerators reload and zoom). */
  setApplicationMenu?: (menu: null) => void;
  /** An installed build: wall and kiosk windows get no devtools at all. */
  isPackaged?: boolean;
  /** Reloads crashed or hung pages and counts them (one per app, for the heartbeat). */
  watchdog?: Watchdog;
  now?: () => number;
  log?: (msg: string) => void;
}

export interface Managed {
  win: BrowserWindow;
  plan: WindowPlan;
  /** When the page last finished loading (ms since epoch), for the heartbeat. */
  paintedAt: number | null;
  release?: () => void;
}

const SCREEN_EVENTS = ['display-added', 'display-removed', 'display-metrics-changed'] as const;

export class WindowManager {
  readonly windows = new Map<string, Managed>();
  readonly watchdog: Watchdog;
  private wall: Wall | null;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;
  private readonly onScreen = () => this.reconcile();
  private disposed = false;

  constructor(private readonly deps: WindowManagerDeps) {
    this.wall = deps.wall;
    this.log = deps.log ?? console.warn;
    this.now = deps.now ?? Date.now;
    this.watchdog = deps.watchdog ?? new Watchdog({ log: this.log });
  }

  /** Every open window with its plan (node commands, heartbeat). */
  list(): Managed[] {
    return [...this.windows.values()].filter((m) => !m.win.isDestroyed());
  }

  /** Loads every window's page again, on the same display with the same URL. */
  reloadAll(): number {
    const open = this.list();
    for (const m of open) void m.win.webContents.loadURL(m.plan.url);
    return open.length;
  }

  /** The latest page load of any window (ISO), or null before the first. */
  lastPaintAt(): string | null {
    const t = Math.max(0, ...this.list().map((m) => m.paintedAt ?? 0));
    return t > 0 ? new Date(t).toISOString() : null;
  }

  start(): void {
    if (this.deps.role === 'wall') this.deps.setApplicationMenu?.(null);
    for (const e of SCREEN_EVENTS) this.deps.screen.on(e as 'display-added', this.onScreen);
    this.reconcile();
  }

  /** The wall's configuration changed (e.g. the operator edited its displays). */
  setWall(wall: Wall | null): void {
    this.wall = wall;
    this.reconcile();
  }

  plan(): WindowPlan[] {
    const { screen, role } = this.deps;
    return planWindows(role, this.wall, screen.getAllDisplays(), screen.getPrimaryDisplay());
  }

  reconcile(): void {
    if (this.disposed) return;
    const plans = this.plan();
    const wanted = new Set(plans.map((p) => p.key));
    for (const [key, m] of this.windows) {
      if (!wanted.has(key)) {
        this.log(`[electron] ${key}: its display is gone, closing its window`);
        this.close(key, m);
      }
    }
    for (const plan of plans) {
      const m = this.windows.get(plan.key);
      if (!m || m.win.isDestroyed()) this.create(plan);
      else this.update(m, plan);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const e of SCREEN_EVENTS) this.deps.screen.removeListener(e as 'display-added', this.onScreen);
    for (const [key, m] of this.windows) this.close(key, m);
  }

  private close(key: string, m: Managed): void {
    this.windows.delete(key);
    m.release?.();
    if (!m.win.isDestroyed()) m.win.close();
  }

  private options(plan: WindowPlan): BrowserWindowConstructorOptions {
    const base: BrowserWindowConstructorOptions = {
      show: false,
      backgroundColor: '#0b1220',
      title: 'IOC Wall',
      icon: this.deps.icon,
      webPreferences: secureWebPreferences(this.deps.preload, {
        role: plan.kind,
        displayId: plan.displayId,
        devTools: !(this.deps.isPackaged && plan.kind !== 'console'),
      }),
    };
    switch (plan.kind) {
      case 'wall':
        return {
          ...base,
          ...plan.bounds,
          frame: false,
          fullscreen: true,
          autoHideMenuBar: true,
          hasShadow: false,
          title: `IOC Wall — ${plan.displayId}`,
        };
      case 'kiosk':
        return { ...base, ...kioskWindowOptions(plan.bounds) };
      case 'console':
        return { ...base, ...plan.bounds, minWidth: 1024, minHeight: 640, autoHideMenuBar: true };
    }
  }

  private create(plan: WindowPlan): void {
    const win = new this.deps.BrowserWindow(this.options(plan));
    const managed: Managed = { win, plan, paintedAt: null };
    this.windows.set(plan.key, managed);
    hardenWebContents(win.webContents, this.log);
    this.watchdog.watch(win, { name: plan.key, url: () => managed.plan.url });
    win.webContents.on('did-finish-load', () => {
      managed.paintedAt = this.now();
    });
    if (plan.kind === 'wall') lockDownWall(win);
    if (plan.kind === 'kiosk') {
      managed.release = lockDownKiosk(win, {
        homeUrl: plan.url,
        idleMinutes: this.deps.kioskIdleMinutes,
        powerMonitor: this.deps.powerMonitor,
        log: this.log,
      });
    }
    win.once('ready-to-show', () => {
      if (plan.kind === 'console') win.maximize();
      win.show();
    });
    win.on('closed', () => {
      if (this.windows.get(plan.key)?.win !== win) return;
      this.windows.delete(plan.key);
      if (plan.kind === 'console' && !this.disposed) this.deps.onConsoleClosed?.();
      // Nobody closes a wall display by hand (Alt+F4 through the window manager, a taskbar's
      // Close): its part of the wall comes back at once, not at the next display change. A quit
      // disposes first, and a display unplugged is dropped from the map before it closes.
      if (plan.kind === 'wall' && !this.disposed) {
        this.log(`[electron] ${plan.key}: window closed, opening it again`);
        this.reconcile();
      }
    });
    this.log(`[electron] ${plan.key} on display ${plan.osDisplayId}${plan.matchedBy ? ` (by ${plan.matchedBy})` : ''}`);
    void win.loadURL(plan.url);
  }

  private update(m: Managed, plan: WindowPlan): void {
    const before = m.plan;
    m.plan = plan;
    if (before.url !== plan.url) void m.win.loadURL(plan.url);
    const moved = before.osDisplayId !== plan.osDisplayId || !same(before.bounds, plan.bounds);
    if (!moved) return;
    this.log(`[electron] ${plan.key}: display changed, re-placing`);
    if (plan.kind === 'console') {
      m.win.setBounds(plan.bounds);
      m.win.maximize();
      return;
    }
    // A full-screen window ignores setBounds on some platforms: leave full screen, move, re-enter.
    const kiosk = plan.kind === 'kiosk';
    if (kiosk) m.win.setKiosk(false);
    if (m.win.isFullScreen()) m.win.setFullScreen(false);
    m.win.setBounds(plan.bounds);
    m.win.setFullScreen(true);
    if (kiosk) m.win.setKiosk(true);
  }
}
