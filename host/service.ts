import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName, HostEvents, LanServerStatus, ServerMessage } from './api/contract';
import { createDispatcher, type Dispatcher } from './api/dispatcher';
import { HANDLERS } from './api/handlers';
import type { HostServices } from './api/handlers/types';
import { createSession, type Session } from './api/session';
import type { HostConfig } from './config/schema';
import { backupsDir } from './db/backup';
import { explainOpenError, openDatabase } from './db/open';
import { prepareData } from './prepare-data';
import { backfillDistrictsInTurns } from './store/district-backfill';
import { DOMAIN_IDS } from '../domains';
import { markRunning } from './db/running';
import { openLog, type Log } from './log';
import { startMaintenance, type Maintenance } from './maintenance';
import { createHttpServer } from './server/http';
import { handleCameraRequest } from './cameras/proxy';
import { readTls } from './server/tls';
import { generateToken, hostNames, tokenMatches } from './server/security';
import { adminCaller, type Caller } from './room/caller';
import { Room } from './room/room';
import { findRendererDir } from './server/static';
import { firstFrames } from './server/first-frame';
import { attachWebSocket } from './server/ws';
import { RecordWriter } from './store/records';
import { createSync } from './sync';
import { FileSecretStore } from './sync/file-secrets';
import { moveInlineSecrets } from './sync/inline-secrets';
import { startLayouts } from './layouts/runtime';
import { alertsListener, startAlerts } from './alerts/runtime';
import type { SecretStore } from '../sync/store';
import { applyHostPriority, type PriorityOutcome } from './priority';
import { VERSION } from './version';
import { CameraService } from './cameras/service';
import { WallRequests } from './room/wall-requests';
import { createViewRefresher } from './views/refresh';

export type { HostServices };

export interface HostOptions {
  config: HostConfig;
  dataDir: string;
  /** false inside Electron (renderers use the preload bridge); default true. */
  serveHttp?: boolean;
  /** Override where the built renderer is (tests); default: found next to the code. */
  rendererDir?: string | null;
  /** Clock for the demo seed (tests, benchmarks want a fixed one). */
  now?: Date;
  /** Where feed secrets live; Electron passes a safeStorage-backed store (default: a 0600 file in dataDir). */
  secrets?: SecretStore;
  /** The config file the config came from: inline secrets found there are moved to the store and the file rewritten. */
  configFile?: string;
  /**
   * The desktop app: a port in use (EADDRINUSE) starts the host without its LAN server, and
   * `lanServer` (and the console) says why, instead of failing the start. `serve` keeps failing.
   */
  lanOptional?: boolean;
  /**
   * Start on a new, empty database although backups are beside a missing or empty one (`serve
   * --start-empty`; the desktop app: IOC_WALL_START_EMPTY=1). Without it such a start is refused
   * with the restore command (host/db/open.ts).
   */
  startEmpty?: boolean;
}

export interface HostService {
  db: Database.Database;
  config: HostConfig;
  dataDir: string;
  /** http://127.0.0.1:PORT when serving, else null. */
  url: string | null;
  port: number | null;
  token: string;
  schema: number;
  dispatcher: Dispatcher;
  /** Enrolled nodes and their open sessions. */
  room: Room;
  /** The services the handlers are given (layouts, alerts, sync, cameras, …). */
  services: HostServices;
  /** The LAN server's state when one was asked for (null: not asked, e.g. a wall). */
  lanServer: LanServerStatus | null;
  /** What happened at start-up, for the CLI's banner and the cold-start benchmark. */
  startup: { createdDatabase: boolean; seeded: boolean; seedMs: number | null; demoSkipped: string | null };
  /** One client conversation (the Electron bridge uses this; the WebSocket does too). */
  /** The Electron bridge's windows on this machine are the host's own: admin, named by `actor`. */
  connect(send: (m: ServerMessage) => void, actor?: string | Caller): Session;
  emit<E extends EventName>(event: E, data: HostEvents[E]): void;
  /**
   * The camera proxy (cameras/proxy.ts) for requests that do not come through the LAN server:
   * the desktop app's main process serves its windows' pictures with it. Authorised as on the
   * LAN server (the host's token or a node credential); false when the path is not a camera's.
   */
  handleCameraRequest(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
  /** The log file in the data folder (host, sync, backup; the updater may write to it too). */
  log: Log;
  /** The serving thread's priority as set at start (server.priority); restored by close. */
  priority: PriorityOutcome;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

function listen(server: import('node:http').Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new PortInUseError(
            `Cổng ${port} đang bận / Port ${port} on ${host} is already in use: stop the other program, or start with --port <another> (0 picks a free one).`,
          ),
        );
      } else reject(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const urlHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

type Emit = HostService['emit'];

/**
 * The composition root: every long-lived service of a host, made once and handed the others it
 * needs, then given to every handler as `ctx.services` (handlers never look one up by database or
 * make their own). startHost calls it; a test that wants the HostApi without a server does too.
 * Only the layout ticker and the rules engine's watch start here: sync and the camera checks
 * are started by the caller once the cache is served (SyncService.start, CameraService.start).
 */
export function createServices(parts: {
  db: Database.Database;
  config: HostConfig;
  dataDir: string;
  emit: Emit;
  /** Feeds and cameras share one store: one place for every password of the machine. */
  secrets: SecretStore;
  /** Started by the caller (it needs the log); null without one. */
  maintenance: Maintenance | null;
  log?: Log;
  /** The layout ticker's clock (tests and benchmarks fix it). */
  now?: () => Date;
}): HostServices {
  const { db, config, dataDir, emit, secrets, maintenance } = parts;
  const layouts = startLayouts({ db, emit, now: parts.now, extraHolidays: config.holidays.extra });
  // Cameras come before the rules engine, which reads which are down (camera.down); their
  // checks run only once the caller starts them, when toAlerts below exists. A camera's health
  // changed: screens re-read the list, and camera.down rules re-run.
  const cameras = new CameraService(db, secrets, config.camera, () => {
    const changed = { at: new Date().toISOString() };
    emit('cameras.changed', changed);
    toAlerts('cameras.changed', changed);
  });
  // A first evaluation now (so the demo's alerts are there at first start), then after every
  // sync batch and feed run, and on its timer.
  const alerts = startAlerts({ db, config, emit, layouts, cameras });
  const toAlerts = alertsListener(alerts);
  // A domain's data changed: the answers the displays hold are computed again before they hear it.
  const views = createViewRefresher(db, (domains) => emit('changed', { domains }));
  const sync = createSync(
    {
      db,
      config,
      dataDir,
      emit: (e, d) => {
        if (e === 'changed') views.changed((d as HostEvents['changed']).domains);
        else emit(e, d);
        toAlerts(e, d);
      },
      disk: maintenance?.disk,
      log: parts.log,
    },
    { secrets, start: false },
  );
  return { layouts, alerts, sync, cameras, wallRequests: new WallRequests(db, emit, layouts), maintenance, views };
}

/** Stops what createServices and its caller started (maintenance included), newest first. */
export async function stopServices(services: HostServices): Promise<void> {
  await services.sync.stop();
  services.views.stop();
  await services.maintenance?.stop();
  services.alerts.stop();
  await services.cameras.stop();
  services.layouts.stop();
}

/**
 * The app's core as a plain Node service: database, HostApi, and (unless inside Electron) the
 * HTTP/WebSocket server for browser displays. Electron main calls it in-process.
 */
export async function startHost(options: HostOptions): Promise<HostService> {
  const { config, dataDir } = options;
  const startEmpty = options.startEmpty ?? /^(1|true|yes)$/i.test(process.env.IOC_WALL_START_EMPTY ?? '');
  const opened = openDatabase(dataDir, undefined, { backupsDir: backupsDir(dataDir, config.backups), startEmpty });
  const { db } = opened;
  // `restore` refuses while this mark is there.
  let unmark: () => void;
  try {
    unmark = markRunning(dataDir, 'host');
  } catch (err) {
    // A full disk or a read-only folder: said in words, and the database closed again.
    db.close();
    throw explainOpenError(err, opened.path, backupsDir(dataDir, config.backups));
  }
  let closeServer = async () => {};
  let closeRoom = () => {};
  const log = openLog(dataDir, { maxBytes: config.log.maxMB * 1024 * 1024, files: config.log.files });
  log.write('host', 'info', `start ${VERSION}, schema ${opened.schema}${opened.foundSchema && opened.foundSchema < opened.schema ? ` (migrated from ${opened.foundSchema})` : ''}, data ${dataDir}`);
  // This thread serves every display: raised before anything is served (see host/priority.ts).
  const priority = applyHostPriority(config.server.priority);
  log.write('host', priority.refused ? 'warn' : 'info', priority.refused ?? `serving thread niceness ${priority.now} (was ${priority.before})`);
  let maintenance: Maintenance | null = null;
  let services: HostServices | null = null;
  try {
    // One writer (its statements prepared once) for the start-up boundaries and every handler.
    const records = new RecordWriter(db);
    const prepared = prepareData(db, config, options.now ?? new Date(), records, { backfill: 'later' });
    const startup = { createdDatabase: opened.foundSchema === 0, seeded: prepared.seeded, seedMs: prepared.seedMs, demoSkipped: prepared.demoSkipped };
    // Asked for, and not seeded: said in the log (a warning, so on serve's stderr too), not left
    // to be guessed from a wall without data.
    if (prepared.demoSkipped) log.write('host', 'warn', prepared.demoSkipped);
    const status: { lanServer: LanServerStatus | null } = { lanServer: null };
    const room = new Room(db);
    // Services are made before the dispatcher that hands them to the handlers; what they emit
    // before it exists has no listener yet (no session can be open).
    let emitTo: Emit | null = null;
    const emit: Emit = (event, data) => emitTo?.(event, data);
    maintenance = startMaintenance({
      db,
      config,
      dataDir,
      log,
      onChange: () => emit('storage.changed', { at: new Date().toISOString() }),
    });
    const secrets = options.secrets ?? FileSecretStore.inDataDir(dataDir);
    services = createServices({ db, config, dataDir, emit, secrets, maintenance, log, now: options.now ? () => options.now! : undefined });
    const { sync, cameras } = services;
    const dispatcher = createDispatcher({ db, records, config, dataDir, room, status, services }, HANDLERS);
    emitTo = dispatcher.emit;
    room.setEmit(dispatcher.emit);
    room.watchRevocations();
    closeRoom = () => room.dispose();
    await cameras.store.applyConfig(config.cameras);
    const token = config.server.token ?? generateToken();
    // Uptime is a duration: on the monotonic clock, or a clock stepped back (NTP) made it negative.
    const started = performance.now();

    const authenticate = (given: string | null): Caller | null =>
      tokenMatches(token, given) ? adminCaller('ws') : given ? room.nodes.authenticate(given) : null;
    let url: string | null = null;
    let port: number | null = null;
    if (options.serveHttp !== false) {
      const tls = readTls(config.server.tls);
      const names = hostNames(config.server.allowedOrigins, tls?.cert, config.server.host);
      const rendererDir = options.rendererDir === undefined ? findRendererDir() : options.rendererDir;
      const server = createHttpServer({
        tls,
        allowedOrigins: config.server.allowedOrigins,
        hostNames: names,
        authenticate,
        enroll: (code, from) => {
          const enrolled = room.nodes.enroll(code, from);
          if (enrolled) dispatcher.emit('nodes.changed', { at: new Date().toISOString() });
          return enrolled;
        },
        cameras: { store: () => cameras?.store ?? null, authenticate, signalLostSec: config.camera.signalLostSec },
        rendererDir,
        firstFrames: rendererDir ? firstFrames({ dispatcher, moduleFile: join(rendererDir, '..', 'first-frame', 'render.js') }) : undefined,
        health: () => ({
          version: VERSION,
          schema: db.pragma('user_version', { simple: true }) as number,
          uptime: Math.round((performance.now() - started) / 1000),
        }),
      });
      const ws = attachWebSocket(server, { authenticate, allowedOrigins: config.server.allowedOrigins, hostNames: names, dispatcher });
      try {
        port = await listen(server, config.server.port, config.server.host);
        url = `${config.server.tls ? 'https' : 'http'}://${urlHost(config.server.host)}:${port}`;
        status.lanServer = { listening: true, url, error: null };
        closeServer = () =>
          new Promise<void>((resolve) => {
            ws.close();
            server.close(() => resolve());
            server.closeAllConnections();
          });
      } catch (err) {
        ws.close();
        if (!options.lanOptional || !(err instanceof PortInUseError)) throw err;
        // The screens of this machine do not need the LAN server; a port taken by another
        // program must not keep a control room dark. The console says so.
        status.lanServer = { listening: false, url: null, error: err.message };
        console.warn(`[host] ${err.message} — started without the LAN server`);
      }
    }

    // Sync starts last: the cache is served first, and a failed start leaves no timer behind.
    await moveInlineSecrets({ db, config, secrets, configFile: options.configFile, notice: (l) => console.warn(`[sync] ${l}`) });
    sync.start();
    cameras.start();
    let closed = false;
    // Records stored before the boundaries (or before they changed) get their district a page per
    // turn of the event loop, while the screens are already served from the cache.
    const backfill = backfillDistrictsInTurns(db, () => closed).then(
      (r) => {
        if (r?.changed) services?.views.changed([...DOMAIN_IDS]);
      },
      (err: unknown) => console.warn(`[host] district back-fill stopped: ${(err as Error).message}`),
    );
    return {
      db,
      config,
      dataDir,
      url,
      port,
      token,
      schema: opened.schema,
      lanServer: status.lanServer,
      dispatcher,
      room,
      services,
      startup,
      connect: (send, actor = 'ipc') => createSession(dispatcher, send, actor),
      emit: (event, data) => dispatcher.emit(event, data),
      handleCameraRequest: (req, res, u) => handleCameraRequest(req, res, u, { store: () => cameras?.store ?? null, authenticate, signalLostSec: config.camera.signalLostSec }),
      log,
      priority,
      async close() {
        if (closed) return;
        closed = true;
        await backfill;
        await stopServices(services!);
        closeRoom();
        await closeServer();
        db.close();
        unmark();
        priority.restore();
        log.write('host', 'info', 'stopped');
      },
    };
  } catch (err) {
    // Nothing half-started may outlive a failed start: no listening socket, no open database.
    if (services) await stopServices(services);
    else await maintenance?.stop();
    closeRoom();
    await closeServer();
    db.close();
    unmark();
    priority.restore();
    log.write('host', 'error', `start failed: ${(err as Error).message}`);
    throw err;
  }
}
