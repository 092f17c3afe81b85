// Issue 12 (soak): the host's steady work — the alert rules after every sync batch, the active
// layout on every switch — must not prepare SQL statements again and again. better-sqlite3
// compiles a new JavaScript row builder (`Function(...)`: a new script, its bytecode and, when
// hot, its machine code) for every statement it prepares, so a statement prepared per call is
// V8 code made and thrown away thousands of times an hour. Prepares stay a fixed number,
// however many times the work runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alertRuleSchema } from '../../domains/alerts';
import { nodeHeartbeatSchema } from '../../host/api/contract/room';
import { configSchema } from '../../host/config/schema';
import { evaluateRule, type EvalContext } from '../../host/alerts/evaluate';
import { applyFindings, closeOrphans, expireTakeovers, listAlerts } from '../../host/alerts/lifecycle';
import { seedLayouts } from '../../host/layouts/seed';
import { activeLayout, getState, listPresets, markApplied } from '../../host/layouts/store';
import { NodeStore } from '../../host/room/nodes';
import { effectiveFeeds } from '../../host/sync/feeds';
import { listOutbox } from '../../host/sync/outbox';
import { MAX_STATEMENTS, statementCount, stmt } from '../../host/db/statements';
import { makeFixture, type Fixture } from './views-fixture';

let fx: Fixture;
let prepares: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  fx = makeFixture();
  prepares = vi.spyOn(fx.db, 'prepare');
});
afterEach(() => fx.close());

/** Runs `work` `times` times; returns how many statements it prepared after its first 5 runs. */
function preparesAfterWarmUp(times: number, work: (i: number) => void): number {
  for (let i = 0; i < 5; i++) work(i);
  const before = prepares.mock.calls.length;
  for (let i = 5; i < times; i++) work(i);
  return prepares.mock.calls.length - before;
}

describe('the host reuses its prepared statements', () => {
  it('alert rules evaluated 200 times prepare nothing after the first runs', () => {
    for (let i = 0; i < 3; i++) fx.ev({ id: `r${i}`, areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    const rule = alertRuleSchema.parse({ id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 2, clearAfterMinutes: 10 });
    const config = configSchema.parse({});
    const t0 = Date.parse('2026-03-10T03:00:00Z');
    const extra = preparesAfterWarmUp(200, (i) => {
      // Five minutes apart: the still-true alert's last-seen time is written every other run
      // (LAST_TRUE_STEP_MS), so that statement too is prepared in the first runs.
      const now = new Date(t0 + i * 5 * 60_000);
      const ctx: EvalContext = { db: fx.db, config, now, startedAt: new Date(t0 - 3600_000), memo: new Map(), cameras: null };
      fx.db.transaction(() => {
        applyFindings(fx.db, rule, evaluateRule(ctx, rule), now);
        closeOrphans(fx.db, new Set(['od']), now);
        expireTakeovers(fx.db, now);
      })();
      listAlerts(fx.db);
    });
    expect(listAlerts(fx.db)).toHaveLength(1);
    expect(extra).toBe(0);
  });

  it('the active layout resolved 200 times (a playlist switching) prepares nothing after the first runs', () => {
    seedLayouts(fx.db);
    const presets = listPresets(fx.db).map((p) => p.id);
    expect(presets.length).toBeGreaterThan(1);
    const extra = preparesAfterWarmUp(200, (i) => {
      const a = activeLayout(fx.db, new Date(Date.parse('2026-03-10T03:00:00Z') + i * 5_000));
      markApplied(fx.db, presets[i % presets.length]!);
      getState(fx.db);
      expect(a.layout).not.toBeNull();
    });
    expect(extra).toBe(0);
  });

  it('feeds, the outbox and the room listed and heartbeats kept 200 times prepare nothing after the first runs', () => {
    const nodes = new NodeStore(fx.db);
    const node = nodes.add('wall', 'Tường 1', 'admin');
    const hb = nodeHeartbeatSchema.parse({ version: '1', kind: 'browser', displays: [], showing: ['d1'], uptimeSec: 1, memoryMB: 1, rendererCrashes: 0, lastPaintAt: null, rttMs: null });
    const extra = preparesAfterWarmUp(200, () => {
      effectiveFeeds(fx.db, []);
      listOutbox(fx.db);
      nodes.heartbeat(node.id, hb);
      expect(nodes.isActive(node.id)).toBe(true);
      expect(nodes.list('1', () => 1)).toHaveLength(1);
    });
    expect(extra).toBe(0);
  });
});

describe('the statement cache is bounded', () => {
  it('keeps at most MAX_STATEMENTS texts, least recently used out first', () => {
    const hot = `SELECT 1 AS hot`;
    const first = stmt(fx.db, hot);
    // Texts built from configuration (an alert rule's kinds): months of edits make new ones.
    for (let i = 0; i < MAX_STATEMENTS + 50; i++) {
      stmt(fx.db, `SELECT ${i} AS n`);
      if (i % 100 === 0) stmt(fx.db, hot); // still in use: kept
    }
    expect(statementCount(fx.db)).toBe(MAX_STATEMENTS);
    prepares.mockClear();
    expect(stmt(fx.db, hot)).toBe(first);
    stmt(fx.db, `SELECT 0 AS n`); // the oldest text was dropped: prepared again
    expect(prepares).toHaveBeenCalledTimes(1);
  });
});
