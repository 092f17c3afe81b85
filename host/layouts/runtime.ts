import type Database from 'better-sqlite3';
import type { EventName, HostEvents } from '../api/contract';
import type { ActiveLayout } from '../../layouts/records';
import { holidayChecker, type ExtraHoliday } from '../../layouts/holidays';
import { activeLayout, markApplied } from './store';

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
    timer = null;
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
