import type { z } from 'zod';

/**
 * Who may call the host. A node's credential carries one of the first three; the host's own
 * token (`server.token`, the console on the host, scripts) is `admin`, which may call anything.
 */
export const CALLER_ROLES = ['wall', 'kiosk', 'console', 'admin'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** The roles below admin that may call a method; admin is always allowed and never listed. */
export type MethodRoles = readonly Exclude<CallerRole, 'admin'>[];

/** Shorthands for the usual role lists, so a method's declaration reads as a sentence. */
export const EVERY_ROLE: MethodRoles = ['wall', 'kiosk', 'console'];
export const OPERATOR: MethodRoles = ['console'];
export const ADMIN_ONLY: MethodRoles = [];

/**
 * One HostApi method: a zod schema for its params (checked at the host boundary), the roles
 * that may call it (checked by the dispatcher before the params) and the TypeScript type of
 * its result (a phantom: results are produced by our own code).
 */
export interface MethodDef<P extends z.ZodType = z.ZodType, R = unknown> {
  params: P;
  roles: MethodRoles;
  /** Changes state: the caller sends a request id and a repeat gets the first answer. */
  mutates: boolean;
  /** Never set; carries the result type. */
  readonly __result?: R;
}

/**
 * Declares a method. `roles` is required so that no method exists without a decision on who
 * may call it; `mutates` defaults to true for anything not readable by every role.
 */
export function method<R>() {
  return <P extends z.ZodType>(params: P, access: { roles: MethodRoles; mutates?: boolean }): MethodDef<P, R> => ({
    params,
    roles: access.roles,
    mutates: access.mutates ?? true,
  });
}

/** A read: never changes state, so a repeat is harmless and needs no request id. */
export const read = (roles: MethodRoles) => ({ roles, mutates: false });
