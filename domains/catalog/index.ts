import type { DomainId } from '../ids';
import type { DomainEvent } from '../records';
import { DOMAIN_IDS } from '../ids';
import { DOMAINS } from './list';
import type { DomainDef, IndicatorDef, ViewDef } from './types';

/**
 * The domain catalog: what each domain is made of, one file per domain in this folder (listed
 * in list.ts). A domain is data, not code: an eleventh domain is one more file here plus a panel
 * in renderer/panels/<id>/. Whatever else differs by domain (the host's view figures, staleness,
 * the views a wall tile offers, a new tile's view, the kiosk grid) is derived from these entries.
 */

export * from './types';
export { EMERGENCY_KINDS } from './hotline';
export { viewFigures } from './shared';

export const CATALOG = Object.fromEntries(DOMAINS.map((d) => [d.id, d])) as Record<DomainId, DomainDef>;

/** A table with one entry per domain, computed from its catalog entry (how per-domain tables are derived). */
export function byDomain<T>(f: (def: DomainDef) => T): Record<DomainId, T> {
  return Object.fromEntries(DOMAIN_IDS.map((id) => [id, f(CATALOG[id])])) as Record<DomainId, T>;
}

export function domainList(): DomainDef[] {
  return DOMAIN_IDS.map((id) => CATALOG[id]);
}

export function domainDef(id: DomainId): DomainDef {
  return CATALOG[id];
}

/** The indicator definition for an id such as 'tourism.visitors', or undefined. */
export function indicatorDef(id: string): IndicatorDef | undefined {
  for (const d of DOMAIN_IDS) {
    const found = CATALOG[d].indicators.find((i) => i.id === id);
    if (found) return found;
  }
  return undefined;
}

/** A domain's view of that id, with its figures, or undefined when the domain has no such view. */
export function viewDef<V extends ViewDef['id']>(domain: DomainId, id: V): Extract<ViewDef, { id: V }> | undefined {
  return CATALOG[domain].views.find((v): v is Extract<ViewDef, { id: V }> => v.id === id);
}

/** Milliseconds after its last update when a domain's data counts as stale. */
export function staleAfterMs(domain: DomainId): number {
  return CATALOG[domain].staleAfterHours * 3_600_000;
}

/** The views a wall tile of the domain may show alone, in catalog order (the overview aside). */
export function wallViews(domain: DomainId): ViewDef[] {
  return CATALOG[domain].views.filter((v) => v.wall);
}

/**
 * An event as the views must count it: finished (`closedAt` set) when its state is one its domain
 * marks closed. A source that says "resolved" in its own words, mapped to a closed state by the
 * feed's statusMap or valueMaps, gives no closing time; without one the event stayed open, and
 * overdue for ever, on every panel. Its last update is when it was last seen change, so it closed
 * then at the latest. A closing time the source gives is kept.
 */
export function settledEvent(e: DomainEvent): DomainEvent {
  if (e.closedAt !== null || e.status === null) return e;
  const closed = CATALOG[e.domain]?.eventStates.some((s) => s.id === e.status && s.closed) ?? false;
  return closed ? { ...e, closedAt: e.updatedAt } : e;
}
