import type Database from 'better-sqlite3';
import { DOMAIN_IDS, type DomainId } from '../../domains';
import { askSequence, asksOfDomains, clockTurned } from './cache';
import { refreshView } from './index';

/**
 * After a commit that changes a domain's data, every display showing that domain asks its views
 * again as soon as it hears `changed` — all at once, each ask a cache miss that computes the view
 * from the tables (the slowest answers a client gets, issue 12 §4). The refresher computes those
 * answers once, before the event goes out, so the asks that follow it are answered from the cache.
 *
 * - Which answers: those of the changed domains that a client asked for since the domain's
 *   previous `changed` (a display still showing it asks again after every change; one that
 *   stopped showing it does not, and is left out from then on), or, before the refresher told
 *   any change of the domain, within RECENT_MS. At most VIEW_CACHE_MAX_ENTRIES asks are remembered.
 * - Off the write: it runs after the commit, one answer per turn of the event loop, so a request
 *   that arrives meanwhile waits for one view at most, never for the whole refresh.
 * - Changes that come while a refresh runs are gathered and told in the next round; the event
 *   is never held longer than one round of refreshes. A refresh that fails (an area gone) only
 *   leaves that answer to be computed when it is asked.
 * - The clock changes answers too, with no commit: an open report falling due turns "open" into
 *   "overdue" on every map and count of its domain, a station's index moves to the next hour.
 *   Every CLOCK_CHECK_MS the refresher asks the cache which domains' answers the clock has
 *   turned since they were given (cache.ts `clockTurned`) and tells those as changed; before, a
 *   wall whose sources had nothing new (a quiet night, the network down) showed a report due an
 *   hour ago as open, and its overdue counts as they were, until the next commit of its domain.
 */

export const RECENT_MS = 10 * 60_000;
/** How often the clock's turns are looked for: how late at most an overdue report is told. */
export const CLOCK_CHECK_MS = 15_000;
/** A clock read this much earlier than at the last check has been stepped back, not jittered. */
const CLOCK_STEP_SLACK_MS = 1000;

export interface ViewRefresher {
  /** The data of these domains changed and is committed: refresh, then emit `changed`. */
  changed(domains: readonly DomainId[]): void;
  /** Resolves once no refresh is running or waiting (tests, the bench). */
  idle(): Promise<void>;
  /** Drops what is waiting; nothing is emitted afterwards. */
  stop(): void;
  /** Tells the domains whose answers the clock has turned (its timer calls it; tests too); returns them. */
  checkClock(): DomainId[];
  /** Counters; `longestTurnMs`: the longest single answer of the last round (what a request may wait). */
  readonly stats: { rounds: number; refreshed: number; failed: number; lastRoundMs: number; longestTurnMs: number };
}

export function createViewRefresher(
  db: Database.Database,
  emit: (domains: DomainId[]) => void,
  opts: { now?: () => Date; turn?: (fn: () => void) => void; clockEveryMs?: number } = {},
): ViewRefresher {
  const now = opts.now ?? (() => new Date());
  const turn = opts.turn ?? ((fn) => setImmediate(fn));
  const pending = new Set<DomainId>();
  /** Per domain, the last ask (askSequence) made before its last `changed` went out. */
  const toldAfter = new Map<DomainId, number>();
  let running = false;
  let stopped = false;
  let waiters: (() => void)[] = [];
  const stats = { rounds: 0, refreshed: 0, failed: 0, lastRoundMs: 0, longestTurnMs: 0 };

  function settle(): void {
    running = false;
    const w = waiters;
    waiters = [];
    for (const r of w) r();
  }

  function round(): void {
    if (stopped) return settle();
    const domains = new Set(pending);
    pending.clear();
    const started = performance.now();
    const wall = Date.now();
    let longest = 0;
    // A display still showing a view asked for it again after the domain's last change (or, before
    // the first change the refresher told, lately). After a change, by the asks' order, not their
    // time: an ask and a change told in the same millisecond are still one before the other.
    const recent = wall - RECENT_MS;
    const asks = asksOfDomains(db, domains).filter((a) => {
      const told = toldAfter.get(a.domain);
      return told === undefined ? a.askedAt >= recent : a.seq > told;
    });
    let i = 0;
    const step = (): void => {
      if (stopped) return settle();
      const ask = asks[i++];
      if (ask) {
        const t = performance.now();
        try {
          refreshView(db, ask, now());
          stats.refreshed++;
        } catch {
          stats.failed++;
        }
        longest = Math.max(longest, performance.now() - t);
        return turn(step);
      }
      stats.rounds++;
      stats.lastRoundMs = performance.now() - started;
      stats.longestTurnMs = longest;
      const told = askSequence();
      for (const d of domains) toldAfter.set(d, told);
      try {
        emit([...domains]);
      } catch (err) {
        console.error('[views] telling the displays of a change failed:', err);
      }
      if (pending.size > 0) turn(round);
      else settle();
    };
    // Nothing to refresh: told at once, as before. Otherwise the first answer waits for the next
    // turn too, so the writer's own continuation (the next slice of a sync) is not made longer.
    if (asks.length === 0) step();
    else turn(step);
  }

  function changed(domains: readonly DomainId[]): void {
    if (stopped || domains.length === 0) return;
    for (const d of domains) pending.add(d);
    if (running) return;
    running = true;
    round();
  }

  let lastCheck = now().getTime();
  function checkClock(): DomainId[] {
    if (stopped) return [];
    const t = now().getTime();
    // Stepped back (NTP, an operator): every answer a display holds was computed for a "now" that
    // is still to come (reports counted overdue that are not yet due). The cache no longer serves
    // them (an answer holds from the time it was computed), but nothing told the displays, which
    // kept them until the domain's next commit or turn — hours, the step's length.
    const back = t < lastCheck - CLOCK_STEP_SLACK_MS;
    lastCheck = t;
    const turned = back ? steppedBack() : clockTurned(db, t);
    changed(turned);
    return turned;
  }
  /** Every domain a client asked of lately, or whose answers had a turn to come. */
  function steppedBack(): DomainId[] {
    const domains = new Set<DomainId>(clockTurned(db, Infinity));
    for (const a of asksOfDomains(db, new Set(DOMAIN_IDS))) domains.add(a.domain);
    return DOMAIN_IDS.filter((d) => domains.has(d));
  }
  const clock = setInterval(checkClock, opts.clockEveryMs ?? CLOCK_CHECK_MS);
  clock.unref?.();

  return {
    changed,
    checkClock,
    idle() {
      return running ? new Promise((r) => waiters.push(r)) : Promise.resolve();
    },
    stop() {
      stopped = true;
      clearInterval(clock);
      pending.clear();
      if (!running) settle();
    },
    stats,
  };
}
