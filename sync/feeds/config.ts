import { z } from 'zod';
import { cleanText } from '../../base/clean-text';
import { UTC_OFFSET } from '../../base/time-zone';
import { NUMBER_FORMATS } from '../text/number-format';
import { knownCharset } from '../text/decode';
import { domainIdSchema } from '../../domains';
import { commonOptionsSchema, open311OptionsSchema, refuseClashingKeys, sdmxOptionsSchema, sensorThingsOptionsSchema } from '../adapters/options';

/**
 * One feed as declared in the config file (or edited in the console). The host engineer's config
 * schema embeds `feedConfigSchema` as `feeds: z.array(feedConfigSchema)`; the sync engine reads the
 * parsed value. Durations are milliseconds; sizes are bytes.
 */

export const ADAPTERS = ['open311', 'sensorthings', 'ckan', 'sdmx', 'geojson', 'cap'] as const;
export type AdapterId = (typeof ADAPTERS)[number];

/**
 * An address the sync engine can fetch: http or https only. zod's URL check takes any scheme
 * ("demo:x", "file:///etc/passwd"), which the HTTP client then refuses with an error that names
 * neither the feed's setting nor the fix.
 */
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// address is needed' });

/** What HTTP lets through in a header: the name a token, the value without control characters. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name: letters, digits and - only, no spaces');
const headerValue = z
  .string()
  .min(1)
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'no line breaks, control characters or letters beyond Latin-1 (a key or token is plain ASCII)');

export const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('apiKey'), header: headerName, value: headerValue }),
  z.object({ type: z.literal('bearer'), token: headerValue }),
  // Basic auth joins them with a colon, so the user name cannot hold one.
  z.object({ type: z.literal('basic'), username: z.string().regex(/^[^:]*$/, 'a user name without ":"'), password: z.string() }),
  z.object({
    type: z.literal('oauth2ClientCredentials'),
    tokenUrl: httpUrl,
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().optional(),
  }),
]);
export type AuthConfig = z.infer<typeof authSchema>;

const primitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * Field mapping for the generic adapters (CKAN, GeoJSON, SDMX). `fields` names, for each record
 * field, where its value comes from in the source (a CKAN column, a GeoJSON property path such as
 * `properties.status` or `id`, an SDMX dimension id; several joined with `+` are concatenated with
 * '.'); `constants` fills the rest; `valueMaps` translates codes (e.g. a source's status words into
 * the catalog's states, or SDMX area codes into GSO codes).
 */
export const mappingSchema = z.object({
  kind: z.enum(['observation', 'event', 'place']),
  fields: z.record(z.string(), z.string()).default({}),
  constants: z.record(z.string(), primitive).default({}),
  valueMaps: z.record(z.string(), z.record(z.string(), z.string()).superRefine((map, ctx) => refuseClashingKeys(map, ctx, 'mapping.valueMaps'))).default({}),
  /** How the source writes numbers as text: `vi` "1.234,5", `en` "1,234.5", `plain` "1234.5" (sync/text/number-format.ts). */
  numberFormat: z.enum(NUMBER_FORMATS, { error: `mapping.numberFormat must be one of ${NUMBER_FORMATS.join(', ')}` }).default('plain'),
  /** Offset given to source times written without one (CKAN `timestamp` columns, SDMX periods). */
  timeZoneOffset: z.string().regex(/^[+-]\d{2}:\d{2}$|^Z$/).default(UTC_OFFSET),
  /** CKAN: the column that changes when a row changes; drives the incremental sync. */
  updatedField: z.string().optional(),
  /** CKAN: resource id and equality filters sent with every page. */
  resourceId: z.string().optional(),
  filters: z.record(z.string(), primitive).optional(),
  pageSize: z.number().int().min(1).max(32_000).optional(),
});
export type FeedMapping = z.infer<typeof mappingSchema>;

/**
 * Ceilings on a feed's durations and size. Without them a value past what a Date can hold (an
 * interval of 9e15 ms: "Invalid time value" at every run, and the feed fetched again every 5 s) or
 * past the longest timer Node keeps (2^31−1 ms: a timeout of 3e9 becomes 1 ms and every request
 * fails at once) was accepted and broke the feed. A week is more than any source's rhythm (a
 * yearly indicator is still worth a weekly look); ten minutes is far past any answer worth
 * waiting for; 256 MB is five times the default cap, and a body is held, decoded and parsed in
 * a worker whose heap is 2 GB (sync/worker/source.ts).
 */
export const MAX_FEED_INTERVAL_MS = 7 * 24 * 3_600_000;
export const MAX_TIMEOUT_MS = 10 * 60_000;
export const MAX_FEED_BYTES = 256 * 1024 * 1024;
const atMostMs = (max: number, vi: string, en: string) => `tối đa ${max} ms (${vi}) / at most ${max} ms (${en})`;
const timeoutSchema = z.number().int().min(100).max(MAX_TIMEOUT_MS, atMostMs(MAX_TIMEOUT_MS, '10 phút', '10 minutes')).default(15_000);

/**
 * A feed's name is shown in the console's table, in alerts about the feed ("… silent") and in the
 * log. It is cleaned as every outside text is (base/clean-text.ts: a U+202E showed it reversed)
 * and bounded (a 1 MB name made the feeds table 22,675 px wide); nothing printable left is no
 * name (the console shows the id).
 */
export const MAX_FEED_NAME = 160;
const feedName = z
  .string()
  .overwrite(cleanText)
  .max(MAX_FEED_NAME, `tối đa ${MAX_FEED_NAME} ký tự / at most ${MAX_FEED_NAME} characters: shorten the name`)
  .transform((s) => s || undefined);

/** What every feed has, whatever its adapter. */
const feedBase = {
  id: z.string().regex(/^[a-zA-Z0-9_.-]+$/, 'feed id: letters, digits, _ . - only'),
  name: feedName.optional(),
  domain: domainIdSchema,
  url: httpUrl,
  enabled: z.boolean().default(true),
  /** How often to sync, ms. */
  interval: z.number().int().min(1_000).max(MAX_FEED_INTERVAL_MS, atMostMs(MAX_FEED_INTERVAL_MS, '7 ngày', '7 days')).default(300_000),
  /** Per request (connect + headers + body), ms. */
  timeout: timeoutSchema,
  maxBytes: z
    .number()
    .int()
    .min(1_024)
    .max(MAX_FEED_BYTES, `tối đa ${MAX_FEED_BYTES} byte (256 MB) / at most ${MAX_FEED_BYTES} bytes (256 MB)`)
    .default(50 * 1024 * 1024),
  retries: z.number().int().min(0).max(10).default(3),
  auth: authSchema.default({ type: 'none' }),
  /** HTTPS proxy, e.g. http://proxy.tinh.gov.vn:3128 (credentials may be in the URL; never logged). */
  proxy: httpUrl.optional(),
  /** PEM file with extra CA certificates (government CAs), added to Node's bundled roots. */
  caFile: z.string().optional(),
  /**
   * The charset of a server that writes a legacy code page and labels it wrongly or not at all
   * (e.g. `windows-1258`). A body in valid UTF-8, or with a byte-order mark, is still read as such.
   */
  charset: z
    .string()
    .refine(knownCharset, { error: 'charset: a charset name such as windows-1258, iso-8859-1 or utf-8' })
    .optional(),
  /** Open311: response format (else guessed from the body). */
  format: z.enum(['json', 'xml']).optional(),
  mapping: mappingSchema.optional(),
};

/**
 * One feed, discriminated on `adapter`: each adapter brings its own `options` schema
 * (sync/adapters/options.ts), so an option the adapter does not know, or a bad value, is refused
 * with the config instead of being read with a cast at sync time.
 */
export const feedConfigSchema = z.discriminatedUnion(
  'adapter',
  [
    z.object({ ...feedBase, adapter: z.literal('open311'), options: open311OptionsSchema.prefault({}) }),
    z.object({ ...feedBase, adapter: z.literal('sensorthings'), options: sensorThingsOptionsSchema.prefault({}) }),
    z.object({ ...feedBase, adapter: z.literal('ckan'), options: commonOptionsSchema.prefault({}) }),
    z.object({ ...feedBase, adapter: z.literal('sdmx'), options: sdmxOptionsSchema.prefault({}) }),
    z.object({ ...feedBase, adapter: z.literal('geojson'), options: commonOptionsSchema.prefault({}) }),
    z.object({ ...feedBase, adapter: z.literal('cap'), options: commonOptionsSchema.prefault({}) }),
  ],
  { error: `adapter must be one of ${ADAPTERS.join(', ')}` },
).superRefine((f, ctx) => {
  // The generic adapters have nothing to read without a mapping.
  if ((f.adapter === 'ckan' || f.adapter === 'geojson') && !f.mapping) {
    ctx.addIssue({ code: 'custom', path: ['mapping'], message: `a ${f.adapter} feed needs a mapping` });
  }
});

export type FeedConfig = z.output<typeof feedConfigSchema>;
export type FeedConfigInput = z.input<typeof feedConfigSchema>;
/** A feed of one adapter, with that adapter's options. */
export type FeedOf<A extends AdapterId> = Extract<FeedConfig, { adapter: A }>;

/** Where operator actions on hotline reports are delivered (Open311-style POST). */
export const actionsEndpointSchema = z.object({
  url: httpUrl,
  auth: authSchema.default({ type: 'none' }),
  timeout: timeoutSchema,
  proxy: httpUrl.optional(),
  caFile: z.string().optional(),
  /**
   * The feed whose reports this endpoint takes actions for (an Open311 feed's id). Actions on
   * reports of any other source are refused. Default: the only enabled Open311 feed, if one.
   */
  feed: z.string().min(1).optional(),
});
export type ActionsEndpoint = z.output<typeof actionsEndpointSchema>;

/** The `sync` section of the host config. */
export const syncConfigSchema = z.object({
  feeds: z.array(feedConfigSchema).default([]),
  actionsEndpoint: actionsEndpointSchema.optional(),
  /** Pause the scheduler entirely (e.g. a wall-only machine that reads a shared database). */
  enabled: z.boolean().default(true),
});
export type SyncConfig = z.output<typeof syncConfigSchema>;
