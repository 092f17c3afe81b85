import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapMessage } from '../../../domains';
import { readingSchema } from '../../../domains/records';
import { nowcast, overallAqi } from '../../../domains/vn-aqi';
import { configSchema } from '../../../host/config/schema';
import { activeCapWarnings, storeCapMessage } from '../../../host/alerts/cap-store';
import { evaluateRule } from '../../../host/alerts/evaluate';
import { acknowledgeRule, closeOrphans, countAlerts, listAlerts, pruneAlerts, resolve } from '../../../host/alerts/lifecycle';
import { startAlerts } from '../../../host/alerts/runtime';
import { observationsToReadings } from '../../../sync/adapters/sensorthings';
import { dropFeedRow, saveFeed } from '../../../host/sync/feeds';
import { makeFixture, type Fixture } from '../views-fixture';
import { config, evalContextAt, rule, stepRule, type Rule } from './rule-steps';
import { bandOf, capOf, capShownOfTotal, moreThanShown } from '../../../renderer/panels/alerts/counts';
import { alertsHandlers } from '../../../host/api/handlers/alerts';
import { raisedOfRule } from '../../../renderer/console/alerts/by-rule';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.close());

const ctxAt = (now: Date, startedAt?: Date) => evalContextAt(fx.db, now, startedAt);
const step = (r: Rule, now: Date) => stepRule(fx.db, r, now);
const T0 = new Date('2026-03-10T03:00:00Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);
const isoS = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('CAP: a feed of more than 500 warnings', () => {
  const inf = (o: Partial<CapMessage['info'][number]>) =>
    ({ language: 'vi-VN', categories: [], event: 'Storm', urgency: 'Immediate', severity: 'Minor', certainty: 'Observed', headline: 'x', description: null, instruction: null, senderName: null, web: null, effective: null, onset: null, expires: '2026-03-10T09:00:00.000Z', areas: [], ...o }) as CapMessage['info'][number];
  const msg = (identifier: string, sender: string, sent: string, info: CapMessage['info']): CapMessage => ({ identifier, sender, sent, status: 'Actual', msgType: 'Alert', scope: 'Public', references: [], note: null, info });
  const square = (lat: number, lon: number, d = 0.02) => ({ points: [[lat - d, lon - d], [lat - d, lon + d], [lat + d, lon + d], [lat + d, lon - d], [lat - d, lon - d]] as [number, number][] });

  it('never hides a Severe warning from the rules; the screens get the worst first', () => {
    // The province's own Severe warning over Đồng Xoài, sent 2 h ago…
    storeCapMessage(fx.db, 'kttv', msg('BP-SEVERE-1', 'kttv', '2026-03-10T01:00:00.000Z', [inf({ severity: 'Severe', areas: [{ areaDesc: 'Đồng Xoài', polygons: [square(11.55, 106.85)], circles: [], geocodes: [] }] })]), isoS(T0));
    // …then 600 newer Minor warnings for other provinces.
    fx.db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      const sent = new Date(T0.getTime() - 3600_000 + i * 1000).toISOString();
      storeCapMessage(fx.db, 'national', msg(`N-${i}`, 'nchmf', sent, [inf({ areas: [{ areaDesc: 'x', polygons: [], circles: [], geocodes: [{ valueName: 'ISO 3166-2', value: 'VN-HN' }] }] })]), isoS(T0));
    }
    })();
    const severe = rule({ id: 'cap-severe', name: 'CAP', kind: 'cap', minSeverity: 'Severe', scope: 'district' });
    expect([...evaluateRule(ctxAt(T0), severe).keys()]).toEqual(['689']);
    const shown = activeCapWarnings(fx.db, T0, { limit: 500 });
    expect(shown).toHaveLength(500);
    expect(shown[0]!.identifier).toBe('BP-SEVERE-1');
    expect(activeCapWarnings(fx.db, T0)).toHaveLength(601);
  });

  it('the screens get the worst 500 and the true total, and say "500/601"', async () => {
    storeCapMessage(fx.db, 'kttv', msg('BP-SEVERE-1', 'kttv', new Date(Date.now() - 3600_000).toISOString(), [inf({ severity: 'Severe', expires: null, areas: [{ areaDesc: 'Đồng Xoài', polygons: [square(11.55, 106.85)], circles: [], geocodes: [] }] })]), new Date().toISOString());
    fx.db.transaction(() => {
      for (let i = 0; i < 600; i++) {
        const sent = new Date(Date.now() - 1800_000 + i * 1000).toISOString();
        storeCapMessage(fx.db, 'national', msg(`N-${i}`, 'nchmf', sent, [inf({ expires: null, areas: [{ areaDesc: 'x', polygons: [], circles: [], geocodes: [{ valueName: 'ISO 3166-2', value: 'VN-HN' }] }] })]), new Date().toISOString());
      }
    })();
    const answer = await alertsHandlers['alerts.capWarnings']({}, { db: fx.db } as never);
    expect(answer.total).toBe(601);
    expect(answer.warnings).toHaveLength(500);
    expect(answer.warnings[0]).toMatchObject({ identifier: 'BP-SEVERE-1', districts: ['689'] });
    expect(capShownOfTotal(capOf(answer))).toBe('500/601');
    expect(capShownOfTotal(capOf({ warnings: answer.warnings.slice(0, 3), total: 3 }))).toBeNull();
    // The earlier build's answer (a bare array) in a wall's offline cache still reads, as complete.
    expect(capOf(answer.warnings.slice(0, 3) as never)).toEqual({ warnings: answer.warnings.slice(0, 3), total: 3 });
  });
});

describe('a storm of one rule', () => {
  it('a district rule counts codes that are no district under the province: one alert per real district', () => {
    const deadly = rule({ id: 'dead', name: 'Chết', kind: 'count', domain: 'traffic', kinds: ['traffic.accident'], windowMinutes: 120, min: 1 });
    for (let i = 0; i < 40; i++) fx.ev({ id: `a${i}`, domain: 'traffic', kind: 'traffic.accident', areaId: `${25000 + i}`, openedAt: isoS(min(-10)) });
    fx.ev({ id: 'real', domain: 'traffic', kind: 'traffic.accident', areaId: '690', openedAt: isoS(min(-10)) });
    const found = evaluateRule(ctxAt(T0), deadly);
    expect([...found.keys()].sort()).toEqual(['690', '70']);
    expect(found.get('70')!.value).toBe(40);
  });

  it('a commune code counts under its district', () => {
    fx.w.area({ id: '25000', version: '2019', level: 'commune', parentId: '689', name: 'Tân Phú', kind: 'phường', geometry: null, lat: null, lon: null });
    const deadly = rule({ id: 'dead', name: 'Chết', kind: 'count', domain: 'traffic', windowMinutes: 120, min: 2 });
    fx.ev({ id: 'a', domain: 'traffic', kind: 'traffic.accident', areaId: '25000', openedAt: isoS(min(-10)) });
    fx.ev({ id: 'b', domain: 'traffic', kind: 'traffic.accident', areaId: '689', openedAt: isoS(min(-10)) });
    expect(evaluateRule(ctxAt(T0), deadly)).toEqual(new Map([['689', { value: 2, detail: { count: 2 } }]]));
  });

  it('the list gives every rule its place before one rule’s hundredth alert, and the true total', () => {
    const noisy = rule({ id: 'noisy', name: 'Ồn', kind: 'count', domain: 'hotline', groupBy: 'x', min: 1, severity: 'severe', scope: 'province' });
    // 600 open alerts of one severe rule (inserted as the lifecycle would).
    const ins = fx.db.prepare(
      `INSERT INTO alerts (rule_id, area_id, state, kind, severity, rule_name, rule_name_en, value, detail, raised_at, last_true_at) VALUES (?, ?, 'raised', 'count', ?, ?, ?, 1, '{}', ?, ?)`,
    );
    for (let i = 0; i < 600; i++) ins.run(noisy.id, `n${i}`, 'severe', 'Ồn', 'Noisy', isoS(min(i)), isoS(min(i)));
    // An older severe alert of another rule, and a warning.
    ins.run('aqi', '689', 'severe', 'AQI', 'AQI', isoS(min(-100)), isoS(min(-100)));
    ins.run('hot', '690', 'warning', 'Hotline', 'Hotline', isoS(min(-200)), isoS(min(-200)));
    const page = listAlerts(fx.db, { limit: 500 });
    expect(page).toHaveLength(500);
    expect(page.slice(0, 2).map((a) => a.rule).sort()).toEqual(['aqi', 'noisy']);
    expect(page.some((a) => a.rule === 'hot')).toBe(false); // warnings after every severe one
    expect(countAlerts(fx.db)).toEqual({ total: 602, severeRaised: 601 });
  });

  it('acknowledges every raised alert of a rule with one note, each audited', () => {
    const overdue = rule({ id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1 });
    for (const area of ['689', '690']) fx.ev({ id: `r${area}`, areaId: area, openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    expect(step(overdue, T0).raised).toHaveLength(2);
    const ids = acknowledgeRule(fx.db, 'od', 'Đã giao UBND huyện', 'ws:console', min(1));
    expect(ids).toHaveLength(2);
    expect(listAlerts(fx.db).map((a) => [a.state, a.note, a.acknowledgedBy])).toEqual([
      ['acknowledged', 'Đã giao UBND huyện', 'ws:console'],
      ['acknowledged', 'Đã giao UBND huyện', 'ws:console'],
    ]);
    expect(fx.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'alert.acknowledge'`).pluck().get()).toBe(2);
    expect(acknowledgeRule(fx.db, 'od', 'again', 'x', min(2))).toEqual([]);
  });
});

describe('screens count from the host’s totals', () => {
  const a = (id: number, rule: string, severity: 'severe' | 'warning', state: 'raised' | 'acknowledged' = 'raised') => ({ id, rule, severity, state }) as never;
  it('the band and the panel say how many there truly are; the inbox offers to acknowledge a rule’s several alerts', () => {
    const page = { alerts: [a(1, 'r', 'severe'), a(2, 'r', 'severe'), a(3, 's', 'warning')], total: 900, severeRaised: 750 };
    expect(bandOf(page).more).toBe(749);
    expect(moreThanShown(page, 2)).toBe(898);
    expect(bandOf(undefined)).toEqual({ severe: [], more: 0 });
    expect(raisedOfRule(page.alerts, page.alerts[0]!)).toEqual({ rule: 'r', count: 2 });
    expect(raisedOfRule(page.alerts, page.alerts[2]!)).toBeNull();
  });

  it("reads the earlier build's answer (a bare array) that a wall's offline cache may still hold", () => {
    const old = [a(1, 'r', 'severe'), a(2, 'r', 'severe'), a(3, 's', 'warning')] as never;
    expect(bandOf(old).more).toBe(1);
    expect(moreThanShown(old, 2)).toBe(1);
  });
});

describe('sensor error codes', () => {
  it('a reading beyond what a sensor can read is refused (quarantined at sync)', () => {
    const r = (param: string, value: number) => readingSchema.safeParse({ stationId: 's', param, time: '2026-03-10T03:00:00Z', value }).success;
    expect(r('pm25', 65535)).toBe(false);
    expect(r('pm25', 1e308)).toBe(false);
    expect(r('pm10', -9999)).toBe(false);
    expect(r('co', 1e308)).toBe(false);
    expect(r('pm25', 480)).toBe(true);
    expect(r('pm25', -2)).toBe(true);
    expect(r('co', 40_000)).toBe(true);
    expect(r('temperature', 65535)).toBe(true);
  });

  it('the sensorthings adapter quarantines it with its reason', () => {
    const out = observationsToReadings(
      [
        { '@iot.id': 1, phenomenonTime: '2026-03-10T03:00:00Z', result: 65535 },
        { '@iot.id': 2, phenomenonTime: '2026-03-10T02:00:00Z', result: 30 },
      ],
      { id: '1', stationId: 's1', param: 'pm25' },
    );
    expect(out.records.map((x) => x.value)).toEqual([30]);
    expect(out.quarantined).toHaveLength(1);
    expect(out.quarantined[0]!.reason).toMatch(/65535/);
  });

  it('NowCast of huge values stays finite', () => {
    expect(Number.isFinite(nowcast(Array(12).fill(1e308)))).toBe(true);
    expect(nowcast([1e308, ...Array(11).fill(30)])).not.toBe(Infinity);
    expect(overallAqi({ PM2_5: nowcast(Array(12).fill(1e308)) })?.aqi).toBe(500);
  });
});

describe('an event dated in the future', () => {
  it('is not "in the last N minutes" until that date', () => {
    const deadly = rule({ id: 'dead', name: 'Chết', kind: 'count', domain: 'traffic', windowMinutes: 120, min: 1 });
    fx.ev({ id: 'fut', domain: 'traffic', kind: 'traffic.accident', areaId: '689', openedAt: '2099-01-01T00:00:00Z' });
    expect(evaluateRule(ctxAt(T0), deadly).size).toBe(0);
    // A sender's clock a minute ahead still counts.
    fx.ev({ id: 'skew', domain: 'traffic', kind: 'traffic.accident', areaId: '689', openedAt: isoS(min(1)) });
    expect([...evaluateRule(ctxAt(T0), deadly).keys()]).toEqual(['689']);
  });
});

describe('a feed that never succeeded', () => {
  it('stays silent since it was first watched across a restart', () => {
    const cfg = configSchema.parse({ alerts: { evaluateEverySec: 3600 }, feeds: [{ id: 'dead', domain: 'environment', adapter: 'cap', url: 'http://127.0.0.1:9/none' }] });
    const silent = rule({ id: 'quiet', name: 'Im', kind: 'silence', minutes: 60, scope: 'province' });
    const at = (now: Date, startedAt: Date) => evaluateRule({ ...ctxAt(now, startedAt), config: cfg }, silent);
    expect(at(min(61), T0).get('70')?.value).toBe(61);
    // Restarted at +120: still silent since T0.
    expect(at(min(121), min(120)).get('70')?.value).toBe(121);
  });

  it('forgets when it was first watched once the feed is deleted, not when it is reverted', () => {
    const silent = rule({ id: 'quiet', name: 'Im', kind: 'silence', minutes: 60, scope: 'province' });
    const watched = () => fx.db.prepare(`SELECT key FROM meta WHERE key LIKE 'alerts.feedWatchedSince:%' ORDER BY key`).pluck().all();
    const cfg = configSchema.parse({ feeds: [{ id: 'file', domain: 'environment', adapter: 'cap', url: 'http://127.0.0.1:9/file' }] });
    saveFeed(fx.db, { id: 'added', domain: 'environment', adapter: 'cap', url: 'http://127.0.0.1:9/added' }, 'op', T0);
    saveFeed(fx.db, { id: 'file', domain: 'environment', adapter: 'cap', url: 'http://127.0.0.1:9/edited' }, 'op', T0);
    evaluateRule({ ...ctxAt(min(1), T0), config: cfg }, silent);
    expect(watched()).toEqual(['alerts.feedWatchedSince:added', 'alerts.feedWatchedSince:file']);
    expect(dropFeedRow(fx.db, 'added', 'op', 'feeds.delete', min(2))).toBe(true);
    expect(dropFeedRow(fx.db, 'file', 'op', 'feeds.revert', min(2))).toBe(true);
    expect(watched()).toEqual(['alerts.feedWatchedSince:file']);
    // Added again later under the same id: a new feed, watched since the host that sees it now.
    saveFeed(fx.db, { id: 'added', domain: 'environment', adapter: 'cap', url: 'http://127.0.0.1:9/added' }, 'op', min(200));
    const found = evaluateRule({ ...ctxAt(min(300), min(200)), config: cfg }, silent).get('70');
    expect((found?.detail.feeds as { feed: string; minutes: number }[]).map((f) => [f.feed, f.minutes])).toEqual([
      ['file', 300],
      ['added', 100],
    ]);
  });
});

describe('steady state', () => {
  it('an open alert seen true again is no change to broadcast, and no row written', () => {
    const overdue = rule({ id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1 });
    fx.ev({ id: 'r', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    expect(step(overdue, T0).raised).toHaveLength(1);
    const changes = fx.db.prepare(`SELECT total_changes()`).pluck();
    const written = changes.get() as number;
    for (let m = 1; m < 10; m++) expect(step(overdue, min(m))).toMatchObject({ raised: [], cleared: [], updated: 0, takeover: false });
    expect(changes.get()).toBe(written);
    expect(listAlerts(fx.db)[0]!.lastTrueAt).toBe(isoS(T0));
    // Ten minutes behind (LAST_TRUE_STEP_MS): written once, still no change to broadcast.
    expect(step(overdue, min(10))).toMatchObject({ updated: 0 });
    expect(changes.get()).toBe(written + 1);
    expect(listAlerts(fx.db)[0]!.lastTrueAt).toBe(isoS(min(10)));
    // The clock set back: a last-seen time ahead of it is written at once.
    step(overdue, min(5));
    expect(listAlerts(fx.db)[0]!.lastTrueAt).toBe(isoS(min(5)));
    // A new figure writes it at once too.
    fx.ev({ id: 'r2', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    expect(step(overdue, min(6)).updated).toBe(1);
    expect(listAlerts(fx.db)[0]!.lastTrueAt).toBe(isoS(min(6)));
  });

  it('the runtime emits and writes nothing when nothing changed', () => {
    // Enough overdue reports for the bundled hotline-overdue rule (≥ 20 in one district).
    for (let i = 0; i < 25; i++) fx.ev({ id: `r${i}`, areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    let clock = T0.getTime();
    let emits = 0;
    const rt = startAlerts({ db: fx.db, config, emit: () => emits++, timers: false, now: () => new Date(clock) });
    rt.evaluate({ all: true });
    const open = countAlerts(fx.db).total;
    expect(open).toBeGreaterThan(0);
    const e0 = emits;
    const changes = fx.db.prepare(`SELECT total_changes()`).pluck();
    const written = changes.get() as number;
    for (let i = 1; i <= 3; i++) {
      clock += 61_000;
      rt.evaluate({ all: true });
    }
    expect(emits - e0).toBe(0);
    // Nor a row written: an alert storm would otherwise write every open alert at every evaluation.
    expect(changes.get()).toBe(written);
    rt.stop();
  });
});

describe('resolved alerts waiting to re-arm', () => {
  it('stop waiting when their rule is gone, and are pruned after keepDays regardless', () => {
    const overdue = rule({ id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 1 });
    fx.ev({ id: 'r', areaId: '689', openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
    const [id] = step(overdue, T0).raised;
    resolve(fx.db, id!, 'Đã xử lý', 'op', min(1));
    const pending = () => fx.db.prepare(`SELECT rearm_pending FROM alerts WHERE id = ?`).pluck().get(id) as number | undefined;
    expect(pending()).toBe(1);
    closeOrphans(fx.db, new Set(['od']), min(2));
    expect(pending()).toBe(1);
    closeOrphans(fx.db, new Set(), min(2));
    expect(pending()).toBe(0);
    // Another resolved alert still waiting (its rule alive): pruned once older than keepDays.
    fx.db.prepare(`UPDATE alerts SET rearm_pending = 1 WHERE id = ?`).run(id);
    expect(pruneAlerts(fx.db, new Date(T0.getTime() + 400 * 86_400_000), 365)).toBe(1);
    expect(pending()).toBeUndefined();
  });
});
