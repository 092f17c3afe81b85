import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRuleInput } from '../../../domains/alerts';
import { configSchema } from '../../../host/config/schema';
import { evaluateRule, MAX_DETAIL_ITEMS } from '../../../host/alerts/evaluate';
import { acknowledge, activeTakeover, answerTakeover, closeOrphans, expireTakeovers, listAlerts, resolve } from '../../../host/alerts/lifecycle';
import { makeFixture, type Fixture } from '../views-fixture';
import { evalContextAt, rule, stepRule, type Rule } from './rule-steps';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.close());

const ctxAt = (now: Date) => evalContextAt(fx.db, now);
const step = (r: Rule, now: Date) => stepRule(fx.db, r, now);
const audit = (action: string) => fx.db.prepare(`SELECT count(*) FROM audit_log WHERE action = ?`).pluck().get(action) as number;

const overdue = rule({ id: 'od', name: 'Quá hạn', kind: 'count', domain: 'hotline', status: 'overdue', min: 2, clearAfterMinutes: 10 });
const T0 = new Date('2026-03-10T03:00:00Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

function overdueReports(n: number, area = '689') {
  for (let i = 0; i < n; i++) fx.ev({ id: `r${area}-${i}`, areaId: area, openedAt: '2026-03-01T00:00:00Z', dueAt: '2026-03-05T00:00:00Z' });
}

describe('count rule and the lifecycle', () => {
  it('raises once per area, keeps it fresh, and clears only after the condition has been gone clearAfterMinutes', () => {
    overdueReports(3, '689');
    overdueReports(1, '690');
    expect(step(overdue, T0).raised).toHaveLength(1);
    // Evaluated again and again: no duplicate while it is open.
    for (let i = 1; i <= 5; i++) expect(step(overdue, min(i)).raised).toEqual([]);
    let open = listAlerts(fx.db);
    expect(open.map((a) => [a.rule, a.area, a.state, a.value])).toEqual([['od', '689', 'raised', 3]]);

    // Two reports handled: the count falls under the threshold, hysteresis starts.
    fx.db.prepare(`UPDATE events SET closed_at = ?, status = 'resolved' WHERE id IN ('r689-0', 'r689-1')`).run(min(6).toISOString());
    expect(step(overdue, min(6)).cleared).toEqual([]);
    expect(step(overdue, min(15)).cleared).toEqual([]);
    // Back above for a moment: the hysteresis restarts and nothing new is raised.
    fx.db.prepare(`UPDATE events SET closed_at = NULL, status = 'received' WHERE id = 'r689-0'`).run();
    expect(step(overdue, min(16))).toMatchObject({ raised: [], cleared: [] });
    fx.db.prepare(`UPDATE events SET closed_at = ?, status = 'resolved' WHERE id = 'r689-0'`).run(min(17).toISOString());
    expect(step(overdue, min(17)).cleared).toEqual([]);
    expect(step(overdue, min(26)).cleared).toEqual([]);
    expect(step(overdue, min(27)).cleared).toHaveLength(1);
    open = listAlerts(fx.db, { states: ['cleared'] });
    expect(open[0]).toMatchObject({ state: 'cleared', closedBy: 'rules' });
    expect(audit('alert.raise')).toBe(1);
    expect(audit('alert.clear')).toBe(1);
  });

  it('the database refuses a second open alert for the same rule and area', () => {
    overdueReports(2);
    step(overdue, T0);
    expect(() =>
      fx.db
        .prepare(`INSERT INTO alerts (rule_id, area_id, state, kind, severity, rule_name, rule_name_en, raised_at, last_true_at) VALUES ('od', '689', 'raised', 'count', 'warning', 'x', 'x', 'a', 'a')`)
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('acknowledge records who and the note; resolve by hand is not raised again until the condition went away once', () => {
    overdueReports(2);
    const [id] = step(overdue, T0).raised;
    const a = acknowledge(fx.db, id!, 'Đã giao UBND huyện', 'ws:console-1', min(1));
    expect(a).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ws:console-1', note: 'Đã giao UBND huyện' });
    expect(() => acknowledge(fx.db, id!, 'again', 'x', min(2))).toThrow(/acknowledged/);
    resolve(fx.db, id!, 'Đã xử lý xong', 'ws:console-1', min(3));
    expect(() => resolve(fx.db, id!, 'again', 'x', min(3))).toThrow(/resolved/);
    // Condition still true: no new alert.
    expect(step(overdue, min(4)).raised).toEqual([]);
    // Condition gone once, then back: a new alert.
    fx.db.prepare(`UPDATE events SET closed_at = ? WHERE id = 'r689-0'`).run(min(5).toISOString());
    step(overdue, min(5));
    fx.db.prepare(`UPDATE events SET closed_at = NULL WHERE id = 'r689-0'`).run();
    expect(step(overdue, min(6)).raised).toHaveLength(1);
    expect(audit('alert.acknowledge')).toBe(1);
    expect(audit('alert.resolve')).toBe(1);
  });

  it('counts within a window, per attribute value (≥ 3 incidents on one road in an hour) and with an attribute filter', () => {
    const road = rule({ id: 'road', name: 'Tuyến', kind: 'count', domain: 'traffic', windowMinutes: 60, groupBy: 'road', min: 3, scope: 'province' });
    const t = (m: number) => new Date(T0.getTime() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const inc = (id: string, r: string, ago: number, deaths = 0) =>
      fx.ev({ id, domain: 'traffic', kind: 'traffic.accident', openedAt: t(ago), attrs: { road: r, deaths } });
    inc('a', 'QL13', 10);
    inc('b', 'QL13', 20);
    inc('c', 'QL14', 30);
    inc('d', 'QL13', 90); // outside the hour
    expect(step(road, T0).raised).toEqual([]);
    inc('e', 'QL13', 50, 2);
    const { raised } = step(road, T0);
    expect(raised).toHaveLength(1);
    expect(listAlerts(fx.db)[0]).toMatchObject({ area: '70', value: 3, detail: { groups: [{ road: 'QL13', count: 3 }] } });
    const deadly = rule({ id: 'dead', name: 'Chết', kind: 'count', domain: 'traffic', kinds: ['traffic.accident'], attr: { name: 'deaths', op: '>=', value: 1 }, windowMinutes: 120, min: 1 });
    expect(evaluateRule(ctxAt(T0), deadly)).toEqual(new Map([['689', { value: 1, detail: { count: 1 } }]]));
  });
});

describe('an alert lists at most MAX_DETAIL_ITEMS of what triggered it', () => {
  it('a rule grouped by an attribute of hundreds of values keeps the largest groups and counts the rest', () => {
    const byAddress = rule({ id: 'addr', name: 'Địa chỉ', kind: 'count', domain: 'hotline', groupBy: 'address', min: 1, scope: 'province' });
    // 300 addresses: address k has (k % 7) + 1 reports.
    for (let k = 0; k < 300; k++) for (let i = 0; i <= k % 7; i++) fx.ev({ id: `h${k}-${i}`, areaId: '689', openedAt: '2026-03-01T00:00:00Z', attrs: { address: `Số ${k}` } });
    step(byAddress, T0);
    const [alert] = listAlerts(fx.db);
    const groups = alert!.detail.groups as { address: string; count: number }[];
    expect(groups).toHaveLength(MAX_DETAIL_ITEMS);
    expect(alert!.detail.groupsMore).toBe(300 - MAX_DETAIL_ITEMS);
    // The largest counts: the 42 addresses of 7 reports, then 8 of the 43 of 6.
    expect(groups.map((g) => g.count)).toEqual([...Array(42).fill(7), ...Array(8).fill(6)]);
    expect(alert!.value).toBe(7);
    // Under the limit a list is whole and has no count.
    const few = rule({ id: 'few', name: 'Ít', kind: 'count', domain: 'hotline', groupBy: 'address', min: 7, scope: 'province' });
    const found = evaluateRule(ctxAt(T0), few).get('70')!;
    expect((found.detail.groups as unknown[]).length).toBe(300 / 7 >> 0);
    expect(found.detail.groupsMore).toBeUndefined();
  });
});

describe('threshold on VN_AQI', () => {
  const veryBad = rule({ id: 'aqi', name: 'AQI', kind: 'threshold', figure: { type: 'aqi' }, op: '>=', value: 201, consecutive: 2 });
  const hour = (k: number) => new Date(T0.getTime() - k * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  beforeEach(() => {
    fx.w.station({ id: 's1', domain: 'environment', name: 'Trạm 1', areaId: '689', lat: 11.55, lon: 106.85, params: ['pm25'], source: 'test' });
  });

  it('needs the given number of consecutive hourly readings past the threshold', () => {
    // 12 clean hours, then one spike: a single reading is not an episode.
    for (let k = 13; k >= 1; k--) fx.w.reading({ stationId: 's1', param: 'pm25', time: hour(k), value: 20 });
    fx.w.reading({ stationId: 's1', param: 'pm25', time: hour(0), value: 900 });
    expect(evaluateRule(ctxAt(T0), veryBad).size).toBe(0);
    // The next hour is bad too: NowCast passes 201 at both readings.
    fx.w.reading({ stationId: 's1', param: 'pm25', time: hour(-1), value: 900 });
    const f = evaluateRule(ctxAt(new Date(T0.getTime() + 3600_000)), veryBad);
    expect([...f.keys()]).toEqual(['689']);
    const found = f.get('689')!;
    expect(found.value).toBeGreaterThanOrEqual(201);
    expect(found.detail.stations).toEqual([expect.objectContaining({ station: 's1', name: 'Trạm 1' })]);
  });
});

describe('silence', () => {
  it('names the feeds that have not succeeded for more than N minutes', () => {
    const cfg = configSchema.parse({
      feeds: [
        { id: 'aqi', domain: 'environment', adapter: 'sensorthings', url: 'http://127.0.0.1:9/sta' },
        { id: 'hot', domain: 'hotline', adapter: 'open311', url: 'http://127.0.0.1:9/o' },
      ],
    });
    fx.db.prepare(`INSERT INTO feed_state (feed_id, last_success_at) VALUES ('aqi', ?), ('hot', ?)`).run(min(-90).toISOString(), min(-5).toISOString());
    const silent = rule({ id: 'quiet', name: 'Im', kind: 'silence', minutes: 60, scope: 'province' });
    const f = evaluateRule({ ...ctxAt(T0), config: cfg }, silent);
    expect([...f.keys()]).toEqual(['70']);
    expect(f.get('70')).toMatchObject({ value: 90, detail: { feeds: [expect.objectContaining({ feed: 'aqi', minutes: 90 })] } });
  });
});

describe('threshold on a KPI against plan', () => {
  it('fires where a figure is below X % of its plan', () => {
    fx.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2026-01', value: 100 });
    fx.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2026-02', value: 100 });
    fx.obs({ indicator: 'tourism.visitors.plan', areaId: '70', period: '2026', value: 1000 });
    const r = rule({
      id: 'visitors', name: 'Khách', kind: 'threshold', scope: 'province',
      figure: { type: 'kpi', domain: 'tourism', indicator: 'tourism.visitors', measure: 'planPercent' }, op: '<', value: 50,
    });
    const f = evaluateRule(ctxAt(T0), r);
    expect([...f.keys()]).toEqual(['70']);
    expect(f.get('70')!.value).toBe(20);
    expect(evaluateRule(ctxAt(T0), rule({ ...r, value: 10 } as AlertRuleInput)).size).toBe(0);
  });
});

describe('wall actions', () => {
  const withWall = (mode: 'auto' | 'confirm', minutes?: number) =>
    rule({ id: `w-${mode}`, name: 'W', kind: 'count', domain: 'hotline', status: 'overdue', min: 1, wall: { presetId: 'emergency', mode, until: 'cleared', minutes } });

  it('auto takes the wall at once; confirm waits for the operator; time limits end it', () => {
    overdueReports(1);
    const [autoId] = step(withWall('auto', 30), T0).raised;
    expect(activeTakeover(fx.db)).toMatchObject({ alertId: autoId, presetId: 'emergency', areaId: '689' });
    expect(expireTakeovers(fx.db, min(29))).toBe(false);
    expect(expireTakeovers(fx.db, min(30))).toBe(true);
    expect(activeTakeover(fx.db)).toBeNull();

    const [askId] = step(withWall('confirm'), T0).raised;
    expect(listAlerts(fx.db).find((a) => a.id === askId)!.takeover).toBe('pending');
    expect(activeTakeover(fx.db)).toBeNull();
    answerTakeover(fx.db, askId!, true, 'ws:console', undefined, min(1));
    expect(activeTakeover(fx.db)).toMatchObject({ alertId: askId });
    expect(() => answerTakeover(fx.db, askId!, true, 'ws:console', undefined, min(1))).toThrow(/not waiting/);
    // A rule switched off: its open alerts are closed and the wall is given back.
    closeOrphans(fx.db, new Set(['w-confirm']), min(2));
    expect(activeTakeover(fx.db)).toMatchObject({ alertId: askId });
    closeOrphans(fx.db, new Set(), min(2));
    expect(activeTakeover(fx.db)).toBeNull();
    expect(listAlerts(fx.db)).toEqual([]);
  });

  it('a wall action held until the alert clears ends when the condition has been gone long enough', () => {
    overdueReports(1);
    const r = withWall('auto');
    const [id] = step(r, T0).raised;
    expect(activeTakeover(fx.db)).toMatchObject({ alertId: id });
    fx.db.prepare(`UPDATE events SET closed_at = ?`).run(min(1).toISOString());
    expect(step(r, min(1)).takeover).toBe(false);
    expect(activeTakeover(fx.db)).toMatchObject({ alertId: id });
    const c = step(r, min(11));
    expect(c).toMatchObject({ cleared: [id], takeover: true });
    expect(activeTakeover(fx.db)).toBeNull();
  });
});

describe('the VN_AQI rule and the stations view agree', () => {
  it('computes every station’s current index exactly as the environment panel shows it', async () => {
    const { seedDemo } = await import('../../../host/demo');
    const { stationRows } = await import('../../../host/views/environment');
    const { makeContext } = await import('../../../host/views/common');
    const now = new Date('2026-11-25T08:20:00Z');
    seedDemo(fx.db, { scale: 0.5, now });
    const all = rule({ id: 'any', name: 'any', kind: 'threshold', figure: { type: 'aqi' }, op: '>=', value: 0, consecutive: 1, scope: 'district' });
    const found = evaluateRule(ctxAt(now), all);
    const byStation = new Map<string, number>();
    for (const f of found.values()) for (const s of f.detail.stations as { station: string; aqi: number }[]) byStation.set(s.station, s.aqi);
    const view = stationRows(makeContext(fx.db, 'environment', {}, { now })).filter((s) => s.aqi !== null && s.areaId);
    expect(view.length).toBeGreaterThan(10);
    for (const s of view) expect([s.id, byStation.get(s.id)]).toEqual([s.id, Math.round(s.aqi!)]);
  }, 60_000);
});
