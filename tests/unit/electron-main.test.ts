import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { display, FakeBrowserWindow, FakeIpcMain, FakeScreen, FakeSession, FakeWebContents, fakeSafeStorage } from './electron-fake';
import type { Caller } from '../../host/room/caller';

/**
 * electron/main.ts end to end against a fake 'electron' module and a fake host: the lifecycle
 * wiring, which only Electron itself could otherwise exercise.
 */

function fakeElectron(opts: { lock: boolean; displays: ReturnType<typeof display>[] }) {
  const app = Object.assign(new EventEmitter(), {
    name: '',
    isPackaged: false,
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    exit: vi.fn(),
    setName(n: string) {
      this.name = n;
    },
    requestSingleInstanceLock: vi.fn(() => opts.lock),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => '/tmp/ioc-wall-userdata'),
  });
  const protocol = {
    privileged: [] as unknown[],
    handled: new Map<string, unknown>(),
    readyWhenRegistered: null as boolean | null,
    registerSchemesAsPrivileged(s: unknown[]) {
      // Electron requires this before 'ready'.
      this.readyWhenRegistered = app.whenReady.mock.calls.length > 0;
      this.privileged.push(...s);
    },
    handle(scheme: string, h: unknown) {
      this.handled.set(scheme, h);
    },
  };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    Menu: { setApplicationMenu: vi.fn() },
    ipcMain: new FakeIpcMain(),
    powerMonitor: { getSystemIdleTime: () => 0 },
    protocol,
    safeStorage: fakeSafeStorage,
    screen: new FakeScreen(opts.displays),
    session: { defaultSession: new FakeSession() },
  };
}

function fakeHost(role: string) {
  const sessions: { actor?: string | Caller; received: unknown[] }[] = [];
  const host = {
    db: { prepare: () => ({ run: vi.fn() }) },
    close: vi.fn(() => Promise.resolve()),
    connect: (send: (m: unknown) => void, actor?: string | Caller) => {
      const s = { actor, received: [] as unknown[] };
      sessions.push(s);
      return {
        receive(m: unknown) {
          s.received.push(m);
          const r = m as { type: string; id: number; method: string };
          if (r.type === 'request') send({ type: 'error', id: r.id, error: { code: 'not_implemented', message: 'x' } });
        },
        close() {},
      };
    },
  };
  const startHost = vi.fn(async (_o: unknown) => host);
  const config = { role, updates: { channel: 'stable', intervalHours: 6 }, kiosk: { idleMinutes: 3 }, server: {}, demo: true };
  return { host, sessions, startHost, config };
}

async function boot(lock: boolean, role = 'all-in-one', displays = [display(1, 'primary', 0, 0), display(2, 'right', 1920, 0)]) {
  const electron = fakeElectron({ lock, displays });
  const h = fakeHost(role);
  vi.resetModules();
  vi.doMock('electron', () => electron);
  vi.doMock('../../host/service', () => ({ startHost: h.startHost }));
  vi.doMock('../../host/config/load', () => ({ loadConfig: () => h.config, ConfigError: class extends Error {} }));
  await import('../../electron/main');
  return { electron, ...h };
}

beforeEach(() => FakeBrowserWindow.reset());
afterEach(() => {
  vi.doUnmock('electron');
  vi.doUnmock('../../host/service');
  vi.doUnmock('../../host/config/load');
});

describe('electron main', () => {
  it('a second instance quits at once without starting the host or opening windows', async () => {
    const { electron, startHost } = await boot(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.app.quit).toHaveBeenCalled();
    expect(startHost).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('the first instance starts the host in-process, serves app:// and opens its windows', async () => {
    const { electron, startHost, sessions } = await boot(true);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(2));
    expect(electron.app.name).toBe('IOC Wall');
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.protocol.readyWhenRegistered).toBe(false);
    expect(electron.protocol.privileged).toMatchObject([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    expect(electron.protocol.handled.has('app')).toBe(true);
    expect(startHost.mock.calls[0][0]).toMatchObject({ dataDir: '/tmp/ioc-wall-userdata', serveHttp: true, lanOptional: true });
    // Feed secrets go to the OS keyring through safeStorage.
    const secrets = (startHost.mock.calls[0][0] as { secrets?: { set(k: string, v: string): void; get(k: string): string | null } }).secrets!;
    expect(secrets).toBeDefined();
    expect(electron.session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(electron.ipcMain.listenerCount('ioc:to-host')).toBe(1);
    // The native dialogs for "Xuất JSON" and "Nhập gói cập nhật" are wired.
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(['ioc:choose-bundle', 'ioc:save-text']);
    // Main asked the host for the wall over its own session.
    expect(sessions[0].received).toContainEqual(expect.objectContaining({ type: 'request', method: 'wall.get' }));
    expect(FakeBrowserWindow.all.map((w) => w.webContents.url)).toEqual(['app://ioc/console', 'app://ioc/wall?display=d1']);
  });

  it('each page is to the in-process host what its window is: only the console window is the administrator', async () => {
    const { electron, sessions } = await boot(true);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(2));
    const [desk, wall] = FakeBrowserWindow.all as FakeBrowserWindow[];
    const roleOf = (w: FakeBrowserWindow) => {
      electron.ipcMain.deliver('ioc:hello', w.webContents, w.webContents.url);
      return (sessions.at(-1)!.actor as Caller).role;
    };
    expect([roleOf(desk!), roleOf(wall!)]).toEqual(['admin', 'wall']);
    // A kiosk machine (its own host): the kiosk window is a kiosk, not the administrator.
    FakeBrowserWindow.reset();
    const kiosk = await boot(true, 'kiosk', [display(1, 'only', 0, 0)]);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(1));
    const k = FakeBrowserWindow.all[0]!;
    kiosk.electron.ipcMain.deliver('ioc:hello', k.webContents, k.webContents.url);
    expect(kiosk.sessions.at(-1)!.actor).toMatchObject({ role: 'kiosk', nodeId: null, name: 'ipc:kiosk' });
  });

  it('a second launch focuses the first instance’s window', async () => {
    const { electron } = await boot(true, 'console', [display(1, 'only', 0, 0)]);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(1));
    const win = FakeBrowserWindow.all[0];
    win.minimized = true;
    electron.app.emit('second-instance', {}, ['ioc-wall'], '/');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
    expect(win.shown).toBe(true);
  });

  it('hardens every webContents the app creates, and drops untrusted IPC', async () => {
    const { electron, sessions } = await boot(true, 'kiosk', [display(1, 'only', 0, 0)]);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(1));
    const stray = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, stray);
    expect(stray.windowOpenHandler!({ url: 'https://x' })).toEqual({ action: 'deny' });
    const before = sessions.length;
    electron.ipcMain.deliver('ioc:to-host', stray, 'https://evil.example/', { type: 'request', id: 1, method: 'host.info', params: {} });
    expect(sessions.length).toBe(before);
  });

  it('a wall PC keeps running with every display unplugged, and its windows come back on replug', async () => {
    const { electron } = await boot(true, 'wall', [display(1, 'a', 0, 0), display(2, 'b', 1920, 0)]);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(2));
    electron.screen.unplug(1);
    electron.screen.unplug(2);
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(0);
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).not.toHaveBeenCalled();
    electron.screen.plug(display(3, 'a', 0, 0));
    expect(FakeBrowserWindow.getAllWindows().map((w) => w.webContents.url)).toEqual(['app://ioc/wall?display=d1']);
  });

  it('quitting closes the windows and the host (database) before exiting', async () => {
    const { electron, host } = await boot(true, 'kiosk', [display(1, 'only', 0, 0)]);
    await vi.waitFor(() => expect(FakeBrowserWindow.all.length).toBe(1));
    electron.app.emit('before-quit');
    expect(FakeBrowserWindow.all[0].destroyed).toBe(true); // the kiosk lets the app close it
    const ev = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    electron.app.emit('will-quit', ev);
    expect(ev.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0));
    expect(host.close).toHaveBeenCalled();
  });
});
