import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { wallSchema, type Wall } from '../../layouts/model';
import { matchDisplays } from '../../electron/display-match';
import { planWindows, WindowManager, type WindowManagerDeps } from '../../electron/windows';
import { display, FakeBrowserWindow, FakeScreen, type FakeDisplay } from './electron-fake';

const bezel = { top: 0, right: 0, bottom: 0, left: 0 };

function wall3(match: (i: number) => Record<string, unknown>): Wall {
  return wallSchema.parse({
    id: 'w',
    name: 'Tường 3x1',
    cols: 3,
    rows: 1,
    displays: [0, 1, 2].map((i) => ({ id: `d${i + 1}`, col: i, row: 0, width: 1920, height: 1080, bezel, match: match(i) })),
  });
}

const threeScreens = () => [display(101, 'DELL U1', 0, 0), display(102, 'DELL U2', 1920, 0), display(103, 'DELL U3', 3840, 0)];

function manager(screen: FakeScreen, over: Partial<WindowManagerDeps> = {}) {
  const logs: string[] = [];
  const m = new WindowManager({
    BrowserWindow: FakeBrowserWindow as unknown as WindowManagerDeps['BrowserWindow'],
    screen: screen as unknown as WindowManagerDeps['screen'],
    powerMonitor: { getSystemIdleTime: () => 0 },
    role: 'wall',
    wall: null,
    preload: '/app/dist/electron/preload.cjs',
    log: (l) => logs.push(l),
    ...over,
  });
  return { m, logs };
}

/** Open windows as { key: [x, y, width, height] } from what the fake windows really hold. */
function placed(m: WindowManager) {
  return Object.fromEntries(
    [...m.windows].map(([k, { win }]) => {
      const b = (win as unknown as FakeBrowserWindow).bounds;
      return [k, [b.x, b.y, b.width, b.height]];
    }),
  );
}
const fake = (m: WindowManager, key: string) => m.windows.get(key)!.win as unknown as FakeBrowserWindow;

beforeEach(() => FakeBrowserWindow.reset());

describe('secure window options', () => {
  it('every window kind is isolated, sandboxed, without Node, with web security', () => {
    for (const role of ['wall', 'console', 'kiosk'] as const) {
      FakeBrowserWindow.reset();
      const { m } = manager(new FakeScreen(threeScreens()), { role });
      m.start();
      expect(FakeBrowserWindow.all.length).toBeGreaterThan(0);
      for (const w of FakeBrowserWindow.all) {
        const wp = (w.options as BrowserWindowConstructorOptions).webPreferences!;
        expect(wp).toMatchObject({
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          webviewTag: false,
          preload: '/app/dist/electron/preload.cjs',
        });
        expect(w.webContents.windowOpenHandler).not.toBeNull();
        expect(w.webContents.url.startsWith('app://ioc/')).toBe(true);
      }
    }
  });

  it('wall windows are frameless and full screen on their display', () => {
    const { m } = manager(new FakeScreen(threeScreens()), { wall: wall3((i) => ({ osId: 101 + i })) });
    m.start();
    const w = fake(m, 'wall:d2');
    expect(w.options).toMatchObject({ frame: false, fullscreen: true, x: 1920, y: 0, width: 1920, height: 1080 });
    expect(w.webContents.url).toBe('app://ioc/wall?display=d2');
    expect((w.options.webPreferences as { additionalArguments: string[] }).additionalArguments).toEqual(['--ioc-role=wall', '--ioc-display=d2']);
  });
});

describe('one wall window per display, matched by identity', () => {
  it('matches by OS id whatever order the OS lists displays in', () => {
    const screens = threeScreens().reverse();
    const { m } = manager(new FakeScreen(screens, 101), { wall: wall3((i) => ({ osId: 101 + i })) });
    m.start();
    expect(placed(m)).toEqual({
      'wall:d1': [0, 0, 1920, 1080],
      'wall:d2': [1920, 0, 1920, 1080],
      'wall:d3': [3840, 0, 1920, 1080],
    });
  });

  it('after a reboot renumbers the displays, finds them again by label', () => {
    const w = wall3((i) => ({ osId: 101 + i, label: `DELL U${i + 1}` }));
    // New ids, and the OS now enumerates them in another order with other positions.
    const screens = [display(7, 'DELL U3', 0, 0), display(5, 'DELL U1', 1920, 0), display(6, 'DELL U2', 3840, 0)];
    const { m } = manager(new FakeScreen(screens), { wall: w });
    m.start();
    expect(placed(m)).toEqual({
      'wall:d1': [1920, 0, 1920, 1080],
      'wall:d2': [3840, 0, 1920, 1080],
      'wall:d3': [0, 0, 1920, 1080],
    });
    expect(m.windows.get('wall:d1')!.plan.matchedBy).toBe('label');
  });

  it('identical monitors (same label, new ids) are told apart by position', () => {
    const w = wall3((i) => ({ osId: 1 + i, label: 'LG 55VM5J', x: 1920 * i, y: 0 }));
    const screens = [display(30, 'LG 55VM5J', 3840, 0), display(10, 'LG 55VM5J', 0, 0), display(20, 'LG 55VM5J', 1920, 0)];
    const { m } = manager(new FakeScreen(screens, 10), { wall: w });
    m.start();
    expect(Object.fromEntries([...m.windows].map(([k, v]) => [k, v.plan.osDisplayId]))).toEqual({ 'wall:d1': 10, 'wall:d2': 20, 'wall:d3': 30 });
  });

  it('falls back to position when both id and label changed', () => {
    const w = wall3((i) => ({ osId: 1 + i, label: `old ${i}`, x: 1920 * i, y: 0 }));
    const screens = [display(9, 'new c', 3840, 0), display(8, 'new b', 1920, 0), display(7, 'new a', 0, 0)];
    const { m } = manager(new FakeScreen(screens), { wall: w });
    m.start();
    expect(Object.fromEntries([...m.windows].map(([k, v]) => [k, [v.plan.osDisplayId, v.plan.matchedBy]]))).toEqual({
      'wall:d1': [7, 'position'],
      'wall:d2': [8, 'position'],
      'wall:d3': [9, 'position'],
    });
  });

  it('a wall display whose identity matches nothing gets no window (never a guess by index)', () => {
    const w = wall3((i) => ({ osId: 101 + i }));
    const screens = [display(101, 'a', 0, 0), display(555, 'stranger', 1920, 0)];
    const { m } = manager(new FakeScreen(screens), { wall: w });
    m.start();
    expect([...m.windows.keys()]).toEqual(['wall:d1']);
  });

  it('an exact id match is never stolen by a weaker match of another display', () => {
    const w = wallSchema.parse({
      id: 'w',
      name: 'w',
      cols: 2,
      rows: 1,
      displays: [
        { id: 'a', col: 0, row: 0, width: 1920, height: 1080, bezel, match: { label: 'X' } },
        { id: 'b', col: 1, row: 0, width: 1920, height: 1080, bezel, match: { osId: 2 } },
      ],
    });
    const out = matchDisplays(w.displays, [display(2, 'X', 0, 0), display(3, 'X', 1920, 0)]);
    expect(out.map((o) => [o.wallDisplayId, o.osDisplay.id, o.matchedBy])).toEqual([
      ['a', 3, 'label'],
      ['b', 2, 'osId'],
    ]);
  });

  it('a wall with no identities recorded is placed by desktop arrangement, not OS order', () => {
    const w = wall3(() => ({}));
    const screens = [display(3, 'c', 3840, 0), display(1, 'a', 0, 0), display(2, 'b', 1920, 0)];
    const out = matchDisplays(w.displays, screens);
    expect(out.map((o) => [o.wallDisplayId, o.osDisplay.id, o.matchedBy])).toEqual([
      ['d1', 1, 'arrangement'],
      ['d2', 2, 'arrangement'],
      ['d3', 3, 'arrangement'],
    ]);
  });
});

describe('displays come, go and change', () => {
  it('unplugging a display closes its window; plugging it back restores its part of the wall', () => {
    const screen = new FakeScreen(threeScreens());
    const { m, logs } = manager(screen, { wall: wall3((i) => ({ osId: 101 + i, label: `DELL U${i + 1}` })) });
    m.start();
    const before = fake(m, 'wall:d2');
    screen.unplug(102);
    expect(before.destroyed).toBe(true);
    expect([...m.windows.keys()].sort()).toEqual(['wall:d1', 'wall:d3']);
    expect(logs.some((l) => l.includes('wall:d2') && l.includes('gone'))).toBe(true);

    // It comes back on another port: new OS id, same monitor.
    screen.plug(display(240, 'DELL U2', 1920, 0));
    const after = fake(m, 'wall:d2');
    expect(after).not.toBe(before);
    expect(after.destroyed).toBe(false);
    expect(after.bounds).toEqual({ x: 1920, y: 0, width: 1920, height: 1080 });
    expect(after.webContents.url).toBe('app://ioc/wall?display=d2');
    // The other windows were left alone.
    expect(FakeBrowserWindow.all.filter((w) => !w.destroyed)).toHaveLength(3);
  });

  it('a metrics change (resolution, arrangement) re-places the window, leaving full screen to move', () => {
    const screen = new FakeScreen(threeScreens());
    const { m } = manager(screen, { wall: wall3((i) => ({ osId: 101 + i })) });
    m.start();
    const w = fake(m, 'wall:d3');
    const created = FakeBrowserWindow.all.length;
    screen.changeMetrics(103, { x: 3840, y: 0, width: 3840, height: 2160 });
    expect(FakeBrowserWindow.all.length).toBe(created); // moved, not recreated
    expect(w.bounds).toEqual({ x: 3840, y: 0, width: 3840, height: 2160 });
    expect(w.calls).toEqual(['setFullScreen(false)', 'setBounds(3840,0,3840,2160)', 'setFullScreen(true)']);
    // Untouched displays' windows are not moved.
    expect(fake(m, 'wall:d1').calls).toEqual([]);
  });

  it('a closed wall window (Alt+F4 on a wall PC) comes back at once on its display', () => {
    const screen = new FakeScreen(threeScreens());
    const { m } = manager(screen, { wall: wall3((i) => ({ osId: 101 + i })) });
    m.start();
    const before = fake(m, 'wall:d1');
    before.close();
    expect(m.windows.has('wall:d1')).toBe(true);
    expect(fake(m, 'wall:d1')).not.toBe(before);
    expect(placed(m)['wall:d1']).toEqual([before.bounds.x, before.bounds.y, before.bounds.width, before.bounds.height]);
    // Closed by the app (a quit): gone for good.
    m.dispose();
    expect(m.windows.size).toBe(0);
  });

  it('a new wall configuration rebuilds the windows', () => {
    const screen = new FakeScreen(threeScreens());
    const { m } = manager(screen, { wall: wall3((i) => ({ osId: 101 + i })) });
    m.start();
    m.setWall(
      wallSchema.parse({
        id: 'w2',
        name: 'w2',
        cols: 1,
        rows: 1,
        displays: [{ id: 'main', col: 0, row: 0, width: 1920, height: 1080, bezel, match: { osId: 103 } }],
      }),
    );
    expect(placed(m)).toEqual({ 'wall:main': [3840, 0, 1920, 1080] });
  });

  it('dispose stops listening and closes every window', () => {
    const screen = new FakeScreen(threeScreens());
    const { m } = manager(screen, { wall: wall3((i) => ({ osId: 101 + i })) });
    m.start();
    m.dispose();
    expect(FakeBrowserWindow.all.every((w) => w.destroyed)).toBe(true);
    expect(screen.listenerCount('display-added')).toBe(0);
    screen.plug(display(104, 'x', 5760, 0));
    expect(FakeBrowserWindow.all.filter((w) => !w.destroyed)).toHaveLength(0);
  });
});

describe('role selection', () => {
  const one = () => [display(1, 'laptop', 0, 0)];
  const three = () => [display(11, 'left', -1920, 0), display(10, 'primary', 0, 0), display(12, 'right', 1920, 0)];
  const summary = (role: 'wall' | 'console' | 'kiosk' | 'all-in-one', screens: FakeDisplay[], primary: number) => {
    const s = new FakeScreen(screens, primary);
    return planWindows(role, null, s.getAllDisplays(), s.getPrimaryDisplay()).map((p) => `${p.key}@${p.osDisplayId} ${p.url}`);
  };

  it('wall: a window on every display', () => {
    expect(summary('wall', one(), 1)).toEqual(['wall:d1@1 app://ioc/wall?display=d1']);
    expect(summary('wall', three(), 10)).toEqual([
      'wall:d1@11 app://ioc/wall?display=d1',
      'wall:d2@10 app://ioc/wall?display=d2',
      'wall:d3@12 app://ioc/wall?display=d3',
    ]);
  });

  it('console: one console window on the primary display only', () => {
    expect(summary('console', one(), 1)).toEqual(['console@1 app://ioc/console']);
    expect(summary('console', three(), 10)).toEqual(['console@10 app://ioc/console']);
  });

  it('kiosk: one locked kiosk window on the primary display only', () => {
    expect(summary('kiosk', one(), 1)).toEqual(['kiosk@1 app://ioc/kiosk']);
    expect(summary('kiosk', three(), 10)).toEqual(['kiosk@10 app://ioc/kiosk']);
    FakeBrowserWindow.reset();
    const { m } = manager(new FakeScreen(three(), 10), { role: 'kiosk' });
    m.start();
    expect(fake(m, 'kiosk').options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, x: 0, y: 0 });
  });

  it('all-in-one, one display: the console with the wall as a preview, no wall window', () => {
    expect(summary('all-in-one', one(), 1)).toEqual(['console@1 app://ioc/console?wallPreview=1']);
  });

  it('all-in-one, three displays: console on the primary, the wall on the other two', () => {
    expect(summary('all-in-one', three(), 10)).toEqual([
      'console@10 app://ioc/console',
      'wall:d1@11 app://ioc/wall?display=d1',
      'wall:d2@12 app://ioc/wall?display=d2',
    ]);
  });

  it('all-in-one: the console uses the work area (taskbar visible) and closing it asks the app to quit', () => {
    const onConsoleClosed = vi.fn();
    const { m } = manager(new FakeScreen(three(), 10), { role: 'all-in-one', onConsoleClosed });
    m.start();
    const c = fake(m, 'console');
    expect(c.options).toMatchObject({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(c.options.frame).toBeUndefined();
    c.close();
    expect(onConsoleClosed).toHaveBeenCalledTimes(1);
  });

  it('all-in-one: unplugging the last extra display turns the console into the wall preview', () => {
    const screen = new FakeScreen([display(10, 'primary', 0, 0), display(12, 'right', 1920, 0)], 10);
    const { m } = manager(screen, { role: 'all-in-one' });
    m.start();
    expect(fake(m, 'console').webContents.url).toBe('app://ioc/console');
    screen.unplug(12);
    expect([...m.windows.keys()]).toEqual(['console']);
    expect(fake(m, 'console').webContents.url).toBe('app://ioc/console?wallPreview=1');
  });
});
