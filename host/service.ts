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
import { generateToken } from './server/security';
import { findRendererDir } from './server/static';
import { attachWebSocket } from './server/ws';
import { RecordWriter } from './store/records';
import { startSync } from './sync';
import { setExtraHolidays } from './layouts/store';
import { startLayouts, stopLayouts } from './layouts/runtime';
import { alertsListener, startAlerts, stopAlerts } from './alerts/runtime';
import type { SecretStore } from '../sync/store';
import { VERSION } from './version';

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
  /** What happened at start-up, for the CLI's banner and the cold-start benchmark. */
  startup: { createdDatabase: boolean; seeded: boolean; seedMs: number | null };
  /** One client conversation (the Electron bridge uses this; the WebSocket does too). */
  connect(send: (m: ServerMessage) => void, actor?: string): Session;
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
  try {
    // One writer (its statements prepared once) for the start-up boundaries and every handler.
    const records = new RecordWriter(db);
    const startup = { createdDatabase: opened.foundSchema === 0, ...prepareData(db, records, config, options.now ?? new Date()) };
    const dispatcher = createDispatcher({ db, records, config, dataDir }, HANDLERS);
    const token = config.server.token ?? generateToken();
    const started = Date.now();

    let url: string | null = null;
    let port: number | null = null;
    if (options.serveHttp !== false) {
      const server = createHttpServer({
        rendererDir: options.rendererDir === undefined ? findRendererDir() : options.rendererDir,
        health: () => ({
          version: VERSION,
          schema: db.pragma('user_version', { simple: true }) as number,
          uptime: Math.round((Date.now() - started) / 1000),
        }),
      });
      const ws = attachWebSocket(server, { token, allowedOrigins: config.server.allowedOrigins, dispatcher });
      port = await listen(server, config.server.port, config.server.host);
      url = `http://${urlHost(config.server.host)}:${port}`;
      closeServer = () =>
        new Promise<void>((resolve) => {
          ws.close();
          server.close(() => resolve());
          server.closeAllConnections();
        });
    }

    // The schedule ticker runs from start-up, so a wall with no console open still follows the
    // day's schedule.
    setExtraHolidays(db, config.holidays.extra);
    startLayouts({ db, emit: (e, d) => dispatcher.emit(e, d), now: options.now ? () => options.now! : undefined });
    // The rules engine: a first evaluation now (so the demo's alerts are there at first start),
    // then after every sync batch and feed run, and on its timer.
    startAlerts({ db, config, emit: (e, d) => dispatcher.emit(e, d) });
    const toAlerts = alertsListener(db);
    // Sync starts last: the cache is served first, and a failed start leaves no timer behind.
    const sync = startSync(
      {
        db,
        config,
        dataDir,
        emit: (e, d) => {
          dispatcher.emit(e, d);
          toAlerts(e, d);
        },
      },
      { secrets: options.secrets },
    );
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
      startup,
      connect: (send, actor = 'ipc') => createSession(dispatcher, send, actor),
      emit: (event, data) => dispatcher.emit(event, data),
      async close() {
        if (closed) return;
        closed = true;
        await sync.stop();
        stopAlerts(db);
        stopLayouts(db);
        await closeServer();
        db.close();
      },
    };
  } catch (err) {
    // Nothing half-started may outlive a failed start: no listening socket, no open database.
    stopAlerts(db);
    stopLayouts(db);
    await closeServer();
    db.close();
    throw err;
  }
}
