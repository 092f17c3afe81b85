/**
 * When a domain's data counts as stale ("Dữ liệu cũ"): the catalog entry's staleAfterHours, how
 * often its source really updates plus slack.
 */
import { byDomain, staleAfterMs } from '../../domains/catalog';
import type { DomainId } from '../../domains/ids';
import { hostNow } from '../client/host-clock';

export const STALE_AFTER_MS: Record<DomainId, number> = byDomain((d) => staleAfterMs(d.id));

/** `now` is the host's clock by default: a display PC's own clock may be hours off. */
export function isStale(domain: DomainId, updatedAt: string | Date, now: Date = hostNow()): boolean {
  return now.getTime() - new Date(updatedAt).getTime() > STALE_AFTER_MS[domain];
}
