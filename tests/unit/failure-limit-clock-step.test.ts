import { afterEach, describe, expect, it, vi } from 'vitest';
import { FailureLimit } from '../../host/server/failure-limit';

/**
 * The sliding-minute limit on failed attempts (host/server/failure-limit.ts, the enrollment
 * codes) when the host's clock steps: a minute's window must not become a lockout of the step's
 * length.
 */
const HOUR = 3_600_000;

afterEach(() => void vi.useRealTimers());

describe('FailureLimit and a stepped clock', () => {
  it('blocks an address for the window, not 2 h, when the clock steps back 2 h', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T03:00:00Z') });
    const limit = new FailureLimit(3, 60_000);
    for (let i = 0; i < 3; i++) limit.fail('10.0.0.7');
    expect(limit.blockedFor('10.0.0.7')).toBe(60);
    vi.setSystemTime(Date.now() - 2 * HOUR); // NTP steps the wall clock back; time goes on
    expect(limit.blockedFor('10.0.0.7')).toBe(60);
    vi.advanceTimersByTime(60_000);
    expect(limit.blockedFor('10.0.0.7')).toBe(0);
  });
});
