import type Database from 'better-sqlite3';
import type { IndicatorDef } from '../../domains';
import { monthsBetween } from './period';
import { stmt } from '../db/statements';

/**
 * Reading observations for a span of months. Monthly rows ('YYYY-MM') are aggregated as the
 * catalog says (sum, avg, or the latest); a figure published only yearly ('YYYY') answers
 * for a span inside its year.
 */

const MONTHLY = `indicator = ? AND area_id = ? AND period BETWEEN ? AND ? AND length(period) = 7`;

export function obsValue(db: Database.Database, def: IndicatorDef, areaId: string, from: string, to: string): number | null {
  if (def.aggregate === 'sum' || def.aggregate === 'avg') {
    const fn = def.aggregate === 'sum' ? 'total' : 'avg';
    const r = stmt(db, `SELECT ${fn}(value) AS v, count(*) AS n FROM observations WHERE ${MONTHLY}`).get(def.id, areaId, from, to) as {
      v: number | null;
      n: number;
    };
    if (r.n > 0) return r.v;
  } else {
    const v = stmt(db, `SELECT value FROM observations WHERE ${MONTHLY} ORDER BY period DESC LIMIT 1`).pluck().get(def.id, areaId, from, to) as
      | number
      | undefined;
    if (v !== undefined) return v;
  }
  return yearly(db, def.id, areaId, Number(to.slice(0, 4)));
}

export function yearly(db: Database.Database, indicatorId: string, areaId: string, year: number): number | null {
  const v = stmt(db, `SELECT value FROM observations WHERE indicator = ? AND area_id = ? AND period = ?`)
    .pluck()
    .get(indicatorId, areaId, String(year)) as number | undefined;
  return v ?? null;
}

/** Plan target for a year: a '<id>.plan' observation, else the catalog's published target. */
export function planFor(db: Database.Database, def: IndicatorDef, areaId: string, year: number): number | null {
  const v = yearly(db, `${def.id}.plan`, areaId, year);
  if (v !== null) return v;
  return areaId === '70' && def.planTarget !== undefined && def.planYear === year ? def.planTarget : null;
}

/** Monthly points from `from` to `to`, null where a month has no row. */
export function obsMonthly(db: Database.Database, def: IndicatorDef, areaId: string, from: string, to: string) {
  const rows = stmt(db, `SELECT period, value FROM observations WHERE ${MONTHLY}`).all(def.id, areaId, from, to) as {
    period: string;
    value: number;
  }[];
  const byMonth = new Map(rows.map((r) => [r.period, r.value]));
  return monthsBetween(from, to).map((period) => ({ period, value: byMonth.get(period) ?? null }));
}

export function obsYearly(db: Database.Database, def: IndicatorDef, areaId: string, fromYear: number, toYear: number) {
  const out: { period: string; value: number | null }[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push({ period: String(y), value: yearly(db, def.id, areaId, y) });
  return out;
}

/** The indicator per district for a span (one query). */
export function obsByArea(db: Database.Database, def: IndicatorDef, from: string, to: string): Map<string, number> {
  const fn = def.aggregate === 'sum' ? 'total' : def.aggregate === 'avg' ? 'avg' : 'max';
  const rows =
    def.aggregate === 'last'
      ? (stmt(
          db,
          `SELECT o.area_id AS a, o.value AS v FROM observations o
           WHERE o.indicator = ? AND length(o.period) = 7 AND o.period = (
             SELECT max(period) FROM observations p WHERE p.indicator = o.indicator AND p.area_id = o.area_id
               AND p.period BETWEEN ? AND ? AND length(p.period) = 7)`,
        ).all(def.id, from, to) as { a: string; v: number }[])
      : (stmt(
          db,
          `SELECT area_id AS a, ${fn}(value) AS v FROM observations
           WHERE indicator = ? AND period BETWEEN ? AND ? AND length(period) = 7 GROUP BY area_id`,
        ).all(def.id, from, to) as { a: string; v: number }[]);
  const map = new Map(rows.map((r) => [r.a, r.v]));
  if (map.size === 0) {
    const ys = stmt(db, `SELECT area_id AS a, value AS v FROM observations WHERE indicator = ? AND period = ?`).all(
      def.id,
      to.slice(0, 4),
    ) as { a: string; v: number }[];
    for (const r of ys) map.set(r.a, r.v);
  }
  return map;
}
