import { z } from 'zod';
import { ADMIN_ONLY, method, read } from './method';

/** One stored secret as an administrator sees it: its name, never its value. */
export interface SecretView {
  name: string;
  /** Stored in the secret store (a name referenced but never set shows false). */
  stored: boolean;
  /** Origins listed for it, beyond those the config file's own feeds send it to. */
  origins: string[];
  /** The origins the config file's feeds and actions endpoint send it to (allowed without a listing). */
  configOrigins: string[];
  /** Feeds (and 'actionsEndpoint') that refer to it as secret:NAME. */
  usedBy: string[];
}

const secretNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

const originSchema = z.url().refine((u) => /^https?:/.test(u), 'http(s) only');

/** Secrets are the province's keys: only the host's own (admin) token may see their names or change them. */
export const secretsMethods = {
  'secrets.list': method<SecretView[]>()(z.object({}), read(ADMIN_ONLY)),
  /** Sets a secret's value (never echoed back) and, optionally, origins it may be sent to. */
  'secrets.set': method<SecretView>()(
    z.object({ name: secretNameSchema, value: z.string().min(1).max(10_000), origins: z.array(originSchema).max(20).default([]) }),
    { roles: ADMIN_ONLY },
  ),
  'secrets.delete': method<{ name: string; deleted: boolean }>()(z.object({ name: secretNameSchema }), { roles: ADMIN_ONLY }),
};
