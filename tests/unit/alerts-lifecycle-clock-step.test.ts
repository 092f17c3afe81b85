import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRuleSchema, type AlertRule } from '../../domains/alerts';
import { configSchema } from '../../host/config/schema';
import { evaluateRule, type EvalContext, type Findings } from '../../host/alerts/evaluate';
import { activeTakeover, applyFindings, countAlerts, expireTakeovers } from '../../host/alerts/lifecycle';
import { makeFixture, type Fixture } from './views-fixture';

/**
 * What an open alert holds when NTP steps the host's clock back 2 h (host/alerts/lifecycle.ts): an
 * alert whose condition is gone clears after the rule's clearAfterMinutes (`applyFindings`, the
 * hysteresis), and a timed wall action gives the wall back after its minutes (`expireTakeovers`) —
 * both counted from the step at most, not the step's length later (a wall action held "until
 * cleared" keeps the wall all that time).
 */
const HOUR = 3_600_000;
const MIN = 60_000;
const T0 = Date.parse('2026-03-10T03:00:00Z');
const config = configSchema.parse({});

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.close());

/** An overdue-reports rule (`id`) raised at `at` (T0 unless said) over one overdue report: one alert more. */
function raised(extra: Record<string, unknown>, id = 'od', at = T0): AlertRule {
  const rule = alertRuleSchema.parse({ id, name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1, ...extra });
  fx.ev({ id: 'r', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
  const before = countAlerts(fx.db).total;
  const now = new Date(at);
  const ctx: EvalContext = { db: fx.db, config, now, startedAt: now, memo: new Map(), cameras: null };
  fx.db.transaction(() => applyFindings(fx.db, rule, evaluateRule(ctx, rule), now))();
  expect(countAlerts(fx.db).total).toBe(before + 1);
  return rule;
}
const gone: Findings = new Map();
const timedWall = { wall: { presetId: 'emergency', mode: 'auto', minutes: 30 } };

describe('alert hysteresis and a clock stepped back', () => {
  it('clears within its clearAfterMinutes of the step when the clock stepped back 2 h', () => {
    const rule = raised({ clearAfterMinutes: 10 });
    applyFindings(fx.db, rule, gone, new Date(T0 + MIN)); // the condition is gone
    const stepped = T0 + 3 * MIN - 2 * HOUR;
    for (let m = 0; m <= 10; m++) applyFindings(fx.db, rule, gone, new Date(stepped + m * MIN));
    expect(countAlerts(fx.db).total).toBe(0);
  });

  it('still waits its clearAfterMinutes without a step', () => {
    const rule = raised({ clearAfterMinutes: 10 });
    applyFindings(fx.db, rule, gone, new Date(T0 + MIN));
    expect(applyFindings(fx.db, rule, gone, new Date(T0 + 10 * MIN)).cleared).toEqual([]);
    expect(applyFindings(fx.db, rule, gone, new Date(T0 + 11 * MIN)).cleared).toHaveLength(1);
  });
});

describe('a timed wall action and a clock stepped back', () => {
  it('ends within its 30 minutes of the step, not 2 h later', () => {
    raised(timedWall);
    expect(activeTakeover(fx.db)).not.toBeNull();
    // Five minutes in, the clock steps back 2 h; the timed evaluations go on every minute.
    const stepped = T0 + 5 * MIN - 2 * HOUR;
    for (let m = 0; m <= 30; m++) expireTakeovers(fx.db, new Date(stepped + m * MIN));
    expect(activeTakeover(fx.db)).toBeNull();
  });

  it('still holds its minutes when the clock is not stepped', () => {
    raised(timedWall);
    for (let m = 0; m < 30; m++) expect(expireTakeovers(fx.db, new Date(T0 + m * MIN))).toBe(false);
    expect(activeTakeover(fx.db)).not.toBeNull();
    expect(expireTakeovers(fx.db, new Date(T0 + 30 * MIN))).toBe(true);
    expect(activeTakeover(fx.db)).toBeNull();
  });
});

describe('two wall actions and a clock stepped back', () => {
  const untilCleared = { wall: { presetId: 'flood', mode: 'auto' } };
  const timedFire = { wall: { presetId: 'fire', mode: 'auto', minutes: 30 } };

  it('the wall keeps the newest action: re-timing the timed one does not hand the wall to an older one held until cleared', () => {
    raised(untilCleared, 'older', T0);
    raised(timedFire, 'newer', T0 + MIN);
    expect(activeTakeover(fx.db)?.presetId).toBe('fire');
    // Five minutes in, NTP steps the clock back 2 h; the runtime's tick expires what ran out.
    const stepped = T0 + 5 * MIN - 2 * HOUR;
    expireTakeovers(fx.db, new Date(stepped));
    expect(activeTakeover(fx.db)?.presetId).toBe('fire');
    // Its 30 minutes still end (counted from the step at most), and the older action has the wall again.
    for (let m = 1; m <= 30; m++) expireTakeovers(fx.db, new Date(stepped + m * MIN));
    expect(activeTakeover(fx.db)?.presetId).toBe('flood');
  });

  it('without a step neither action is re-timed, and expireTakeovers is true only when one ends', () => {
    raised(untilCleared, 'older', T0);
    raised(timedFire, 'newer', T0 + MIN);
    const before = fx.db.prepare(`SELECT takeover_at, takeover_until FROM alerts ORDER BY id`).all();
    for (let s = 0; s < 60; s++) expect(expireTakeovers(fx.db, new Date(T0 + MIN + s * 1000))).toBe(false);
    expect(fx.db.prepare(`SELECT takeover_at, takeover_until FROM alerts ORDER BY id`).all()).toEqual(before);
  });
});
