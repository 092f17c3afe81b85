import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecentRequests } from '../../host/api/recent-requests';

/**
 * "A mutating request id is applied once" (host/api/recent-requests.ts, ten minutes) when NTP
 * steps the host's clock forward: a repeat that comes seconds later (a client re-sending after a
 * reconnect) must still not be run again because the wall clock jumped past the ten minutes.
 */
afterEach(() => void vi.useRealTimers());

describe('RecentRequests and a clock stepped forward', () => {
  it('does not run a repeat 5 s later again when the clock stepped 3 days forward meanwhile', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T03:00:00Z') });
    const recent = new RecentRequests();
    let runs = 0;
    const run = async () => ++runs;
    await recent.once('console:layouts.activate', 'rid-1', run);
    vi.setSystemTime(Date.now() + 3 * 86_400_000);
    vi.advanceTimersByTime(5_000);
    await recent.once('console:layouts.activate', 'rid-1', run).catch(() => undefined);
    expect(runs).toBe(1);
  });
});
