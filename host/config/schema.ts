import { z } from 'zod';
import { TIME_ZONE } from '../../base/time-zone';
import { feedConfigSchema, syncConfigSchema } from '../../sync/feeds/config';
import { alertRuleSchema } from '../../domains/alerts';
import { extraHolidaySchema } from '../../layouts/holidays';
import { cameraSettingsSchema, camerasConfigSchema } from '../cameras/schema';
import { FEED_LIST, refuseDuplicateIds } from './unique-ids';

/**
 * The machine's configuration (one per IOC PC). Every field has a default so an empty file, or
 * no file at all, gives a working all-in-one demo on 127.0.0.1. Objects are strict: a typo such
 * as "sever" is reported instead of being silently ignored.
 */

export const ROLES = ['all-in-one', 'wall', 'console', 'kiosk'] as const;
export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

// The feed schema is the sync engine's (sync/feeds/config.ts); the host only places it. Ids are
// unique as camera ids are: a feed's secrets, console edit and state are all kept by its id.
export const feedsSchema = z.array(feedConfigSchema, { error: 'must be a list of feeds' }).default([]).superRefine(refuseDuplicateIds(FEED_LIST));

const portSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be ≥ 0')
  .max(65535, 'must be ≤ 65535');

const days = (d: number) =>
  z.number({ error: 'must be a number of days' }).int('must be a whole number').min(1, 'must be ≥ 1 day').default(d);

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
  /**
   * The serving thread's scheduling priority (host/priority.ts): 'above-normal' lets the room's
   * asks run before other work on a busy machine; 'normal' leaves the thread as started.
   */
  priority: z.enum(['above-normal', 'normal'], { error: 'must be "above-normal" or "normal"' }).default('above-normal'),
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

const clockSchema = z.string({ error: 'must be a time such as 02:00' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM such as 02:00');

const timeZoneSchema = z.string({ error: 'must be an IANA time zone such as Asia/Ho_Chi_Minh' }).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Ho_Chi_Minh');

export const updatesConfigSchema = z
  .strictObject({
    /** The update server (generic provider); must be https unless allowInsecure. */
    url: urlSchema.optional(),
    /** A lab without TLS may allow http://; the console then says so in red. */
    allowInsecure: z.boolean({ error: 'must be true or false' }).default(false),
    channel: z.enum(['stable', 'beta'], { error: 'must be stable or beta' }).default('stable'),
    /** How often an installed app asks the update server (hours). */
    intervalHours: z.number().min(1).max(168).default(6),
    /** canary machines take every release at once; the others follow latest.yml stagingPercentage. */
    group: z.enum(['canary', 'general'], { error: 'must be canary or general' }).default('general'),
    /** A downloaded update installs only inside this window, after the console has been idle. */
    installWindow: z
      .strictObject({
        from: clockSchema.default('02:00'),
        to: clockSchema.default('04:00'),
        timeZone: timeZoneSchema.default(TIME_ZONE),
        /** Minutes without keyboard/mouse/touch input before the app may restart to install. */
        idleMinutes: z.number().min(0).max(240).default(10),
      })
      .prefault({}),
  })
  .superRefine((u, ctx) => {
    if (u.url && !u.url.startsWith('https://') && !u.allowInsecure) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message:
          'phải là https:// / must be https:// (updates over plain HTTP can be replaced on the way; a lab may set updates.allowInsecure: true)',
      });
    }
  });

/**
 * The desktop node's memory guard (electron/memory-guard.ts): Chromium's own processes (a
 * software-compositing GPU process, 3.5 MB/h in a 110-minute soak) grow where no page of ours
 * does, and a wall runs for months, so the node restarts itself when its processes together stay
 * above a ceiling, at a quiet moment. Optional as a whole: absent means these defaults.
 */
export const memoryGuardConfigSchema = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  /**
   * Total working set of every process of the app (MB). Absent: derived 15 minutes after start
   * from that start's own level (electron/memory-guard.ts deriveCeilingMB).
   */
  ceilingMB: z.number({ error: 'must be a number of MB' }).int('must be a whole number').min(256, 'must be ≥ 256').max(1_048_576).optional(),
  /** A daily window such as "02:00-05:00" (spans midnight too) the restart must fall in; absent: any quiet moment. */
  window: z
    .string({ error: 'must be a window such as "02:00-05:00"' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must be a window HH:MM-HH:MM such as "02:00-05:00"')
    .optional(),
  /** The clock the window is read on; the province's, whatever zone the PC was left in. */
  timeZone: timeZoneSchema.default(TIME_ZONE),
  /** At most one guard restart per this many hours (kept across the restart). */
  minHoursBetween: z.number({ error: 'must be a number of hours' }).min(1, 'must be ≥ 1').max(720, 'must be ≤ 720').default(20),
  /** Minutes without keyboard/mouse/touch input before a restart (a console's operator at work). */
  idleMinutes: z.number({ error: 'must be a number of minutes' }).min(0, 'must be ≥ 0').max(240, 'must be ≤ 240').default(10),
});
export type MemoryGuardConfig = z.output<typeof memoryGuardConfigSchema>;

export const configSchema = z.strictObject({
  role: roleSchema.default('all-in-one'),
  /** Where the database lives; default: the OS app-data folder (host/config/paths.ts). */
  dataDir: z.string({ error: 'must be a folder path' }).min(1, 'must not be empty').optional(),
  server: serverConfigSchema.prefault({}),
  connect: connectConfigSchema.optional(),
  /** A node's memory ceiling and restart (node mode only, `connect.url`); absent: the defaults. */
  memoryGuard: memoryGuardConfigSchema.optional(),
  boundaries: z
    .strictObject({
      /** A GeoJSON FeatureCollection that replaces the bundled district boundaries. */
      file: z.string({ error: 'must be a file path' }).min(1, 'must not be empty').optional(),
    })
    .prefault({}),
  /** Seed the labelled demo dataset ("Dữ liệu mẫu") on first start with an empty database. */
  demo: z.boolean({ error: 'must be true or false' }).default(true),
  updates: updatesConfigSchema.prefault({}),
  /** Public keys (PEM text or .pem file paths) trusted for offline bundles, besides the built-in ones. */
  trust: z
    .strictObject({
      bundleKeys: z.array(z.string({ error: 'must be PEM text or a .pem file path' }).min(1, 'must not be empty'), { error: 'must be a list' }).default([]),
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
  /** Nightly backups of the database (host/db/backup.ts). */
  backups: z
    .strictObject({
      enabled: z.boolean({ error: 'must be true or false' }).default(true),
      /** Folder for the backups; relative to the data folder; default "backups". */
      dir: z.string({ error: 'must be a folder path' }).min(1, 'must not be empty').optional(),
      /** Daily backups kept. */
      daily: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(366).default(7),
      /** Weekly backups kept (0: none). */
      weekly: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(520).default(4),
      /** Local hour (0–23) after which the night's backup is made. */
      hour: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(23, 'must be ≤ 23').default(2),
    })
    .prefault({}),
  /** How long the database keeps what it would otherwise keep forever (host/db/retention.ts). */
  retention: z
    .strictObject({
      quarantineDays: days(30),
      outboxDays: days(30),
      auditDays: days(365),
      readingsDays: days(400),
    })
    .prefault({}),
  /** Free-space watch of the data folder's disk (host/db/disk.ts). */
  disk: z
    .strictObject({
      /** Warn (console banner, doctor) below this much free space. */
      warnBelowMB: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').default(1024),
    })
    .prefault({}),
  /** The rotating log file in the data folder (host/log.ts). */
  log: z
    .strictObject({
      maxMB: z.number({ error: 'must be a number' }).min(1, 'must be ≥ 1').max(1024, 'must be ≤ 1024').default(10),
      files: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(50, 'must be ≤ 50').default(5),
    })
    .prefault({}),
  feeds: feedsSchema,
  /** Alert rules (domains/alerts.ts): added to the bundled ones; a rule with a bundled id replaces it. */
  alerts: z
    .strictObject({
      rules: z.array(alertRuleSchema, { error: 'must be a list of rules' }).default([]),
      /** false starts without the bundled Bình Phước rules. */
      bundled: z.boolean({ error: 'must be true or false' }).default(true),
      /** Seconds between timer evaluations (besides the one after every sync batch). */
      evaluateEverySec: z.number().int().min(5).max(3600).default(60),
      /** Closed alerts are kept this many days, then deleted. */
      keepDays: z.number().int().min(1).max(3650).default(365),
    })
    .prefault({}),
  /** Public holidays for the schedule: extra days off the government sets each year. */
  holidays: z
    .strictObject({
      extra: z.array(extraHolidaySchema, { error: 'must be a list of {date, name}' }).default([]),
    })
    .prefault({}),
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
