import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KpiItem } from '../../domains/views';
import { runView } from '../../host/views';
import { MAP_POINT_CAP } from '../../host/views/events';
import { at, makeFixture, type Fixture } from './views-fixture';

let f: Fixture;
afterEach(() => f.close());

const now = new Date(at('2025-02-15 10:00'));
const item = (items: KpiItem[], id: string) => items.find((i) => i.id === id)!;
const MARKUP = 'Đường <b>hư</b> <img src=x onerror=alert(1)> & "xin" <script>alert(1)</script>';

describe('hotline views (status workflow, overdue derived from dueAt)', () => {
  beforeEach(() => {
    f = makeFixture();
    // a: settled before its due date; b: settled after it (late); c: open and past due (overdue);
    // d: open, not yet due; e: a 115 call in Bình Long; f: last year.
    f.ev({ id: 'a', openedAt: at('2025-01-10 08:00'), dueAt: at('2025-01-13 08:00'), closedAt: at('2025-01-12 08:00'), status: 'resolved' });
    f.ev({ id: 'b', openedAt: at('2025-01-20 08:00'), dueAt: at('2025-01-23 08:00'), closedAt: at('2025-01-25 08:00'), status: 'resolved', kind: 'hotline.environment' });
    f.ev({ id: 'c', openedAt: at('2025-02-01 08:00'), dueAt: at('2025-02-04 08:00'), status: 'inProgress', title: MARKUP, agency: 'UBND' });
    f.ev({ id: 'd', openedAt: at('2025-02-14 08:00'), dueAt: at('2025-02-17 08:00'), status: 'received' });
    f.ev({ id: 'e', openedAt: at('2025-02-10 08:00'), dueAt: at('2025-02-11 08:00'), closedAt: at('2025-02-10 09:00'), status: 'resolved', kind: 'hotline.call115', areaId: '690', lat: 11.65, lon: 106.65 });
    f.ev({ id: 'f', openedAt: at('2024-01-15 08:00'), dueAt: at('2024-01-18 08:00'), closedAt: at('2024-01-16 08:00'), status: 'resolved' });
    // Opened 23:30 on 31 January local = 16:30 UTC: a January report.
    f.ev({ id: 'g', openedAt: at('2024-12-31 23:30'), dueAt: at('2025-01-03 23:30'), closedAt: at('2025-01-01 08:00'), status: 'resolved' });
  });

  it('kpis: received, resolved share, overdue now, emergency calls', () => {
    const r = runView(f.db, 'hotline', 'kpis', {}, { now });
    expect(item(r.items, 'hotline.received')).toMatchObject({ value: 5, previous: 1, live: false });
    expect(item(r.items, 'hotline.received').change).toBeCloseTo(4, 10);
    expect(item(r.items, 'hotline.resolvedRate').value).toBeCloseTo(60, 10);
    expect(item(r.items, 'hotline.resolvedRate').changeKind).toBe('points');
    expect(item(r.items, 'hotline.overdue')).toMatchObject({ value: 1, previous: null, live: true, alert: true });
    expect(item(r.items, 'hotline.emergencyCalls')).toMatchObject({ value: 1, previous: 0 });
    // Drill-down to Bình Long: only the 115 call.
    const bl = runView(f.db, 'hotline', 'kpis', { areaId: '690' }, { now });
    expect(item(bl.items, 'hotline.received').value).toBe(1);
    expect(item(bl.items, 'hotline.overdue')).toMatchObject({ value: 0, alert: false });
  });

  it('counts by local month (a report at 23:30 on 31 December is December’s)', () => {
    const r = runView(f.db, 'hotline', 'kpis', { period: '2024-12' }, { now });
    expect(item(r.items, 'hotline.received').value).toBe(1);
  });

  it('byStatus: states in workflow order, overdue and closed-late', () => {
    const r = runView(f.db, 'hotline', 'byStatus', {}, { now });
    expect(r.rows.map((s) => [s.id, s.count, s.closed])).toEqual([
      ['received', 1, false],
      ['assigned', 0, false],
      ['inProgress', 1, false],
      ['resolved', 3, true],
    ]);
    expect(r).toMatchObject({ total: 5, overdue: 1, closedLate: 1 });
  });

  it('byArea and byKind', () => {
    const a = runView(f.db, 'hotline', 'byArea', {}, { now });
    expect(a.rows.map((r) => [r.areaId, r.value, r.previous, r.secondary])).toEqual([
      ['689', 4, 1, 1],
      ['690', 1, 0, 0],
    ]);
    const k = runView(f.db, 'hotline', 'byKind', {}, { now });
    expect(k.total).toBe(5);
    expect(k.rows[0]).toMatchObject({ id: 'hotline.order', count: 3 });
    expect(k.rows.find((x) => x.id === 'hotline.call115')!.count).toBe(1);
  });

  it('trend: monthly counts, zero where nothing came in', () => {
    const t = runView(f.db, 'hotline', 'trend', {}, { now });
    const received = t.series.find((s) => s.id === 'hotline.received')!.points;
    expect(received).toHaveLength(24);
    expect(received.slice(-3)).toEqual([
      { period: '2024-12', value: 1 },
      { period: '2025-01', value: 2 },
      { period: '2025-02', value: 3 },
    ]);
    expect(received.find((p) => p.period === '2024-01')!.value).toBe(1);
    expect(received.find((p) => p.period === '2024-06')!.value).toBe(0);
  });

  it('recent and map keep citizen text exactly as written and flag overdue', () => {
    const r = runView(f.db, 'hotline', 'recent', {}, { now });
    expect(r.rows.map((x) => x.id)).toEqual(['d', 'e', 'c', 'b', 'a']);
    expect(r.rows.find((x) => x.id === 'c')).toMatchObject({ title: MARKUP, overdue: true, statusName: { vi: 'Đang xử lý', en: 'In progress' } });
    expect(r.rows.filter((x) => x.overdue).map((x) => x.id)).toEqual(['c']);
    const m = runView(f.db, 'hotline', 'map', {}, { now });
    expect(m.points.map((p) => [p.id, p.state])).toEqual([
      ['c', 'overdue'],
      ['d', 'open'],
      ['e', 'closed'],
      ['b', 'closed'],
      ['a', 'closed'],
    ]);
    expect(m.points[0]!.title).toBe(MARKUP);
    expect(m.names['inProgress']).toEqual({ vi: 'Đang xử lý', en: 'In progress' });
    expect(m.total).toBe(5);
  });

  it('map: draws at most MAP_POINT_CAP open reports (the most urgent) and counts every open one', () => {
    const n = MAP_POINT_CAP + 450;
    f.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        f.ev({ id: `o${i}`, openedAt: at(`2025-01-${day} 08:00`), dueAt: at(`2025-02-${day} 08:00`), status: 'received', areaId: i % 3 ? '689' : '690' });
      }
    })();
    const m = runView(f.db, 'hotline', 'map', {}, { now });
    const open = m.points.filter((p) => p.state === 'open' || p.state === 'overdue');
    expect(open).toHaveLength(MAP_POINT_CAP);
    // The earliest due first: everything due on 1–14 February (overdue at the 15th) is drawn.
    expect(open.filter((p) => p.state === 'overdue').length).toBeGreaterThan(MAP_POINT_CAP / 2);
    // c and d, and the new ones; settled ones of the period (a, b, e) on top.
    expect(m.total).toBe(n + 2 + 3);
    expect(m.truncated).toBe(true);
    // By district: 690 holds a third of them, fewer than the cap: all drawn, none left out.
    const bl = runView(f.db, 'hotline', 'map', { areaId: '690' }, { now });
    expect(bl.points.filter((p) => p.state !== 'closed')).toHaveLength(n / 3);
    expect(bl.truncated).toBe(false);
  });

  it('follows a status change (the aggregates are kept by triggers)', () => {
    f.ev({ id: 'c', openedAt: at('2025-02-01 08:00'), dueAt: at('2025-02-04 08:00'), status: 'resolved', closedAt: at('2025-02-14 08:00') });
    const s = runView(f.db, 'hotline', 'byStatus', {}, { now });
    expect(s).toMatchObject({ overdue: 0, closedLate: 2 });
    expect(s.rows.find((x) => x.id === 'resolved')!.count).toBe(4);
  });
});

describe('publicAdmin byAgency (on time = end of processing ≤ appointment date)', () => {
  beforeEach(() => {
    f = makeFixture();
    const d = (id: string, over: Omit<Parameters<Fixture['ev']>[0], 'id'>) => f.ev({ domain: 'publicAdmin', kind: 'publicAdmin.land', ...over, id });
    // Settled exactly at the appointment: on time. One second later: late.
    d('d1', { openedAt: at('2025-01-05 08:00'), dueAt: at('2025-01-20 17:00'), closedAt: at('2025-01-20 17:00'), status: 'returned', agency: 'Sở A', attrs: { online: true } });
    d('d2', { openedAt: at('2025-01-06 08:00'), dueAt: at('2025-01-20 17:00'), closedAt: new Date(Date.parse(at('2025-01-20 17:00')) + 1000).toISOString(), status: 'returned', agency: 'Sở A' });
    d('d3', { openedAt: at('2025-01-07 08:00'), dueAt: at('2025-02-01 17:00'), status: 'inProgress', agency: 'Sở A' });
    d('d4', { openedAt: at('2025-02-10 08:00'), dueAt: at('2025-02-25 17:00'), status: 'received', agency: 'Sở A', attrs: { online: true } });
    d('d5', { openedAt: at('2025-02-03 08:00'), dueAt: at('2025-02-04 17:00'), closedAt: at('2025-02-04 09:00'), status: 'processed', agency: 'UBND Bình Long', areaId: '690' });
  });

  it('splits each agency into on time, late, overdue and pending', () => {
    const r = runView(f.db, 'publicAdmin', 'byAgency', {}, { now });
    expect(r.rows).toEqual([
      { agency: 'Sở A', received: 4, onTime: 1, late: 1, overdue: 1, pending: 1, onTimeRate: 50 },
      { agency: 'UBND Bình Long', received: 1, onTime: 1, late: 0, overdue: 0, pending: 0, onTimeRate: 100 },
    ]);
  });

  it('kpis: on-time rate of settled dossiers, online share, overdue now', () => {
    const r = runView(f.db, 'publicAdmin', 'kpis', {}, { now });
    expect(item(r.items, 'publicAdmin.received').value).toBe(5);
    expect(item(r.items, 'publicAdmin.onTimeRate').value).toBeCloseTo((2 / 3) * 100, 10);
    expect(item(r.items, 'publicAdmin.onlineShare').value).toBeCloseTo(40, 10);
    expect(item(r.items, 'publicAdmin.overdue')).toMatchObject({ value: 1, live: true });
  });
});
