import type { z } from 'zod';
import type { MethodDef } from './method';
import { camerasMethods, type CamerasEvents } from './cameras';
import { coreMethods, type CoreEvents } from './core';
import { EVERY_ROLE, OPERATOR, type MethodRoles } from './method';
import { layoutsMethods, type LayoutsEvents } from './layouts';
import { roomMethods, type RoomEvents } from './room';
import { secretsMethods } from './secrets';
import { storageMethods, type StorageEvents } from './storage';
import { syncMethods, type SyncEvents } from './sync';
import { updatesMethods } from './updates';
import { viewsMethods } from './views';
import { alertsMethods, type AlertsEvents } from './alerts';
import { mergeDistinct } from './merge';

/**
 * The typed HostApi: every request a renderer (or LAN node) can make of the host, with the
 * params schema the host validates. Each part of the app owns one file here.
 * renderer/ may only `import type` from this folder.
 */
export const METHODS = mergeDistinct({
  core: coreMethods,
  layouts: layoutsMethods,
  views: viewsMethods,
  sync: syncMethods,
  room: roomMethods,
  secrets: secretsMethods,
  updates: updatesMethods,
  storage: storageMethods,
  alerts: alertsMethods,
  cameras: camerasMethods,
});

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
export type ParamsOf<K extends MethodName> = z.input<Methods[K]['params']>;
export type ResultOf<K extends MethodName> = Methods[K] extends MethodDef<z.ZodType, infer R> ? R : never;

export type HostApi = { [K in MethodName]: (params: ParamsOf<K>) => Promise<ResultOf<K>> };

/** Subscriptions: events the host pushes to every connected renderer. */
export type HostEvents = CoreEvents & LayoutsEvents & SyncEvents & RoomEvents & StorageEvents & AlertsEvents & CamerasEvents;
export type EventName = keyof HostEvents;

/**
 * Who may subscribe to each event (admin always may). An event not listed here cannot be
 * subscribed to at all, so a client cannot make the host keep listeners for made-up names.
 * Events addressed to one node (node.command) or one kiosk (its own wall requests) are further
 * filtered by the host (host/api/audience.ts).
 */
export const EVENT_ROLES: { readonly [E in EventName]: MethodRoles } = {
  changed: EVERY_ROLE,
  'layout.changed': EVERY_ROLE,
  'layout.cued': EVERY_ROLE,
  'presets.changed': EVERY_ROLE,
  'feeds.changed': OPERATOR,
  'nodes.changed': OPERATOR,
  'wallRequest.changed': ['kiosk', 'console'],
  'node.command': EVERY_ROLE,
  'storage.changed': OPERATOR,
  'alerts.changed': EVERY_ROLE,
  'cameras.changed': EVERY_ROLE,
};

/** The wire protocol shared by the WebSocket and the Electron bridge. */
export type ClientMessage =
  /**
   * `rid`: a request id made by the client, sent with every mutating request. The host applies
   * each (caller, rid) once and answers a repeat (a re-send after a lost reply) with the first result.
   */
  | { type: 'request'; id: number; method: string; params: unknown; rid?: string }
  | { type: 'subscribe'; event: string }
  | { type: 'unsubscribe'; event: string };

export type ServerMessage =
  | { type: 'response'; id: number; result: unknown }
  | { type: 'error'; id: number; error: { code: string; message: string; issues?: { path: string; message: string }[] } }
  | { type: 'event'; event: string; data: unknown };

export * from './core';
export * from './views';
export * from './layouts';
export * from './sync';
export * from './room';
export * from './cameras';
export type { MethodDef, CallerRole, MethodRoles } from './method';
export { CALLER_ROLES } from './method';
export { mergeDistinct } from './merge';
export * from './secrets';
export * from './updates';
export * from './storage';
export * from './alerts';
