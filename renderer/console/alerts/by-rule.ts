/**
 * The inbox's "acknowledge all of this rule": offered on a raised alert whose rule has more
 * raised alerts in the list (a storm of one rule over many districts), so one note answers them.
 */
import type { Alert } from '../../../domains/alerts';

/** The raised alerts of the selected alert's rule, when there are several of them; else null. */
export function raisedOfRule(rows: readonly Alert[], selected: Alert | null): { rule: string; count: number } | null {
  if (!selected || selected.state !== 'raised') return null;
  const count = rows.filter((a) => a.rule === selected.rule && a.state === 'raised').length;
  return count > 1 ? { rule: selected.rule, count } : null;
}
