/**
 * The maintenance window a downloaded update may install in (config `updates.installWindow`,
 * default 02:00–04:00 Vietnam time). Walls and kiosks never quit, so "install on quit" would mean
 * never; a restart at 03:00 with nobody at the console is what a control room accepts.
 */
import { TIME_ZONE } from '../base/time-zone';

export interface InstallWindow {
  /** HH:MM, local to timeZone. */
  from: string;
  to: string;
  timeZone: string;
  /** Minutes without input before the app may restart. */
  idleMinutes: number;
}

export const DEFAULT_INSTALL_WINDOW: InstallWindow = { from: '02:00', to: '04:00', timeZone: TIME_ZONE, idleMinutes: 10 };

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since midnight at `now` on the wall clock of `timeZone`. */
export function minuteOfDay(now: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    // One per configured zone: a machine has one or two, never a growing number.
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Inside [from, to) on that zone's clock; a window such as 23:00–01:00 spans midnight. */
export function inInstallWindow(now: Date, w: Pick<InstallWindow, 'from' | 'to' | 'timeZone'>): boolean {
  const m = minuteOfDay(now, w.timeZone);
  const from = minutesOf(w.from);
  const to = minutesOf(w.to);
  if (from === to) return true; // a 24-hour window
  return from < to ? m >= from && m < to : m >= from || m < to;
}

export const describeWindow = (w: InstallWindow) => `${w.from}–${w.to} ${w.timeZone}, sau ${w.idleMinutes} phút không thao tác / after ${w.idleMinutes} min without input`;
