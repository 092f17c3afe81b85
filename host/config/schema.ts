import { z } from 'zod';

/**
 * The machine's configuration (one per IOC PC). Every field has a default so an empty file, or
 * no file at all, gives a working all-in-one demo on 127.0.0.1.
 */

export const ROLES = ['all-in-one', 'wall', 'console', 'kiosk'] as const;
export const roleSchema = z.enum(ROLES);

// Until sync/ exports its feed schema, feeds are carried through unchecked; the sync engine
// validates them itself when it starts.
const feedsSchema = z.array(z.unknown()).default([]);

export const serverConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  // 0 asks the OS for a free port (tests, a second instance).
  port: z.number().int().min(0).max(65535).default(8080),
  /** WebSocket token; generated at start when absent. Short tokens are guessable on a LAN. */
  token: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Extra origins (LAN display nodes) allowed to open the WebSocket, e.g. 'http://10.0.0.5:8080'. */
  allowedOrigins: z.array(z.url()).default([]),
});

export const configSchema = z.object({
  role: roleSchema.default('all-in-one'),
  /** Where the database lives; default: the OS app-data folder (host/config/paths.ts). */
  dataDir: z.string().min(1).optional(),
  server: serverConfigSchema.prefault({}),
  boundaries: z
    .object({
      /** A GeoJSON FeatureCollection that replaces the bundled district boundaries. */
      file: z.string().min(1).optional(),
    })
    .prefault({}),
  /** Seed the labelled demo dataset ("Dữ liệu mẫu") on first start with an empty database. */
  demo: z.boolean().default(true),
  updates: z
    .object({
      url: z.url().optional(),
      channel: z.enum(['stable', 'beta']).default('stable'),
    })
    .prefault({}),
  feeds: feedsSchema,
});

export type HostConfig = z.output<typeof configSchema>;
export type HostConfigInput = z.input<typeof configSchema>;
export type Role = z.infer<typeof roleSchema>;
