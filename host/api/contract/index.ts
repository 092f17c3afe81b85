import type { z } from 'zod';
import type { MethodDef } from './method';
import { coreMethods, type CoreEvents } from './core';
import { layoutsMethods, type LayoutsEvents } from './layouts';
import { syncMethods, type SyncEvents } from './sync';
import { viewsMethods } from './views';
import { alertsMethods, type AlertsEvents } from './alerts';

/**
 * The typed HostApi: every request a renderer (or LAN node) can make of the host, with the
 * params schema the host validates. Each part of the app owns one file here.
 * renderer/ may only `import type` from this folder.
 */
export const METHODS = {
  ...coreMethods,
  ...layoutsMethods,
  ...viewsMethods,
  ...syncMethods,
  ...alertsMethods,
} as const;

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
export type ParamsOf<K extends MethodName> = z.input<Methods[K]['params']>;
export type ResultOf<K extends MethodName> = Methods[K] extends MethodDef<z.ZodType, infer R> ? R : never;

export type HostApi = { [K in MethodName]: (params: ParamsOf<K>) => Promise<ResultOf<K>> };

/** Subscriptions: events the host pushes to every connected renderer. */
export type HostEvents = CoreEvents & LayoutsEvents & SyncEvents & AlertsEvents;
export type EventName = keyof HostEvents;

/** The wire protocol shared by the WebSocket and the Electron bridge. */
export type ClientMessage =
  | { type: 'request'; id: number; method: string; params: unknown }
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
export * from './alerts';
export type { MethodDef } from './method';
