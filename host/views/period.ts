import { localClock, localMidnight } from '../../base/time-zone';
import type { ResolvedPeriod } from '../../domains/views';
import { ViewError } from './sql';

/**
 * Turns a period key into the months it covers, and the same months a year earlier: the
 * province reports "so với cùng kỳ năm trước". A current year or quarter stops at this month.
 */

export function localYearMonth(now: Date): { year: number; month: number } {
  const l = localClock(now);
  return { year: l.getUTCFullYear(), month: l.getUTCMonth() + 1 };
}

const mk = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

export function resolvePeriod(period: string | undefined, now: Date): ResolvedPeriod {
  const today = localYearMonth(now);
  const key = period ?? String(today.year);
  let year: number;
  let m0: number;
  let m1: number;
  let prevKey: (y: number) => string;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(key))) {
    year = Number(match[1]);
    [m0, m1] = [1, 12];
    prevKey = (y) => String(y);
  } else if ((match = /^(\d{4})-Q([1-4])$/.exec(key))) {
    year = Number(match[1]);
    const q = Number(match[2]);
    [m0, m1] = [q * 3 - 2, q * 3];
    prevKey = (y) => `${y}-Q${q}`;
  } else if ((match = /^(\d{4})-(\d{2})$/.exec(key)) && Number(match[2]) >= 1 && Number(match[2]) <= 12) {
    year = Number(match[1]);
    m0 = m1 = Number(match[2]);
    prevKey = (y) => mk(y, m0);
  } else {
    throw new ViewError(
      'invalid_params',
      `Kỳ báo cáo "${key}" không hợp lệ: dùng năm (2025), quý (2025-Q2) hoặc tháng (2025-06). / Period "${key}" is not valid: use a year (2025), a quarter (2025-Q2) or a month (2025-06).`,
    );
  }
  // A span that runs past this month is cut at this month, and so is its comparison.
  let toDate = false;
  if (year === today.year && m1 > today.month && m0 <= today.month) {
    m1 = today.month;
    toDate = true;
  }
  return {
    key,
    from: mk(year, m0),
    to: mk(year, m1),
    previous: { key: prevKey(year - 1), from: mk(year - 1, m0), to: mk(year - 1, m1) },
    toDate,
  };
}

/** The year of a resolved period (for yearly figures and plans). */
export function periodYear(p: { from: string }): number {
  return Number(p.from.slice(0, 4));
}

/** 'YYYY-MM' keys from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to;
  for (let key = mk(y, m); key <= end; key = mk(y, m)) {
    out.push(key);
    if (++m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The month `n` months before 'YYYY-MM'. */
export function monthMinus(key: string, n: number): string {
  const total = Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1 - n;
  return mk(Math.floor(total / 12), (total % 12) + 1);
}

/** UTC instant of local midnight at the start of 'YYYY-MM' (+ months). */
export function monthStartUtc(key: string, plusMonths = 0): string {
  const y = Number(key.slice(0, 4));
  const m = Number(key.slice(5, 7)) - 1 + plusMonths;
  return localMidnight(y, m + 1, 1).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
