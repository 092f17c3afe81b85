import { UTC_OFFSET } from '../../base/time-zone';

/**
 * A time as a source wrote it, read into one spelling: ISO 8601 with seconds and an offset
 * (`2026-12-01T10:00:00+07:00`, `…Z`), the fraction of a second kept as written.
 *
 * Servers write times in more ways than RFC 3339's one, and each is a real server's default:
 * - RFC 3339 with a space for the `T`, in lower case, with an offset without its colon (`+0700`:
 *   PHP's DATE_ISO8601, Java's `Z` pattern, Ruby's Time#to_s) or of hours alone (`+07`: PostgreSQL),
 *   or ` UTC`/` GMT` after the time;
 * - the e-mail and HTTP date of RFC 2822/7231 (`Tue, 01 Dec 2026 10:00:00 GMT`: Flask's JSON, RSS);
 * - a number: Unix time, in milliseconds (ArcGIS's GeoJSON) or, below 10^11, in seconds (10^11
 *   seconds is the year 5138; 10^11 milliseconds is March 1973, before any record a province keeps);
 * - Microsoft's JSON date, `/Date(1764558000000)/` or `/Date(1764558000000+0700)/`: Unix
 *   milliseconds, and the server's offset to spell it in (ASP.NET's JavaScriptSerializer and WCF's
 *   DataContractJsonSerializer write every DateTime so; many e-government systems here run on them).
 * A time without an offset is in `tz` (the feed's zone, Vietnam's by default).
 *
 * A date the calendar does not have (30 February, 25:00, minute 61) is not a time: JavaScript's
 * Date would roll it into another day and store a reading at the wrong instant without a word.
 * Anything else is not a time either (null), and the record that holds it is quarantined with it.
 */
export function normTime(value: unknown, tz = UTC_OFFSET): string | null {
  // Bulk loads repeat the same update time row after row: remember the last answer.
  if (value === lastIn && tz === lastTz && typeof value === 'string') return lastOut;
  const out = readTime(value, tz);
  lastIn = value;
  lastTz = tz;
  lastOut = out;
  return out;
}
let lastIn: unknown = undefined;
let lastTz = '';
let lastOut: string | null = null;

/** A source time as UTC ISO with milliseconds (readings' keys must be one spelling per instant). */
export function utcTime(value: unknown, tz = UTC_OFFSET): string | null {
  const t = normTime(value, tz);
  return t ? new Date(t).toISOString() : null;
}

/** Below this a Unix time is in seconds, from it on in milliseconds (see normTime). */
export const EPOCH_SECONDS_BELOW = 1e11;

const ISO = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)? ?([Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/;
const RFC2822 = /^(?:[A-Za-z]{3}, ?)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (GMT|UTC|UT|Z|[+-]\d{4})$/;
const MS_JSON_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function readTime(value: unknown, tz: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return isoOfMs(value.getTime());
  if (typeof value === 'number') return isoOfMs(Math.abs(value) < EPOCH_SECONDS_BELOW ? value * 1000 : value);
  if (typeof value !== 'string' || value.length > 64) return null;
  const s = value.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', off] = iso;
    // A date alone is the start of that day where the source is.
    return spelled(y!, mo!, d!, h, mi, sec, frac, off === undefined ? tz : offsetOf(off));
  }
  const ms = MS_JSON_DATE.exec(s);
  if (ms) return ms[2] === undefined ? isoOfMs(Number(ms[1])) : inOffset(Number(ms[1]), offsetOf(ms[2]));
  const mail = RFC2822.exec(s);
  if (mail) {
    const [, d, mon, y, h, mi, sec = '00', off] = mail;
    const mo = MONTHS.indexOf(mon!.toLowerCase()) + 1;
    if (mo === 0) return null;
    return spelled(y!, String(mo).padStart(2, '0'), d!.padStart(2, '0'), h!, mi!, sec, '', offsetOf(off!));
  }
  return null;
}

/** 'Z' or '±HH:MM' for an offset as sources write it (Z, z, UTC, GMT, UT, +07, +0700, +07:00). */
function offsetOf(off: string): string {
  if (/^(z|utc?|gmt)$/i.test(off)) return 'Z';
  const digits = off.slice(1).replace(':', '');
  return `${off[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

function spelled(y: string, mo: string, d: string, h: string, mi: string, sec: string, frac: string, off: string): string | null {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !leap(year) ? 1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  if (off !== 'Z' && (Number(off.slice(1, 3)) > 23 || Number(off.slice(4, 6)) > 59)) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${off}`;
}

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** An instant spelled at an offset (`…T10:00:00.000+07:00`), checked as any spelled time is. */
function inOffset(ms: number, off: string): string | null {
  if (isoOfMs(ms) === null) return null;
  const sign = off[0] === '-' ? -1 : 1;
  const local = isoOfMs(ms + sign * (Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6))) * 60_000);
  const m = local && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)Z$/.exec(local);
  return m ? spelled(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, off) : null;
}

/** ISO (UTC) of an instant in milliseconds, for the years 1–9999 only (Date's own range is wider). */
function isoOfMs(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return y >= 1 && y <= 9999 ? d.toISOString() : null;
}
