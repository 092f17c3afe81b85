import type Database from 'better-sqlite3';
import type { DomainId } from '../../domains';
import { runFeed, tryFeed, type RunSummary, type TryResult } from '../../sync/engine';
import { MAX_FEED_INTERVAL_MS, type ActionsEndpoint, type FeedConfig } from '../../sync/feeds/config';
import { HttpClient, type HttpClientOptions } from '../../sync/http/client';
import { workerHttpOptions } from '../../sync/worker/source';
import { backoffDelay } from '../../base/backoff';
import { CONNECTIVITY_CODES, type SyncErrorCode } from '../../sync/http/errors';
import type { SecretGuard } from '../../sync/secrets';
import type { FeedError, SecretStore } from '../../sync/store';
import { isDiskFull } from '../../sync/storage-errors';
import { effectiveFeeds } from './feeds';
import { OUTBOX_BATCH, deliverOutbox, outboxDueAt, tiedFeed, type DeliveryResult } from './outbox';
import { SqliteSyncStore } from './sqlite-store';
import type { FeedState } from '../../sync/store';

/**
 * The longest wait a run writes: the backoff cap (four intervals) of the longest interval the
 * config takes. The schema bounds the interval; this bounds whatever reaches the scheduler all the
 * same (a feed built in code, a Retry-After allowed by a generous client): now + wait must stay a
 * date (an interval of 9e15 ms threw "Invalid time value", nextRunAt was never written and the
 * feed ran again at every 5 s retry tick).
 */
const MAX_WAIT_MS = 4 * MAX_FEED_INTERVAL_MS;
const boundedWait = (ms: number): number => (Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_WAIT_MS) : MAX_WAIT_MS);

/** Clock jitter a stored wait may exceed its own length by before it counts as a clock step. */
const STEP_SLACK_MS = 60_000;

/**
 * When a feed is next due, in ms of this clock. nextRunAt is stored as "wall clock + wait"; when
 * NTP steps the clock back (a control-room PC is stepped by hours or a day) it lies that far
 * ahead, and the feed would wait for the clock to catch up. No feed is ever told to wait longer
 * than its interval, or than the wait written with its last run (backoff, a Retry-After of any
 * length: nextRunAt − lastRunAt, the run's start, is at least that wait). A nextRunAt further
 * ahead than that, plus slack, is a clock step: due now. A clock stepped forward needs no guard:
 * every feed is due, runs once, and is then due one wait from the new clock.
 */
export function feedDueAt(feed: Pick<FeedConfig, 'interval'>, st: Pick<FeedState, 'nextRunAt' | 'lastRunAt'>, now: number): number {
  const next = st.nextRunAt ? Date.parse(st.nextRunAt) : NaN;
  if (!Number.isFinite(next)) return now;
  const last = st.lastRunAt ? Date.parse(st.lastRunAt) : NaN;
  const longest = Math.max(feed.interval, Number.isFinite(last) ? next - last : 0) + STEP_SLACK_MS;
  return next - now > longest ? now : next;
}

/** Why the outbox is pushed now (host/sync/outbox.ts DeliveryOptions). */
export interface PushOptions {
  /** An operator retried this action: it goes now, whatever pause the endpoint is in. */
  retrySeq?: number;
  /** The network is back after every feed failed to connect. */
  networkBack?: boolean;
}

export interface SchedulerOptions {
  db: Database.Database;
  feeds: () => readonly FeedConfig[];
  actionsEndpoint?: () => ActionsEndpoint | undefined;
  secrets?: SecretStore;
  /** Which origins a `secret:NAME` may go to (host/sync/secret-origins.ts). */
  secretGuard?: SecretGuard;
  /** Data of these domains changed (the host forwards it as the `changed` event). */
  onChanged?: (domains: DomainId[]) => void;
  /** Feed state or outbox changed (the `feeds.changed` event). */
  onFeedsChanged?: () => void;
  now?: () => Date;
  http?: HttpClientOptions;
  /** First backoff step after a failure, ms (doubles per consecutive failure, capped by the interval ×4). */
  failureBaseMs?: number;
  /** Feeds run at the same time. */
  concurrency?: number;
  /**
   * Fetch, parse and map in a worker thread (default true): the thread that serves the screens
   * only stores the validated slices. Off, or with function-valued `http` options (fake clocks),
   * adapters run on this thread.
   */
  worker?: boolean;
  /** While true (a full disk), no feed runs and the outbox waits; the cache keeps being served. */
  paused?: () => boolean;
  /** A run failed because the disk is full. */
  onDiskFull?: (error: FeedError) => void;
  /** One line per run and per problem (the host's log file). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * Runs each feed on its interval, backs off on failure (honouring Retry-After), notices when the
 * network as a whole is down (every feed failing to connect), and pushes the outbox after each
 * round. A failed feed keeps its last good data: nothing is deleted on failure.
 */
export class SyncScheduler {
  readonly store: SqliteSyncStore;
  readonly http: HttpClient;
  private timer: NodeJS.Timeout | null = null;
  private running = new Map<string, Promise<RunSummary>>();
  private stopped = true;
  private outboxBusy: Promise<DeliveryResult | null> | null = null;
  /** A push asked for while a drain ran (it may have read its batch before the new action): one more round after it. */
  private outboxAgain: PushOptions | null = null;
  private trying: Promise<TryResult> | null = null;
  private readonly now: () => Date;
  private readonly abort = new AbortController();
  networkDown = false;
  lastDelivery: DeliveryResult | null = null;

  constructor(private readonly o: SchedulerOptions) {
    this.now = o.now ?? (() => new Date());
    this.store = new SqliteSyncStore(o.db, this.now);
    this.http = new HttpClient(o.http);
  }

  feeds(): FeedConfig[] {
    return effectiveFeeds(this.o.db, this.o.feeds());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // A run interrupted by a crash or a quit resumes at once (its cursor is in feed_state).
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort(new Error('sync stopped'));
    await Promise.allSettled([...this.running.values(), this.outboxBusy, this.trying]);
    await this.http.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tick().catch((err: unknown) => {
        // A tick must never take the host down; the next one tries again.
        this.log('error', err instanceof Error ? err.message : String(err));
        this.schedule(5_000);
      });
    }, Math.max(0, Math.min(ms, 60_000)));
    this.timer.unref?.();
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    if (this.o.log) this.o.log(level, message);
    else if (level !== 'info') process.stderr.write(`ioc-wall sync: ${message}\n`);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.o.paused?.()) {
      this.schedule(60_000);
      return;
    }
    const now = this.now().getTime();
    const due = this.feeds().filter((f) => {
      if (!f.enabled || this.running.has(f.id)) return false;
      return feedDueAt(f, this.store.getFeedState(f.id), now) <= now;
    });
    const limit = this.o.concurrency ?? 2;
    const queue = [...due];
    const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await this.runOne(f);
    });
    await Promise.all(workers);
    // Beside the feeds, not in front of them: a slow endpoint or a long backlog never holds up the
    // next feed run (the drain reschedules when it ends).
    void this.pushOutbox().catch((err: unknown) => this.log('error', err instanceof Error ? err.message : String(err)));
    this.schedule(this.msUntilNextDue());
  }

  private msUntilNextDue(): number {
    const now = this.now().getTime();
    let soonest = 60_000;
    for (const f of this.feeds()) {
      if (!f.enabled) continue;
      soonest = Math.min(soonest, feedDueAt(f, this.store.getFeedState(f.id), now) - now);
    }
    // While a drain runs, it reschedules when it ends; otherwise the outbox is due at once, or at
    // the end of the endpoint's pause (backoff, Retry-After).
    if (this.o.actionsEndpoint?.() && !this.outboxBusy) {
      const due = outboxDueAt(this.store.deliverableOutbox(OUTBOX_BATCH), now);
      if (due !== null) soonest = Math.min(soonest, due - now);
    }
    return Math.max(250, soonest);
  }

  /** What a run (or a try) of a feed works with: this host's store, client, secrets and clock. */
  private runDeps() {
    return {
      store: this.store,
      http: this.http,
      secrets: this.o.secrets,
      secretGuard: this.o.secretGuard,
      now: this.now,
      signal: this.abort.signal,
      // A worker thread with these HTTP options, or (undefined) this thread.
      worker: this.o.worker === false ? undefined : (workerHttpOptions(this.o.http) ?? undefined),
    };
  }

  isRunning(feedId: string): boolean {
    return this.running.has(feedId);
  }

  /** Runs one feed now (or joins the run in progress) and schedules its next run. */
  runOne(feed: FeedConfig): Promise<RunSummary> {
    const inFlight = this.running.get(feed.id);
    if (inFlight) return inFlight;
    const p = (async () => {
      const summary = await runFeed(feed, { ...this.runDeps(), onBatch: (d) => this.o.onChanged?.(d) });
      if (summary.ok) {
        const c = summary.counts;
        this.log('info', `${feed.id}: ok${summary.notModified ? ' (304)' : ''}, ${c.fetched} fetched, ${c.inserted} new, ${c.updated} updated, ${c.deleted} deleted, ${c.quarantined} quarantined, ${c.bytes} bytes`);
      } else {
        this.log('warn', `${feed.id}: ${summary.error?.code}: ${summary.error?.en}`);
        if (summary.error?.code === 'disk_full') this.o.onDiskFull?.(summary.error);
      }
      const st = this.store.getFeedState(feed.id);
      const failures = st.consecutiveFailures;
      // Failure: exponential steps capped at four intervals, half of each step jittered so that
      // several machines of the IOC do not hammer a recovering endpoint in step.
      const retry = backoffDelay(Math.min(failures - 1, 16), { baseMs: this.o.failureBaseMs ?? 5_000, capMs: feed.interval * 4, jitter: 'equal' });
      const delay = boundedWait(summary.ok ? feed.interval : Math.max(summary.retryAfterMs ?? 0, retry));
      try {
        this.store.setFeedState({ ...st, nextRunAt: new Date(this.now().getTime() + delay).toISOString() });
      } catch (err) {
        // A full disk: the pause above stands in for the schedule until there is room.
        if (!isDiskFull(err)) throw err;
      }
      const wasDown = this.networkDown;
      this.updateNetworkDown();
      this.o.onFeedsChanged?.();
      // A feed got through: waiting actions may go. After the network was down, a pause that came of
      // not reaching the endpoint ends now; one the endpoint asked for (Retry-After, a failure of its own) holds.
      if (summary.ok && (wasDown || this.store.deliverableOutbox(1).length > 0)) void this.pushOutbox({ networkBack: wasDown }).catch(() => undefined);
      return summary;
    })().finally(() => this.running.delete(feed.id));
    this.running.set(feed.id, p);
    return p;
  }

  /**
   * Reads a feed that need not be saved and says what it would store (sync/engine.ts tryFeed),
   * storing nothing. One try at a time for the host (null while another runs): each is a worker
   * thread and the source's answer in memory, and nobody needs two at once.
   */
  tryFeed(feed: FeedConfig): Promise<TryResult> | null {
    if (this.trying) return null;
    const p = tryFeed(feed, this.runDeps()).finally(() => (this.trying = null));
    this.trying = p;
    return p;
  }

  /** Runs the given feeds (default: all enabled) now, regardless of their schedule. */
  async runNow(feedId?: string): Promise<RunSummary[]> {
    const feeds = this.feeds().filter((f) => (feedId ? f.id === feedId : f.enabled));
    if (feedId && feeds.length === 0) throw new Error(`Không có nguồn dữ liệu "${feedId}" / no feed "${feedId}"`);
    const out = await Promise.all(feeds.map((f) => this.runOne(f)));
    await this.pushOutbox();
    if (!this.stopped) this.schedule(this.msUntilNextDue());
    return out;
  }

  /**
   * Delivers the outbox if an actions endpoint is configured: one drain at a time (a call during
   * one joins it, and one more round runs after it for what it may have missed). No call skips
   * the endpoint's backoff or Retry-After but an operator's retry of one action (`retrySeq`),
   * which sends that one only.
   */
  async pushOutbox(opts: PushOptions = {}): Promise<DeliveryResult | null> {
    const endpoint = this.o.actionsEndpoint?.();
    if (!endpoint || this.o.paused?.()) return null;
    if (this.outboxBusy) {
      const a = this.outboxAgain;
      this.outboxAgain = { retrySeq: opts.retrySeq ?? a?.retrySeq, networkBack: (opts.networkBack ?? false) || (a?.networkBack ?? false) };
      return this.outboxBusy;
    }
    this.outboxBusy = (async () => {
      let r: DeliveryResult | null = null;
      for (let o: PushOptions | null = opts; o !== null && !this.abort.signal.aborted; o = this.outboxAgain) {
        this.outboxAgain = null;
        if (this.store.deliverableOutbox(1).length === 0) continue;
        const feed = tiedFeed(endpoint, this.feeds());
        r = await deliverOutbox(this.store, this.http, endpoint, { now: this.now, secrets: this.o.secrets, feed, signal: this.abort.signal, ...o });
        this.lastDelivery = r;
        if (r.delivered > 0 || r.rejected > 0 || r.failed) this.o.onFeedsChanged?.();
      }
      return r;
    })().finally(() => {
      this.outboxBusy = null;
      // The next round: at once for a backlog still deliverable, at the end of a pause otherwise.
      if (!this.stopped) this.schedule(this.msUntilNextDue());
    });
    return this.outboxBusy;
  }

  private updateNetworkDown(): void {
    const states = this.feeds()
      .filter((f) => f.enabled)
      .map((f) => this.store.getFeedState(f.id))
      .filter((s) => s.lastRunAt !== null);
    const down =
      states.length > 0 && states.every((s) => s.lastError !== null && CONNECTIVITY_CODES.has(s.lastError.code as SyncErrorCode));
    this.networkDown = down;
  }
}
