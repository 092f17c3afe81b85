/**
 * Every wall, kiosk and console is served by one event loop: work that arrives is run in turns,
 * one job of each connection with work waiting per round, so a connection that sent thousands of
 * requests at once holds another's request behind one of its own, not behind all of them.
 * Between batches the loop is given back (setImmediate) so sockets are read again and a request
 * that just arrived takes its turn in the next round.
 */
export interface Lane {
  /** Queues a job; it runs in this lane's turn. A job that throws does not stop the others. */
  push(job: () => void): void;
  /** Jobs waiting for their turn. */
  readonly waiting: number;
  /** Drops the waiting jobs; later pushes are ignored. */
  close(): void;
}

export interface Turns {
  lane(): Lane;
}

export interface TurnsOptions {
  /** A batch stops after the round in which it reached this many ms. */
  batchMs?: number;
  /** How a batch is scheduled: setImmediate runs after the sockets have been read. */
  defer?: (run: () => void) => void;
  now?: () => number;
}

/**
 * Long enough that a connection alone on the host (a display's first frame, a console's burst)
 * is served without giving the loop back after each request; short enough that a request that
 * arrives meanwhile waits a few ms at most.
 */
const BATCH_MS = 4;

class TurnLane implements Lane {
  jobs: ((() => void) | undefined)[] = [];
  head = 0;
  inRing = false;
  closed = false;
  constructor(private readonly enlist: (l: TurnLane) => void) {}

  push(job: () => void): void {
    if (this.closed) return;
    this.jobs.push(job);
    if (!this.inRing) this.enlist(this);
  }

  get waiting(): number {
    return this.jobs.length - this.head;
  }

  /** The next job, or undefined; the array is reset once empty, so it never grows for long. */
  take(): (() => void) | undefined {
    const job = this.jobs[this.head];
    if (job === undefined) return undefined;
    this.jobs[this.head++] = undefined;
    if (this.head === this.jobs.length) {
      this.jobs.length = 0;
      this.head = 0;
    }
    return job;
  }

  close(): void {
    this.closed = true;
    this.jobs.length = 0;
    this.head = 0;
  }
}

export function createTurns(opts: TurnsOptions = {}): Turns {
  const batchMs = opts.batchMs ?? BATCH_MS;
  const defer = opts.defer ?? ((run) => void setImmediate(run));
  const now = opts.now ?? (() => performance.now());
  /** Lanes with work waiting, in the order they take their turns. */
  let ring: TurnLane[] = [];
  let scheduled = false;

  const enlist = (lane: TurnLane) => {
    lane.inRing = true;
    ring.push(lane);
    if (!scheduled) {
      scheduled = true;
      defer(batch);
    }
  };

  function batch(): void {
    scheduled = false;
    const t0 = now();
    while (ring.length > 0) {
      // One round: each lane runs one job. A lane that gets work during the round (a job that
      // answers and so lets its channel hand over more) takes its turn in the next one.
      const round = ring;
      ring = [];
      for (const lane of round) {
        const job = lane.closed ? undefined : lane.take();
        if (job) {
          try {
            job();
          } catch (err) {
            console.error('[host] a queued job failed:', err);
          }
        }
        if (!lane.closed && lane.waiting > 0) ring.push(lane);
        else lane.inRing = false;
      }
      if (now() - t0 >= batchMs) break;
    }
    if (ring.length > 0 && !scheduled) {
      scheduled = true;
      defer(batch);
    }
  }

  return { lane: () => new TurnLane(enlist) };
}

/** The host's one scheduler: there is one event loop to share. */
export const hostTurns = createTurns();
