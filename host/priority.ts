/**
 * The scheduling priority of the thread that serves the room. Every display's ask, every
 * operator's click and every `changed` goes through this one thread, and each costs a few
 * milliseconds of CPU; on a busy machine (the walls' own renderers, a backup, another program)
 * an ask then waits for a time slice far longer than it computes (`npm run bench -- views
 * --load 6`: two thirds to nine tenths of a slow ask was the kernel's run queue). Above-normal
 * priority lets those short bursts run first; the thread sleeps between asks, so it takes little
 * from the rest.
 *
 * On Linux a priority is a thread's (setpriority on the calling thread): only this thread is
 * raised, and the sync worker, which may parse for seconds, puts itself back to normal
 * (sync/worker/priority.ts). On Windows it is the process's class. Raising needs CAP_SYS_NICE
 * (or root, or systemd's `Nice=`) on Linux: without it the host says so and runs as it is.
 */
import { constants, getPriority, setPriority } from 'node:os';

export type HostPriority = 'above-normal' | 'normal';

/** The niceness a raising setting asks for (Node maps it to a Windows priority class). */
const NICE: Record<Exclude<HostPriority, 'normal'>, number> = {
  'above-normal': constants.priority.PRIORITY_ABOVE_NORMAL,
};

export interface PriorityOutcome {
  /** The niceness asked for, the one found, and the one the thread has now (lower runs first). */
  wanted: number;
  before: number;
  now: number;
  /** Why it could not be raised, with what to do; null when the thread has what was asked. */
  refused: string | null;
  /** The system's error code when refused (EACCES, EPERM); null otherwise. */
  refusedCode: string | null;
  /** Puts back what was found (a host stopped in a process that goes on, such as a test). */
  restore(): void;
}

/** The calls used (the OS's by default; a test gives one that refuses). */
export interface PriorityOs {
  getPriority(pid?: number): number;
  setPriority(pid: number, priority: number): void;
}

/**
 * Gives the calling thread at least above-normal priority when asked. Never lowers one already
 * higher (a service started with `Nice=-10` keeps it); 'normal' leaves the thread as started (a
 * host started under `nice` on purpose was raised to niceness 0 by it before 5 Dec 2026).
 */
export function applyHostPriority(setting: HostPriority, os: PriorityOs = { getPriority, setPriority }): PriorityOutcome {
  const before = os.getPriority(0);
  const wanted = setting === 'normal' ? before : NICE[setting];
  let changed = false;
  let refused: string | null = null;
  let refusedCode: string | null = null;
  if (before > wanted) {
    try {
      os.setPriority(0, wanted);
      changed = true;
    } catch (err) {
      const code = (refusedCode = (err as NodeJS.ErrnoException).code ?? (err as Error).message);
      refused =
        `the system refused a higher priority (${code}), so the host serves at niceness ${before}. ` +
        `Run the service with systemd's "Nice=${wanted}" (or give it CAP_SYS_NICE), or set server.priority to "normal" to silence this.`;
    }
  }
  return {
    wanted,
    before,
    now: os.getPriority(0),
    refused,
    refusedCode,
    restore() {
      if (!changed) return;
      changed = false;
      try {
        os.setPriority(0, before);
      } catch {
        // Lowering one's own priority is always allowed; nothing else to do if it is not.
      }
    },
  };
}
