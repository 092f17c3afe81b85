import type { Alert } from '../../../domains/alerts';

/**
 * The alert inbox's sound cue: whether the list now holds a raised alert not seen raised before,
 * and what is remembered for next time. Only ids still in the list are remembered, so a console
 * open for months keeps as many as the list shows, not every alert it ever saw (ids are never
 * reused: one that left the list does not come back).
 */
export function newRaised(seen: ReadonlySet<number> | null, rows: readonly Pick<Alert, 'id' | 'state'>[]): { fresh: boolean; seen: Set<number> } {
  const raised = rows.filter((a) => a.state === 'raised').map((a) => a.id);
  // The first list is what was there when the inbox opened: nothing in it is new.
  const fresh = seen !== null && raised.some((id) => !seen.has(id));
  const present = new Set(rows.map((a) => a.id));
  const next = new Set(raised);
  for (const id of seen ?? []) if (present.has(id)) next.add(id);
  return { fresh, seen: next };
}
