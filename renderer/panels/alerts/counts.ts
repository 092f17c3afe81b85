/**
 * Counting what a screen shows of the alerts: 'alerts.list' returns at most its limit of them
 * (raised first, the most severe first, each rule's newest before any rule's second) with the
 * true `total` and `severeRaised`. "và N cảnh báo khác" counts from those totals, never from
 * the length of the page, or a storm beyond the page would hide how many there are.
 */
import type { Alert } from '../../../domains/alerts';
import type { AlertList } from '../../../host/api/contract/alerts';

/**
 * The answer as this build reads it. A wall's offline cache may still hold the answer of the
 * build before 5 Dec 2026 (a bare array) when it starts after an upgrade with the host away.
 */
function normal(list: AlertList | Alert[] | undefined): AlertList | undefined {
  if (!Array.isArray(list)) return list;
  return { alerts: list, total: list.length, severeRaised: list.filter((a) => a.severity === 'severe' && a.state === 'raised').length };
}

/** The alerts of a page (none yet while loading). */
export const alertsOf = (list: AlertList | undefined): Alert[] => normal(list)?.alerts ?? [];

/** How many open alerts are not among the `shown` first ones of the page. */
export function moreThanShown(answer: AlertList | undefined, shown: number): number {
  const list = normal(answer);
  if (!list) return 0;
  return Math.max(0, Math.max(list.total, list.alerts.length) - Math.min(shown, list.alerts.length));
}

/** The wall band: the severe alerts raised on this page, and how many severe raised ones there are besides the first. */
export function bandOf(answer: AlertList | undefined): { severe: Alert[]; more: number } {
  const list = normal(answer);
  const severe = alertsOf(list).filter((a) => a.severity === 'severe' && a.state === 'raised');
  const total = Math.max(list?.severeRaised ?? 0, severe.length);
  return { severe, more: Math.max(0, total - 1) };
}
