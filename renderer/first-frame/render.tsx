/**
 * A wall display's first frame, drawn by the host (host/server/first-frame.ts runs this module,
 * built for Node into dist/first-frame/render.js). A cold wall page spends most of a second
 * loading and compiling its code, mounting React and drawing its panels on a machine whose two
 * cores the other display shares; the host has the data in SQLite and answers in milliseconds.
 * So the host asks for exactly what the page's start asks for (wall/prefetch.ts, through the
 * same HostApi and the node's own role), renders the same components the page mounts (the
 * display's WallCanvas with its panels, and the severe-alert band) to HTML, charts and maps as
 * SVG (components/static-frame.ts), and sends it inside the page. The page shows it at once and
 * takes it away when its own live canvas has painted (wall/first-frame.ts).
 *
 * A frame is only sent when every question it asked, before and while drawing, had its answer:
 * a frame with a panel missing, loading or in error is not sent (the page starts as before).
 */
import { QueryClientProvider, skipToken, type Query, type QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import type { HostClient } from '../../host/api/client/HostClient';
import type { ActiveLayout } from '../../host/api/contract';
import { DOMAIN_IDS } from '../../domains/ids';
import { displayViewport, findDisplay } from '../../layouts/geometry';
import { CAMERA_KINDS, type Tile } from '../../layouts/model';
import { HostClientContext } from '../client/context';
import { makeQueryClient } from '../client/query-client';
import { hostKey, viewKey, viewQuery } from '../client/query-keys';
import { StaticFrameContext } from '../components/static-frame';
import { SurfaceContext } from '../components/surface';
import { preloadPanels } from '../panels/registry';
import { AlertBand, useBandUp } from '../wall/AlertBand';
import { displayTiles } from '../wall/first-queries';
import { prefetchWall } from '../wall/prefetch';
import { WallCanvas } from '../wall/WallCanvas';

export interface FirstFrame {
  /** The display's canvas as HTML (the inside of the page's #first-frame). */
  html: string;
  /** The layout it shows. */
  layoutId: string;
}

/** Settles when no query of `qc` is fetching. */
function settled(qc: QueryClient): Promise<void> {
  return new Promise((done) => {
    if (qc.isFetching() === 0) return done();
    const off = qc.getQueryCache().subscribe(() => {
      if (qc.isFetching() > 0) return;
      off();
      done();
    });
  });
}

/** A query its hook turned off (a view a panel reads only at another size): nothing to answer. */
function turnedOff(q: Query): boolean {
  const enabled = (q.options as { enabled?: boolean | ((q: Query) => boolean) }).enabled;
  return enabled === false || (typeof enabled === 'function' && !enabled(q)) || q.options.queryFn === skipToken;
}

/**
 * Every question in the cache has its answer: what was asked before drawing, and what the
 * tiles' hooks read while drawing (a query read and not asked is in the cache, pending).
 */
const allAnswered = (qc: QueryClient) => qc.getQueryCache().getAll().every((q) => q.state.status === 'success' || turnedOff(q));

interface Ask {
  key: readonly unknown[];
  ask: () => Promise<unknown>;
}

/**
 * What the display's panels other than the domains' read, under their hooks' keys: the page's
 * start asks only for the domain panels' views (wall/prefetch.ts), and the page's panels ask for
 * the rest once mounted. A frame has no "once mounted": without these, an alerts tile was drawn
 * without the CAP warnings and the headline figures that are bad news (or "no alerts" when no
 * rule had raised one), a camera tile named its camera as one the host does not have.
 */
function otherAsks(client: HostClient, tiles: readonly Tile[]): Ask[] {
  const panels = new Set(tiles.map((t) => t.panel));
  const asks: Ask[] = [];
  if (panels.has('alerts')) {
    asks.push({ key: hostKey('alerts.capWarnings', {}), ask: () => client.call('alerts.capWarnings', {}) });
    for (const domain of DOMAIN_IDS) asks.push({ key: viewKey(domain, 'kpis'), ask: () => client.call('view.query', viewQuery(domain, 'kpis')) });
  }
  if (CAMERA_KINDS.some((k) => panels.has(k))) asks.push({ key: hostKey('cameras.list', {}), ask: () => client.call('cameras.list', {}) });
  return asks;
}

function Frame({ active, displayId }: { active: ActiveLayout & { layout: NonNullable<ActiveLayout['layout']> }; displayId: string }) {
  const band = useBandUp();
  const viewport = displayViewport(active.wall, displayId);
  return (
    // Not the app's .wall-root: the page's own wall is found by that name, and both are in the
    // page until the app's has painted (.first-frame is styled as it is).
    <div className="first-frame__wall" data-display-id={displayId} data-layout-id={active.layout.id}>
      <WallCanvas wall={active.wall} layout={active.layout} viewport={viewport} fit={viewport} band={band} />
      <AlertBand wall={active.wall} viewport={viewport} fit={viewport} />
    </div>
  );
}

/**
 * The first frame of `displayId`, asked for through `client` (the caller's own session on the
 * host), or null when there is nothing complete to show: no layout, a layout without that
 * display, or an answer missing or refused.
 */
export async function renderFirstFrame(client: HostClient, displayId: string): Promise<FirstFrame | null> {
  const qc = makeQueryClient();
  // The host answers or refuses: nothing to retry, and a retry would hold the frame past its use.
  qc.setDefaultOptions({ queries: { ...qc.getDefaultOptions().queries, retry: false } });
  const prefetch = prefetchWall(client, qc, displayId);
  try {
    await prefetch.asked;
    const active = qc.getQueryData<ActiveLayout>(hostKey('layout.active', {}));
    if (!active?.layout || !findDisplay(active.wall, displayId)) return null;
    const { wall, layout } = active;
    const tiles = displayTiles(wall, layout, displayId);
    const others = otherAsks(client, tiles);
    for (const o of others) void qc.prefetchQuery({ queryKey: o.key, queryFn: o.ask });
    await preloadPanels(tiles.map((t) => t.panel));
    await settled(qc);
    if (!allAnswered(qc)) return null;
    const html = renderToString(
      <HostClientContext.Provider value={client}>
        <QueryClientProvider client={qc}>
          <SurfaceContext.Provider value="wall">
            <StaticFrameContext.Provider value={true}>
              <Frame active={{ ...active, layout }} displayId={displayId} />
            </StaticFrameContext.Provider>
          </SurfaceContext.Provider>
        </QueryClientProvider>
      </HostClientContext.Provider>,
    );
    // A tile that read something not asked for above drew it as still loading: no frame.
    if (!allAnswered(qc)) return null;
    return { html, layoutId: layout.id };
  } finally {
    prefetch.off();
    qc.clear();
  }
}
