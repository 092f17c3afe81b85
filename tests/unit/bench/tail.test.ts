// The views bench's split of its slowest asks (bench/tail.ts): pure parts, and the run-queue
// reading on this Linux machine.
import { describe, expect, it } from 'vitest';
import { gcInside, readRunDelay, tailShares } from '../../../bench/tail';

describe('tail split of slow asks', () => {
  it('counts only the part of each GC pause inside the ask', () => {
    const pauses = [
      { start: 0, end: 2 },
      { start: 9, end: 12 },
      { start: 15, end: 16 },
      { start: 30, end: 31 },
    ];
    expect(gcInside(pauses, { start: 10, end: 20 })).toBe(3);
    expect(gcInside(pauses, { start: 40, end: 50 })).toBe(0);
  });

  it('takes the asks at or above the 99th percentile and splits their mean window', () => {
    const timed = Array.from({ length: 200 }, (_, i) => (i === 7 ? 90 : i === 100 ? 60 : i === 150 ? 30 : 1));
    const wall = timed.map((t) => t + 0.5);
    const cpu = timed.map((t) => (t > 1 ? 2 : 0.9));
    const waited = timed.map((t) => (t > 1 ? t - 3 : 0));
    const gc = timed.map((_, i) => (i === 7 ? 1 : 0));
    const s = tailShares(timed, wall, cpu, waited, gc)!;
    // Nearest rank: p99 of 200 is the 198th, so the three slowest (not the ties at 1 ms).
    expect(s.asks).toBe(3);
    expect(s.wall).toBeCloseTo(60.5);
    expect(s.onCpu).toBeCloseTo(2);
    expect(s.waited).toBeCloseTo(57);
    expect(s.gc).toBeCloseTo(1 / 3);
    expect(s.other).toBeCloseTo(1.5);
  });

  it('gives no split when a series is missing (no schedstat) or empty', () => {
    expect(tailShares([1, 2], [1, 2], [1, 1], [], [0, 0])).toBeNull();
    expect(tailShares([], [], [], [], [])).toBeNull();
  });

  it('reads the thread’s run-queue wait, which never goes down', () => {
    const a = readRunDelay();
    if (a === null) return; // not Linux: the bench reports no split
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += i;
    const b = readRunDelay()!;
    expect(x).toBeGreaterThan(0);
    expect(b).toBeGreaterThanOrEqual(a);
  });
});
