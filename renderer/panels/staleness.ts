/**
 * When a domain's data counts as stale ("Dữ liệu cũ"): how often its source really updates,
 * plus slack. Monthly statistics are not stale after a day; traffic is after an hour.
 */
import type { DomainId } from '../../domains/ids';

const HOUR = 3_600_000;

export const STALE_AFTER_MS: Record<DomainId, number> = {
  economy: 45 * 24 * HOUR, // monthly/quarterly statistics
  publicAdmin: 24 * HOUR,
  traffic: 1 * HOUR,
  urbanOrder: 24 * HOUR,
  land: 7 * 24 * HOUR,
  environment: 3 * HOUR, // hourly readings
  health: 24 * HOUR,
  education: 45 * 24 * HOUR,
  tourism: 45 * 24 * HOUR,
  hotline: 2 * HOUR,
};

export function isStale(domain: DomainId, updatedAt: string | Date, now: Date = new Date()): boolean {
  return now.getTime() - new Date(updatedAt).getTime() > STALE_AFTER_MS[domain];
}
