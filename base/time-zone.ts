/**
 * The province's time zone, Asia/Ho_Chi_Minh: UTC+7 all year (Vietnam has kept no daylight saving
 * since 1975), so calendar arithmetic may shift by a fixed offset where Intl would be slow or
 * unavailable (hot SQL paths, the lunar calendar). Wall-clock rules that people configure use the
 * IANA name through Intl. Migration 004 keeps its own '+7 hours': a migration is frozen as of its day.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const UTC_OFFSET_HOURS = 7;
export const UTC_OFFSET_MS = UTC_OFFSET_HOURS * 3_600_000;
/** The ISO 8601 spelling, given to source times written without an offset. */
export const UTC_OFFSET = '+07:00';

/** A Date whose UTC fields (getUTCFullYear, getUTCHours, getUTCDay …) read the province's wall clock at `at`. */
export function localClock(at: Date | number): Date {
  return new Date((typeof at === 'number' ? at : at.getTime()) + UTC_OFFSET_MS);
}

/** The instant of local midnight starting that day (month is 1-based; month and day may overflow). */
export function localMidnight(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day) - UTC_OFFSET_MS);
}
