import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../host/config/schema';
import { countAlerts } from '../../host/alerts/lifecycle';
import { startAlerts } from '../../host/alerts/runtime';
import { makeFixture, type Fixture } from './views-fixture';

/**
 * The rules engine's timed evaluation (host/alerts/runtime.ts: every alerts.evaluateEverySec) when
 * NTP steps the host's clock back: the rules no sync batch wakes (hotline overdue, silent feeds,
 * cameras down, wall actions that ran out) must keep being evaluated, not wait out the step.
 */
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-10T03:00:00Z');

let fx: Fixture;
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  fx = makeFixture();
});
afterEach(() => {
  fx.close();
  vi.useRealTimers();
});

describe('timed alert evaluation and a clock stepped back', () => {
  it('raises an alert its evaluateEverySec after the clock stepped back 2 h', () => {
    const config = configSchema.parse({});
    const rt = startAlerts({ db: fx.db, config, emit: () => {} });
    expect(countAlerts(fx.db).total).toBe(0);
    vi.setSystemTime(T0 - 2 * HOUR);
    // Enough overdue reports for the bundled hotline-overdue rule; written by no sync batch.
    for (let i = 0; i < 25; i++) fx.ev({ id: `r${i}`, areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    vi.advanceTimersByTime(config.alerts.evaluateEverySec * 1000 + 2_000);
    expect(countAlerts(fx.db).total).toBeGreaterThan(0);
    rt.stop();
  });

  it('evaluates once, not at every watch tick, after the clock stepped back', () => {
    const config = configSchema.parse({});
    const rt = startAlerts({ db: fx.db, config, emit: () => {} });
    vi.setSystemTime(T0 - 2 * HOUR);
    vi.advanceTimersByTime(config.alerts.evaluateEverySec * 1000 + 2_000);
    // The control: with the first evaluation after the step done, new overdue reports wait for the next one.
    for (let i = 0; i < 25; i++) fx.ev({ id: `r${i}`, areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    vi.advanceTimersByTime(10_000);
    expect(countAlerts(fx.db).total).toBe(0);
    vi.advanceTimersByTime(config.alerts.evaluateEverySec * 1000);
    expect(countAlerts(fx.db).total).toBeGreaterThan(0);
    rt.stop();
  });
});
