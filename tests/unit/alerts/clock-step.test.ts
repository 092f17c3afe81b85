// Silence rules (feed-silent, camera.down) when NTP steps the host's clock back: a last success
// or a down-since "in the future" must not hide a silence for the length of the step.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRuleSchema, type AlertRuleInput } from '../../../domains/alerts';
import { configSchema } from '../../../host/config/schema';
import { evaluateRule, type EvalContext } from '../../../host/alerts/evaluate';
import type { CameraService } from '../../../host/cameras/service';
import { makeFixture, type Fixture } from '../views-fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.close());

const rule = (r: AlertRuleInput) => alertRuleSchema.parse(r);
const T0 = Date.parse('2026-12-05T03:00:00Z');
const DAY = 86_400_000;
const MIN = 60_000;
const config = configSchema.parse({ feeds: [{ id: 'hot', domain: 'hotline', adapter: 'open311', url: 'http://127.0.0.1:9/o' }] });
/** The host started an hour before T0 and has run since (its start, too, is "in the future" after the step). */
const ctxAt = (now: number, cameras: EvalContext['cameras'] = null): EvalContext => ({
  db: fx.db,
  config,
  now: new Date(now),
  startedAt: new Date(T0 - 3_600_000),
  memo: new Map(),
  cameras,
});

describe('a clock stepped back and the silence rules', () => {
  const silent = rule({ id: 'quiet', name: 'Im', kind: 'silence', minutes: 60, scope: 'province' });

  it('a feed that last succeeded before the clock stepped back a day is reported silent once the rule’s minutes have passed', () => {
    fx.db.prepare(`INSERT INTO feed_state (feed_id, last_success_at) VALUES ('hot', ?)`).run(new Date(T0).toISOString());
    const stepped = T0 - DAY; // NTP steps the clock back a day; the feed keeps failing
    expect(evaluateRule(ctxAt(stepped + MIN), silent).size).toBe(0);
    expect(evaluateRule(ctxAt(stepped + 30 * MIN), silent).size).toBe(0);
    const f = evaluateRule(ctxAt(stepped + 62 * MIN), silent);
    expect([...f.keys()]).toEqual(['70']);
    // Never a negative age: at least the time since the step was noticed.
    expect(f.get('70')!.value).toBeGreaterThanOrEqual(61);
  });

  it('a feed that succeeds again after the step is not silent', () => {
    fx.db.prepare(`INSERT INTO feed_state (feed_id, last_success_at) VALUES ('hot', ?)`).run(new Date(T0).toISOString());
    const stepped = T0 - DAY;
    evaluateRule(ctxAt(stepped + MIN), silent);
    fx.db.prepare(`UPDATE feed_state SET last_success_at = ? WHERE feed_id = 'hot'`).run(new Date(stepped + 61 * MIN).toISOString());
    expect(evaluateRule(ctxAt(stepped + 62 * MIN), silent).size).toBe(0);
  });

  it('a camera found down before the clock stepped back is reported once the rule’s minutes have passed', () => {
    const cam = { id: 'c1', name: 'Ngã tư', lat: 11.55, lon: 106.85 };
    const cameras = { down: () => [{ camera: cam, since: T0, health: { state: 'down', lastFrameAt: null, checkedAt: null, error: 'x' } }] } as unknown as Pick<CameraService, 'down'>;
    const down = rule({ id: 'cam', name: 'Camera', kind: 'camera.down', minutes: 10, scope: 'province' });
    const stepped = T0 - 3_600_000; // back one hour
    expect(evaluateRule(ctxAt(stepped + MIN, cameras), down).size).toBe(0);
    const f = evaluateRule(ctxAt(stepped + 12 * MIN, cameras), down);
    expect([...f.keys()]).toEqual(['70']);
    expect(f.get('70')!.value).toBeGreaterThanOrEqual(11);
  });
});
