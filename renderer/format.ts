/**
 * Numbers, dates and ages for people: always through Intl, in the province's time zone
 * (Asia/Ho_Chi_Minh) whatever the machine's zone is. The locale follows the UI language
 * (vi → vi-VN, en → en-GB); i18n/ calls setFormatLanguage when the language changes.
 * Formatters are cached because panels re-render on every data change.
 */
import type { Lang } from '../domains/text';

import { TIME_ZONE } from '../base/time-zone';
import { hostNow } from './client/host-clock';

export { TIME_ZONE };
const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

let current: Lang = 'vi';
export function setFormatLanguage(lang: Lang): void {
  current = lang;
}
export function formatLanguage(): Lang {
  return current;
}
export function locale(lang: Lang = current): string {
  return LOCALES[lang];
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}
function nf(opts: Intl.NumberFormatOptions, lang: Lang = current): Intl.NumberFormat {
  return cached(`n|${lang}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(locale(lang), opts));
}
function df(opts: Intl.DateTimeFormatOptions, lang: Lang = current): Intl.DateTimeFormat {
  return cached(
    `d|${lang}|${JSON.stringify(opts)}`,
    () => new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, ...opts }),
  );
}

const DASH = '–';
const ok = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** 1234567.8 → "1.234.567,8" (vi) — at most `digits` decimals. */
export function formatNumber(n: number | null | undefined, digits = 1): string {
  return ok(n) ? nf({ maximumFractionDigits: digits }).format(n) : DASH;
}

/** Integer with grouping: 12345 → "12.345". */
export function formatInteger(n: number | null | undefined): string {
  return ok(n) ? nf({ maximumFractionDigits: 0 }).format(Math.round(n)) : DASH;
}

/** A fraction as a percentage: 0.953 → "95,3%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return ok(fraction) ? nf({ style: 'percent', maximumFractionDigits: digits }).format(fraction) : DASH;
}

/** A value already in percent: 95.3 → "95,3%". */
export function formatPercentValue(pct: number | null | undefined, digits = 1): string {
  return ok(pct) ? formatPercent(pct / 100, digits) : DASH;
}

/** Short form for big numbers: 1234567 → "1,2 Tr" (vi) / "1.2m" (en). */
export function formatCompact(n: number | null | undefined): string {
  return ok(n) ? nf({ notation: 'compact', maximumFractionDigits: 1 }).format(n) : DASH;
}

/**
 * A headline figure as the wall's and the kiosk's cards print it: the short form from a million
 * on ("1,2 Tr", "80 NT"; a feed sending đồng where tỷ đồng is meant gives 80.000.000.000.000,
 * which no card holds, and cut short it read as a smaller figure), whole from 100 and for whole
 * numbers ("123.707"; "123,7 N" would stack two scale words before a unit such as tỷ đồng), one
 * decimal below 100, and two significant digits below 0,1 ("0,004", not "0" beside a change).
 */
export function formatFigure(n: number | null | undefined): string {
  if (!ok(n)) return DASH;
  const a = Math.abs(n);
  if (a >= 1_000_000) return formatCompact(n);
  if (a >= 100 || Number.isInteger(n)) return formatNumber(n, 0);
  if (a >= 0.1) return formatNumber(n, 1);
  return nf({ maximumSignificantDigits: 2 }).format(n);
}

/**
 * Beyond ±999 % a change is said as "more than": against a base near zero its digits are noise
 * ("+3.151.049.999.999.900%" ran off the card), and the arrow already says which way.
 */
export const CHANGE_CAP = 9.99;

/** A change ratio's size as a percentage, capped: 0.052 → "5,2%", 31.5 → "999%+"… see CHANGE_CAP. */
export function formatChangeSize(fraction: number, digits = 1): string {
  return Math.abs(fraction) > CHANGE_CAP ? `${formatPercent(CHANGE_CAP, 0)}+` : formatPercent(Math.abs(fraction), digits);
}

/** Signed change: +3,2 / −1,5 (a true minus sign, readable from afar). */
export function formatSigned(n: number | null | undefined, digits = 1): string {
  return ok(n) ? nf({ maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(n) : DASH;
}

/** Signed percentage change from a fraction: 0.052 → "+5,2%"; beyond ±999 % "+999%+" (CHANGE_CAP). */
export function formatSignedPercent(fraction: number | null | undefined, digits = 1): string {
  if (!ok(fraction)) return DASH;
  if (Math.abs(fraction) > CHANGE_CAP) return `${fraction > 0 ? '+' : '−'}${formatChangeSize(fraction)}`;
  return nf({ style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(fraction);
}

const toDate = (d: Date | string | number): Date => (d instanceof Date ? d : new Date(d));

/** "08:15" in the province's time zone. */
export function formatTime(d: Date | string | number): string {
  return df({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(d));
}

/** "08:15:42" for the wall clock. */
export function formatTimeSeconds(d: Date | string | number): string {
  return df({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(toDate(d));
}

/** "25/11" (built by hand: ICU's vi-VN day-month pattern is "25-11"). */
function formatDayMonth(d: Date | string | number): string {
  const parts = df({ day: '2-digit', month: '2-digit' }).formatToParts(toDate(d));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}`;
}

/** "25/11/2026". */
export function formatDate(d: Date | string | number): string {
  return df({ day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(d));
}

/** "Thứ Tư, 25/11/2026". */
export function formatLongDate(d: Date | string | number): string {
  return df({ weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(d));
}

/** "25/11/2026 08:15". */
export function formatDateTime(d: Date | string | number): string {
  return `${formatDate(d)} ${formatTime(d)}`;
}

/** Same calendar day in the province's time zone. */
export function sameProvinceDay(a: Date | string | number, b: Date | string | number): boolean {
  return formatDate(a) === formatDate(b);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * A data time this far ahead of now is the clocks of the source, the host and the page a little
 * apart, not something to come: its age is "vừa xong" (just now), never "sau 3 phút nữa".
 */
const AGE_FUTURE_SLACK_MS = 5 * 60_000;

/**
 * How long ago: "3 phút trước", "hôm qua", "vừa xong". `now` is the host's clock by default
 * (client/host-clock.ts): a display PC's own clock may be hours off.
 */
export function formatRelativeAge(d: Date | string | number, now: Date = hostNow(), lang: Lang = current): string {
  const ms = toDate(d).getTime() - now.getTime();
  return formatRelativeTime(ms > 0 && ms <= AGE_FUTURE_SLACK_MS ? now : d, now, lang);
}

/** A time before or after now in words: "3 phút trước", "sau 5 phút nữa" (ages: formatRelativeAge). */
export function formatRelativeTime(d: Date | string | number, now: Date = hostNow(), lang: Lang = current): string {
  const ms = toDate(d).getTime() - now.getTime();
  const rtf = cached(`r|${lang}`, () => new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' }));
  for (const [unit, size] of UNITS) {
    // Lower case: it follows other words ("cập nhật 08:00 · hôm qua"), ICU capitalises "Hôm qua".
    if (Math.abs(ms) >= size) return rtf.format(Math.round(ms / size), unit).toLocaleLowerCase(locale(lang));
  }
  return lang === 'vi' ? 'vừa xong' : 'just now';
}

/**
 * When data was updated, as the freshness line shows it: "08:15" today, "24/11 08:15" on
 * another day — plus its age: "08:15 · 3 phút trước".
 */
export function formatUpdated(d: Date | string | number, now: Date = hostNow()): string {
  const when = sameProvinceDay(d, now)
    ? formatTime(d)
    : `${formatDayMonth(d)} ${formatTime(d)}`;
  return `${when} · ${formatRelativeAge(d, now)}`;
}

/** The time of the update alone ("08:15", or "24/11 08:15" on another day), for small tiles. */
export function formatUpdatedShort(d: Date | string | number, now: Date = hostNow()): string {
  return sameProvinceDay(d, now) ? formatTime(d) : `${formatDayMonth(d)} ${formatTime(d)}`;
}

/**
 * A period key as words: '2024' → "Năm 2024", '2024-Q2' → "Quý 2/2024", '2024-05' → "Tháng 5/2024",
 * '2024-05-03' → "03/05/2024".
 */
export function formatPeriod(period: string | null | undefined, lang: Lang = current): string {
  if (!period) return DASH;
  let m = /^(\d{4})$/.exec(period);
  if (m) return lang === 'vi' ? `Năm ${m[1]}` : m[1];
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return lang === 'vi' ? `Quý ${m[2]}/${m[1]}` : `Q${m[2]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return lang === 'vi' ? `Tháng ${Number(m[2])}/${m[1]}` : `${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  return period;
}

/** Short label for chart axes: '2024-05' → "T5/24" (vi) / "05/24" (en); '2024-Q2' → "Q2/24". */
export function formatPeriodShort(period: string, lang: Lang = current): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return lang === 'vi' ? `T${Number(m[2])}/${m[1].slice(2)}` : `${m[2]}/${m[1].slice(2)}`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `Q${m[2]}/${m[1].slice(2)}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) return `${m[3]}/${m[2]}`;
  return period;
}
