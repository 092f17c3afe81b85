import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow, Input } from 'electron';
import { Watchdog } from '../../electron/watchdog';
import { WindowManager, type WindowManagerDeps } from '../../electron/windows';
import { display, FakeBrowserWindow, fakeEvent, FakeScreen } from './electron-fake';

/**
 * Every window (wall, console, kiosk) is watched: a renderer that dies or hangs is reloaded on
 * the same display with the same URL within 2 s, counted for the heartbeat; wall windows are
 * locked down like the kiosk (no menu, no devtools when packaged, the kiosk's key filter).
 */

/** A hand-driven clock and timer queue: nothing here waits for real time. */
function timers() {
  let t = 0;
  const queue: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    setTimeout: (fn: () => void, ms: number) => void queue.push({ at: t + ms, fn }),
    /** Advances the clock, running what falls due. */
    advance(ms: number) {
      t += ms;
      for (const job of queue.filter((j) => j.at <= t)) {
        queue.splice(queue.indexOf(job), 1);
        job.fn();
      }
    },
    pending: () => queue.map((j) => j.at - t),
  };
}

const key = (k: string, mods: Partial<Pick<Input, 'control' | 'alt' | 'shift' | 'meta'>> = {}) =>
  ({ type: 'keyDown', key: k, control: false, alt: false, shift: false, meta: false, ...mods }) as Input;

beforeEach(() => FakeBrowserWindow.reset());

describe('watchdog', () => {
  it('reloads a crashed page after 1 s, backs off when it keeps dying, and counts every incident', () => {
    const clock = timers();
    const dog = new Watchdog({ log: () => {}, now: clock.now, setTimeout: clock.setTimeout });
    const win = new FakeBrowserWindow({});
    dog.watch(win as unknown as BrowserWindow, { name: 'wall:d1', url: () => 'app://ioc/wall?display=d1' });
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(clock.pending()).toEqual([1000]);
    clock.advance(1000);
    expect(win.webContents.loads).toEqual(['app://ioc/wall?display=d1']);
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'oom', exitCode: 1 });
    expect(clock.pending()).toEqual([2000]);
    clock.advance(2000);
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(clock.pending()).toEqual([]);
    expect(dog.crashes).toBe(2);
    // A minute later the page is trusted again: back to a 1 s reload.
    clock.advance(61_000);
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(clock.pending()).toEqual([1000]);
  });

  it('a hung page is killed and reloaded once, not counted twice when its renderer then goes', () => {
    const clock = timers();
    const dog = new Watchdog({ log: () => {}, now: clock.now, setTimeout: clock.setTimeout });
    const win = new FakeBrowserWindow({});
    dog.watch(win as unknown as BrowserWindow, { name: 'console', url: () => 'app://ioc/console' });
    win.webContents.emit('unresponsive');
    expect(win.webContents.crashedByMain).toBe(1);
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'killed', exitCode: 9 });
    expect(dog.crashes).toBe(1);
    clock.advance(1000);
    expect(win.webContents.loads).toEqual(['app://ioc/console']);
  });

  it('leaves a window that is gone alone', () => {
    const clock = timers();
    const dog = new Watchdog({ log: () => {}, now: clock.now, setTimeout: clock.setTimeout });
    const win = new FakeBrowserWindow({});
    dog.watch(win as unknown as BrowserWindow, { name: 'kiosk', url: () => 'app://ioc/kiosk' });
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    win.destroyed = true;
    clock.advance(1000);
    expect(win.webContents.loads).toEqual([]);
  });
});

function manager(role: WindowManagerDeps['role'], over: Partial<WindowManagerDeps> = {}) {
  const clock = timers();
  const menus: unknown[] = [];
  const screen = new FakeScreen([display(1, 'A', 0, 0), display(2, 'B', 1920, 0)]);
  const m = new WindowManager({
    BrowserWindow: FakeBrowserWindow as unknown as WindowManagerDeps['BrowserWindow'],
    screen: screen as unknown as WindowManagerDeps['screen'],
    powerMonitor: { getSystemIdleTime: () => 0 },
    role,
    wall: null,
    preload: '/p.cjs',
    watchdog: new Watchdog({ log: () => {}, now: clock.now, setTimeout: clock.setTimeout }),
    setApplicationMenu: (menu) => menus.push(menu),
    now: () => Date.parse('2026-12-01T08:00:00Z') + clock.now(),
    log: () => {},
    ...over,
  });
  m.start();
  return { m, clock, menus, wins: () => [...m.windows.values()].map((x) => x.win as unknown as FakeBrowserWindow) };
}

describe('every window is watched', () => {
  it.each(['all-in-one', 'kiosk', 'wall'] as const)('%s: each window reloads on its own display and URL within 2 s of a crash', (role) => {
    const { m, clock, wins } = manager(role);
    const before = wins().map((w) => ({ url: w.webContents.url, bounds: w.getBounds() }));
    expect(before.length).toBeGreaterThan(0);
    for (const w of wins()) w.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    clock.advance(2000);
    expect(wins().map((w) => ({ url: w.webContents.loads.at(-1), bounds: w.getBounds() }))).toEqual(before);
    expect(m.watchdog.crashes).toBe(before.length);
  });

  it('knows when each page last loaded and can reload them all', () => {
    const { m, clock, wins } = manager('wall');
    expect(m.lastPaintAt()).toBeNull();
    wins()[0].webContents.emit('did-finish-load');
    clock.advance(5000);
    wins()[1].webContents.emit('did-finish-load');
    expect(m.lastPaintAt()).toBe('2026-12-01T08:00:05.000Z');
    expect(m.reloadAll()).toBe(2);
    expect(wins().map((w) => w.webContents.loads.length)).toEqual([2, 2]);
  });
});

describe('wall lockdown', () => {
  it('a wall machine has no application menu, and no window menu', () => {
    const { menus, wins } = manager('wall');
    expect(menus).toEqual([null]);
    for (const w of wins()) expect([w.menu, w.menuBarVisible]).toEqual([null, false]);
    // The console of an all-in-one keeps the app menu.
    expect(manager('all-in-one').menus).toEqual([]);
  });

  it('packaged: wall and kiosk windows have no devtools; the console keeps them', () => {
    const wall = manager('wall', { isPackaged: true }).wins();
    expect(wall.map((w) => w.options.webPreferences.devTools)).toEqual([false, false]);
    expect(manager('kiosk', { isPackaged: true }).wins()[0].options.webPreferences.devTools).toBe(false);
    const aio = manager('all-in-one', { isPackaged: true }).wins();
    expect(aio.map((w) => [w.webContents.url.split('?')[0], w.options.webPreferences.devTools])).toEqual([
      ['app://ioc/console', true],
      ['app://ioc/wall', false],
    ]);
    // A development run keeps devtools for the developer.
    expect(manager('wall').wins()[0].options.webPreferences.devTools).toBe(true);
  });

  it('the kiosk key filter on wall windows: reload, close, zoom, F11 and devtools keys do nothing; typing does', () => {
    const [w] = manager('wall').wins();
    for (const k of [key('r', { control: true }), key('F5'), key('w', { control: true }), key('F4', { alt: true }), key('=', { control: true }), key('-', { control: true }), key('0', { control: true }), key('F11'), key('F12'), key('i', { control: true, shift: true })]) {
      expect(w.webContents.fire('before-input-event', k).defaultPrevented, k.key).toBe(true);
    }
    expect(w.webContents.fire('before-input-event', key('a')).defaultPrevented).toBe(false);
    // Zoom by wheel or pinch is put back at once.
    w.webContents.zoomFactor = 1.5;
    w.webContents.emit('zoom-changed', fakeEvent(), 'in');
    expect(w.webContents.zoomFactor).toBe(1);
    expect(w.webContents.visualZoomLimits).toEqual([1, 1]);
    w.webContents.emit('devtools-opened');
    expect(w.webContents.devToolsClosed).toBe(1);
  });

  it('the console window is not locked down', () => {
    const [consoleWin] = manager('console').wins();
    expect(consoleWin.webContents.fire('before-input-event', key('r', { control: true })).defaultPrevented).toBe(false);
    expect(consoleWin.menu).toBe('default');
  });
});
