import type Database from 'better-sqlite3';
import { alertRuleSchema, type AlertRuleInput } from '../../../domains/alerts';
import { evaluateRule, type EvalContext } from '../../../host/alerts/evaluate';
import { applyFindings } from '../../../host/alerts/lifecycle';
import { configSchema } from '../../../host/config/schema';

/** The config of a host with no feeds: the built-in alert settings. */
export const config = configSchema.parse({});

/** A rule as the schema completes it. */
export const rule = (r: AlertRuleInput) => alertRuleSchema.parse(r);
export type Rule = ReturnType<typeof rule>;

/** What a rule is evaluated against at `now`; the runtime started an hour before unless `startedAt` says when. */
export const evalContextAt = (db: Database.Database, now: Date, startedAt = new Date(now.getTime() - 3600_000)): EvalContext => ({
  db,
  config,
  now,
  startedAt,
  memo: new Map(),
  cameras: null,
});

/** One evaluation of one rule at `now`, as the runtime does it (in a transaction). */
export const stepRule = (db: Database.Database, r: Rule, now: Date) => db.transaction(() => applyFindings(db, r, evaluateRule(evalContextAt(db, now), r), now))();
