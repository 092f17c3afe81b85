/**
 * Retry delays: one exponential step, min(cap, base·2^attempt), with the jitter each caller needs
 * (see "Exponential Backoff And Jitter", AWS Architecture Blog). Attempt 0 is the first retry.
 * - `full`: random in [0, step) — many clients hitting one endpoint spread out the most (sync HTTP, outbox);
 * - `equal`: step/2 + random in [0, step/2) — never retries sooner than half the step (feed scheduler);
 * - `spread`: step × (0.75 … 1.25) — about the step, so "retrying in N s" stays true (WebSocket reconnects);
 * - `none`: the step itself — a single client with nobody to collide with (query retries, renderer reloads).
 */
export type Jitter = 'full' | 'equal' | 'spread' | 'none';

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  jitter: Jitter;
}

/** 2^31 · base is past any cap worth having; clamping keeps the product finite (no Infinity × 0 = NaN). */
const MAX_EXPONENT = 31;

/** The delay before retry number `attempt` (0-based), in whole ms. `random` returns [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempt), MAX_EXPONENT);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  switch (policy.jitter) {
    case 'full':
      return Math.floor(random() * step);
    case 'equal':
      return step / 2 + Math.floor(random() * (step / 2));
    case 'spread':
      return Math.round(step * (0.75 + random() * 0.5));
    case 'none':
      return step;
  }
}
