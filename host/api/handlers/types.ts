import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { EventName, HostEvents, MethodDef } from '../contract';
import type { HostConfig } from '../../config/schema';
import type { Caller } from '../../room/caller';
import type { Room } from '../../room/room';
import type { RecordWriter } from '../../store/records';
import type { AlertsRuntime } from '../../alerts/runtime';
import type { CameraService } from '../../cameras/service';
import type { LayoutRuntime } from '../../layouts/runtime';
import type { Maintenance } from '../../maintenance';
import type { WallRequests } from '../../room/wall-requests';
import type { SyncService } from '../../sync';
import type { ViewRefresher } from '../../views/refresh';

/**
 * The long-lived parts of one host, made once by its composition root (host/service.ts) and
 * handed to every handler: handlers never look a service up or make one of their own.
 */
export interface HostServices {
  /** The layout ticker: resolves what the wall shows, and tells the displays when it changes. */
  layouts: LayoutRuntime;
  /** The rules engine. */
  alerts: AlertsRuntime;
  /** Feeds, the outbox, and the secret store they share with the cameras. */
  sync: SyncService;
  cameras: CameraService;
  wallRequests: WallRequests;
  /** Disk watch, backups, retention sweeps; null where nothing runs them (a host made for a test). */
  maintenance: Maintenance | null;
  /** Tells the displays that a domain's data changed (`changed`), once their answers are computed again. */
  views: ViewRefresher;
}

/**
 * What every HostApi handler gets besides its (already validated) params. One ctx per call,
 * so `caller` and `actor` can name who asked (for the audit log) without threading it through
 * params.
 */
export interface HandlerCtx {
  db: Database.Database;
  records: RecordWriter;
  /** Pushes an event to every subscribed client (WebSocket and Electron bridge alike). */
  emit<E extends EventName>(event: E, data: HostEvents[E]): void;
  config: HostConfig;
  dataDir: string;
  /** The enrolled machines and their open sessions. */
  room: Room;
  services: HostServices;
  /** Facts of this running host that are not in the config (the LAN server's state). */
  status?: { lanServer: import('../contract/updates').LanServerStatus | null };
  /** Who made the request; its role was checked before the handler runs. */
  caller: Caller;
  /** The caller for audit_log rows: 'node:n-1a2b3c4d (Tường 1)', 'ipc:console', 'cli', 'test'. */
  actor: string;
  /** The session the request came on, or null for the host's own calls. */
  sessionId: number | null;
}

type ResultOfDef<D> = D extends MethodDef<z.ZodType, infer R> ? R : never;
type ParamsOfDef<D> = D extends MethodDef<infer P, unknown> ? z.output<P> : never;

/**
 * The handlers of one contract file: `export const coreHandlers: Handlers<typeof coreMethods>`.
 * Params arrive parsed (zod output: defaults applied); results are typed by the contract.
 */
export type Handlers<M> = {
  [K in keyof M]: (params: ParamsOfDef<M[K]>, ctx: HandlerCtx) => ResultOfDef<M[K]> | Promise<ResultOfDef<M[K]>>;
};

/** A handler as the dispatcher sees it, after the typed maps are merged. */
export type AnyHandler = (params: never, ctx: HandlerCtx) => unknown;
