import type Database from 'better-sqlite3';
import type { EventName, HostEvents } from '../api/contract';
import type { ActiveLayout } from '../../layouts/records';
import { holidayChecker, type ExtraHoliday } from '../../layouts/holidays';
import { activeLayout, getPreset, getWall, markApplied } from './store';

type Emit = <E extends EventName>(event: E, data: HostEvents[E]) => void;

export interface LayoutRuntime {
  /** What the wall must show now; reads only (no event, nothing written). */
  current(): ActiveLayout;
  /**
   * Re-resolves after a change (or a scheduled minute) and, when what the wall must show changed
   * (or `force`), records it and emits 'layout.changed'.
   */
  announce(force?: boolean): ActiveLayout;
  stop(): void;
}

/** Longest sleep between checks: a changed clock or a missed timer is caught within a minute. */
const MAX_SLEEP_MS = 60_000;
/**
 * How long before the schedule's or playlist's next change the displays are told to prepare
 * its preset ('layout.cued'): they mount it hidden, so the change is a flip, not a cold
 * switch. Long enough for a loaded display to paint it; short enough that a hidden layout is
 * not kept (with its live queries) for hours before an entry in the evening.
 */
export const CUE_AHEAD_MS = 60_000;

/**
 * The layout ticker of one host: sleeps until the schedule's or playlist's next change, then
 * tells every display. The host makes one at start-up (host/service.ts) and hands it to the
 * handlers and to the other services that change what the wall shows.
 */
export function startLayouts(opts: { db: Database.Database; emit: Emit; now?: () => Date; extraHolidays?: readonly ExtraHoliday[] }): LayoutRuntime {
  const { db, emit } = opts;
  const now = opts.now ?? (() => new Date());
  const isHoliday = holidayChecker(opts.extraHolidays ?? []);
  let lastKey: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let cueTimer: ReturnType<typeof setTimeout> | null = null;
  /** The change already cued ('at|presetId'), so a re-announce does not cue it again. */
  let cuedKey: string | null = null;
  let stopped = false;

  const resolve = () => activeLayout(db, now(), isHoliday);

  function announce(force = false): ActiveLayout {
    const { key, ...active } = resolve();
    if (force || key !== lastKey) {
      lastKey = key;
      markApplied(db, active.resolution.presetId);
      emit('layout.changed', active);
    }
    schedule(active);
    return active;
  }

  function schedule(active: ActiveLayout): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const nextAt = active.resolution.next ? Date.parse(active.resolution.next.at) : Infinity;
    const wait = Math.max(50, Math.min(MAX_SLEEP_MS, nextAt - now().getTime() + 5));
    timer = setTimeout(tick, wait);
    timer.unref?.();
    scheduleCue(active);
  }

  /** Tells the displays to prepare the next change's preset CUE_AHEAD_MS before it is due. */
  function scheduleCue(active: ActiveLayout): void {
    if (cueTimer) clearTimeout(cueTimer);
    cueTimer = null;
    const next = active.resolution.next;
    if (!next?.presetId || next.presetId === active.resolution.presetId) return;
    const key = `${next.at}|${next.presetId}`;
    if (key === cuedKey) return;
    const presetId = next.presetId;
    const cue = () => {
      cueTimer = null;
      if (stopped || !db.open) return;
      try {
        const { bundled: _b, updatedAt: _u, ...layout } = getPreset(db, presetId);
        cuedKey = key;
        emit('layout.cued', { wall: getWall(db), layout });
      } catch (err) {
        // A preset deleted since: the change itself will say what the wall shows.
        console.error('[layouts] could not cue the next preset:', err);
      }
    };
    const wait = Date.parse(next.at) - CUE_AHEAD_MS - now().getTime();
    if (wait <= 0) return cue();
    // Past MAX_SLEEP_MS the ticker re-schedules (and so re-arms this) before it is due anyway.
    if (wait > MAX_SLEEP_MS) return;
    cueTimer = setTimeout(cue, wait);
    cueTimer.unref?.();
  }

  function tick(): void {
    timer = null;
    if (stopped) return;
    if (!db.open) return stop();
    try {
      announce();
    } catch (err) {
      console.error('[layouts] could not apply the schedule:', err);
      timer = setTimeout(tick, MAX_SLEEP_MS);
      timer.unref?.();
    }
  }

  function stop(): void {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (cueTimer) clearTimeout(cueTimer);
    timer = cueTimer = null;
  }

  // The first resolution only records what is on; displays ask 'layout.active' when they start.
  try {
    const { key, ...active } = resolve();
    lastKey = key;
    schedule(active);
  } catch (err) {
    console.error('[layouts] could not read the active layout:', err);
  }
  return {
    current() {
      const { key: _key, ...active } = resolve();
      return active;
    },
    announce,
    stop,
  };
}
