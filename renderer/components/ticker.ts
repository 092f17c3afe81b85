/**
 * One clock per period for the whole page. Every panel frame shows its data's age and re-renders
 * when it changes: with a timer each, a wall display of ten panels woke ten times every 30 s, each
 * time to render one panel, and at a different moment. Here every user of a period shares one
 * timer and one Date, so a tick is one wake-up and one batched render, and the timer stops with
 * its last user. Ticks fall on the period's boundaries of the wall clock (a clock showing seconds
 * changes on the second, and all displays of a wall at the same moment). The clock is the host's
 * (client/host-clock.ts): the displays of a wall run on PCs whose own clocks may be hours apart.
 */
import { hostNow } from '../client/host-clock';

interface Ticker {
  now: Date;
  users: Set<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** One per period in use (a handful: 1 s, 15 s, 30 s); an idle one keeps only its last Date. */
const tickers = new Map<number, Ticker>();

function tickerOf(everyMs: number): Ticker {
  let t = tickers.get(everyMs);
  if (!t) tickers.set(everyMs, (t = { now: hostNow(), users: new Set(), timer: null }));
  // Not ticking (no user yet, or none since a while): what it kept may be older than a period.
  else if (!t.timer && Math.abs(hostNow().getTime() - t.now.getTime()) >= everyMs) t.now = hostNow();
  return t;
}

function schedule(everyMs: number, t: Ticker): void {
  // To the next boundary, every time: setInterval drifts, a timeout per tick does not.
  t.timer = setTimeout(() => {
    t.now = hostNow();
    for (const cb of t.users) cb();
    schedule(everyMs, t);
  }, everyMs - (hostNow().getTime() % everyMs));
}

/** Calls `onTick` at each boundary of `everyMs` while subscribed; returns the unsubscribe. */
export function subscribeTicks(everyMs: number, onTick: () => void): () => void {
  const t = tickerOf(everyMs);
  if (!t.timer) schedule(everyMs, t);
  t.users.add(onTick);
  return () => {
    t.users.delete(onTick);
    if (t.users.size > 0 || !t.timer) return;
    clearTimeout(t.timer);
    t.timer = null;
  };
}

/** The time of the period's last tick (the same Date for every user until the next one). */
export function tickNow(everyMs: number): Date {
  return tickerOf(everyMs).now;
}

/** Periods with a live timer (tests). */
export function activeTickers(): number {
  let n = 0;
  for (const t of tickers.values()) if (t.timer) n++;
  return n;
}
