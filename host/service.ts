import type Database from 'better-sqlite3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName, HostEvents, LanServerStatus, ServerMessage } from './api/contract';
import { createDispatcher, type Dispatcher } from './api/dispatcher';
import { HANDLERS } from './api/handlers';
import { createSession, type Session } from './api/session';
import type { HostConfig } from './config/schema';
import { backupsDir } from './db/backup';
import { openDatabase } from './db/open';
import { prepareData } from './prepare-data';
import { backfillDistrictsInTurns } from './store/district-backfill';
import { DOMAIN_IDS } from '../domains';
import { markRunning } from './db/running';
import { openLog, type Log } from './log';
import { startMaintenance, type Maintenance } from './maintenance';
import { createHttpServer } from './server/http';
import { handleCameraRequest } from './cameras/proxy';
import { readTls } from './server/tls';
import { generateToken, tokenMatches } from './server/security';
import { adminCaller, type Caller } from './room/caller';
import { Room } from './room/room';
import { findRendererDir } from './server/static';
import { attachWebSocket } from './server/ws';
import { RecordWriter } from './store/records';
import { startSync } from './sync';
import { FileSecretStore } from './sync/file-secrets';
import { moveInlineSecrets } from './sync/inline-secrets';
import { setExtraHolidays } from './layouts/store';
import { startLayouts, stopLayouts } from './layouts/runtime';
import { alertsListener, startAlerts, stopAlerts } from './alerts/runtime';
import type { SecretStore } from '../sync/store';
import { VERSION } from './version';
import { CameraService, setCameraService } from './cameras/service';

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
  /** The LAN server's state when one was asked for (null: not asked, e.g. a wall). */
  lanServer: LanServerStatus | null;
  /** What happened at start-up, for the CLI's banner and the cold-start benchmark. */
  startup: { createdDatabase: boolean; seeded: boolean; seedMs: number | null };
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

/**
 * The app's core as a plain Node service: database, HostApi, and (unless inside Electron) the
 * HTTP/WebSocket server for browser displays. Electron main calls it in-process.
 */
export async function startHost(options: HostOptions): Promise<HostService> {
  const { config, dataDir } = options;
  const opened = openDatabase(dataDir, undefined, { backupsDir: backupsDir(dataDir, config.backups) });
  const { db } = opened;
  // `restore` refuses while this mark is there.
  const unmark = markRunning(dataDir, 'host');
  let closeServer = async () => {};
  let closeRoom = () => {};
  const log = openLog(dataDir, { maxBytes: config.log.maxMB * 1024 * 1024, files: config.log.files });
  log.write('host', 'info', `start ${VERSION}, schema ${opened.schema}${opened.foundSchema && opened.foundSchema < opened.schema ? ` (migrated from ${opened.foundSchema})` : ''}, data ${dataDir}`);
  let maintenance: Maintenance | null = null;
  let cameras: CameraService | null = null;
  try {
    // One writer (its statements prepared once) for the start-up boundaries and every handler.
    const records = new RecordWriter(db);
    const prepared = prepareData(db, config, options.now ?? new Date(), records, { backfill: 'later' });
    const startup = { createdDatabase: opened.foundSchema === 0, seeded: prepared.seeded, seedMs: prepared.seedMs };
    const status: { lanServer: LanServerStatus | null } = { lanServer: null };
    const room = new Room(db);
    const dispatcher = createDispatcher({ db, records, config, dataDir, room, status }, HANDLERS);
    room.setEmit(dispatcher.emit);
    room.watchRevocations();
    closeRoom = () => room.dispose();
    // Cameras share the feeds' secret store: one place for every password of the machine.
    const secrets = options.secrets ?? FileSecretStore.inDataDir(dataDir);
    // A camera's health changed: screens re-read the list, and camera.down alert rules re-run.
    const cameraAlerts = alertsListener(db);
    cameras = new CameraService(db, secrets, config.camera, () => {
      const changed = { at: new Date().toISOString() };
      dispatcher.emit('cameras.changed', changed);
      cameraAlerts('cameras.changed', changed);
    });
    setCameraService(db, cameras);
    await cameras.store.applyConfig(config.cameras);
    const token = config.server.token ?? generateToken();
    const started = Date.now();

    const authenticate = (given: string | null): Caller | null =>
      tokenMatches(token, given) ? adminCaller('ws') : given ? room.nodes.authenticate(given) : null;
    let url: string | null = null;
    let port: number | null = null;
    if (options.serveHttp !== false) {
      const server = createHttpServer({
        tls: readTls(config.server.tls),
        enroll: (code, from) => {
          const enrolled = room.nodes.enroll(code, from);
          if (enrolled) dispatcher.emit('nodes.changed', { at: new Date().toISOString() });
          return enrolled;
        },
        cameras: { store: () => cameras?.store ?? null, authenticate },
        rendererDir: options.rendererDir === undefined ? findRendererDir() : options.rendererDir,
        health: () => ({
          version: VERSION,
          schema: db.pragma('user_version', { simple: true }) as number,
          uptime: Math.round((Date.now() - started) / 1000),
        }),
      });
      const ws = attachWebSocket(server, { authenticate, allowedOrigins: config.server.allowedOrigins, dispatcher });
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

    // The schedule ticker runs from start-up, so a wall with no console open still follows the
    // day's schedule.
    setExtraHolidays(db, config.holidays.extra);
    startLayouts({ db, emit: (e, d) => dispatcher.emit(e, d), now: options.now ? () => options.now! : undefined });
    maintenance = startMaintenance({
      db,
      config,
      dataDir,
      log,
      onChange: () => dispatcher.emit('storage.changed', { at: new Date().toISOString() }),
    });
    // The rules engine: a first evaluation now (so the demo's alerts are there at first start),
    // then after every sync batch and feed run, and on its timer.
    startAlerts({ db, config, emit: (e, d) => dispatcher.emit(e, d) });
    const toAlerts = alertsListener(db);
    // Sync starts last: the cache is served first, and a failed start leaves no timer behind.
    await moveInlineSecrets({ db, config, secrets, configFile: options.configFile, notice: (l) => console.warn(`[sync] ${l}`) });
    const sync = startSync(
      {
        db,
        config,
        dataDir,
        emit: (e, d) => {
          dispatcher.emit(e, d);
          toAlerts(e, d);
        },
        disk: maintenance.disk,
        log,
      },
      { secrets },
    );
    cameras.start();
    let closed = false;
    // Records stored before the boundaries (or before they changed) get their district a page per
    // turn of the event loop, while the screens are already served from the cache.
    const backfill = backfillDistrictsInTurns(db, () => closed).then(
      (r) => {
        if (r?.changed) dispatcher.emit('changed', { domains: [...DOMAIN_IDS] });
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
      startup,
      connect: (send, actor = 'ipc') => createSession(dispatcher, send, actor),
      emit: (event, data) => dispatcher.emit(event, data),
      handleCameraRequest: (req, res, u) => handleCameraRequest(req, res, u, { store: () => cameras?.store ?? null, authenticate }),
      log,
      async close() {
        if (closed) return;
        closed = true;
        await backfill;
        await sync.stop();
        await maintenance?.stop();
        stopAlerts(db);
        await cameras?.stop();
        stopLayouts(db);
        closeRoom();
        await closeServer();
        db.close();
        unmark();
        log.write('host', 'info', 'stopped');
      },
    };
  } catch (err) {
    // Nothing half-started may outlive a failed start: no listening socket, no open database.
    await maintenance?.stop();
    stopAlerts(db);
    await cameras?.stop();
    stopLayouts(db);
    closeRoom();
    await closeServer();
    db.close();
    unmark();
    log.write('host', 'error', `start failed: ${(err as Error).message}`);
    throw err;
  }
}
