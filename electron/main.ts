import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, safeStorage, screen, session } from 'electron';
import { ConfigError, loadConfig } from '../host/config/load';
import type { HostConfig } from '../host/config/schema';
import { startHost, type HostService } from '../host/service';
import { VERSION } from '../host/version';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { installBridge, type Bridge } from './bridge';
import { linkToHost } from './host-link';
import { nodeSecrets } from './node-credential';
import { ENROLLMENT_FILE } from '../host/remote/enrollment';
import { FileSecretStore } from '../host/sync/file-secrets';
import { startRemoteNode } from './remote';
import { SafeStorageSecretStore } from './secrets';
import { APP_SCHEME, denyPermissions, hardenWebContents } from './security';
import { startUpdater, type UpdaterHandle } from './updater';
import { parseWall } from './wall-cache';
import { WindowManager } from './windows';

/**
 * The Electron main process: lifecycle only. It starts the host in-process (or, with
 * `connect.url`, follows a remote host as a node: remote.ts), serves the renderer from app://,
 * connects every window to the host through the preload bridge and keeps one window per
 * display. Everything it wires lives in the modules beside it.
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

/**
 * A downloaded update waiting for its install, by version, for the node's heartbeat. The hook
 * for the updater: it sets `pendingUpdate.version` when a download is ready.
 */
const pendingUpdate: { version: string | null } = { version: null };

/** A node of a remote host: no host, database or sync here; windows follow the enrolled role. */
function runAsNode(config: HostConfig & { connect: NonNullable<HostConfig['connect']> }, dataDir: string, keychain: SafeStorageSecretStore): void {
  const node = startRemoteNode({
    BrowserWindow,
    ipcMain,
    screen,
    powerMonitor,
    app,
    setApplicationMenu: (m) => Menu.setApplicationMenu(m),
    connect: config.connect,
    dataDir,
    secrets: nodeSecrets(keychain, join(dataDir, ENROLLMENT_FILE)),
    enrolledByCli: new FileSecretStore(join(dataDir, ENROLLMENT_FILE)),
    preload: PRELOAD,
    icon: existsSync(ICON) ? ICON : undefined,
    kioskIdleMinutes: config.kiosk.idleMinutes,
    version: VERSION,
    pendingUpdate: () => pendingUpdate.version,
    onQuit: () => app.quit(),
  });
  // As on a local wall: a wall PC with its displays unplugged keeps running.
  app.on('window-all-closed', () => {
    if (node.role !== 'wall') app.quit();
  });
  app.on('before-quit', () => node.stop());
  // Nodes update like the host. No database here: the steps go to the log, and a downloaded
  // version waiting for its install goes into the heartbeat for the console.
  if (!app.isPackaged) return;
  void import('electron-updater').then(({ default: electronUpdater }) => {
    const updater = startUpdater({
      updater: electronUpdater.autoUpdater,
      isPackaged: app.isPackaged,
      updates: config.updates,
      audit: (action, detail) => {
        console.log(`[updater] ${action} ${JSON.stringify(detail)}`);
        if (action === 'update.downloaded' && typeof detail.version === 'string') pendingUpdate.version = detail.version;
      },
    });
    app.on('will-quit', () => updater.stop());
  });
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

  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER));
  if (config.connect) {
    try {
      runAsNode({ ...config, connect: config.connect }, dataDir, secrets);
    } catch (err) {
      dialog.showErrorBox('IOC Wall', `Không kết nối được máy chủ / Cannot follow the host ${config.connect.url}:\n${err instanceof Error ? err.message : String(err)}`);
      app.exit(1);
    }
    return;
  }
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
      // Inline secrets found in the config file move to the store and the file gets secret: references.
      configFile: flag('config') ?? (process.env.IOC_WALL_CONFIG || undefined),
    });
  } catch (err) {
    dialog.showErrorBox(
      'IOC Wall',
      `Không khởi động được dịch vụ nền / The host service did not start:\n${err instanceof Error ? err.message : String(err)}\n\nChạy \`ioc-wall doctor\` để kiểm tra / Run \`ioc-wall doctor\` to check the data folder and configuration.`,
    );
    app.exit(1);
    return;
  }

  const bridge: Bridge = installBridge(ipcMain, host.connect, {
    actorOf: (contents) => `ipc:${contents.getURL().replace(/^app:\/\/ioc\//, '').split('?')[0] || 'app'}`,
  });
  const link = linkToHost(host.connect);
  const wall = await link.call('wall.get', {}).then(parseWall, () => null);

  const windows = new WindowManager({
    BrowserWindow,
    screen,
    powerMonitor,
    role: config.role,
    wall,
    preload: PRELOAD,
    icon: existsSync(ICON) ? ICON : undefined,
    kioskIdleMinutes: config.kiosk.idleMinutes,
    isPackaged: app.isPackaged,
    setApplicationMenu: (m) => Menu.setApplicationMenu(m),
    onConsoleClosed: () => app.quit(),
  });
  windows.start();
  link.on('layout.changed', (data) => {
    const next = parseWall(data.wall);
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
    updater = startUpdater({ updater: electronUpdater.autoUpdater, isPackaged: app.isPackaged, updates: config.updates, audit });
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
