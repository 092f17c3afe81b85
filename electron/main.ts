import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, protocol, safeStorage, screen, session } from 'electron';
import { ConfigError, loadConfig } from '../host/config/load';
import { startHost, type HostService } from '../host/service';
import { wallSchema, type Wall } from '../layouts/model';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { installBridge, type Bridge } from './bridge';
import { linkToHost, type HostLink } from './host-link';
import { SafeStorageSecretStore } from './secrets';
import { APP_SCHEME, denyPermissions, hardenWebContents } from './security';
import { startUpdater, type UpdaterHandle } from './updater';
import { WindowManager } from './windows';

/**
 * The Electron main process: lifecycle only. It starts the host in-process, serves the
 * renderer from app://, connects every window to the host through the preload bridge and
 * keeps one window per display. Everything it wires lives in the modules beside it.
 */

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, 'preload.cjs');
const RENDERER = join(here, '..', 'renderer');
const ICON = join(here, '..', '..', 'build', 'icons', 'icon.png');

// Same name as host/config/paths.ts, so `serve` and the app share userData on one machine.
app.setName('IOC Wall');
// Every renderer sandboxed, even one created without our options (before 'ready').
app.enableSandbox();
// Must happen before 'ready': app:// needs to be a standard, secure origin for CSP 'self'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function parseWall(value: unknown): Wall | null {
  const parsed = wallSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function focusExisting(): void {
  const win = BrowserWindow.getAllWindows().find((w) => !w.isDestroyed() && w.isFocusable());
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function run(): Promise<void> {
  // A second copy would fight the first for the displays and the database.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', focusExisting);
  // Every webContents, including any we did not create ourselves, gets the same guards.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  await app.whenReady();

  let config;
  try {
    config = loadConfig({ file: flag('config'), env: process.env });
  } catch (err) {
    const text = err instanceof ConfigError ? err.message : String(err);
    dialog.showErrorBox('IOC Wall', text);
    app.exit(1);
    return;
  }
  const dataDir = flag('data-dir') ?? config.dataDir ?? app.getPath('userData');
  const secrets = new SafeStorageSecretStore(safeStorage, join(dataDir, 'secrets.safestorage.json'));
  if (!secrets.available()) console.warn('[electron] no OS keyring: feed secrets stay in the host\'s protected file');

  let host: HostService;
  try {
    host = await startHost({
      config,
      dataDir,
      // Browser display nodes on the LAN reach the host of the console machine.
      serveHttp: config.role === 'all-in-one' || config.role === 'console',
      rendererDir: RENDERER,
      // Feed secrets in the OS keyring; without one (Linux, no gnome-keyring/kwallet) the host
      // keeps its own 0600 file rather than pretending to encrypt.
      secrets: secrets.available() ? secrets : undefined,
    });
  } catch (err) {
    dialog.showErrorBox(
      'IOC Wall',
      `Không khởi động được dịch vụ nền / The host service did not start:\n${err instanceof Error ? err.message : String(err)}\n\nChạy \`ioc-wall doctor\` để kiểm tra / Run \`ioc-wall doctor\` to check the data folder and configuration.`,
    );
    app.exit(1);
    return;
  }

  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER));

  const bridge: Bridge = installBridge(ipcMain, host.connect, {
    actorOf: (contents) => `ipc:${contents.getURL().replace(/^app:\/\/ioc\//, '').split('?')[0] || 'app'}`,
  });
  const link: HostLink = linkToHost(host.connect);
  const wall = await link.request('wall.get').then(parseWall, () => null);

  const windows = new WindowManager({
    BrowserWindow,
    screen,
    powerMonitor,
    role: config.role,
    wall,
    preload: PRELOAD,
    icon: existsSync(ICON) ? ICON : undefined,
    kioskIdleMinutes: config.kiosk.idleMinutes,
    onConsoleClosed: () => app.quit(),
  });
  windows.start();
  link.on('layout.changed', (data) => {
    const next = parseWall((data as { wall?: unknown } | null)?.wall);
    if (next) windows.setWall(next);
  });

  const audit = (action: string, detail: Record<string, unknown>) => {
    try {
      host.db
        .prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)')
        .run(new Date().toISOString(), 'electron:updater', action, JSON.stringify(detail));
    } catch (err) {
      console.error('[electron] audit log write failed:', err);
    }
  };
  let updater: UpdaterHandle | null = null;
  if (app.isPackaged) {
    const { default: electronUpdater } = await import('electron-updater');
    // The updater's lines go to the host's rotating log file in the data folder.
    updater = startUpdater({
      updater: electronUpdater.autoUpdater,
      isPackaged: app.isPackaged,
      updates: config.updates,
      audit,
      log: (m) => host.log.write('updater', 'info', m),
    });
  } else {
    console.log('[updater] off: development run (not packaged)');
  }

  // A wall PC whose displays are all unplugged keeps running, so they come back when replugged;
  // elsewhere the last window closing (the console) ends the app.
  app.on('window-all-closed', () => {
    if (config.role !== 'wall') app.quit();
  });
  let closing = false;
  app.on('before-quit', () => {
    windows.dispose();
  });
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    // The database must be closed cleanly (WAL checkpoint) before the process goes.
    event.preventDefault();
    updater?.stop();
    bridge.dispose();
    link.close();
    Promise.resolve(host.close())
      .catch((err: unknown) => console.error('[electron] host close failed:', err))
      .finally(() => app.exit(0));
  });
}

run().catch((err: unknown) => {
  console.error('[electron] fatal:', err);
  app.exit(1);
});
