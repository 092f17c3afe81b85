import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRuleSchema } from '../../domains/alerts';
import { configSchema } from '../../host/config/schema';
import { evaluateRule, type EvalContext } from '../../host/alerts/evaluate';
import { activeTakeover, applyFindings, expireTakeovers } from '../../host/alerts/lifecycle';
import { makeFixture, type Fixture } from './views-fixture';

/**
 * An alert's wall action that holds the wall for its minutes (host/alerts/lifecycle.ts
 * `expireTakeovers`) when NTP steps the host's clock back 2 h: the wall must be given back after
 * about its minutes, not after its minutes plus the step.
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

describe('a timed wall action and a clock stepped back', () => {
  it('ends within its 30 minutes of the step, not 2 h later', () => {
    const rule = alertRuleSchema.parse({
      id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1,
      wall: { presetId: 'emergency', mode: 'auto', minutes: 30 },
    });
    fx.ev({ id: 'r', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    const now = new Date(T0);
    const ctx: EvalContext = { db: fx.db, config, now, startedAt: now, memo: new Map(), cameras: null };
    fx.db.transaction(() => applyFindings(fx.db, rule, evaluateRule(ctx, rule), now))();
    expect(activeTakeover(fx.db)).not.toBeNull();
    // Five minutes in, the clock steps back 2 h; the timed evaluations go on every minute.
    const stepped = T0 + 5 * MIN - 2 * HOUR;
    for (let m = 0; m <= 30; m++) expireTakeovers(fx.db, new Date(stepped + m * MIN));
    expect(activeTakeover(fx.db)).toBeNull();
  });

  it('still holds its minutes when the clock is not stepped', () => {
    const rule = alertRuleSchema.parse({
      id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1,
      wall: { presetId: 'emergency', mode: 'auto', minutes: 30 },
    });
    fx.ev({ id: 'r', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    const now = new Date(T0);
    const ctx: EvalContext = { db: fx.db, config, now, startedAt: now, memo: new Map(), cameras: null };
    fx.db.transaction(() => applyFindings(fx.db, rule, evaluateRule(ctx, rule), now))();
    for (let m = 0; m < 30; m++) expect(expireTakeovers(fx.db, new Date(T0 + m * MIN))).toBe(false);
    expect(activeTakeover(fx.db)).not.toBeNull();
    expect(expireTakeovers(fx.db, new Date(T0 + 30 * MIN))).toBe(true);
    expect(activeTakeover(fx.db)).toBeNull();
  });
});
