import { EventEmitter } from 'node:events';

/**
 * A small fake of the parts of 'electron' the shell uses, for unit tests in plain Node
 * (the Electron binary is not installed on CI). It records what the code asked for, so tests
 * assert on options, bounds and handlers rather than on pixels.
 */

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export const fakeEvent = (extra: Record<string, unknown> = {}): FakeEvent & Record<string, unknown> => {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
    ...extra,
  };
  return e;
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  destroyed = false;
  sent: { channel: string; message: unknown }[] = [];
  loads: string[] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  visualZoomLimits: [number, number] | null = null;
  zoomFactor = 1;
  devToolsClosed = 0;
  crashedByMain = 0;
  /** What capturePage returns: the page at this size (null: the page cannot be captured). */
  pageSize: { width: number; height: number } | null = { width: 1920, height: 1080 };

  getURL() {
    return this.url;
  }
  loadURL(url: string) {
    this.url = url;
    this.loads.push(url);
    return Promise.resolve();
  }
  send(channel: string, message: unknown) {
    this.sent.push({ channel, message });
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  setVisualZoomLevelLimits(min: number, max: number) {
    this.visualZoomLimits = [min, max];
    return Promise.resolve();
  }
  setZoomFactor(f: number) {
    this.zoomFactor = f;
  }
  closeDevTools() {
    this.devToolsClosed++;
  }
  forcefullyCrashRenderer() {
    this.crashedByMain++;
  }
  capturePage() {
    if (!this.pageSize) return Promise.reject(new Error('renderer gone'));
    return Promise.resolve(new FakeNativeImage(this.pageSize.width, this.pageSize.height));
  }
  /** Emits like Chromium would and reports whether a listener called preventDefault(). */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const ev = fakeEvent();
    this.emit(name, ev, ...args);
    return ev;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/**
 * NativeImage stand-in with real size arithmetic (resize keeps the aspect ratio when given a
 * width only, as Electron does) and an encoder whose output grows with the pixels and quality.
 */
export class FakeNativeImage {
  resizes: { width?: number; height?: number }[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  isEmpty() {
    return this.width === 0 || this.height === 0;
  }
  getSize() {
    return { width: this.width, height: this.height };
  }
  resize(o: { width?: number; height?: number }) {
    this.resizes.push(o);
    const width = o.width ?? Math.round(((o.height ?? this.height) * this.width) / this.height);
    const height = o.height ?? Math.round((width * this.height) / this.width);
    return new FakeNativeImage(width, height);
  }
  toJPEG(quality: number) {
    // ~ bytes a JPEG of a busy dashboard takes: a quarter byte per pixel at quality 80.
    return Buffer.alloc(Math.round((this.width * this.height * quality) / 320), 0xab);
  }
  toPNG() {
    return Buffer.alloc(this.width * this.height, 0xcd);
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  static reset() {
    FakeBrowserWindow.all = [];
  }

  readonly webContents = new FakeWebContents();
  bounds: Rect;
  fullscreen: boolean;
  kiosk: boolean;
  destroyed = false;
  shown = false;
  focused = false;
  minimized = false;
  maximized = false;
  menu: unknown = 'default';
  menuBarVisible = true;
  /** Every setBounds/setFullScreen/setKiosk call, in order. */
  calls: string[] = [];

  constructor(readonly options: Record<string, any>) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.fullscreen = !!options.fullscreen;
    this.kiosk = !!options.kiosk;
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string) {
    return this.webContents.loadURL(url);
  }
  setBounds(b: Rect) {
    this.calls.push(`setBounds(${b.x},${b.y},${b.width},${b.height})`);
    this.bounds = { ...b };
  }
  getBounds() {
    return { ...this.bounds };
  }
  isFullScreen() {
    return this.fullscreen;
  }
  setFullScreen(v: boolean) {
    this.calls.push(`setFullScreen(${v})`);
    this.fullscreen = v;
  }
  isKiosk() {
    return this.kiosk;
  }
  setKiosk(v: boolean) {
    this.calls.push(`setKiosk(${v})`);
    this.kiosk = v;
  }
  setMenu(m: unknown) {
    this.menu = m;
  }
  setMenuBarVisibility(v: boolean) {
    this.menuBarVisible = v;
  }
  show() {
    this.shown = true;
  }
  focus() {
    this.focused = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isFocusable() {
    return true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Like Electron: 'close' can be prevented; otherwise the window is destroyed and 'closed' fires. */
  close() {
    if (this.destroyed) return;
    const ev = fakeEvent();
    this.emit('close', ev);
    if (ev.defaultPrevented) return;
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

export interface FakeDisplay {
  id: number;
  label: string;
  bounds: Rect;
  workArea: Rect;
}

export function display(id: number, label: string, x: number, y: number, width = 1920, height = 1080): FakeDisplay {
  return { id, label, bounds: { x, y, width, height }, workArea: { x, y, width, height: height - 40 } };
}

export class FakeScreen extends EventEmitter {
  constructor(
    public displays: FakeDisplay[],
    public primaryId = displays[0]?.id ?? 0,
  ) {
    super();
  }
  getAllDisplays() {
    return this.displays.map((d) => ({ ...d, bounds: { ...d.bounds }, workArea: { ...d.workArea } }));
  }
  getPrimaryDisplay() {
    // Like Electron on a machine with every monitor unplugged: a placeholder display.
    const d = this.displays.find((x) => x.id === this.primaryId) ?? this.displays[0] ?? display(0, '', 0, 0, 0, 0);
    return { ...d, bounds: { ...d.bounds }, workArea: { ...d.workArea } };
  }
  plug(d: FakeDisplay) {
    this.displays.push(d);
    this.emit('display-added', fakeEvent(), d);
  }
  unplug(id: number) {
    const d = this.displays.find((x) => x.id === id)!;
    this.displays = this.displays.filter((x) => x !== d);
    this.emit('display-removed', fakeEvent(), d);
  }
  changeMetrics(id: number, bounds: Rect) {
    const d = this.displays.find((x) => x.id === id)!;
    d.bounds = { ...bounds };
    d.workArea = { ...bounds, height: bounds.height - 40 };
    this.emit('display-metrics-changed', fakeEvent(), d, ['bounds']);
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details?: unknown) => boolean) | null = null;
  devicePermissionHandler: ((d: unknown) => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']) {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']) {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']) {
    this.devicePermissionHandler = h;
  }
  /** Asks the request handler and resolves with its answer. */
  request(contents: { getURL(): string }, permission: string): Promise<boolean> {
    return new Promise((resolve) => this.permissionRequestHandler!(contents, permission, resolve, {}));
  }
}

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  /** Sends as if from a frame at `url` of `sender`. */
  deliver(channel: string, sender: FakeWebContents, url: string, message?: unknown, parent: unknown = null) {
    this.emit(channel, { sender, senderFrame: { url, parent } }, message);
  }
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** ipcRenderer.invoke as if from a frame at `url` of `sender`. */
  async invoke(channel: string, sender: FakeWebContents, url: string, arg?: unknown, parent: unknown = null) {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return fn({ sender, senderFrame: { url, parent } }, arg);
  }
}

/** safeStorage stand-in: reversible "encryption" that is visibly not the plain text. */
export const fakeSafeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend as 'gnome_libsecret';
  },
  encryptString(s: string) {
    return Buffer.from(`enc:${Buffer.from(s, 'utf8').toString('hex')}`, 'utf8');
  },
  decryptString(b: Buffer) {
    const t = b.toString('utf8');
    if (!t.startsWith('enc:')) throw new Error('not ours');
    return Buffer.from(t.slice(4), 'hex').toString('utf8');
  },
};

/** protocol as main uses it: the privileged schemes and each scheme's handler, callable as a window's fetch would. */
export class FakeProtocol {
  readonly privileged: unknown[] = [];
  readonly handled = new Map<string, (request: Request) => Promise<Response>>();
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handled.set(scheme, handler);
  }
}

/**
 * The whole 'electron' module for booting electron/main.ts in a test (vi.doMock('electron', …)).
 * `fn` makes the recording functions (vitest's vi.fn), so this file stays free of vitest.
 */
export function fakeElectronModule(opts: {
  userData: string;
  fn: <F extends (...args: any[]) => any>(impl?: F) => F & { mock: { calls: unknown[][] } };
  displays?: FakeDisplay[];
  isPackaged?: boolean;
  /** Working-set sizes (kB) the app reports per process, for the heartbeat. */
  memoryKb?: number[];
}) {
  const { fn } = opts;
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.isPackaged ?? true,
    quit: fn(),
    exit: fn(),
    enableSandbox: fn(),
    setName: fn(),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => opts.userData,
    getAppMetrics: () => (opts.memoryKb ?? []).map((kb) => ({ memory: { workingSetSize: kb } })),
  });
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: fn() },
    Menu: { setApplicationMenu: fn() },
    ipcMain: new FakeIpcMain(),
    powerMonitor: { getSystemIdleTime: () => 0 },
    protocol: new FakeProtocol(),
    safeStorage: fakeSafeStorage,
    screen: new FakeScreen(opts.displays ?? [display(1, 'Màn hình 1', 0, 0), display(2, 'Màn hình 2', 1920, 0)]),
    session: { defaultSession: new FakeSession() },
  };
}
