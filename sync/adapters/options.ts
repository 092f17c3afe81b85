import { z } from 'zod';
import { cleanText } from '../../base/clean-text';
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
   * by its own `name`, then its `@iot.id`, then its ObservedProperty's `name`, then its
   * `definition` (sensorthings.ts paramOf), so two datastreams of one ObservedProperty ("PM2.5 1h",
   * "PM2.5 24h mean") can be told apart: {"PM2.5": "pm25", "PM2.5 24h mean": "pm25_24h"}. A value
   * of a MultiDatastream is looked up by "<MultiDatastream name>/<property>", then
   * "<@iot.id>/<property>", then its ObservedProperty's name and definition
   * (sensorthings-multi.ts readComponents): {"Trạm AQ/PM2.5": "pm25"}.
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

/**
 * The longest UNIT_MEASURE code taken, in the option and in a message. Codes are short ids
 * ("VND", "PER_100000_POP"); text longer than this is a unit's name or a sentence, never a code.
 */
export const MAX_UNIT_CODE = 64;

/**
 * A UNIT_MEASURE code as an operator writes it: cleaned as every outside text is
 * (base/clean-text.ts: trimmed, no invisible characters, one Unicode form), so a pasted space or
 * bidi mark cannot make a code that never matches, and bounded. Case is kept: SDMX codes are
 * case-sensitive (sdmx.ts says why they are compared exactly).
 */
const unitCode = z
  .string({ error: 'option "unitMeasure" must be a unit code as the source writes it ("VND", "USD", "PT")' })
  .overwrite(cleanText)
  .min(1, 'option "unitMeasure": a unit code cannot be empty')
  .max(MAX_UNIT_CODE, `option "unitMeasure": a unit code is at most ${MAX_UNIT_CODE} characters (the code, such as "VND", not the unit's name)`);

/** SDMX-JSON. */
export const sdmxOptionsSchema = z.strictObject({
  ...common,
  /**
   * The power of ten the catalog's unit is in (SDMX UNIT_MULT: economy.grdp is in billions of
   * VND, 9), for every indicator of the feed or by stored indicator id ({"economy.grdp": 9,
   * "economy.fdi": 6}). Values are scaled by 10^(UNIT_MULT − this); a message whose structure
   * declares no UNIT_MULT is in units (0). Without it, values are stored as sent, and the UNIT_MULT
   * most of an indicator's figures in a message declare (a tie: the smaller power of ten) is the
   * reference, whatever order the server lists them in: a figure in another scale is quarantined (sdmx.ts).
   */
  unitMult: z
    .union([unitMult, z.record(z.string(), unitMult)], { error: 'option "unitMult" must be a whole number or an object of indicator id → whole number' })
    .optional(),
  /**
   * The unit the catalog's figures are in, as the source's UNIT_MEASURE code ("VND", "USD", "PT"
   * for percent, "PERS", "TONNE", "HA"), for every indicator of the feed or by stored indicator id
   * ({"economy.grdp": "VND", "economy.fdi": "USD"}). An observation whose UNIT_MEASURE is another
   * code is quarantined, never stored as if it were the same quantity; one that declares none is
   * stored (most data sets do not declare it). Codes are compared exactly, case included. Without
   * it (and for an indicator the object leaves out), the UNIT_MEASURE most of an indicator's
   * figures in a message declare (a tie: the code that sorts first) is the reference, whatever order
   * the server lists them in, and an observation in another unit is quarantined (sdmx.ts).
   */
  unitMeasure: z
    .union([unitCode, z.record(z.string(), unitCode)], { error: 'option "unitMeasure" must be a unit code or an object of indicator id → unit code' })
    .optional(),
});

export type Open311Options = z.output<typeof open311OptionsSchema>;
export type SensorThingsOptions = z.output<typeof sensorThingsOptionsSchema>;
