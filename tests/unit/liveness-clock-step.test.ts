import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchLiveness } from '../../host/api/client/liveness';

/**
 * The connection watchdog (host/api/client/liveness.ts) when NTP or an operator steps the
 * machine's clock: silence and a probe's wait are durations, so a step of the wall clock must
 * not hide a dead connection for the length of the step.
 */
const HOUR = 3_600_000;

beforeEach(() => void vi.useFakeTimers({ now: Date.parse('2026-12-07T03:00:00Z') }));
afterEach(() => void vi.useRealTimers());

function watch() {
  const seen = { probes: 0, lost: 0 };
  watchLiveness({ probeAfterMs: 5000, probeTimeoutMs: 4000, probe: () => seen.probes++, lost: () => seen.lost++ });
  return { seen };
}

describe('watchLiveness and a stepped clock', () => {
  it('gives up a silent connection within probeAfter + probeTimeout when the clock steps back 2 h', () => {
    const { seen } = watch();
    vi.advanceTimersByTime(1000);
    vi.setSystemTime(Date.now() - 2 * HOUR); // the host went silent, and the clock stepped back
    vi.advanceTimersByTime(10_000);
    expect(seen.probes).toBe(1);
    expect(seen.lost).toBe(1);
  });

  it('gives up an unanswered probe within probeTimeout when the clock steps back 2 h meanwhile', () => {
    const { seen } = watch();
    vi.advanceTimersByTime(5000);
    expect(seen.probes).toBe(1);
    vi.setSystemTime(Date.now() - 2 * HOUR);
    vi.advanceTimersByTime(5000);
    expect(seen.lost).toBe(1);
  });

});
