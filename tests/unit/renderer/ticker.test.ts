// renderer/components/ticker: one timer per period for the page, ticking on the wall clock's
// boundaries, gone with its last user.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeTickers, subscribeTicks, tickNow } from '../../../renderer/components/ticker';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-02T08:00:12.400Z'));
});
afterEach(() => vi.useRealTimers());

describe('ticker', () => {
  it('shares one timer and one Date between users of a period, and ticks on its boundaries', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = subscribeTicks(30_000, a);
    const offB = subscribeTicks(30_000, b);
    expect(vi.getTimerCount()).toBe(1);
    const first = tickNow(30_000);
    expect(tickNow(30_000)).toBe(first);
    vi.advanceTimersByTime(17_599);
    expect(a).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(new Date(Date.now()).toISOString()).toBe('2026-12-02T08:00:30.000Z');
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);
    const second = tickNow(30_000);
    expect(second).not.toBe(first);
    expect(second.toISOString()).toBe('2026-12-02T08:00:30.000Z');
    // A late timer does not shift the next tick off the boundary.
    vi.advanceTimersByTime(30_000);
    expect(tickNow(30_000).toISOString()).toBe('2026-12-02T08:01:00.000Z');
    offA();
    expect(activeTickers()).toBe(1);
    offB();
    offB();
    expect(activeTickers()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps periods apart, and gives a first user after a pause the time of now, not of the last tick', () => {
    const sec = vi.fn();
    const offSec = subscribeTicks(1000, sec);
    const offHalf = subscribeTicks(30_000, () => {});
    expect(activeTickers()).toBe(2);
    vi.advanceTimersByTime(3000);
    expect(sec).toHaveBeenCalledTimes(3);
    offSec();
    offHalf();
    vi.advanceTimersByTime(95_000);
    expect(sec).toHaveBeenCalledTimes(3);
    // Idle for more than a period: what it kept is not shown as now.
    expect(Date.now() - tickNow(30_000).getTime()).toBeLessThan(30_000);
    const off = subscribeTicks(30_000, () => {});
    expect(Date.now() - tickNow(30_000).getTime()).toBeLessThan(30_000);
    off();
    expect(vi.getTimerCount()).toBe(0);
  });
});
