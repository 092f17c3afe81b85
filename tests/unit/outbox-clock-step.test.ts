// The outbox's pause (backoff, Retry-After) when NTP steps the host's clock back: an operator's
// queued action must not wait for the length of the step.
import { describe, expect, it } from 'vitest';
import { outboxDueAt } from '../../host/sync/outbox';
import type { OutboxItem } from '../../sync/store';

const T0 = Date.parse('2026-12-07T03:00:00Z'); // 10:00 in the province
const DAY = 86_400_000;

/** An action whose delivery failed at `failedAt` and was paused for `pauseMs`. */
function failed(failedAt: number, pauseMs: number, seq = 1): OutboxItem {
  return {
    seq,
    idempotencyKey: `k${seq}`,
    eventId: 'e1',
    action: 'note',
    payload: {},
    createdAt: new Date(failedAt - 1_000).toISOString(),
    attempts: 1,
    nextAttemptAt: new Date(failedAt + pauseMs).toISOString(),
    lastError: { code: 'server_error', vi: 'lỗi', en: 'error', at: new Date(failedAt).toISOString() },
    deliveredAt: null,
    feedId: 'hotline-open311',
    rejectedAt: null,
    discardedAt: null,
    discardedBy: null,
  };
}

describe('outbox pause and a clock stepped back', () => {
  it('a backoff of 30 s ends 30 s after the failure (no step)', () => {
    expect(outboxDueAt([failed(T0, 30_000)], T0 + 10_000)).toBe(T0 + 30_000);
    expect(outboxDueAt([failed(T0, 30_000)], T0 + 60_000)).toBe(T0 + 60_000);
  });

  it('an action paused before the clock stepped back a day is due now', () => {
    const now = T0 - DAY + 60_000;
    expect(outboxDueAt([failed(T0, 30_000)], now)).toBe(now);
    const later = T0 - DAY + 12 * 3_600_000;
    expect(outboxDueAt([failed(T0, 30_000)], later)).toBe(later);
  });

  it('a long Retry-After the endpoint asked for still holds', () => {
    // Two hours asked for at the failure, a minute ago: 1 h 59 min to go.
    expect(outboxDueAt([failed(T0, 2 * 3_600_000)], T0 + 60_000)).toBe(T0 + 2 * 3_600_000);
  });

  it('a pause written without its failure time is capped at the outbox’s longest backoff', () => {
    const item = { ...failed(T0, 30_000), lastError: null };
    const now = T0 - DAY;
    expect(outboxDueAt([item], now)).toBe(now);
  });
});
