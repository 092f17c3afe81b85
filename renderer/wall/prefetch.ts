/**
 * What a wall display needs for its first frame, asked for when the page starts
 * (renderer/boot/start.ts), before React and the wall's code have loaded: the active layout, the
 * districts with their boundaries (every map, and the biggest answer), the host's info, the
 * freshness list (every panel frame), the open alerts (the alert band), and, as soon as the
 * layout is known, every view its panels will ask for (./first-queries.ts). All of it is
 * pipelined on the one connection while the page's code downloads; without it the requests went
 * out one round after another (the layout once WallPage had loaded, each view once its panel had
 * loaded and mounted). Same query keys as useActiveLayout, useAreas, PanelFrame, useAlerts and
 * useView, so those hooks find the answers in the cache (or the request in flight) and do not
 * ask again.
 *
 * When the layout arrives, the chunks of the panels this display shows start loading (the
 * others' are never fetched), with the shared chart and map code (Chart.js, Leaflet).
 *
 * Small on purpose: it is part of the page's first chunk.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ActiveLayout } from '../../host/api/contract';
import type { HostClient } from '../../host/api/client/HostClient';
import { hostKey, viewKey, viewQuery } from '../client/query-keys';
import { preloadPanels } from '../panels/registry';
import { displayTiles, firstViewQueries } from './first-queries';

export interface WallPrefetch {
  /** Unsubscribes the layout.changed listener. */
  off(): void;
  /**
   * Settles once every first-frame request is on the wire (the views go out when the layout has
   * come back), or the layout could not be had. The page's start waits for it before it loads
   * the app: a main thread busy compiling and running React and the panels cannot send them.
   */
  asked: Promise<void>;
}

export function prefetchWall(client: HostClient, qc: QueryClient, displayId: string): WallPrefetch {
  const activeKey = hostKey('layout.active', {});
  // Subscribed before asking, as useActiveLayout does, so a change between our answer and
  // WallPage's own subscription is not lost.
  const off = client.on('layout.changed', (data) => qc.setQueryData<ActiveLayout>(activeKey, data));
  // The layout first: the view queries and the panels' chunks wait for its answer, and the host
  // answers a connection's requests in order (the districts' boundaries are its largest answer).
  const layout = qc.fetchQuery({ queryKey: activeKey, queryFn: () => client.call('layout.active', {}) });
  const areas = { withGeometry: true } as const;
  void qc.prefetchQuery({ queryKey: hostKey('host.info', {}), queryFn: () => client.call('host.info', {}) });
  void qc.prefetchQuery({ queryKey: hostKey('freshness.list', {}), queryFn: () => client.call('freshness.list', {}) });
  void qc.prefetchQuery({ queryKey: hostKey('alerts.list', {}), queryFn: () => client.call('alerts.list', {}) });
  void qc.prefetchQuery({ queryKey: hostKey('areas.list', areas), queryFn: () => client.call('areas.list', areas) });
  const asked = layout
    .then((a) => {
      if (!a.layout) return;
      for (const q of firstViewQueries(a.wall, a.layout, displayId)) {
        const opts = { areaId: q.areaId, period: q.period };
        void qc.prefetchQuery({ queryKey: viewKey(q.domain, q.view, opts), queryFn: () => client.call('view.query', viewQuery(q.domain, q.view, opts)) });
      }
      // This display's panels and the chart and map code they import. The build puts them in
      // the wall chunk the shell preloads (tools/build/wall-chunk.ts), so these resolve at once;
      // a build that splits them apart loads only this display's.
      void Promise.all([
        import('../panels/shared/charts'),
        import('../panels/shared/EventMap'),
        preloadPanels(displayTiles(a.wall, a.layout, displayId).map((t) => t.panel)),
      ]).catch(() => {});
    })
    .catch(() => {}); // errors are the wall's to show, through its own query
  return { off, asked };
}
