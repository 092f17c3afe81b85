import type { IncomingMessage, ServerResponse } from 'node:http';
import { JpegCutter } from './jpeg-cutter';
import { CAMERA_ANSWER_HEADERS } from './guard';

export interface JpegFrame {
  seq: number;
  jpeg: Buffer;
}

/** A frame poller that stops asking for this long lets the camera connection go. */
const POLL_IDLE_MS = 15_000;
/** The default stall limit: the wall's own `camera.signalLostSec` default (8 s). */
const STALL_MS = 8000;
/**
 * The clock of the idle and frame ages: monotonic, as they are durations. On Date.now a clock
 * stepped back 2 h (NTP, an operator) kept a camera session open 2 h after its last poller, and
 * passed a frame from before a stall for a current one.
 */
const monotonicMs = () => performance.now();

export interface MjpegFanoutOptions {
  /**
   * No byte from the camera for this long: the connection is dropped and a new one opened, and
   * a frame this old is no longer handed out as the current one. The host passes
   * `camera.signalLostSec`, the time after which the pages say "Mất tín hiệu"; tests pass less.
   */
  stallMs?: number;
}

/**
 * One connection to an MJPEG camera, however many screens watch it. IP cameras allow a few
 * MJPEG clients at most, and a wall of six displays showing one camera in several tiles would
 * open one each. Watchers join at the next part boundary, so each gets whole frames; the camera
 * connection closes when the last watcher leaves. A watcher that cannot keep up (its socket
 * buffer full) misses frames instead of growing the host's memory.
 */
export class MjpegFanout {
  private readonly watchers = new Map<ServerResponse, { synced: boolean }>();
  private upstream: IncomingMessage | null = null;
  private connecting: Promise<IncomingMessage> | null = null;
  private boundary: Buffer | null = null;
  private headers: Record<string, string> = {};

  private readonly stallMs: number;

  constructor(
    private readonly open: (signal: AbortSignal) => Promise<IncomingMessage>,
    private readonly onIdle: () => void,
    opts: MjpegFanoutOptions = {},
  ) {
    this.stallMs = opts.stallMs ?? STALL_MS;
  }

  private abort = new AbortController();
  private cutter = new JpegCutter();
  private seq = 0;
  private latest: (JpegFrame & { at: number }) | null = null;
  /**
   * Restarted at every byte from the camera. A connection that goes silent but stays open (a
   * half-open TCP after a NAT or Wi-Fi drop, an encoder hung on one session) sends no 'end' nor
   * 'error', and was kept for ever: every page showed the last frame while the camera was fine.
   */
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly waiters = new Set<(f: JpegFrame | null) => void>();
  private lastPollAt = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  /**
   * The first frame newer than `after`, at once if there is one, else when it comes (null after
   * `waitMs`). Browsers open at most six HTTP/1.1 connections to a host, so sixteen endless
   * multipart streams in one page would starve; one short request per frame does not.
   */
  async frame(after: number, waitMs: number): Promise<JpegFrame | null> {
    this.lastPollAt = monotonicMs();
    this.pollTimer ??= setInterval(() => {
      if (this.watchers.size === 0 && monotonicMs() - this.lastPollAt > POLL_IDLE_MS) this.close();
    }, POLL_IDLE_MS / 3);
    await this.connect();
    // Only a recent frame is "the next one" at once: a page that restarts with after=0 must not
    // get a frame from before a stall as if it were new, or it never says "Mất tín hiệu".
    if (this.latest && this.latest.seq > after && monotonicMs() - this.latest.at < this.stallMs) return this.toFrame(this.latest);
    return new Promise((resolve) => {
      const done = (f: JpegFrame | null) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(f);
      };
      const timer = setTimeout(() => done(null), waitMs);
      this.waiters.add(done);
    });
  }

  private toFrame(f: JpegFrame): JpegFrame {
    return { seq: f.seq, jpeg: f.jpeg };
  }

  private cutFrames(chunk: Buffer): void {
    for (const jpeg of this.cutter.push(chunk)) {
      this.latest = { seq: ++this.seq, jpeg, at: monotonicMs() };
      const frame = this.toFrame(this.latest);
      for (const w of [...this.waiters]) w(frame);
    }
  }

  /** Watchers and recent frame pollers: while any, the camera connection stays. */
  get size(): number {
    return this.watchers.size + (this.pollTimer ? 1 : 0);
  }

  /** Adds a watcher; rejects (and removes it) when the camera cannot be reached. */
  async add(res: ServerResponse): Promise<void> {
    this.watchers.set(res, { synced: false });
    res.on('close', () => this.remove(res));
    try {
      await this.connect();
    } catch (err) {
      this.watchers.delete(res);
      throw err;
    }
    if (!res.headersSent && !res.destroyed) res.writeHead(200, this.headers);
  }

  private remove(res: ServerResponse): void {
    if (!this.watchers.delete(res)) return;
    if (this.watchers.size === 0 && !this.pollTimer) this.close();
  }

  private connect(): Promise<IncomingMessage> {
    if (this.upstream) return Promise.resolve(this.upstream);
    this.connecting ??= this.open(this.abort.signal).then((up) => {
      const type = up.headers['content-type'] ?? 'multipart/x-mixed-replace';
      const b = /boundary="?([^";]+)"?/i.exec(type)?.[1];
      this.boundary = b ? Buffer.from(b.startsWith('--') ? b : `--${b}`) : null;
      // The type is built here, not copied: only a multipart stream with its boundary goes out
      // (the proxy refuses any other camera answer), with the headers every camera answer has.
      this.headers = { ...CAMERA_ANSWER_HEADERS, 'content-type': b ? `multipart/x-mixed-replace; boundary=${b}` : 'multipart/x-mixed-replace' };
      this.upstream = up;
      const stall = setTimeout(() => this.reconnect(up), this.stallMs);
      this.stallTimer = stall;
      up.on('data', (chunk: Buffer) => {
        stall.refresh();
        this.broadcast(chunk);
        this.cutFrames(chunk);
      });
      // A connection dropped on purpose (reconnect, close) is no longer this.upstream.
      const end = () => {
        if (this.upstream === up) this.endAll();
      };
      up.on('end', end);
      up.on('error', end);
      up.on('close', () => clearTimeout(stall));
      return up;
    });
    this.connecting.catch(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /**
   * The camera went silent: drop that connection and open a new one for the same watchers and
   * pollers. Multipart watchers resync at the new connection's first boundary; pollers keep their
   * frame numbers (seq goes on). If the camera cannot be reached now, everyone is let go as when
   * it hangs up.
   */
  private reconnect(stalled: IncomingMessage): void {
    if (this.upstream !== stalled) return;
    this.clearStall();
    this.abort.abort();
    stalled.destroy();
    this.upstream = null;
    this.connecting = null;
    this.abort = new AbortController();
    this.cutter = new JpegCutter();
    for (const w of this.watchers.values()) w.synced = false;
    this.connect().catch(() => this.endAll());
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private broadcast(chunk: Buffer): void {
    for (const [res, w] of this.watchers) {
      let part = chunk;
      if (!w.synced) {
        const at = this.boundary ? chunk.indexOf(this.boundary) : chunk.indexOf(Buffer.from([0xff, 0xd8]));
        if (at < 0) continue;
        part = chunk.subarray(at);
        w.synced = true;
      }
      // A slow screen skips what it cannot take; it resyncs at the next boundary.
      if (res.writableNeedDrain) {
        w.synced = false;
        continue;
      }
      res.write(part);
    }
  }

  private endAll(): void {
    for (const res of this.watchers.keys()) res.destroy();
    this.watchers.clear();
    this.close();
  }

  private close(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const w of [...this.waiters]) w(null);
    this.latest = null;
    this.cutter = new JpegCutter();
    this.clearStall();
    this.abort.abort();
    const up = this.upstream;
    this.upstream = null;
    up?.destroy();
    this.connecting = null;
    this.abort = new AbortController();
    this.onIdle();
  }
}
