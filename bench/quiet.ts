// Waiting until the bench's own processes (the host and this bench's Chromium) are idle before a
// measured step starts. A layout switch reaches a real wall minutes after the one before it; in a
// bench it comes a few tens of milliseconds after the bench's own previous step (a blank page's
// browser context closed, its renderer process exiting; a preset saved and announced to every
// display), and that leftover work shared the two cores with the switch. A condition with a
// deadline, not a sleep: a step starts as soon as the processes are idle, and after `deadlineMs`
// anyway (counted, so a run on a machine that never settles says so).
import { cpuSnapshot } from './proc-cpu';

export interface QuietOptions {
  /** The window over which CPU is summed. */
  windowMs?: number;
  /** Idle: at most this much CPU (all the processes together) in one window. */
  maxCpuMs?: number;
  deadlineMs?: number;
}

export interface QuietWait {
  waitedMs: number;
  /** False when the deadline came first. */
  quiet: boolean;
}

/** CPU ms used between two snapshots by the processes and threads present in both. */
function used(a: Map<number, { ms: number }>, b: Map<number, { ms: number }>): number {
  let ms = 0;
  for (const [id, v] of b) {
    const before = a.get(id);
    if (before) ms += Math.max(0, v.ms - before.ms);
  }
  return ms;
}

/**
 * Resolves once the host (`hostPid`) and the Chromium processes started by this process used at
 * most `maxCpuMs` of CPU over one `windowMs` window. /proc counts in 10 ms ticks per thread, so the
 * defaults (20 ms in 200 ms: 5 % of the machine's two cores) allow a tick or two of a timer.
 */
export async function untilQuiet(hostPid: number, opts: QuietOptions = {}): Promise<QuietWait> {
  const windowMs = opts.windowMs ?? 200;
  const maxCpuMs = opts.maxCpuMs ?? 20;
  const deadline = Date.now() + (opts.deadlineMs ?? 5000);
  const start = performance.now();
  let before = cpuSnapshot(hostPid, process.pid);
  for (;;) {
    await new Promise((r) => setTimeout(r, windowMs));
    const after = cpuSnapshot(hostPid, process.pid);
    if (used(before, after) <= maxCpuMs) return { waitedMs: performance.now() - start, quiet: true };
    if (Date.now() >= deadline) return { waitedMs: performance.now() - start, quiet: false };
    before = after;
  }
}
