import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRuleSchema } from '../../domains/alerts';
import { configSchema } from '../../host/config/schema';
import { evaluateRule, type EvalContext, type Findings } from '../../host/alerts/evaluate';
import { applyFindings, countAlerts } from '../../host/alerts/lifecycle';
import { makeFixture, type Fixture } from './views-fixture';

/**
 * An alert whose condition is gone clears after the rule's clearAfterMinutes (host/alerts/lifecycle.ts
 * `applyFindings`, the hysteresis). When NTP steps the host's clock back 2 h meanwhile, it must
 * clear about clearAfterMinutes after the step, not 2 h later (a wall action held "until cleared"
 * keeps the wall all that time).
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

function raised() {
  const rule = alertRuleSchema.parse({ id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1, clearAfterMinutes: 10 });
  fx.ev({ id: 'r', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
  const now = new Date(T0);
  const ctx: EvalContext = { db: fx.db, config, now, startedAt: now, memo: new Map(), cameras: null };
  fx.db.transaction(() => applyFindings(fx.db, rule, evaluateRule(ctx, rule), now))();
  expect(countAlerts(fx.db).total).toBe(1);
  return rule;
}
const gone: Findings = new Map();

describe('alert hysteresis and a clock stepped back', () => {
  it('clears within its clearAfterMinutes of the step when the clock stepped back 2 h', () => {
    const rule = raised();
    applyFindings(fx.db, rule, gone, new Date(T0 + MIN)); // the condition is gone
    const stepped = T0 + 3 * MIN - 2 * HOUR;
    for (let m = 0; m <= 10; m++) applyFindings(fx.db, rule, gone, new Date(stepped + m * MIN));
    expect(countAlerts(fx.db).total).toBe(0);
  });

  it('still waits its clearAfterMinutes without a step', () => {
    const rule = raised();
    applyFindings(fx.db, rule, gone, new Date(T0 + MIN));
    expect(applyFindings(fx.db, rule, gone, new Date(T0 + 10 * MIN)).cleared).toEqual([]);
    expect(applyFindings(fx.db, rule, gone, new Date(T0 + 11 * MIN)).cleared).toHaveLength(1);
  });
});
