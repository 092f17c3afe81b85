// The feed scheduler when NTP steps the host's clock (a control-room PC's clock is stepped by
// hours or a day): a wait stored as "now + delay" must not turn into a wait of a day.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { SyncScheduler, feedDueAt } from '../../host/sync/scheduler';
import { simFeeds, testDb, type TestDb } from './sync/helpers';

let sim: Sim;
let t: TestDb;
let s: SyncScheduler | null = null;
beforeEach(async () => {
  sim = await startSim({ events: 20 });
  t = testDb();
});
afterEach(async () => {
  await s?.stop();
  s = null;
  await t.close();
  await sim.close();
});

const DAY = 86_400_000;

/** Waits for a condition; the deadline only bounds a failure (a busy machine is given time). */
const until = (cond: () => boolean, what: string, timeout = 8_000) =>
  vi.waitFor(() => {
    if (!cond()) throw new Error(`timed out waiting for ${what}`);
  }, { timeout, interval: 10 });

describe('scheduler and a clock stepped by NTP', () => {
  it('a feed due before the clock stepped back a day runs at its next tick', async () => {
    let clock = Date.parse('2026-12-05T03:00:00Z');
    const feed = simFeeds(sim.url)['hotline-open311']!;
    s = new SyncScheduler({ db: t.db, feeds: () => [feed], now: () => new Date(clock), worker: false });
    expect((await s.runOne(feed)).ok).toBe(true);
    const first = t.store.getFeedState(feed.id).lastRunAt;
    // NTP steps the clock back by a day (the PC ran a day ahead), then the interval passes.
    clock = clock - DAY + feed.interval + 1_000;
    s.start();
    await until(() => t.store.getFeedState(feed.id).lastRunAt !== first, 'the feed to run again');
    const st = t.store.getFeedState(feed.id);
    expect(st.lastRunAt).toBe(new Date(clock).toISOString());
    // Its next run is one interval from the new clock, not from the old one.
    expect(Date.parse(st.nextRunAt!)).toBe(clock + feed.interval);
  });

  it('a clock stepped forward a day runs each feed once, not in a burst', async () => {
    let clock = Date.parse('2026-12-05T03:00:00Z');
    const feeds = Object.values(simFeeds(sim.url)).slice(0, 3);
    const runs = new Map<string, number>();
    s = new SyncScheduler({
      db: t.db,
      feeds: () => feeds,
      now: () => new Date(clock),
      worker: false,
      log: (level, message) => {
        const id = /^([\w-]+): ok/.exec(message)?.[1];
        if (level === 'info' && id) runs.set(id, (runs.get(id) ?? 0) + 1);
      },
    });
    await s.runNow();
    runs.clear();
    clock += DAY;
    s.start();
    await until(() => feeds.every((f) => runs.get(f.id) === 1), 'every feed to run once');
    // Each is next due one interval from the new clock: nothing more to run now.
    for (const f of feeds) expect(Date.parse(t.store.getFeedState(f.id).nextRunAt!)).toBe(clock + f.interval);
    await s.stop();
    s = null;
    expect(feeds.map((f) => runs.get(f.id))).toEqual([1, 1, 1]);
  });

  it('a wait the feed was really given (a long Retry-After) is kept; one longer than that is a clock step', () => {
    const now = Date.parse('2026-12-05T03:00:00Z');
    const feed = { interval: 60_000 };
    const iso = (t: number) => new Date(t).toISOString();
    // The last run, just now, was told to come back in six hours (far longer than four intervals).
    expect(feedDueAt(feed, { lastRunAt: iso(now), nextRunAt: iso(now + 6 * 3_600_000) }, now)).toBe(now + 6 * 3_600_000);
    // The same wait seen after the clock stepped back a day: due now.
    expect(feedDueAt(feed, { lastRunAt: iso(now + DAY), nextRunAt: iso(now + DAY + 6 * 3_600_000) }, now)).toBe(now);
    // No run recorded: no wait longer than the interval (plus slack).
    expect(feedDueAt(feed, { lastRunAt: null, nextRunAt: iso(now + DAY) }, now)).toBe(now);
    expect(feedDueAt(feed, { lastRunAt: null, nextRunAt: iso(now + 30_000) }, now)).toBe(now + 30_000);
  });
});

describe('a wait too long for a date or a timer (M4)', () => {
  it('a feed whose interval is past the last date a Date holds is scheduled within range, not refetched every 5 s', async () => {
    const clock = Date.parse('2026-12-05T03:00:00Z');
    // The schema refuses this now; a feed that reaches the scheduler some other way must still not
    // make new Date(now + interval) throw ("Invalid time value"), which left nextRunAt unwritten
    // and the feed due again at the next tick.
    const feed = { ...simFeeds(sim.url)['hotline-open311']!, interval: 9e15 };
    s = new SyncScheduler({ db: t.db, feeds: () => [feed], now: () => new Date(clock), worker: false });
    const summary = await s.runOne(feed);
    expect(summary.ok).toBe(true);
    const next = Date.parse(t.store.getFeedState(feed.id).nextRunAt!);
    expect(next).toBeGreaterThan(clock);
    expect(next - clock).toBeLessThanOrEqual(28 * DAY);
  });
});
