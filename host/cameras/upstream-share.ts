import type { ServerResponse } from 'node:http';

/**
 * How many connections the host opens to one camera for HLS. IP cameras allow 4–10 sessions;
 * each playlist or segment request used to be its own connection with the camera's login, so one
 * wall asking for a segment 200 times at once made 200, and the picture left every other wall.
 */

/** A camera answer read whole, or why it is not passed on. */
export type Fetched =
  | { status: number; problem: string }
  | { status: number; playlist: string; headers: Record<string, string> }
  | { status: number; body: Buffer; headers: Record<string, string> };

export class CameraBusy extends Error {
  override readonly name = 'CameraBusy';
  constructor(sec: number) {
    super(`Camera đang bận (quá nhiều yêu cầu cùng lúc trong ${sec} giây) / the camera is busy (too many requests at once for ${sec} s)`);
  }
}

/** A shared fetch longer than this is aborted: a "segment" that trickles for ever holds a slot. */
const SHARED_DEADLINE_MS = 30_000;

/**
 * Identical GETs in flight share one camera request (same stream, URL and Range): 16 tiles or six
 * displays showing one camera ask for the same segment within a second. The answer is read whole
 * and handed to each asker; it is aborted when every asker has gone, or at SHARED_DEADLINE_MS.
 * Nothing is kept once it is answered: this is not a cache (everything a camera sends is live).
 */
export class SharedGets {
  private readonly inFlight = new Map<string, { promise: Promise<Fetched>; waiters: number; abort: AbortController }>();

  get(key: string, res: ServerResponse, start: (signal: AbortSignal) => Promise<Fetched>): Promise<Fetched> {
    let e = this.inFlight.get(key);
    if (!e) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), SHARED_DEADLINE_MS);
      const entry = { promise: Promise.resolve(null as unknown as Fetched), waiters: 0, abort };
      entry.promise = start(abort.signal).finally(() => {
        clearTimeout(timer);
        if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
      });
      this.inFlight.set(key, entry);
      e = entry;
    }
    const entry = e;
    entry.waiters++;
    let settled = false;
    void entry.promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    res.once('close', () => {
      if (settled) return;
      entry.waiters--;
      if (entry.waiters === 0) {
        if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
        entry.abort.abort();
      }
    });
    return entry.promise;
  }

  /** Requests in flight now (tests). */
  get size(): number {
    return this.inFlight.size;
  }
}

/**
 * At most `max` requests to one camera at once; the rest wait their turn up to `waitMs`, then are
 * answered "busy" (503) rather than opening another session the camera may refuse to everyone.
 */
export class CameraLimiter {
  private readonly cams = new Map<string, { active: number; queue: (() => void)[] }>();

  constructor(
    private readonly max: number,
    private readonly waitMs: number,
  ) {}

  async run<T>(id: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    let c = this.cams.get(id);
    if (!c) this.cams.set(id, (c = { active: 0, queue: [] }));
    const cam = c;
    if (cam.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', gone);
          resolve();
        };
        const leave = (err: Error) => {
          const i = cam.queue.indexOf(go);
          if (i >= 0) cam.queue.splice(i, 1);
          clearTimeout(timer);
          signal.removeEventListener('abort', gone);
          reject(err);
        };
        const gone = () => leave(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        const timer = setTimeout(() => leave(new CameraBusy(this.waitMs / 1000)), this.waitMs);
        signal.addEventListener('abort', gone, { once: true });
        cam.queue.push(go);
      });
    } else cam.active++;
    // A slot handed over by release() keeps `active` as it was: the leaver's slot is this one.
    try {
      return await fn();
    } finally {
      this.release(id, cam);
    }
  }

  private release(id: string, cam: { active: number; queue: (() => void)[] }): void {
    const next = cam.queue.shift();
    if (next) return next();
    cam.active--;
    if (cam.active === 0 && this.cams.get(id) === cam) this.cams.delete(id);
  }
}
