/**
 * Counting what a screen shows of the alerts: 'alerts.list' returns at most its limit of them
 * (raised first, the most severe first, each rule's newest before any rule's second) with the
 * true `total` and `severeRaised`. "và N cảnh báo khác" counts from those totals, never from
 * the length of the page, or a storm beyond the page would hide how many there are.
 */
import type { Alert } from '../../../domains/alerts';
import type { AlertList, CapWarningList, CapWarningRecord } from '../../../host/api/contract/alerts';

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

/**
 * 'alerts.capWarnings' as this build reads it: at most the host's screen limit of warnings, with
 * the true `total`. A wall's offline cache may still hold the earlier build's answer (a bare
 * array, cut at the same limit without saying so), which counts as all there is.
 */
export function capOf(answer: CapWarningList | CapWarningRecord[] | undefined): CapWarningList | undefined {
  if (!Array.isArray(answer)) return answer;
  return { warnings: answer, total: answer.length };
}

/** "500/601" when the host cut the list of CAP warnings, null when every one is shown. */
export function capShownOfTotal(list: CapWarningList | undefined): string | null {
  if (!list || list.total <= list.warnings.length) return null;
  return `${list.warnings.length}/${list.total}`;
}
