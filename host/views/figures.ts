import type { DomainId } from '../../domains';
import type { Figure } from './config';
import { PROVINCE_ID, type ViewContext } from './common';
import { pmAqi, pmAqiByArea, pmAqiByMonth } from './environment';
import { openBy, openNow, statsBy, statTotals, type StatTotals } from './eventStats';
import { indicator, memo } from './common';
import { obsByArea, obsMonthly, obsValue } from './observations';
import { stmt } from '../db/statements';

/** Evaluates a configured figure for a span, per month, or per district. */

function fromTotals(t: StatTotals, measure: Extract<Figure['measure'], { from: 'events' }>['measure']): number | null {
  switch (measure) {
    case 'n':
      return t.n;
    case 'deaths':
      return t.deaths;
    case 'injuries':
      return t.injuries;
    case 'resolvedRate':
      return t.n === 0 ? null : (100 * t.closed) / t.n;
    case 'onTimeRate':
      return t.closed === 0 ? null : (100 * (t.closed - t.late)) / t.closed;
    case 'onlineShare':
      return t.n === 0 ? null : (100 * t.online) / t.n;
  }
}

/**
 * Whether a count of this domain's reports is a count: something of the domain has been stored,
 * or one of its feeds has run to the end with nothing to report (the sync then marks the domain,
 * SyncStore.confirmDomain). Before either, the count is not 0 but unknown: a new installation
 * without feeds must not show a leader "0 accidents, no change on last year".
 */
export function countsKnown(ctx: ViewContext, domain: DomainId): boolean {
  return memo(ctx, `known|${domain}`, () =>
    stmt(ctx.db, `SELECT EXISTS (SELECT 1 FROM domain_freshness WHERE domain = ?) OR EXISTS (SELECT 1 FROM events WHERE domain = ?)`).pluck().get(domain, domain) === 1,
  );
}

export function isLive(f: Figure): boolean {
  return f.measure.from === 'open';
}

export function figureValue(ctx: ViewContext, domain: DomainId, f: Figure, from: string, to: string): number | null {
  const m = f.measure;
  switch (m.from) {
    case 'obs':
      return obsValue(ctx.db, indicator(domain, f.id), ctx.district ?? PROVINCE_ID, from, to);
    case 'events': {
      if (!countsKnown(ctx, domain)) return null;
      const t = memo(ctx, `totals|${from}|${to}|${m.kinds ?? ''}`, () => statTotals(ctx.db, domain, ctx.district, from, to, m.kinds));
      return fromTotals(t, m.measure);
    }
    case 'open': {
      if (!countsKnown(ctx, domain)) return null;
      const o = memo(ctx, `open|${m.kinds ?? ''}`, () => openNow(ctx.db, domain, ctx.district, ctx.nowIso, m.kinds));
      return m.measure === 'open' ? o.open : o.overdue;
    }
    case 'aqi':
      return pmAqi(ctx.db, ctx.district, from, to);
  }
}

export function figureMonthly(ctx: ViewContext, domain: DomainId, f: Figure, months: string[]): (number | null)[] {
  const from = months[0]!;
  const to = months[months.length - 1]!;
  const m = f.measure;
  switch (m.from) {
    case 'obs':
      return obsMonthly(ctx.db, indicator(domain, f.id), ctx.district ?? PROVINCE_ID, from, to).map((p) => p.value);
    case 'events': {
      if (!countsKnown(ctx, domain)) return months.map(() => null);
      const rows = memo(ctx, `months|${from}|${to}|${m.kinds ?? ''}`, () => new Map(statsBy(ctx.db, domain, 'month', ctx.district, from, to, m.kinds).map((r) => [r.key, r])));
      return months.map((k) => {
        const t = rows.get(k);
        return t ? fromTotals(t, m.measure) : m.measure === 'n' || m.measure === 'deaths' || m.measure === 'injuries' ? 0 : null;
      });
    }
    case 'open':
      return months.map(() => null);
    case 'aqi': {
      const byMonth = pmAqiByMonth(ctx.db, ctx.district, from, to);
      return months.map((k) => byMonth.get(k) ?? null);
    }
  }
}

export function figureByArea(ctx: ViewContext, domain: DomainId, f: Figure, from: string, to: string): Map<string, number | null> {
  const m = f.measure;
  switch (m.from) {
    case 'obs':
      return obsByArea(ctx.db, indicator(domain, f.id), from, to);
    case 'events': {
      const out = new Map<string, number | null>();
      const rows = memo(ctx, `areas|${from}|${to}|${m.kinds ?? ''}`, () => statsBy(ctx.db, domain, 'area_id', null, from, to, m.kinds));
      for (const r of rows) out.set(r.key, fromTotals(r, m.measure));
      return out;
    }
    case 'open': {
      const out = new Map<string, number | null>();
      for (const [k, v] of openBy(ctx.db, domain, 'area_id', null, ctx.nowIso)) out.set(k, m.measure === 'open' ? v.open : v.overdue);
      return out;
    }
    case 'aqi':
      return pmAqiByArea(ctx.db, from, to);
  }
}
