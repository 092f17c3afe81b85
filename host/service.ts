import type Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import type { EventName, HostEvents, ServerMessage } from './api/contract';
import { createDispatcher, type Dispatcher } from './api/dispatcher';
import { HANDLERS } from './api/handlers';
import { createSession, type Session } from './api/session';
import type { HostConfig } from './config/schema';
import { openDatabase } from './db/open';
import { seedDemo } from './demo';
import { loadBoundaries } from './demo/boundaries';
import { createHttpServer } from './server/http';
import { readTls } from './server/tls';
import { generateToken, tokenMatches } from './server/security';
import { adminCaller, type Caller } from './room/caller';
import { Room } from './room/room';
import { findRendererDir } from './server/static';
import { attachWebSocket } from './server/ws';
import { RecordWriter } from './store/records';
import { startSync } from './sync';
import { startLayouts, stopLayouts } from './layouts/runtime';
import type { SecretStore } from '../sync/store';
import { VERSION } from './version';
import { CameraService, setCameraService } from './cameras/service';
import { FileSecretStore } from './sync/file-secrets';

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
  /** What happened at start-up, for the CLI's banner and the cold-start benchmark. */
  startup: { createdDatabase: boolean; seeded: boolean; seedMs: number | null };
  /** One client conversation (the Electron bridge uses this; the WebSocket does too). */
  /** The Electron bridge's windows on this machine are the host's own: admin, named by `actor`. */
  connect(send: (m: ServerMessage) => void, actor?: string | Caller): Session;
  emit<E extends EventName>(event: E, data: HostEvents[E]): void;
  close(): Promise<void>;
}

/** No records of any kind and never seeded: other migrations may write meta rows, so meta is not asked. */
function isEmpty(db: Database.Database): boolean {
  const any = (table: string) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
  const recordTables = ['areas', 'observations', 'events', 'stations', 'places'];
  return !recordTables.some(any) && db.prepare(`SELECT 1 FROM meta WHERE key = 'demo'`).get() === undefined;
}

/**
 * Fills an empty database: the labelled demo dataset, or (demo off) just the boundaries so the
 * map still draws. An installer's boundaries file is re-applied on every start, so replacing the
 * file takes effect without wiping the database.
 */
function prepareData(
  db: Database.Database,
  records: RecordWriter,
  config: HostConfig,
  now: Date,
): { seeded: boolean; seedMs: number | null } {
  if (isEmpty(db) && config.demo) {
    const t0 = performance.now();
    seedDemo(db, { now, boundariesFile: config.boundaries.file });
    return { seeded: true, seedMs: performance.now() - t0 };
  }
  const needAreas = db.prepare(`SELECT 1 FROM areas LIMIT 1`).get() === undefined;
  if (needAreas || config.boundaries.file) {
    const areas = loadBoundaries(config.boundaries.file);
    db.transaction(() => areas.forEach((a) => records.area(a)))();
  }
  return { seeded: false, seedMs: null };
}

function listen(server: import('node:http').Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new Error(
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
  const opened = openDatabase(dataDir);
  const { db } = opened;
  let closeServer = async () => {};
  let closeRoom = () => {};
  let cameras: CameraService | null = null;
  try {
    // One writer (its statements prepared once) for the start-up boundaries and every handler.
    const records = new RecordWriter(db);
    const startup = { createdDatabase: opened.foundSchema === 0, ...prepareData(db, records, config, options.now ?? new Date()) };
    const room = new Room(db);
    const dispatcher = createDispatcher({ db, records, config, dataDir, room }, HANDLERS);
    room.setEmit(dispatcher.emit);
    room.watchRevocations();
    closeRoom = () => room.dispose();
    // Cameras share the feeds' secret store: one place for every password of the machine.
    const secrets = options.secrets ?? FileSecretStore.inDataDir(dataDir);
    cameras = new CameraService(db, secrets, config.camera, () => dispatcher.emit('cameras.changed', { at: new Date().toISOString() }));
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
      port = await listen(server, config.server.port, config.server.host);
      url = `${config.server.tls ? 'https' : 'http'}://${urlHost(config.server.host)}:${port}`;
      closeServer = () =>
        new Promise<void>((resolve) => {
          ws.close();
          server.close(() => resolve());
          server.closeAllConnections();
        });
    }

    // The schedule ticker runs from start-up, so a wall with no console open still follows the
    // day's schedule.
    startLayouts({ db, emit: (e, d) => dispatcher.emit(e, d), now: options.now ? () => options.now! : undefined });
    // Sync starts last: the cache is served first, and a failed start leaves no timer behind.
    const sync = startSync({ db, config, dataDir, emit: (e, d) => dispatcher.emit(e, d) }, { secrets });
    cameras.start();
    let closed = false;
    return {
      db,
      config,
      dataDir,
      url,
      port,
      token,
      schema: opened.schema,
      dispatcher,
      room,
      startup,
      connect: (send, actor = 'ipc') => createSession(dispatcher, send, actor),
      emit: (event, data) => dispatcher.emit(event, data),
      async close() {
        if (closed) return;
        closed = true;
        await sync.stop();
        await cameras?.stop();
        stopLayouts(db);
        closeRoom();
        await closeServer();
        db.close();
      },
    };
  } catch (err) {
    // Nothing half-started may outlive a failed start: no listening socket, no open database.
    await cameras?.stop();
    stopLayouts(db);
    closeRoom();
    await closeServer();
    db.close();
    throw err;
  }
}
