/**
 * Calendar arithmetic in the province's time zone (Asia/Ho_Chi_Minh, UTC+7 all year, no DST):
 * periods and "today" are local, stored instants are UTC ISO strings.
 */
import { localClock } from '../../base/time-zone';

export { localClock, localMidnight } from '../../base/time-zone';

/** Local calendar parts of an instant. */
export function localParts(d: Date): { year: number; month: number; day: number; hour: number } {
  const l = localClock(d);
  return { year: l.getUTCFullYear(), month: l.getUTCMonth() + 1, day: l.getUTCDate(), hour: l.getUTCHours() };
}

export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** 'YYYY-MM' keys from (y0, m0) to (y1, m1) inclusive. */
export function monthRange(y0: number, m0: number, y1: number, m1: number): string[] {
  const out: string[] = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? ((m = 1), y++) : m++) out.push(monthKey(y, m));
  return out;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
