import { z } from 'zod';
import { feedConfigSchema, syncConfigSchema } from '../../sync/feeds/config';
import { cameraSettingsSchema, camerasConfigSchema } from '../cameras/schema';

/**
 * The machine's configuration (one per IOC PC). Every field has a default so an empty file, or
 * no file at all, gives a working all-in-one demo on 127.0.0.1. Objects are strict: a typo such
 * as "sever" is reported instead of being silently ignored.
 */

export const ROLES = ['all-in-one', 'wall', 'console', 'kiosk'] as const;
export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

// The feed schema is the sync engine's (sync/feeds/config.ts); the host only places it.
const feedsSchema = z.array(feedConfigSchema, { error: 'must be a list of feeds' }).default([]);

const portSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be ≥ 0')
  .max(65535, 'must be ≤ 65535');

const urlSchema = z.url({ error: 'must be a full URL such as http://10.0.0.5:8080' });

export const serverConfigSchema = z.strictObject({
  host: z.string({ error: 'must be a host name or IP address' }).min(1, 'must not be empty').default('127.0.0.1'),
  // 0 asks the OS for a free port (tests, a second instance).
  port: portSchema.default(8080),
  /** WebSocket token; generated at start when absent. Short tokens are guessable on a LAN. */
  token: z.string({ error: 'must be text' }).min(16, 'must be at least 16 characters').optional(),
  /** Extra origins (LAN display nodes) allowed to open the WebSocket, e.g. 'http://10.0.0.5:8080'. */
  allowedOrigins: z.array(urlSchema, { error: 'must be a list of URLs' }).default([]),
  /**
   * HTTPS for the LAN: node credentials must not cross the network in clear. PEM files (paths
   * relative to the config file). Without it the host serves plain HTTP, fine on 127.0.0.1.
   */
  tls: z
    .strictObject({
      cert: z.string({ error: 'must be the path of a PEM certificate (chain) file' }).min(1),
      key: z.string({ error: 'must be the path of a PEM private key file' }).min(1),
    })
    .optional(),
});

/**
 * A node: this machine follows another machine's host instead of running its own. The
 * credential comes from enrollment (`ioc-wall enroll`, or the app's first-run screen).
 */
export const connectConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be the host\'s address, such as https://10.0.0.5:8080' }),
  /** The CA that signed the host's certificate (a self-signed or agency CA), PEM. */
  caFile: z.string({ error: 'must be a file path' }).min(1).optional(),
});

export const configSchema = z.strictObject({
  role: roleSchema.default('all-in-one'),
  /** Where the database lives; default: the OS app-data folder (host/config/paths.ts). */
  dataDir: z.string({ error: 'must be a folder path' }).min(1, 'must not be empty').optional(),
  server: serverConfigSchema.prefault({}),
  connect: connectConfigSchema.optional(),
  boundaries: z
    .strictObject({
      /** A GeoJSON FeatureCollection that replaces the bundled district boundaries. */
      file: z.string({ error: 'must be a file path' }).min(1, 'must not be empty').optional(),
    })
    .prefault({}),
  /** Seed the labelled demo dataset ("Dữ liệu mẫu") on first start with an empty database. */
  demo: z.boolean({ error: 'must be true or false' }).default(true),
  updates: z
    .strictObject({
      url: urlSchema.optional(),
      channel: z.enum(['stable', 'beta'], { error: 'must be stable or beta' }).default('stable'),
      /** How often an installed app asks the update server (hours). */
      intervalHours: z.number().min(1).max(168).default(6),
    })
    .prefault({}),
  kiosk: z
    .strictObject({
      /** Minutes without a touch before the kiosk returns to its home screen. */
      idleMinutes: z.number().min(1).max(120).default(3),
      /** "Đưa lên tường" waits for an operator's approval; false shows it at once (the operator is told). */
      requireApproval: z.boolean({ error: 'must be true or false' }).default(true),
    })
    .prefault({}),
  feeds: feedsSchema,
  /** Live cameras (README "Cameras"): streams the host proxies to the wall. */
  cameras: camerasConfigSchema,
  /** Stream health checks and the wall's signal-lost delay. */
  camera: cameraSettingsSchema.prefault({}),
  /** The rest of the sync engine's settings (where operator actions go, pause switch). */
  sync: syncConfigSchema.omit({ feeds: true }).prefault({}),
});

export type HostConfig = z.output<typeof configSchema>;
export type HostConfigInput = z.input<typeof configSchema>;
export type Role = z.infer<typeof roleSchema>;
