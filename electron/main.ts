import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, safeStorage, screen, session } from 'electron';
import { ConfigError, loadConfig } from '../host/config/load';
import { memoryGuardConfigSchema, type HostConfig } from '../host/config/schema';
import { startHost, type HostService } from '../host/service';
import { VERSION } from '../host/version';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, SECURITY_HEADERS } from './app-protocol';
import { createCameraForwarder, startCameraLoopback, type CameraLoopback, type CameraUpstream } from './camera-proxy';
import { installBridge, type Bridge } from './bridge';
import { windowCaller } from './window-caller';
import { linkToHost } from './host-link';
import { nodeSecrets } from './node-credential';
import { ENROLLMENT_FILE } from '../host/remote/enrollment';
import { FileSecretStore } from '../host/sync/file-secrets';
import { startRemoteNode } from './remote';
import { SafeStorageSecretStore } from './secrets';
import { APP_SCHEME, denyPermissions, hardenWebContents } from './security';
import { parseWall } from './wall-cache';
import { startAppUpdates, type AppUpdates } from './app-updates';
import { installFileDialogs } from './file-dialogs';
import { StartAbandoned, startOrOfferRestore } from './newer-database';
import { backupsDir } from '../host/db/backup';
import { WindowManager } from './windows';
import { fileGuardStore, MEMORY_GUARD_FILE, MemoryGuard, relaunchOptions, systemClocks } from './memory-guard';
import { audit as auditRow } from '../host/store/audit';

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

/** A node's updater, once started: its downloaded update waiting for the window goes into the heartbeat. */
let nodeUpdates: AppUpdates | null = null;
/** Where the windows' camera requests go (camera-proxy.ts): set once the host or the node runs. */
let cameraUpstream: () => CameraUpstream | null = () => null;

/** A node of a remote host: no host, database or sync here; windows follow the enrolled role. */
function runAsNode(config: HostConfig & { connect: NonNullable<HostConfig['connect']> }, dataDir: string, keychain: SafeStorageSecretStore): void {
  // Chromium's own processes grow over months (the GPU process survives a window reload): the
  // whole app restarts past the ceiling, at a quiet moment (memory-guard.ts). No database here,
  // so exiting at once loses nothing; the guard's state file stops a restart loop.
  const memoryGuard = new MemoryGuard({
    settings: config.memoryGuard ?? memoryGuardConfigSchema.parse({}),
    store: fileGuardStore(join(dataDir, MEMORY_GUARD_FILE)),
    clocks: systemClocks(),
    restart: () => {
      app.relaunch(relaunchOptions({ isPackaged: app.isPackaged, env: process.env, argv: process.argv }));
      app.exit(0);
    },
    log: (m) => console.warn(m),
  });
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
    pendingUpdate: () => nodeUpdates?.handle.pending()?.version ?? null,
    memoryGuard,
    onQuit: () => app.quit(),
  });
  cameraUpstream = () => node.cameraUpstream();
  // As on a local wall: a wall PC with its displays unplugged keeps running.
  app.on('window-all-closed', () => {
    if (node.role !== 'wall') app.quit();
  });
  app.on('before-quit', () => node.stop());
  // Nodes update like the host. No database here: the steps go to the log, and a downloaded
  // version waiting for its install goes into the heartbeat for the console.
  // The same checks as on the host (maintenance window, no downgrade, signed Linux metadata).
  void startAppUpdates({
    isPackaged: app.isPackaged,
    updates: config.updates,
    dataDir,
    resourcesPath: process.resourcesPath,
    audit: (action, detail) => console.log(`[updater] ${action} ${JSON.stringify(detail)}`),
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
  }).then(
    (u) => {
      nodeUpdates = u;
      app.on('will-quit', () => void u.close());
    },
    (err: unknown) => console.error('[updater] did not start:', err),
  );
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
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER, { cameras: createCameraForwarder(() => cameraUpstream(), SECURITY_HEADERS) }));
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
    // A database newer than this app offers the backup from before that upgrade (newer-database.ts).
    host = await startOrOfferRestore(
      () =>
        startHost({
          config,
          dataDir,
          // Browser display nodes on the LAN reach the host of the console machine.
          serveHttp: config.role === 'all-in-one' || config.role === 'console',
          // A port in use starts without the LAN server (the console says so), never a dark wall.
          lanOptional: true,
          rendererDir: RENDERER,
          // Feed secrets in the OS keyring; without one (Linux, no gnome-keyring/kwallet) the host
          // keeps its own 0600 file rather than pretending to encrypt.
          secrets: secrets.available() ? secrets : undefined,
          // Inline secrets found in the config file move to the store and the file gets secret: references.
          configFile: flag('config') ?? (process.env.IOC_WALL_CONFIG || undefined),
        }),
      { dataDir, backupsDir: backupsDir(dataDir, config.backups), dialog },
    );
  } catch (err) {
    if (err instanceof StartAbandoned) {
      app.exit(1);
      return;
    }
    dialog.showErrorBox(
      'IOC Wall',
      `Không khởi động được dịch vụ nền / The host service did not start:\n${err instanceof Error ? err.message : String(err)}\n\nChạy \`ioc-wall doctor\` để kiểm tra / Run \`ioc-wall doctor\` to check the data folder and configuration.`,
    );
    app.exit(1);
    return;
  }

  // The windows' camera pictures: the in-process host's proxy on a loopback port, with its token.
  const cameraLoop: CameraLoopback | null = await startCameraLoopback(host.handleCameraRequest).catch((err: unknown) => {
    console.error('[electron] camera pictures unavailable, no loopback port:', err);
    return null;
  });
  if (cameraLoop) cameraUpstream = () => ({ base: cameraLoop.url, credential: host.token });

  // Which of the app's windows a page is in. Pages speak (hello, dialogs) once their window is
  // loading, after `windows` below is made.
  const kindOf = (contents: { id: number }) => windows.list().find((m) => m.win.webContents.id === contents.id)?.plan.kind;
  // Each page acts with its window's role (window-caller.ts): only the console is the administrator.
  const bridge: Bridge = installBridge(ipcMain, host.connect, {
    actorOf: (contents) => windowCaller(kindOf(contents), contents.getURL().replace(/^app:\/\/ioc\//, '').split('?')[0] || 'app'),
  });
  // "Xuất JSON" and "Nhập gói cập nhật": native dialogs, since downloads are refused; the console's only.
  const fileDialogs = installFileDialogs({
    ipcMain,
    dialog,
    windowOf: (c) => BrowserWindow.fromWebContents(c),
    documentsDir: app.getPath('documents'),
    mayUse: (c) => kindOf(c) === 'console',
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
      auditRow(host.db, 'electron:updater', action, detail);
    } catch (err) {
      console.error('[electron] audit log write failed:', err);
    }
  };
  // Updates (app-updates.ts): in the maintenance window, never downgrading, Linux metadata signed.
  // Not awaited: the quit handlers below must be in place whatever the update feed is doing.
  const updates: Promise<AppUpdates | null> = startAppUpdates({
    isPackaged: app.isPackaged,
    updates: config.updates,
    dataDir,
    resourcesPath: process.resourcesPath,
    audit,
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    // The database is closed by will-quit as on any quit (the installer is already spawned by
    // then); here only the WAL is folded in, so a failed install leaves a working app behind.
    beforeInstall: () => {
      host.db.pragma('wal_checkpoint(TRUNCATE)');
    },
    loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
    // The updater's lines go to the host's rotating log file in the data folder.
    log: (m) => host.log.write('updater', 'info', m),
  }).catch((err: unknown) => {
    console.error('[updater] did not start:', err);
    return null;
  });

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
    void updates.then((u) => u?.close());
    fileDialogs.dispose();
    bridge.dispose();
    link.close();
    Promise.all([cameraLoop?.close(), host.close()])
      .catch((err: unknown) => console.error('[electron] host close failed:', err))
      .finally(() => app.exit(0));
  });
}

run().catch((err: unknown) => {
  console.error('[electron] fatal:', err);
  app.exit(1);
});
