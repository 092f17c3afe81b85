import { ApiError } from './errors';

/**
 * What a repeat of a request is answered with when the host remembers that it ran the request
 * but no longer keeps the answer (see RecentRequests). The work is not done again: the caller
 * is told it was done, and reads the result the usual way.
 */
export function alreadyApplied(): ApiError {
  return new ApiError(
    'already_applied',
    'Yêu cầu này đã được thực hiện; tải lại để xem kết quả / this request was already carried out: reload to see its result.',
  );
}

/** A refusal's words kept once its answer is dropped: enough to say why, never a pile of issues. */
const KEPT_MESSAGE_CHARS = 300;

type Outcome =
  | { kind: 'running'; promise: Promise<unknown> }
  | { kind: 'answered'; value: unknown; bytes: number }
  | { kind: 'refused'; error: unknown; bytes: number }
  /** The answer was dropped to stay within the budget: a repeat is told it was done. */
  | { kind: 'applied' }
  /** The refusal was dropped: a repeat gets a slim copy (code and the start of the message). */
  | { kind: 'refused-before'; error: Error };

interface Entry {
  at: number;
  outcome: Outcome;
}

/**
 * Mutating requests the host has answered lately, by caller (with the method: the dispatcher's key
 * names both, so an id replays only its own method's answer) and client-made request id, so
 * that a request re-sent after a lost reply (HostClient re-sends everything unanswered when it
 * reconnects) gets the first answer instead of running again. Kept in memory: a repeat comes
 * within seconds of a reconnect, and ten minutes is far beyond any reconnect.
 *
 * Two bounds, because an answer can be large: `preset.activate` answers the whole layout, some
 * 340 KB of heap for a 1,000-tile preset, so 20,000 kept answers would be ~6.7 GB and a console
 * repeating one activation with fresh ids ran the host out of memory. The guarantee that matters
 * is "never applied twice", and it needs only the fact that the id was done, not the answer; the
 * answer is a convenience for the one repeat that comes seconds later. So:
 * - every id is remembered (ttl, at most `max` of them, ~0.33 KB each with HostClient's
 *   32-character ids: ~6.5 MB at the cap);
 * - the answers (and refusals) kept are bounded by `budgetBytes` in all, estimated by a walk that
 *   stops at the limit; over it the oldest answers are dropped first, keeping their ids. One
 *   answer over `budgetBytes / 8` is not kept at all, so one huge answer cannot flush the rest.
 * A repeat whose answer was dropped is not run again: it gets `already_applied` (or a slim copy
 * of the refusal). Under ordinary use nothing is dropped within the ten minutes: 16 MiB holds ~48
 * answers of 1,000-tile presets, thousands of ordinary ones. A flood drops the oldest first, long
 * past the seconds in which a repeat comes, and even the newest only costs a repeat its answer.
 * Heap in all at worst: ~16 MB of answers and ~6.5 MB of ids (was ~6.7 GB).
 */
export class RecentRequests {
  // Insertion order is age order: pruning reads from the front.
  private readonly entries = new Map<string, Entry>();
  /** Entries that hold an answer, in the order they were answered: dropping reads from the front. */
  private readonly answered = new Map<string, Entry>();
  private answerBytes = 0;

  constructor(
    private readonly ttlMs = 10 * 60_000,
    /** Bounds memory against a client that sends unique ids as fast as it can. */
    private readonly max = 20_000,
    // Monotonic: the ttl is a duration. On Date.now a clock stepped forward (NTP) past the ttl
    // forgot every id at once, and a repeat seconds later (a re-send after a reconnect) ran twice.
    private readonly now: () => number = () => performance.now(),
    /** The kept answers' estimated heap, in all (see the class comment). */
    private readonly budgetBytes = 16 * 1024 * 1024,
  ) {}

  /** The first answer to (caller, rid), or the answer `run` gives now, remembered. `caller` names the method too. */
  once(caller: string, rid: string, run: () => Promise<unknown>): Promise<unknown> {
    this.prune();
    const key = `${caller}\u0000${rid}`;
    const seen = this.entries.get(key);
    if (seen) return repeat(seen.outcome);
    const result = run();
    const entry: Entry = { at: this.now(), outcome: { kind: 'running', promise: result } };
    this.entries.set(key, entry);
    // Kept even when it fails: the repeat must see the same refusal, not do the work.
    result.then(
      (value) => this.settle(key, entry, { kind: 'answered', value, bytes: this.measure(() => value) }),
      (error: unknown) => this.settle(key, entry, { kind: 'refused', error, bytes: this.measure(() => errorParts(error)) }),
    );
    return result;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated heap of the answers kept now; never more than the budget. */
  get keptBytes(): number {
    return this.answerBytes;
  }

  private get maxAnswerBytes(): number {
    return this.budgetBytes / 8;
  }

  /**
   * An answer's estimated heap; one that cannot be read or measured (a getter that throws, on the
   * answer or on a refusal's message) counts as too big to keep. This runs in a promise callback:
   * a throw there would be an unhandled rejection, which ends the host.
   */
  private measure(read: () => unknown): number {
    try {
      return estimateBytes(read(), this.maxAnswerBytes);
    } catch {
      return Infinity;
    }
  }

  private settle(key: string, entry: Entry, outcome: Outcome & { bytes: number }): void {
    // Pruned while it ran (ttl or count): nothing to keep.
    if (this.entries.get(key) !== entry) return;
    if (outcome.bytes > this.maxAnswerBytes) {
      entry.outcome = dropped(outcome);
      return;
    }
    entry.outcome = outcome;
    this.answered.set(key, entry);
    this.answerBytes += outcome.bytes;
    for (const [k, e] of this.answered) {
      if (this.answerBytes <= this.budgetBytes) break;
      this.dropAnswer(k, e);
    }
  }

  private dropAnswer(key: string, e: Entry): void {
    if (!this.answered.delete(key)) return;
    if (e.outcome.kind === 'answered' || e.outcome.kind === 'refused') {
      this.answerBytes -= e.outcome.bytes;
      e.outcome = dropped(e.outcome);
    }
  }

  private prune(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [key, e] of this.entries) {
      if (e.at >= oldest && this.entries.size < this.max) break;
      this.dropAnswer(key, e);
      this.entries.delete(key);
    }
  }
}

function repeat(o: Outcome): Promise<unknown> {
  switch (o.kind) {
    case 'running':
      return o.promise;
    case 'answered':
      return Promise.resolve(o.value);
    case 'refused':
      return Promise.reject(o.error);
    case 'applied':
      return Promise.reject(alreadyApplied());
    case 'refused-before':
      return Promise.reject(o.error);
  }
}

/** One for all: a host at the id cap holds 20,000 of these. */
const APPLIED: Outcome = Object.freeze({ kind: 'applied' });

function dropped(o: Outcome): Outcome {
  if (o.kind !== 'refused') return APPLIED;
  const err = o.error;
  const message = clip(err instanceof Error ? err.message : String(err));
  // Not an ApiError: the session logs it and answers 'internal', as it did the first time.
  return { kind: 'refused-before', error: err instanceof ApiError ? new ApiError(err.code, message) : new Error(message) };
}

const clip = (s: string) => (s.length > KEPT_MESSAGE_CHARS ? `${s.slice(0, KEPT_MESSAGE_CHARS)}…` : s);

/** What a kept refusal holds on to: its words, its issues, and for a crash its stack. */
function errorParts(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { message: error.message, stack: error.stack, issues: (error as { issues?: unknown }).issues };
}

/**
 * Roughly the V8 heap a value holds (64-bit, no pointer compression): objects 24 bytes and 8 a
 * property, arrays 32 and 8 an item, strings 16 and a byte a character (two beyond Latin-1),
 * numbers that are not small integers 16. A string or object reached twice counts twice, which
 * errs on the safe side. Within 2% of the measured heap of a 1,000-tile layout's activation
 * (333 vs 338 KB), in ~0.2 ms, less than the JSON.stringify the wire does of it (~0.5 ms): the
 * answer's text is made later, by the WebSocket (the Electron bridge sends a structured clone
 * instead), so there is no text here to measure. The walk has its own stack (any depth) and
 * stops once past `limit`, so its cost is bounded too.
 */
export function estimateBytes(value: unknown, limit = Infinity): number {
  let bytes = 0;
  const todo: unknown[] = [value];
  while (todo.length > 0 && bytes <= limit) {
    const v = todo.pop();
    switch (typeof v) {
      case 'string':
        bytes += 16 + (NOT_LATIN1.test(v) ? 2 * v.length : v.length);
        continue;
      case 'number':
        if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 31) bytes += 16;
        continue;
      case 'bigint':
        bytes += 24;
        continue;
      case 'object':
        break;
      default:
        continue;
    }
    if (v === null) continue;
    if (Array.isArray(v)) {
      bytes += 32 + 8 * v.length;
      if (bytes <= limit) for (const x of v as unknown[]) todo.push(x);
      continue;
    }
    const keys = Object.keys(v);
    bytes += 24 + 8 * keys.length;
    if (bytes <= limit) for (const k of keys) todo.push((v as Record<string, unknown>)[k]);
  }
  return bytes;
}

const NOT_LATIN1 = /[\u0100-\uffff]/;
