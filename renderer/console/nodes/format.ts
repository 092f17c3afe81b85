/** How the "Máy trạm" tab words a node's health: ages, uptimes, memory, a code's countdown. */
import type { Lang } from '../../../domains/text';
import { formatInteger, formatNumber, formatRelativeAge, locale, TIME_ZONE } from '../../format';

/** "12 giây trước" under a minute (a heartbeat comes every 10 s), then as everywhere else. */
export function formatSeenAgo(at: string, now: Date, lang: Lang): string {
  const ms = Date.parse(at) - now.getTime();
  if (Math.abs(ms) < 60_000) {
    if (Math.abs(ms) < 5_000) return lang === 'vi' ? 'vừa xong' : 'just now';
    return new Intl.RelativeTimeFormat(locale(lang), { numeric: 'always' }).format(Math.round(ms / 1000), 'second');
  }
  return formatRelativeAge(at, now, lang);
}

const UNITS: Record<Lang, { d: string; h: string; m: string; s: string }> = {
  vi: { d: 'ngày', h: 'giờ', m: 'phút', s: 'giây' },
  en: { d: 'd', h: 'h', m: 'min', s: 's' },
};

/** The two largest units: "3 ngày 4 giờ", "2 giờ 5 phút", "45 giây" (en: "3 d 4 h"). */
export function formatUptime(sec: number, lang: Lang): string {
  const u = UNITS[lang];
  const s = Math.max(0, Math.floor(sec));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), u.d],
    [Math.floor((s % 86_400) / 3600), u.h],
    [Math.floor((s % 3600) / 60), u.m],
    [s % 60, u.s],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return `0 ${u.s}`;
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/** A node's clock this far off the host's (s) is named: NTP keeps PCs within a second or two. */
export const CLOCK_OFF_WARN_SEC = 60;

/** Whether a node's clock is off the host's enough to say, and by how much. */
export function clockOff(offsetSec: number | null): { ahead: boolean; sec: number } | null {
  if (offsetSec === null || Math.abs(offsetSec) < CLOCK_OFF_WARN_SEC) return null;
  return { ahead: offsetSec > 0, sec: Math.abs(offsetSec) };
}

/** "512 MB", "1,5 GB". */
export function formatMemory(mb: number): string {
  return mb >= 1024 ? `${formatNumber(mb / 1024, 1)} GB` : `${formatNumber(mb, 0)} MB`;
}

/** Time left as "14:05" (minutes:seconds), never negative. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "1.234 MB": a memory guard's figures stay in MB, so the memory and its ceiling compare at a glance. */
export function formatMB(mb: number): string {
  return `${formatInteger(mb)} MB`;
}

/**
 * A node's maintenance window as the console words it, "02:00–05:00"; its zone named only when it
 * is not the one every other time here is shown on.
 */
export function formatGuardWindow(w: { from: string; to: string; timeZone: string }): string {
  const hours = `${w.from}–${w.to}`;
  return w.timeZone === TIME_ZONE ? hours : `${hours} (${w.timeZone})`;
}

/**
 * A time a desktop node reported by its own clock, on the host's: moved by the node's offset at
 * its last heartbeat (the host moves lastPaintAt the same way, host/room/nodes.ts onHostClock),
 * so a PC whose clock is off does not misdate its restart. Unmoved when the offset is unknown.
 */
export function nodeTimeOnHost(at: string, offsetSec: number | null): Date {
  const ms = Date.parse(at);
  return new Date(offsetSec === null || !Number.isFinite(ms) ? ms : ms - offsetSec * 1000);
}
