import type Database from 'better-sqlite3';
import { alertRuleSchema, BUNDLED_ALERT_RULES, type AlertRule, type AlertRuleInput } from '../../domains/alerts';
import { AlertError } from './errors';
import { issuesOf } from '../api/errors';
import type { HostConfig } from '../config/schema';
import { audit } from '../store/audit';

/**
 * The rules in force: the bundled Bình Phước rules, then the config file's (same id replaces),
 * then the console's edits kept in `alert_rules` (same id replaces; a deleted row hides the rule).
 */

export type RuleSource = 'bundled' | 'config' | 'console';
export interface EffectiveRule {
  rule: AlertRule;
  source: RuleSource;
  /** true when a console edit replaced a bundled or config rule of that id. */
  overrides: boolean;
}

const bundled = BUNDLED_ALERT_RULES.map((r) => alertRuleSchema.parse(r));

/** Parsed rules are cached per database until an edit, so an evaluation costs no JSON parsing. */
const cache = new WeakMap<Database.Database, { config: HostConfig; rules: EffectiveRule[] }>();

export function effectiveRules(db: Database.Database, config: HostConfig): EffectiveRule[] {
  const hit = cache.get(db);
  if (hit && hit.config === config) return hit.rules;
  const byId = new Map<string, EffectiveRule>();
  if (config.alerts.bundled) for (const r of bundled) byId.set(r.id, { rule: r, source: 'bundled', overrides: false });
  for (const r of config.alerts.rules) byId.set(r.id, { rule: r, source: 'config', overrides: byId.has(r.id) });
  const rows = db.prepare(`SELECT id, rule, deleted FROM alert_rules ORDER BY id`).all() as { id: string; rule: string | null; deleted: number }[];
  for (const row of rows) {
    if (row.deleted) {
      byId.delete(row.id);
      continue;
    }
    const parsed = alertRuleSchema.safeParse(JSON.parse(row.rule ?? 'null'));
    // A row written by a newer version that no longer parses is skipped, never fatal.
    if (parsed.success) byId.set(row.id, { rule: parsed.data, source: 'console', overrides: byId.has(row.id) });
  }
  const rules = [...byId.values()];
  cache.set(db, { config, rules });
  return rules;
}

export function invalidateRules(db: Database.Database): void {
  cache.delete(db);
}

type Problem = { path: string; message: string };

/** Checks a rule and what it names in this database (a preset that exists). Throws with every problem by path. */
export function validateRule(db: Database.Database, input: unknown): AlertRule {
  const parsed = alertRuleSchema.safeParse(input);
  const problems: Problem[] = [];
  if (!parsed.success) {
    // By path, the caller's keys and values in them quoted short (an unknown key is not echoed whole).
    problems.push(...issuesOf(parsed.error));
  } else if (parsed.data.wall) {
    const known = db.prepare(`SELECT 1 FROM presets WHERE id = ?`).get(parsed.data.wall.presetId);
    if (!known) {
      problems.push({
        path: 'wall.presetId',
        message: `không có bố cục "${parsed.data.wall.presetId}" / unknown preset "${parsed.data.wall.presetId}"`,
      });
    }
  }
  if (problems.length || !parsed.success) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new AlertError('invalid_params', `Quy tắc cảnh báo chưa lưu được / The alert rule was not saved — ${list}`, problems);
  }
  return parsed.data;
}

export function saveRule(db: Database.Database, input: AlertRuleInput | unknown, actor: string, now = new Date()): AlertRule {
  const rule = validateRule(db, input);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO alert_rules (id, rule, deleted, updated_at, updated_by) VALUES (?, ?, 0, ?, ?)
       ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, deleted = 0, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(rule.id, JSON.stringify(rule), now.toISOString(), actor);
    audit(db, actor, 'alertRule.save', { id: rule.id, kind: rule.kind, enabled: rule.enabled }, now);
  })();
  invalidateRules(db);
  return rule;
}

export function deleteRule(db: Database.Database, id: string, actor: string, now = new Date()): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO alert_rules (id, rule, deleted, updated_at, updated_by) VALUES (?, NULL, 1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET rule = NULL, deleted = 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(id, now.toISOString(), actor);
    audit(db, actor, 'alertRule.delete', { id }, now);
  })();
  invalidateRules(db);
}

/** Drops the console's edit of a rule: the bundled or config rule of that id is back. */
export function revertRule(db: Database.Database, id: string, actor: string, now = new Date()): void {
  db.transaction(() => {
    db.prepare(`DELETE FROM alert_rules WHERE id = ?`).run(id);
    audit(db, actor, 'alertRule.revert', { id }, now);
  })();
  invalidateRules(db);
}

export { audit };
