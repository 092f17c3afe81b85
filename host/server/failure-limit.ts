/**
 * Counts failed attempts per address in a sliding minute: past `max` the address is refused
 * until its oldest failure leaves the window. Bounded by the addresses that failed within the
 * last window, so a host up for months keeps nothing of old attempts.
 */
export class FailureLimit {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 60_000,
    // A monotonic clock: the window is a duration, and on Date.now a clock stepped back 2 h
    // (NTP, an operator) refused an address for 2 h, not a minute.
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Seconds until the address may try again; 0 when it may now. */
  blockedFor(address: string): number {
    this.prune();
    const list = this.failures.get(address);
    if (!list || list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const list = this.failures.get(address) ?? [];
    list.push(this.now());
    this.failures.set(address, list);
  }

  private prune(): void {
    const oldest = this.now() - this.windowMs;
    for (const [address, list] of this.failures) {
      while (list.length > 0 && list[0]! <= oldest) list.shift();
      if (list.length === 0) this.failures.delete(address);
    }
  }
}
