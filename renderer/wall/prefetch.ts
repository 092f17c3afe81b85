/**
 * What a wall display needs, asked for as soon as the wall route renders, while the wall's own
 * code (WallPage and its chunks) is still loading: the active layout, the districts with their
 * boundaries (every map, and the biggest answer), the host's info and the freshness list (every
 * panel frame). Without this they went out one after another: layout.active once WallPage had
 * loaded, the rest once the panels had loaded and mounted. Same query keys as useActiveLayout,
 * useAreas and PanelFrame (hostKey), so those hooks find the data in the cache (or the request
 * in flight) and do not ask again.
 *
 * When the layout arrives, its panels' chunks start loading; the shared chart and map code
 * (Chart.js, Leaflet), which every domain panel imports, starts at once.
 *
 * Small on purpose: App imports it into the first chunk.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ActiveLayout } from '../../host/api/contract';
import type { HostClient } from '../../host/api/client/HostClient';
import { hostKey } from '../client/hooks';
import { preloadPanels } from '../panels/registry';

/** Returns the cleanup (unsubscribes the layout.changed listener). */
export function prefetchWall(client: HostClient, qc: QueryClient): () => void {
  const activeKey = hostKey('layout.active', {});
  // Subscribed before asking, as useActiveLayout does, so a change between our answer and
  // WallPage's own subscription is not lost.
  const off = client.on('layout.changed', (data) => qc.setQueryData<ActiveLayout>(activeKey, data));
  void qc
    .fetchQuery({ queryKey: activeKey, queryFn: () => client.call('layout.active', {}) })
    .then((a) => preloadPanels(a.layout?.tiles.map((t) => t.panel) ?? []))
    .catch(() => {}); // errors are the wall's to show, through its own query
  const areas = { withGeometry: true } as const;
  void qc.prefetchQuery({ queryKey: hostKey('areas.list', areas), queryFn: () => client.call('areas.list', areas) });
  void qc.prefetchQuery({ queryKey: hostKey('host.info', {}), queryFn: () => client.call('host.info', {}) });
  void qc.prefetchQuery({ queryKey: hostKey('freshness.list', {}), queryFn: () => client.call('freshness.list', {}) });
  void Promise.all([import('../panels/shared/charts'), import('../panels/shared/EventMap')]).catch(() => {});
  return off;
}
