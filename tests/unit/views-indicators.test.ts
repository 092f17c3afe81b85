import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KpiItem, KpisResult } from '../../domains/views';
import { viewsMethods } from '../../host/api/contract/views';
import { viewsHandlers } from '../../host/api/handlers/views';
import type { HandlerCtx } from '../../host/api/handlers/types';
import { resolvePeriod, runView, ViewError } from '../../host/views';
import { at, makeFixture, type Fixture } from './views-fixture';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.close());

const now = new Date(at('2025-02-15 10:00'));
const item = (items: KpiItem[], id: string) => items.find((i) => i.id === id)!;

describe('resolvePeriod', () => {
  it('cuts the current year at this month and compares with the same months a year earlier', () => {
    expect(resolvePeriod('2025', now)).toEqual({
      key: '2025',
      from: '2025-01',
      to: '2025-02',
      previous: { key: '2024', from: '2024-01', to: '2024-02' },
      toDate: true,
    });
    expect(resolvePeriod(undefined, now).key).toBe('2025');
    expect(resolvePeriod('2024', now)).toMatchObject({ from: '2024-01', to: '2024-12', toDate: false });
    expect(resolvePeriod('2024-Q3', now)).toMatchObject({ from: '2024-07', to: '2024-09', previous: { key: '2023-Q3', from: '2023-07', to: '2023-09' } });
    expect(resolvePeriod('2025-Q1', now)).toMatchObject({ from: '2025-01', to: '2025-02', toDate: true });
    expect(resolvePeriod('2024-11', now)).toMatchObject({ from: '2024-11', to: '2024-11', previous: { key: '2023-11' } });
  });

  it('takes the month in Bình Phước time, not UTC', () => {
    // 18:00 UTC on 28 February is 01:00 on 1 March in UTC+7.
    expect(resolvePeriod(undefined, new Date('2025-02-28T18:00:00Z')).to).toBe('2025-03');
  });

  it('refuses days and nonsense with a message in both languages', () => {
    expect(() => resolvePeriod('2025-02-10', now)).toThrow(ViewError);
    expect(() => resolvePeriod('2025-13', now)).toThrow(/Period "2025-13" is not valid/);
    expect(() => resolvePeriod('last year', now)).toThrow(/Kỳ báo cáo/);
  });
});

describe('kpis from observations', () => {
  beforeEach(() => {
    // Tourist visits: two districts in January, one in February; last year province rows only.
    f.obs({ indicator: 'tourism.visitors', areaId: '689', period: '2025-01', value: 100 });
    f.obs({ indicator: 'tourism.visitors', areaId: '690', period: '2025-01', value: 50 });
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2025-01', value: 150 });
    f.obs({ indicator: 'tourism.visitors', areaId: '689', period: '2025-02', value: 200 });
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2025-02', value: 200 });
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2024-01', value: 100 });
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2024-02', value: 100 });
    // March of last year is outside "January–February": it must not count.
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2024-03', value: 999 });
    // A yearly row of the same indicator must not be added to the months.
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2024', value: 5000 });
    f.obs({ indicator: 'tourism.visitors.plan', areaId: '70', period: '2025', value: 1000 });
    // Overnight share: a rate averaged over the months, compared in points.
    f.obs({ indicator: 'tourism.overnightShare', areaId: '70', period: '2025-01', value: 30 });
    f.obs({ indicator: 'tourism.overnightShare', areaId: '70', period: '2025-02', value: 40 });
    f.obs({ indicator: 'tourism.overnightShare', areaId: '70', period: '2024-01', value: 20 });
    f.obs({ indicator: 'tourism.overnightShare', areaId: '70', period: '2024-02', value: 30 });
  });

  it('sums the months of the period, compares with last year and with the plan', () => {
    const r = runView(f.db, 'tourism', 'kpis', {}, { now });
    const v = item(r.items, 'tourism.visitors');
    expect(v).toMatchObject({ value: 350, previous: 200, changeKind: 'relative', plan: 1000, live: false });
    expect(v.change).toBeCloseTo(0.75, 10);
    expect(v.planProgress).toBeCloseTo(0.35, 10);
    const o = item(r.items, 'tourism.overnightShare');
    expect(o).toMatchObject({ value: 35, previous: 25, changeKind: 'points' });
    expect(o.change).toBeCloseTo(10, 10);
    // No revenue rows at all: null, not zero.
    expect(item(r.items, 'tourism.revenue')).toMatchObject({ value: null, previous: null, change: null });
    expect(r).toMatchObject({ areaId: '70', areaName: 'Bình Phước', period: { from: '2025-01', to: '2025-02' } });
  });

  it('falls back to the catalog’s published target when no plan row exists', () => {
    f.db.prepare(`DELETE FROM observations WHERE indicator = 'tourism.visitors.plan'`).run();
    expect(item(runView(f.db, 'tourism', 'kpis', {}, { now }).items, 'tourism.visitors').plan).toBe(1_700_000);
    // The catalog target is for 2025 only.
    expect(item(runView(f.db, 'tourism', 'kpis', { period: '2024' }, { now }).items, 'tourism.visitors').plan).toBeNull();
  });

  it('filters by district (drill-down)', () => {
    const r = runView(f.db, 'tourism', 'kpis', { areaId: '689' }, { now });
    expect(r.areaName).toBe('Đồng Xoài');
    expect(item(r.items, 'tourism.visitors')).toMatchObject({ value: 300, previous: null, change: null, plan: null });
    expect(() => runView(f.db, 'tourism', 'kpis', { areaId: '999' }, { now })).toThrow(/no area with code "999"/);
  });

  it('reads yearly stocks for the period’s year', () => {
    f.obs({ indicator: 'education.schools', areaId: '70', period: '2025', value: 460 });
    f.obs({ indicator: 'education.schools', areaId: '70', period: '2024', value: 455 });
    const s = item(runView(f.db, 'education', 'kpis', {}, { now }).items, 'education.schools');
    expect(s).toMatchObject({ value: 460, previous: 455 });
    expect(s.change).toBeCloseTo(5 / 455, 10);
  });

  it('trend: 24 months to the period’s end, gaps as null; byArea: every district', () => {
    const t = runView(f.db, 'tourism', 'trend', {}, { now });
    const visits = t.series.find((s) => s.id === 'tourism.visitors')!;
    expect(t.granularity).toBe('month');
    expect(visits.points).toHaveLength(24);
    expect(visits.points[0]).toEqual({ period: '2023-03', value: null });
    expect(visits.points.slice(-3)).toEqual([
      { period: '2024-12', value: null },
      { period: '2025-01', value: 150 },
      { period: '2025-02', value: 200 },
    ]);
    const b = runView(f.db, 'tourism', 'byArea', {}, { now });
    expect(b.indicator.id).toBe('tourism.visitors');
    expect(b.rows.map((r) => [r.areaId, r.name, r.value])).toEqual([
      ['689', 'Đồng Xoài', 300],
      ['690', 'Bình Long', 50],
    ]);
  });

  it('refuses a view the domain does not have', () => {
    expect(() => runView(f.db, 'economy', 'map', {}, { now })).toThrow(ViewError);
  });
});

describe('yearly figures and the view.query handler', () => {
  it('trend of yearly figures: one point a year, starting at the first figure', () => {
    f.obs({ indicator: 'education.pupils', areaId: '70', period: '2024', value: 260_000 });
    f.obs({ indicator: 'education.pupils', areaId: '70', period: '2025', value: 262_000 });
    f.obs({ indicator: 'education.graduationRate', areaId: '70', period: '2025', value: 98.5 });
    const t = runView(f.db, 'education', 'trend', {}, { now });
    expect(t.granularity).toBe('year');
    expect(t.series.find((s) => s.id === 'education.pupils')!.points).toEqual([
      { period: '2024', value: 260_000 },
      { period: '2025', value: 262_000 },
    ]);
    expect(t.series.find((s) => s.id === 'education.graduationRate')!.points).toEqual([{ period: '2025', value: 98.5 }]);
  });

  it('view.query answers a view and turns view errors into API errors for the person', async () => {
    f.obs({ indicator: 'tourism.visitors', areaId: '70', period: '2025-01', value: 7 });
    const ctx = { db: f.db } as unknown as HandlerCtx;
    const q = viewsHandlers['view.query'];
    const ok = (await q({ domain: 'tourism', view: 'kpis', period: '2025-01' }, ctx)) as KpisResult;
    expect(ok.kind).toBe('kpis');
    expect(ok.items.find((i) => i.id === 'tourism.visitors')!.value).toBe(7);
    await expect(async () => q({ domain: 'economy', view: 'map' }, ctx)).rejects.toMatchObject({ name: 'ApiError', code: 'not_found' });
    await expect(async () => q({ domain: 'tourism', view: 'kpis', period: '2025-02-01' }, ctx)).rejects.toMatchObject({ code: 'invalid_params' });
    // The params schema is the contract's: unknown views are refused before any SQL.
    expect(viewsMethods['view.query'].params.safeParse({ domain: 'tourism', view: 'nope' }).success).toBe(false);
    expect(viewsMethods['view.query'].params.safeParse({ domain: 'tourism', view: 'kpis', areaId: '689', period: '2025-Q1' }).success).toBe(true);
  });
});
