/**
 * Mutating requests the host has answered lately, by caller and client-made request id, so
 * that a request re-sent after a lost reply (HostClient re-sends everything unanswered when it
 * reconnects) gets the first answer instead of running again. Kept in memory: a repeat comes
 * within seconds of a reconnect, and ten minutes is far beyond any reconnect.
 */
export class RecentRequests {
  // Insertion order is age order: pruning reads from the front.
  private readonly entries = new Map<string, { at: number; result: Promise<unknown> }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    /** Bounds memory against a client that sends unique ids as fast as it can. */
    private readonly max = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The first answer to (caller, rid), or the answer `run` gives now, remembered. */
  once(caller: string, rid: string, run: () => Promise<unknown>): Promise<unknown> {
    this.prune();
    const key = `${caller}\u0000${rid}`;
    const seen = this.entries.get(key);
    if (seen) return seen.result;
    const result = run();
    // Kept even when it fails: the repeat must see the same refusal, not do the work.
    result.catch(() => {});
    this.entries.set(key, { at: this.now(), result });
    return result;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [key, e] of this.entries) {
      if (e.at >= oldest && this.entries.size < this.max) break;
      this.entries.delete(key);
    }
  }
}
