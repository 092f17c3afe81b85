import { z } from 'zod';
import { TIME_ZONE } from '../base/time-zone';
import { MAX_ID, nameSchema } from './model';

/**
 * Which preset the wall shows, and why. Pure: the time zone arithmetic uses Intl only, so the
 * host's ticker, the console's "live now / next" line and the tests all get the same answer.
 *
 * A schedule is a list of change points ("Mon–Fri 07:30 → Giao ban sáng"): the wall shows the
 * target of the latest change point at or before now, in Asia/Ho_Chi_Minh wall-clock time. With
 * no change point at all, the default preset. A target is a preset or a playlist; a playlist
 * rotates its presets, each for its dwell time, counted from when the playlist started.
 * A manual switch overrides the schedule until the next change point, or until it is released.
 */

export { TIME_ZONE };

const idSchema = z.string().min(1).max(MAX_ID);

/** Far above a real schedule; each list is checked for repeated ids. */
export const MAX_ENTRIES = 500;
export const MAX_PLAYLISTS = 200;
export const MAX_PLAYLIST_ITEMS = 500;

export const targetSchema = z.object({
  kind: z.enum(['preset', 'playlist']),
  id: idSchema,
});

/**
 * How an entry treats public holidays (layouts/holidays.ts, lunar ones included): 'any' fires on
 * its weekdays whatever the date, 'skip' not on a holiday, 'only' on every holiday (its weekdays
 * are then not asked).
 */
export const HOLIDAY_MODES = ['any', 'skip', 'only'] as const;
export type HolidayMode = (typeof HOLIDAY_MODES)[number];

export const scheduleEntrySchema = z
  .object({
    id: idSchema,
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1, 'weekday 1 (Monday) … 7 (Sunday)').max(7, 'weekday 1 (Monday) … 7 (Sunday)')).max(7, 'each weekday once, at most 7'),
    /** Wall-clock time in Asia/Ho_Chi_Minh, 'HH:MM' 24-hour. */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time as 'HH:MM', 00:00 … 23:59"),
    target: targetSchema,
    enabled: z.boolean().default(true),
    holidays: z.enum(HOLIDAY_MODES).default('any'),
  })
  .refine((e) => e.holidays === 'only' || (Array.isArray(e.days) && e.days.length > 0), {
    path: ['days'],
    message: 'pick at least one weekday (or holidays: "only")',
    // Checked even when another field is wrong, so every problem is listed at once.
    when: (p) => {
      const v = p.value as { days?: unknown } | undefined;
      return typeof v === 'object' && v !== null && Array.isArray(v.days);
    },
  });

export const playlistItemSchema = z.object({
  presetId: idSchema,
  /** Seconds this preset stays on the wall before the next one. */
  dwellSec: z.number().int().min(5, 'dwell at least 5 s').max(86_400, 'dwell at most 24 h'),
});

export const playlistSchema = z.object({
  id: idSchema,
  name: nameSchema,
  items: z.array(playlistItemSchema).min(1, 'a playlist needs at least one preset').max(MAX_PLAYLIST_ITEMS),
});

export const scheduleConfigSchema = z.object({
  /** false pauses the schedule: the wall keeps the default (or manual) preset. */
  enabled: z.boolean().default(true),
  defaultPresetId: idSchema.nullable().default(null),
  entries: z.array(scheduleEntrySchema).max(MAX_ENTRIES).default([]),
  playlists: z.array(playlistSchema).max(MAX_PLAYLISTS).default([]),
});

export const overrideSchema = z.object({
  target: targetSchema,
  /** When the operator switched (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
  until: z.enum(['next-change', 'release']),
});

export const activeStateSchema = scheduleConfigSchema.extend({
  override: overrideSchema.nullable().default(null),
});

export type Target = z.infer<typeof targetSchema>;
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;
export type PlaylistItem = z.infer<typeof playlistItemSchema>;
export type Playlist = z.infer<typeof playlistSchema>;
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;
export type Override = z.infer<typeof overrideSchema>;
export type ActiveState = z.infer<typeof activeStateSchema>;
export type ActiveStateInput = z.input<typeof activeStateSchema>;

export type ActiveReason = 'manual' | 'alert' | 'schedule' | 'default' | 'none';

export interface Resolution {
  presetId: string | null;
  reason: ActiveReason;
  /** The schedule entry or playlist behind it, for the console's "why". */
  entryId?: string;
  playlist?: { id: string; index: number };
  /** Set when an alert rule's wall action holds the wall (the host decides; see host/layouts/store.ts). */
  alert?: { id: number; areaId: string };
  /** When the current target took effect (ISO), null for the default. */
  since: string | null;
  /** The next time the wall changes by itself, or null when nothing is due. */
  next: { at: string; presetId: string | null; reason: ActiveReason } | null;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock time in a zone, with Intl only.

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(instant: number, timeZone = TIME_ZONE): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's clock reads this local date and time. */
export function zonedInstant(y: number, m: number, d: number, hh: number, mm: number, timeZone = TIME_ZONE): number {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let t = guess - offsetAt(guess, timeZone);
  // A second look settles zones whose offset differs at the guess (DST edges elsewhere).
  t = guess - offsetAt(t, timeZone);
  return t;
}

/** ISO weekday (1 = Monday) of a local calendar date. */
function isoWeekday(y: number, m: number, d: number): number {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

interface ChangePoint {
  at: number;
  entry: ScheduleEntry;
}

/** Is this local calendar date a public holiday (layouts/holidays.ts `holidayChecker`). */
export type IsHoliday = (y: number, m: number, d: number) => boolean;

/** Every change point of the enabled entries whose local date is within [from - 1 day, to + 1 day]. */
function changePoints(
  entries: readonly ScheduleEntry[],
  from: number,
  to: number,
  timeZone: string,
  isHoliday: IsHoliday,
): ChangePoint[] {
  const active = entries.filter((e) => e.enabled);
  if (active.length === 0) return [];
  const start = localParts(from, timeZone);
  const days = Math.ceil((to - from) / 86_400_000) + 2;
  const out: ChangePoint[] = [];
  for (let k = -1; k <= days; k++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + k));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const wd = isoWeekday(y, m, d);
    let holiday: boolean | undefined;
    const isHol = () => (holiday ??= isHoliday(y, m, d));
    active.forEach((entry) => {
      if (entry.holidays === 'only' ? !isHol() : !entry.days.includes(wd) || (entry.holidays === 'skip' && isHol())) return;
      const [hh, mm] = entry.at.split(':').map(Number) as [number, number];
      out.push({ at: zonedInstant(y, m, d, hh, mm, timeZone), entry });
    });
  }
  // Same minute: the entry listed later wins, so it sorts later.
  return out.sort((a, b) => a.at - b.at);
}

const WEEK = 7 * 86_400_000;

export interface ResolveOptions {
  timeZone?: string;
  /** Presets that exist; targets naming others are skipped as if absent. */
  presets?: ReadonlySet<string>;
  /** Public holidays; without it no date is one (entries with holidays 'only' never fire). */
  isHoliday?: IsHoliday;
}

/**
 * The preset the wall should show at `now`, why, and what comes next. Throws on a state that
 * does not parse (every problem listed) or an invalid date.
 */
export function resolveActive(input: ActiveStateInput, now: Date | number, opts: ResolveOptions = {}): Resolution {
  const t = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(t)) throw new RangeError('resolveActive: now is not a valid date');
  const state = activeStateSchema.parse(input);
  const tz = opts.timeZone ?? TIME_ZONE;
  const known = (id: string | null): id is string => id !== null && (!opts.presets || opts.presets.has(id));
  const playlists = new Map(state.playlists.map((p) => [p.id, usablePlaylist(p, known)] as const));
  const usable = (target: Target): boolean =>
    target.kind === 'preset' ? known(target.id) : (playlists.get(target.id)?.items.length ?? 0) > 0;

  const entries = state.enabled ? state.entries.filter((e) => usable(e.target)) : [];
  const points = changePoints(entries, t - WEEK, t + WEEK, tz, opts.isHoliday ?? (() => false));
  const lastAtOrBefore = (x: number) => {
    let found: ChangePoint | undefined;
    for (const p of points) if (p.at <= x) found = p;
    return found;
  };
  const firstAfter = (x: number) => points.find((p) => p.at > x);

  let current: { target: Target; since: number | null; reason: ActiveReason; entryId?: string } | null = null;

  const o = state.override;
  let overrideAt = t;
  if (o && usable(o.target)) {
    overrideAt = Date.parse(o.at);
    // An override made "after" now was made before now: the host's clock was stepped back since
    // (NTP, by an hour or a day). It applies from now, not from when the clock catches up; and
    // 'next-change' still ends at the first change after it was made, not at the changes the
    // operator had already overridden and the step brings round again.
    const ended = o.until === 'next-change' && points.some((p) => p.at > overrideAt && p.at <= t);
    if (!ended) current = { target: o.target, since: overrideAt, reason: 'manual' };
  }
  const manual = current !== null;
  if (!current) {
    const p = lastAtOrBefore(t);
    if (p) current = { target: p.entry.target, since: p.at, reason: 'schedule', entryId: p.entry.id };
  }
  if (!current && known(state.defaultPresetId)) {
    current = { target: { kind: 'preset', id: state.defaultPresetId }, since: null, reason: 'default' };
  }
  if (!current) return { presetId: null, reason: 'none', since: null, next: null };

  const res: Resolution = {
    presetId: null,
    reason: current.reason,
    since: current.since === null ? null : new Date(current.since).toISOString(),
    next: null,
  };
  if (current.entryId) res.entryId = current.entryId;

  let playlistNext: { at: number; presetId: string } | null = null;
  if (current.target.kind === 'preset') {
    res.presetId = current.target.id;
  } else {
    const pl = playlists.get(current.target.id)!;
    const step = playlistStep(pl, current.since ?? 0, t);
    res.presetId = pl.items[step.index]!.presetId;
    res.playlist = { id: pl.id, index: step.index };
    const nextItem = pl.items[(step.index + 1) % pl.items.length]!;
    if (pl.items.length > 1) playlistNext = { at: step.endsAt, presetId: nextItem.presetId };
  }

  // The schedule's next change, unless a manual switch holds until it is released.
  let scheduleNext: { at: number; presetId: string | null } | null = null;
  if (!(manual && o?.until === 'release')) {
    const p = firstAfter(manual ? Math.max(t, overrideAt) : t);
    if (p) {
      const tgt = p.entry.target;
      scheduleNext = {
        at: p.at,
        presetId: tgt.kind === 'preset' ? tgt.id : (playlists.get(tgt.id)?.items[0]?.presetId ?? null),
      };
    }
  }

  if (playlistNext && (!scheduleNext || playlistNext.at < scheduleNext.at)) {
    res.next = { at: new Date(playlistNext.at).toISOString(), presetId: playlistNext.presetId, reason: res.reason };
  } else if (scheduleNext) {
    res.next = { at: new Date(scheduleNext.at).toISOString(), presetId: scheduleNext.presetId, reason: 'schedule' };
  }
  return res;
}

function usablePlaylist(p: Playlist, known: (id: string | null) => boolean): Playlist {
  return { ...p, items: p.items.filter((i) => known(i.presetId)) };
}

/** Which item of a playlist started at `since` is on at `now`, and when it ends. */
export function playlistStep(pl: Playlist, since: number, now: number): { index: number; endsAt: number } {
  const total = pl.items.reduce((s, i) => s + i.dwellSec * 1000, 0);
  // The place in the cycle, also when `since` lies ahead of now: the clock stepped back (NTP, by
  // hours or a day) after the playlist started. Clamped to 0 it froze on its first preset until
  // the clock caught up; the cycle's phase goes on rotating instead.
  const phase = (((now - since) % total) + total) % total;
  const cycleStart = now - phase;
  let acc = 0;
  for (let i = 0; i < pl.items.length; i++) {
    acc += pl.items[i]!.dwellSec * 1000;
    if (phase < acc) return { index: i, endsAt: cycleStart + acc };
  }
  return { index: 0, endsAt: cycleStart + total };
}

/** Local 'HH:MM' and weekday of an instant in the wall's zone, for display and tests. */
export function wallClock(instant: number, timeZone = TIME_ZONE): { weekday: number; time: string } {
  const p = localParts(instant, timeZone);
  const hh = String(p.hour).padStart(2, '0');
  const mm = String(p.minute).padStart(2, '0');
  return { weekday: isoWeekday(p.year, p.month, p.day), time: `${hh}:${mm}` };
}
