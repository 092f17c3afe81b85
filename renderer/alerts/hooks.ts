/**
 * Alerts as queries: 'alerts.list' (open ones by default) and the active CAP warnings, refreshed
 * when the host says 'alerts.changed' or 'feeds.changed' (renderer/client/invalidation.ts).
 */
import type { AlertState } from '../../domains/alerts';
import { useHost } from '../client/hooks';
import './i18n';

export function useAlerts(states?: AlertState[]) {
  return useHost('alerts.list', states ? { states } : {});
}

export function useCapWarnings() {
  return useHost('alerts.capWarnings', {});
}

/** Severity as symbol + word + colour (never colour alone). */
export const SEVERITY_LOOK = {
  severe: { symbol: '⛔', color: '#CC3311' },
  warning: { symbol: '⚠', color: '#EE7733' },
  info: { symbol: 'ℹ', color: '#0077BB' },
} as const;
