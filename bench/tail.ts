// Where the slow asks of a benchmark spent their wall-clock time: on a CPU, waiting in the
// kernel's run queue (descheduled: the machine is busy), in garbage-collector pauses, or off the
// run queue altogether (blocked on I/O or a page fault). Linux only; elsewhere the split is absent.
import { readFileSync } from 'node:fs';

export interface GcSpan {
  start: number;
  end: number;
}

/**
 * The calling thread's time spent runnable but waiting for a CPU, in ms (/proc/thread-self/
 * schedstat's second field, ns), or null where there is no such file. The kernel adds a wait when
 * the thread gets a CPU again, so a reading taken while running holds every wait before it. (Its
 * first field, time on a CPU, is only brought up to date at a tick or a switch: too coarse for an
 * ask of a millisecond, so CPU time comes from getrusage instead.)
 */
export function readRunDelay(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

/** Milliseconds of GC pauses overlapping the span (performance.now() times). */
export function gcInside(spans: readonly GcSpan[], span: GcSpan): number {
  let ms = 0;
  for (const g of spans) ms += Math.max(0, Math.min(g.end, span.end) - Math.max(g.start, span.start));
  return ms;
}

export interface TailShares {
  /** How many asks make up the slowest 1 % (from the nearest-rank p99 up: 3 of 200). */
  asks: number;
  /** Their mean wall-clock time and its parts, ms. */
  wall: number;
  /** The process's CPU time (getrusage): the ask's thread, and GC helper threads meanwhile. */
  onCpu: number;
  waited: number;
  gc: number;
  /** Wall-clock time neither on a CPU nor waiting to run: blocked (I/O, page faults). */
  other: number;
}

/**
 * The asks at or above the 99th percentile of `timed` (their wall-clock time), and what their
 * time was made of on average, over `wall` (the same asks' window around the readings of CPU and
 * wait). GC pauses run on the thread, so they are part of its CPU time (or of its wait, if it was
 * preempted during one): reported beside the split, not added to it.
 */
export function tailShares(timed: number[], wall: number[], onCpu: number[], waited: number[], gc: number[]): TailShares | null {
  if (timed.length === 0 || [wall, onCpu, waited, gc].some((xs) => xs.length !== timed.length)) return null;
  // The asks from the nearest-rank 99th percentile up (3 of 200), slowest first; ties by order.
  const k = timed.length - Math.ceil(0.99 * timed.length) + 1;
  const idx = timed
    .map((w, i) => [w, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
  const mean = (xs: number[]) => idx.reduce((a, i) => a + xs[i]!, 0) / idx.length;
  const w = mean(wall);
  const c = mean(onCpu);
  const q = mean(waited);
  return { asks: idx.length, wall: w, onCpu: c, waited: q, gc: mean(gc), other: Math.max(0, w - c - q) };
}
