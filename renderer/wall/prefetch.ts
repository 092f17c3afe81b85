/**
 * What every wall display needs whatever its layout, asked for as the page mounts, beside
 * 'layout.active' instead of after it: the districts with their boundaries (every map, and the
 * biggest answer), the host's info and the freshness list (every panel frame). Otherwise these
 * went out only once the layout had arrived, the panels' chunks had loaded and the panels had
 * mounted. Same query keys as useAreas / PanelFrame (hostKey), so those hooks find the data in
 * the cache (or the request in flight) instead of asking again.
 *
 * Also starts loading the shared chart and map code (Chart.js, Leaflet) while the layout is on
 * its way: every domain panel imports them.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { HostClient } from '../client/HostClient';
import { hostKey } from '../client/hooks';

export function prefetchWallBasics(client: HostClient, qc: QueryClient): void {
  const areas = { withGeometry: true } as const;
  void qc.prefetchQuery({ queryKey: hostKey('areas.list', areas), queryFn: () => client.call('areas.list', areas) });
  void qc.prefetchQuery({ queryKey: hostKey('host.info', {}), queryFn: () => client.call('host.info', {}) });
  void qc.prefetchQuery({ queryKey: hostKey('freshness.list', {}), queryFn: () => client.call('freshness.list', {}) });
  // Errors are the panels' to show once they mount and use these; a prefetch only warms.
  void import('../panels/shared/parts').catch(() => {});
}
