/**
 * Alerts as queries: 'alerts.list' (open ones by default) and the active CAP warnings, refreshed
 * when the host says 'alerts.changed' (or CAP data arrived with 'changed'/'feeds.changed').
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AlertState } from '../../domains/alerts';
import { useHostClient } from '../client/context';
import { useHost } from '../client/hooks';
import './i18n';

function useAlertsInvalidation(): void {
  const client = useHostClient();
  const qc = useQueryClient();
  useEffect(() => {
    const refresh = () =>
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'host' && /^alerts\./.test(String(q.queryKey[1])) });
    const offs = [client.onAny('alerts.changed', refresh), client.onAny('feeds.changed', refresh)];
    return () => offs.forEach((off) => off());
  }, [client, qc]);
}

export function useAlerts(states?: AlertState[]) {
  useAlertsInvalidation();
  return useHost('alerts.list', states ? { states } : {});
}

export function useCapWarnings() {
  useAlertsInvalidation();
  return useHost('alerts.capWarnings', {});
}

/** Severity as symbol + word + colour (never colour alone). */
export const SEVERITY_LOOK = {
  severe: { symbol: '⛔', color: '#CC3311' },
  warning: { symbol: '⚠', color: '#EE7733' },
  info: { symbol: 'ℹ', color: '#0077BB' },
} as const;
