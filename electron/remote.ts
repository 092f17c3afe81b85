import { join } from 'node:path';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, IpcMain, PowerMonitor, Screen } from 'electron';
import { HostClient } from '../host/api/client/HostClient';
import type { Transport } from '../host/api/client/transport';
import type { NodeRole } from '../host/api/contract';
import { enrollWithHost, nodeWebSocketTransport, type NodeWsOptions } from '../host/remote/ws-transport';
import { installBridge, type Bridge, type Upstream } from './bridge';
import type { CameraUpstream } from './camera-proxy';
import { openEnrollWindow, type EnrollReason, type EnrollWindow } from './enroll-window';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { ScreenActivity, type MemoryGuard } from './memory-guard';
import { handleNodeCommands } from './node-commands';
import { NodeCredentialStore, type Enrollment, type KeyValueSecrets } from './node-credential';
import { createUpstreamMux, type UpstreamMux } from './upstream-mux';
import { parseWall, readLastWall, writeLastWall } from './wall-cache';
import { Watchdog } from './watchdog';
import { WindowManager } from './windows';
import { MB, readRegularFile } from '../host/files';

/**
 * The desktop app as a node of a remote host (config `connect.url`): no host, database or sync
 * of its own. Main holds the node's credential and one WebSocket to the host; main's own
 * HostClient and every window's bridge are channels of that connection (upstream-mux.ts).
 * Without a credential it shows the enrollment screen; when the host refuses the credential
 * (revoked) the windows close and the enrollment screen comes back.
 */

export interface RemoteNodeDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: Pick<IpcMain, 'on' | 'removeListener' | 'handle' | 'removeHandler'>;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>;
  powerMonitor: Pick<PowerMonitor, 'getSystemIdleTime'>;
  app: Pick<App, 'getAppMetrics' | 'isPackaged'>;
  setApplicationMenu?: (menu: null) => void;
  connect: { url: string; caFile?: string };
  dataDir: string;
  secrets: KeyValueSecrets;
  /** The file `ioc-wall enroll` writes (DATA/node-credential.json), taken over on first start. */
  enrolledByCli?: KeyValueSecrets;
  preload: string;
  icon?: string;
  kioskIdleMinutes?: number;
  version: string;
  /** The updater's downloaded version waiting to be installed, for the heartbeat. */
  pendingUpdate?: () => string | null;
  /** Fed by the heartbeat's samples and told what is on screen; one for the app's life. */
  memoryGuard?: MemoryGuard;
  /** The person closed the console or the enrollment screen: the app should quit. */
  onQuit: () => void;
  /** Tests shorten the reconnect backoff; production uses the defaults. */
  transportOptions?: Partial<Pick<NodeWsOptions, 'minDelayMs' | 'maxDelayMs'>>;
  heartbeatMs?: number;
  log?: (msg: string) => void;
}

export interface RemoteNode {
  /** The role the host enrolled this machine with; null while it waits for a code. */
  readonly role: NodeRole | null;
  readonly client: HostClient | null;
  readonly windows: WindowManager | null;
  readonly enrollWindow: EnrollWindow | null;
  /** Where main forwards the windows' camera requests (camera-proxy.ts); null until enrolled. */
  cameraUpstream(): CameraUpstream | null;
  stop(): void;
}

interface Running {
  enrollment: Enrollment;
  mux: UpstreamMux;
  client: HostClient;
  bridge: Bridge;
  windows: WindowManager;
  heartbeat: Heartbeat;
  offs: (() => void)[];
}

/** http:// to anything but this machine. */
export function cleartextOverLan(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export function startRemoteNode(deps: RemoteNodeDeps): RemoteNode {
  const log = deps.log ?? console.warn;
  const store = new NodeCredentialStore(deps.secrets, deps.enrolledByCli);
  const ca = deps.connect.caFile ? readRegularFile(deps.connect.caFile, MB) : undefined;
  const wallFile = join(deps.dataDir, 'last-wall.json');
  if (cleartextOverLan(deps.connect.url)) {
    log(`[electron] connect.url ${deps.connect.url} is plain HTTP: this node's credential crosses the network in clear — give the host server.tls and use https://`);
  }
  // One for the app's life: crashes since start survive a re-enrollment.
  const watchdog = new Watchdog({ log });
  // Alert takeover and identify on screen: the memory guard does not restart under them.
  const screens = new ScreenActivity();
  let running: Running | null = null;
  let enrollWin: EnrollWindow | null = null;
  let stopped = false;

  const askForCode = (reason: EnrollReason) => {
    if (stopped || enrollWin) return;
    const w = openEnrollWindow({
      BrowserWindow: deps.BrowserWindow,
      ipcMain: deps.ipcMain,
      screen: deps.screen,
      preload: deps.preload,
      icon: deps.icon,
      hostUrl: deps.connect.url,
      reason,
      log,
      exchange: async (code) => {
        const r = await enrollWithHost(deps.connect.url, code, { ca });
        return { nodeId: r.nodeId, role: r.role, name: r.name, credential: r.credential, url: deps.connect.url };
      },
      onClosed: () => {
        enrollWin = null;
        deps.onQuit();
      },
    });
    enrollWin = w;
    void w.done.then((enrollment) => {
      if (stopped || enrollWin !== w) return;
      try {
        store.save(enrollment);
      } catch (err) {
        log(`[electron] the node credential could not be stored: ${err instanceof Error ? err.message : String(err)}`);
      }
      // The node's windows open before the enrollment screen closes: the app never has zero
      // windows in between (which would end it).
      run(enrollment);
      enrollWin = null;
      w.close();
    });
  };

  const refused = (mux: UpstreamMux) => {
    // A late refusal from a connection already replaced (re-enrolled) is not about this one.
    if (stopped || !running || running.mux !== mux) return;
    log(`[electron] the host refused this machine's credential (revoked or unknown): enrollment needed`);
    try {
      store.clear();
    } catch (err) {
      log(`[electron] the refused credential could not be removed: ${String(err)}`);
    }
    const was = running;
    running = null;
    askForCode('revoked');
    halt(was);
  };

  const run = (enrollment: Enrollment) => {
    let mux!: UpstreamMux;
    const transport: Transport = nodeWebSocketTransport({
      url: deps.connect.url,
      credential: enrollment.credential,
      ca,
      // Not from inside the socket's own close handler: halting closes that socket.
      onRefused: () => setImmediate(() => refused(mux)),
      ...deps.transportOptions,
    });
    mux = createUpstreamMux(transport, { log });
    const client = new HostClient(mux.channel());
    const upstream: Upstream = {
      open(send, onState) {
        const ch = mux.channel();
        ch.onMessage(send);
        ch.onState(onState);
        ch.start();
        return { receive: (m) => ch.send(m as never), close: () => ch.close() };
      },
    };
    const bridge = installBridge(deps.ipcMain, upstream, { log });
    const windows = new WindowManager({
      BrowserWindow: deps.BrowserWindow,
      screen: deps.screen,
      powerMonitor: deps.powerMonitor,
      role: enrollment.role,
      wall: readLastWall(wallFile),
      preload: deps.preload,
      icon: deps.icon,
      kioskIdleMinutes: deps.kioskIdleMinutes,
      isPackaged: deps.app.isPackaged,
      watchdog,
      setApplicationMenu: deps.setApplicationMenu,
      onConsoleClosed: deps.onQuit,
      log,
    });
    windows.start();
    const guard = deps.memoryGuard;
    const heartbeat = startHeartbeat(
      client,
      {
        version: deps.version,
        screen: deps.screen,
        app: deps.app,
        windows,
        pendingUpdate: deps.pendingUpdate,
        memoryGuard: guard && {
          observe: (sample) =>
            guard.observe(sample, {
              busy: screens.busy(),
              idleSec: deps.powerMonitor.getSystemIdleTime(),
            }),
          report: () => guard.report(),
        },
      },
      { intervalMs: deps.heartbeatMs, log },
    );
    const applyWall = (value: unknown) => {
      const wall = parseWall(value);
      if (!wall) return;
      writeLastWall(wallFile, wall);
      windows.setWall(wall);
    };
    const offs = [
      client.on('layout.changed', (data) => {
        screens.layout(data);
        applyWall(data.wall);
      }),
      // On every (re)connection: the wall may have changed meanwhile, and the console should see us at once.
      client.onState((s) => {
        if (s !== 'up') return;
        client.call('wall.get', {}).then(applyWall, (err: unknown) => log(`[electron] wall.get failed: ${String(err)}`));
        // Why the layout is on (an alert's?) as of now: events missed while away are not replayed.
        if (guard) client.call('layout.active', {}).then((a) => screens.layout(a), (err: unknown) => log(`[electron] layout.active failed: ${String(err)}`));
        void heartbeat.beat();
      }),
      handleNodeCommands(client, windows, {
        nodeId: enrollment.nodeId,
        nodeName: enrollment.name,
        log,
        onIdentify: (ms) => screens.identify(ms),
      }),
    ];
    running = { enrollment, mux, client, bridge, windows, heartbeat, offs };
  };

  const halt = (r: Running) => {
    for (const off of r.offs) off();
    r.heartbeat.stop();
    r.bridge.dispose();
    r.windows.dispose();
    r.client.close();
    r.mux.close();
  };

  const saved = store.load(deps.connect.url, log);
  if (saved) run(saved);
  else askForCode(null);

  return {
    get role() {
      return running?.enrollment.role ?? null;
    },
    get client() {
      return running?.client ?? null;
    },
    get windows() {
      return running?.windows ?? null;
    },
    get enrollWindow() {
      return enrollWin;
    },
    cameraUpstream() {
      return running ? { base: deps.connect.url, credential: running.enrollment.credential, ca } : null;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      enrollWin?.close();
      enrollWin = null;
      if (running) halt(running);
      running = null;
    },
  };
}
