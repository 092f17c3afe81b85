import type { ByAreaResult, KpiItem, KpisResult, TrendResult } from '../../domains/views';
import { aqiBand } from '../../domains';
import { DOMAIN_VIEWS } from './config';
import { base, districts, indicator, isPercent, PROVINCE_ID, ref, type ViewContext } from './common';
import { countsKnown, figureByArea, figureMonthly, figureValue, isLive } from './figures';
import { obsYearly, planFor } from './observations';
import { monthMinus, monthsBetween, periodYear } from './period';
import { stmt } from '../db/statements';

/** kpis, trend and byArea: the three views every domain has. */

export function kpisView(ctx: ViewContext): KpisResult {
  const spec = DOMAIN_VIEWS[ctx.domain];
  const { from, to, previous } = ctx.period;
  const year = periodYear(ctx.period);
  const items: KpiItem[] = spec.kpis.map((f) => {
    const def = indicator(ctx.domain, f.id);
    const live = isLive(f);
    const value = figureValue(ctx, ctx.domain, f, from, to);
    const prev = live ? null : figureValue(ctx, ctx.domain, f, previous.from, previous.to);
    const percent = isPercent(def);
    const change =
      value === null || prev === null ? null : percent ? value - prev : prev === 0 ? null : (value - prev) / prev;
    const plan = planFor(ctx.db, def, ctx.district ?? PROVINCE_ID, year);
    const item: KpiItem = {
      ...ref(def),
      value,
      previous: prev,
      change,
      changeKind: percent ? 'points' : 'relative',
      plan,
      planProgress: plan === null || value === null || plan === 0 ? null : value / plan,
      live,
    };
    if (f.measure.from === 'open' && f.measure.measure === 'overdue') item.alert = (value ?? 0) > 0;
    if (f.measure.from === 'aqi' && value !== null) item.alert = aqiBand(value).min > 100;
    return item;
  });
  return { kind: 'kpis', ...base(ctx), items };
}

/** Yearly figures (stocks and yearly rates) as one point a year; everything else monthly, 24 months to the period's end. */
export function trendView(ctx: ViewContext): TrendResult {
  const spec = DOMAIN_VIEWS[ctx.domain];
  const to = ctx.period.to;
  const months = monthsBetween(monthMinus(to, 23), to);
  const yearlyOnly = spec.trend.every((f) => f.measure.from === 'obs' && indicator(ctx.domain, f.id).aggregate === 'last' && isYearly(ctx, f.id));
  const series = spec.trend.map((f) => {
    const def = indicator(ctx.domain, f.id);
    const points = yearlyOnly
      ? dropLeadingNulls(obsYearly(ctx.db, def, ctx.district ?? PROVINCE_ID, periodYear(ctx.period) - 4, periodYear(ctx.period)))
      : figureMonthly(ctx, ctx.domain, f, months).map((value, i) => ({ period: months[i]!, value }));
    return { ...ref(def), points };
  });
  return { kind: 'trend', ...base(ctx), granularity: yearlyOnly ? 'year' : 'month', series };
}

/** Years before the first figure are not "no data", they are before the series began. */
function dropLeadingNulls<T extends { value: number | null }>(points: T[]): T[] {
  const first = points.findIndex((p) => p.value !== null);
  return first < 0 ? [] : points.slice(first);
}

function isYearly(ctx: ViewContext, id: string): boolean {
  const r = stmt(ctx.db, `SELECT 1 FROM observations WHERE indicator = ? AND length(period) = 7 LIMIT 1`).pluck().get(id);
  return r === undefined;
}

export function byAreaView(ctx: ViewContext): ByAreaResult {
  const spec = DOMAIN_VIEWS[ctx.domain];
  const { from, to, previous } = ctx.period;
  const main = figureByArea(ctx, ctx.domain, spec.byArea, from, to);
  const prev = isLive(spec.byArea) ? null : figureByArea(ctx, ctx.domain, spec.byArea, previous.from, previous.to);
  const second = spec.byAreaSecondary ? figureByArea(ctx, ctx.domain, spec.byAreaSecondary, from, to) : null;
  const aqi = spec.byArea.measure.from === 'aqi';
  // A district without reports has 0 of them, once the domain's counts are known at all.
  const none = countsKnown(ctx, ctx.domain) ? 0 : null;
  const isCount = (f: typeof spec.byArea) => f.measure.from === 'events' || f.measure.from === 'open';
  return {
    kind: 'byArea',
    ...base(ctx),
    indicator: ref(indicator(ctx.domain, spec.byArea.id)),
    ...(spec.byAreaSecondary ? { secondaryIndicator: ref(indicator(ctx.domain, spec.byAreaSecondary.id)) } : {}),
    rows: districts(ctx.db).map((d) => {
      const value = main.get(d.id) ?? (isCount(spec.byArea) ? none : null);
      const row: ByAreaResult['rows'][number] = {
        areaId: d.id,
        name: d.name,
        value,
        previous: prev ? (prev.get(d.id) ?? (spec.byArea.measure.from === 'events' ? none : null)) : null,
      };
      if (second) row.secondary = second.get(d.id) ?? (isCount(spec.byAreaSecondary!) ? none : null);
      if (aqi && value !== null) row.aqiLevel = aqiBand(value).level;
      return row;
    }),
  };
}
