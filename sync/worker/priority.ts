/**
 * A sync worker runs at normal priority at most. On Linux a new thread inherits the niceness of
 * the thread that made it, and the host's serving thread is raised (host/priority.ts): a feed's
 * parse, which may take seconds of CPU, must not run ahead of the walls' renderers with it.
 * Only Linux: there a priority is the calling thread's, while on Windows the same call would set
 * the whole process's class, the host's thread included.
 */
import { constants, getPriority, setPriority } from 'node:os';

/** Back to normal when above it; a thread already below normal (a niced service) is left as it is. */
export function leaveRaisedPriority(platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') return;
  try {
    if (getPriority(0) < constants.priority.PRIORITY_NORMAL) setPriority(0, constants.priority.PRIORITY_NORMAL);
  } catch {
    // Lowering one's own priority is always allowed; a failure changes nothing that matters.
  }
}
