import { z } from 'zod';
import { clashingKeys } from '../text/code';

/**
 * What each adapter accepts in a feed's `options`, checked with the rest of the feed config
 * (sync/feeds/config.ts discriminates on `adapter`). Objects are strict: a misspelt option is
 * reported instead of being silently ignored. Kept apart from the adapters so the config schema
 * does not load their parsers (and sdmx.ts, which reads the mapping schema, makes no cycle).
 */

const offset = /^[+-]\d{2}:\d{2}$|^Z$/;

/** [minLon, minLat, maxLon, maxLat] in degrees; the feed's area instead of the boundaries' extent. */
export const bboxSchema = z
  .tuple([z.number(), z.number(), z.number(), z.number()], { error: 'option "bbox" must be [minLon, minLat, maxLon, maxLat] (four numbers)' })
  .refine(([w, s, e, n]) => w <= e && s <= n && Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90, {
    error: 'option "bbox" must be [minLon, minLat, maxLon, maxLat] within ±180/±90, min ≤ max',
  });

/** Options every adapter takes. */
const common = {
  bbox: bboxSchema.optional(),
  /** Offset for source times written without one, when the feed has no mapping to say it. */
  timeZoneOffset: z.string().regex(offset, 'option "timeZoneOffset" must be like +07:00 or Z').optional(),
};

const codeMap = (name: string) =>
  z
    .record(z.string(), z.string({ error: `option "${name}" maps source codes to catalog ids (text)` }), { error: `option "${name}" must be an object of code → id` })
    .superRefine((map, ctx) => refuseClashingKeys(map, ctx, `option "${name}"`));

/** A code map whose keys fold to one code (sync/text/code.ts) would map one word two ways. */
export function refuseClashingKeys(map: Record<string, unknown>, ctx: z.RefinementCtx, what: string): void {
  for (const [a, b] of clashingKeys(map)) {
    ctx.addIssue({ code: 'custom', path: [b], message: `${what}: "${a}" and "${b}" are the same code (codes are compared ignoring case, spacing and Unicode form); keep one` });
  }
}

/** Open311 GeoReport v2. */
export const open311OptionsSchema = z.strictObject({
  ...common,
  /** The v2.1 `updated_after`, or `start_date` on servers without it. */
  incremental: z.enum(['updated_after', 'start_date'], { error: 'option "incremental" must be "updated_after" or "start_date"' }).default('updated_after'),
  pageSize: z.number({ error: 'option "pageSize" must be a number' }).int('option "pageSize" must be a whole number').min(1, 'option "pageSize" must be ≥ 1').max(100_000, 'option "pageSize" must be ≤ 100000').default(500),
  jurisdictionId: z.string({ error: 'option "jurisdictionId" must be text' }).min(1).optional(),
  /** Source status words → the catalog's event states ({"open": "received"}). */
  statusMap: codeMap('statusMap').optional(),
  /** Which field names the report's kind: service_code (default, falling back to the name) or service_name. */
  kindFrom: z.enum(['service_code', 'service_name'], { error: 'option "kindFrom" must be "service_code" or "service_name"' }).optional(),
});

/** OGC SensorThings API 1.1. */
export const sensorThingsOptionsSchema = z.strictObject({
  ...common,
  /** `$top` of each Observations page. */
  top: z.number({ error: 'option "top" must be a number' }).int('option "top" must be a whole number').min(1, 'option "top" must be ≥ 1').max(100_000, 'option "top" must be ≤ 100000').default(1000),
  /**
   * Source names → the catalog's station parameters ({"PM2.5": "pm25"}). A datastream is looked up
   * by its own `name`, then its `@iot.id`, then its ObservedProperty's `name` (sensorthings.ts
   * paramOf), so two datastreams of one ObservedProperty ("PM2.5 1h", "PM2.5 24h mean") can be
   * told apart: {"PM2.5": "pm25", "PM2.5 24h mean": "pm25_24h"}.
   */
  paramMap: codeMap('paramMap').optional(),
});

/** CKAN, SDMX, GeoJSON and CAP read everything else from `mapping` (or need nothing more). */
export const commonOptionsSchema = z.strictObject(common);

const unitMult = z
  .number({ error: 'option "unitMult" must be a whole number (a power of ten: 9 for billions, 6 for millions)' })
  .int('option "unitMult" must be a whole number (a power of ten: 9 for billions, 6 for millions)')
  .min(-15, 'option "unitMult" must be between -15 and 15')
  .max(15, 'option "unitMult" must be between -15 and 15');

/** SDMX-JSON. */
export const sdmxOptionsSchema = z.strictObject({
  ...common,
  /**
   * The power of ten the catalog's unit is in (SDMX UNIT_MULT: economy.grdp is in billions of
   * VND, 9), for every indicator of the feed or by stored indicator id ({"economy.grdp": 9,
   * "economy.fdi": 6}). Values are scaled by 10^(UNIT_MULT − this); a message whose structure
   * declares no UNIT_MULT is in units (0). Without it, values are stored as sent, as before.
   */
  unitMult: z
    .union([unitMult, z.record(z.string(), unitMult)], { error: 'option "unitMult" must be a whole number or an object of indicator id → whole number' })
    .optional(),
});

export type Open311Options = z.output<typeof open311OptionsSchema>;
export type SensorThingsOptions = z.output<typeof sensorThingsOptionsSchema>;
