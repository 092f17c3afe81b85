import { z } from 'zod';
import { jdFromDate, jdToDate, lunarToSolar } from './lunar';

/**
 * Vietnam's public holidays (Labour Code 2019, art. 112) for a given year, for the schedule's
 * "on public holidays" entries and `ioc-wall holidays YEAR`:
 * - solar: Tết Dương lịch 1/1, Ngày Chiến thắng 30/4, Quốc tế Lao động 1/5, Quốc khánh 2/9;
 * - lunar, by the Vietnamese calendar (UTC+7): Tết Nguyên đán — the last day of the old lunar
 *   year and mùng 1 to mùng 4 (the code's five days) — and Giỗ Tổ Hùng Vương (10/3 âm lịch);
 * - extra days off from the config: the government moves days every year (the second day of
 *   Quốc khánh, bridge days, make-up days), so they are listed there, not guessed here.
 */

export interface Holiday {
  /** Local calendar date in Vietnam, 'YYYY-MM-DD'. */
  date: string;
  name: string;
  lunar: boolean;
}

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date as 'YYYY-MM-DD'")
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const back = jdToDate(jdFromDate(d, m, y));
    return back.year === y && back.month === m && back.day === d;
  }, 'not a calendar date');

export const extraHolidaySchema = z.strictObject({
  date: dateSchema,
  name: z.string({ error: 'must be text' }).min(1, 'must not be empty').max(120),
});
export type ExtraHoliday = z.infer<typeof extraHolidaySchema>;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function shift(y: number, m: number, d: number, days: number): string {
  const s = jdToDate(jdFromDate(d, m, y) + days);
  return iso(s.year, s.month, s.day);
}

/** Statutory public holidays of `year` (solar year), sorted by date. */
export function statutoryHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1901 || year > 2199) throw new RangeError(`year ${year}: 1901 … 2199 only`);
  const out: Holiday[] = [
    { date: iso(year, 1, 1), name: 'Tết Dương lịch', lunar: false },
    { date: iso(year, 4, 30), name: 'Ngày Chiến thắng', lunar: false },
    { date: iso(year, 5, 1), name: 'Ngày Quốc tế Lao động', lunar: false },
    { date: iso(year, 9, 2), name: 'Quốc khánh', lunar: false },
  ];
  // Tết of this solar year always falls in late January or February, so lunar year = solar year.
  const tet = lunarToSolar(1, 1, year)!;
  out.push({ date: shift(tet.year, tet.month, tet.day, -1), name: 'Tết Nguyên đán (ngày cuối năm âm lịch)', lunar: true });
  for (let i = 0; i < 4; i++) {
    out.push({ date: shift(tet.year, tet.month, tet.day, i), name: `Tết Nguyên đán (mùng ${i + 1})`, lunar: true });
  }
  const hung = lunarToSolar(10, 3, year)!;
  out.push({ date: iso(hung.year, hung.month, hung.day), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', lunar: true });
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** The holidays of `year`: statutory ones plus the configured extra days of that year (no date twice). */
export function holidaysOf(year: number, extra: readonly ExtraHoliday[] = []): Holiday[] {
  const list = statutoryHolidays(year);
  const seen = new Set(list.map((h) => h.date));
  for (const e of extra) {
    if (!e.date.startsWith(`${year}-`) || seen.has(e.date)) continue;
    seen.add(e.date);
    list.push({ date: e.date, name: e.name, lunar: false });
  }
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * A fast "is this local date a holiday" for the schedule, caching each year it is asked about
 * (a handful of entries per year; the cache holds at most a few years).
 */
export function holidayChecker(extra: readonly ExtraHoliday[] = []): (y: number, m: number, d: number) => boolean {
  const years = new Map<number, Set<string>>();
  return (y, m, d) => {
    let set = years.get(y);
    if (!set) {
      if (years.size > 8) years.clear();
      set = new Set(holidaysOf(y, extra).map((h) => h.date));
      years.set(y, set);
    }
    return set.has(iso(y, m, d));
  };
}
