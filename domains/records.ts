import { z } from 'zod';
import { DOMAIN_IDS } from './ids';

/**
 * The five record kinds of DESIGN.md. Every domain's data is one of these; the sync adapters
 * produce them, the host stores them, the panels' views read them. Times are ISO-8601 strings
 * with an offset (or Z); periods are 'YYYY', 'YYYY-Qn', 'YYYY-MM' or 'YYYY-MM-DD'.
 */

export const domainIdSchema = z.enum(DOMAIN_IDS);

/** The first and last instants whose local month the store can count (see isoTime). */
const FIRST_TIME = Date.parse('0001-01-01T00:00:00Z');
const LAST_TIME = Date.parse('9998-12-31T23:59:59Z');

/** Whether the database can read `t` (an ISO time with an offset) and count it by local month. */
function storableTime(t: string): boolean {
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (offset && Number(offset[2]) > 14) return false;
  const at = Date.parse(t);
  return at >= FIRST_TIME && at <= LAST_TIME;
}

/**
 * A time with its offset, as the store can keep it: SQLite reads offsets of at most 14 hours (as
 * far as real zones go, UTC−12 to UTC+14) and dates up to the year 9999, and the views count by
 * local month (UTC+7). A time outside them (`-23:59`, a clock reset to 9999-12-31) became a NULL
 * month in the counting triggers and failed its whole batch, a feed stuck on one record; it is
 * refused here, so the record is quarantined with the value.
 */
const isoTime = z.iso.datetime({ offset: true }).refine(storableTime, 'time must have an offset of at most 14 hours and lie between the years 1 and 9998');
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

/** Whether a period that has the shape names a real month or day (not 2026-13, not 2026-02-30). */
function realPeriod(p: string): boolean {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(p);
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return month >= 1 && month <= 12 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const periodSchema = z
  .string()
  .regex(/^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$/, 'period must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD')
  .refine(realPeriod, 'period names a month or day that does not exist');

/** A GeoJSON geometry (RFC 7946), checked for shape only; coordinates are not walked. */
export const geometrySchema = z.object({
  type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
});

export const areaLevelSchema = z.enum(['province', 'district', 'commune']);

/**
 * An administrative unit. `version` separates the pre-July-2025 units (districts) from the
 * post-2025 ones (communes under the merged province): both may be stored side by side.
 */
export const areaSchema = z.object({
  id: z.string().min(1), // GSO code, e.g. '70', '689'
  version: z.string().min(1), // e.g. '2019' (before 1 July 2025), '2025'
  level: areaLevelSchema,
  parentId: z.string().nullable(),
  name: z.string().min(1),
  kind: z.string(), // 'tỉnh', 'thành phố', 'thị xã', 'huyện', 'xã', 'phường'…
  geometry: geometrySchema.nullable(),
  lat: lat.nullable(),
  lon: lon.nullable(),
});

export const observationSchema = z.object({
  domain: domainIdSchema,
  indicator: z.string().min(1),
  areaId: z.string().min(1),
  period: periodSchema,
  value: z.number().finite(),
  source: z.string().min(1),
  updatedAt: isoTime,
});

export const eventSchema = z.object({
  /** Unique across sources: '<sourceId>:<externalId>'. */
  id: z.string().min(1),
  domain: domainIdSchema,
  kind: z.string().min(1),
  status: z.string().min(1),
  areaId: z.string().nullable(),
  lat: lat.nullable(),
  lon: lon.nullable(),
  title: z.string(),
  description: z.string(),
  address: z.string(),
  agency: z.string().nullable(),
  openedAt: isoTime,
  updatedAt: isoTime,
  dueAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  source: z.string().min(1),
  attrs: z.record(z.string(), z.unknown()),
});

export const MAX_STATION_PARAMS = 500;

export const stationSchema = z.object({
  id: z.string().min(1),
  domain: domainIdSchema,
  name: z.string().min(1),
  areaId: z.string().nullable(),
  lat,
  lon,
  /** What it measures; a real station measures tens. */
  params: z.array(z.string().min(1).max(200)).max(MAX_STATION_PARAMS, `more than ${MAX_STATION_PARAMS} parameters: not one station`),
  source: z.string().min(1),
});

/**
 * The values a sensor can truly read, per parameter, in µg/m³ as VN_AQI takes them (CO too);
 * beyond them a reading is an error code (65535, 9999…), a unit mix-up or an overflow, not air.
 * Such a reading is quarantined at sync like any malformed record, so it never becomes an AQI
 * of 500 and a wall takeover. Chosen from physical ranges, well above the worst air ever measured
 * and above the top of the VN_AQI scale (Decision 1459/QĐ-TCMT), so a real episode is never lost:
 * - pm25, pm10 ≤ 2,000: four times the scale's top (500, 600); the worst hourly values of haze
 *   and fire smoke in the region stay under 1,000, and optical/BAM monitors' ranges end near here.
 * - co ≤ 230,000 (200 ppm, a CO analyser's full scale; the scale ends at 150,000).
 * - no2, so2 ≤ 10,000 (≈ 5 and 3.8 ppm; the scale ends at 3,850 and 2,630).
 * - o3 ≤ 2,000 (≈ 1 ppm; the highest ozone ever measured, Los Angeles in the 1950s, was ≈ 1,340).
 * Below −50: an analyser's zero drift reads a few µg/m³ under zero (the index ignores it), never
 * more; −9999 and the like are error codes.
 */
export const READING_LIMITS: Readonly<Record<string, { min: number; max: number }>> = {
  pm25: { min: -50, max: 2_000 },
  pm10: { min: -50, max: 2_000 },
  co: { min: -50, max: 230_000 },
  no2: { min: -50, max: 10_000 },
  so2: { min: -50, max: 10_000 },
  o3: { min: -50, max: 2_000 },
};

export const readingSchema = z
  .object({
    stationId: z.string().min(1),
    param: z.string().min(1),
    time: isoTime,
    value: z.number().finite(),
  })
  .superRefine((r, ctx) => {
    const limit = Object.hasOwn(READING_LIMITS, r.param) ? READING_LIMITS[r.param] : undefined;
    if (limit && (r.value < limit.min || r.value > limit.max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${r.param} ${r.value} is outside what a sensor can read (${limit.min} to ${limit.max} µg/m³): a sensor error code, not a measurement`,
      });
    }
  });

export const placeSchema = z.object({
  id: z.string().min(1),
  domain: domainIdSchema,
  kind: z.string().min(1),
  name: z.string().min(1),
  areaId: z.string().nullable(),
  lat,
  lon,
  source: z.string().min(1),
  attrs: z.record(z.string(), z.unknown()),
});

export type Area = z.infer<typeof areaSchema>;
export type Observation = z.infer<typeof observationSchema>;
export type DomainEvent = z.infer<typeof eventSchema>;
export type Station = z.infer<typeof stationSchema>;
export type Reading = z.infer<typeof readingSchema>;
export type Place = z.infer<typeof placeSchema>;

export const RECORD_KINDS = ['area', 'observation', 'event', 'station', 'reading', 'place'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const recordSchemas = {
  area: areaSchema,
  observation: observationSchema,
  event: eventSchema,
  station: stationSchema,
  reading: readingSchema,
  place: placeSchema,
} as const;
