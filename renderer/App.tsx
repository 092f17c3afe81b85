import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRoute, type Route } from './router';
import { useHostClient } from './client/context';
import { DesktopIdentify } from './components/DesktopIdentify';
import { useModule } from './components/useModule';
import { prefetchWall } from './wall/prefetch';
import { BrowserNode } from './node/BrowserNode';
import { hydrateWall, openWallCache } from './wall/cache/wall-cache';
import { resolveDisplayId } from './wall/display-id';
import { preloadPanels } from './panels/registry';

// The wall is loaded without Suspense (see useModule): React's 300 ms reveal throttle would
// hold the wall's first query back on every cold start. Its data is asked for while its code
// loads (prefetchWall), and the last answers are read from the offline cache at the same time
// (renderer/wall/cache): the first frame is painted from them, live data replaces them.
// Console and kiosk keep React.lazy.
const loadWall = () => import('./wall/WallPage');
function Wall({ displayId }: { displayId: string | null }) {
  const client = useHostClient();
  const qc = useQueryClient();
  const [cache] = useState(() => openWallCache(qc, resolveDisplayId(displayId)));
  useEffect(() => prefetchWall(client, qc), [client, qc]);
  useEffect(() => {
    let live = true;
    void cache.snapshot.then((snap) => {
      if (!live || !snap) return;
      const layout = hydrateWall(qc, snap);
      void preloadPanels(layout?.layout?.tiles.map((t) => t.panel) ?? []);
    });
    return () => void (live = false);
  }, [cache, qc]);
  const WallPage = useModule(loadWall);
  return WallPage ? <WallPage displayId={displayId} cache={cache} /> : null;
}
const ConsolePage = lazy(() => import('./console/ConsolePage'));
const KioskPage = lazy(() => import('./kiosk/KioskPage'));
const EnrollPage = lazy(() => import('./enroll/EnrollPage'));

/** Picks the page for the route; each page owns its full screen. */
export function App({ route = parseRoute(location) }: { route?: Route }) {
  const { t } = useTranslation();
  let page: React.ReactNode;
  switch (route.name) {
    case 'wall':
      page = <Wall displayId={route.displayId} />;
      break;
    case 'console':
      page = <ConsolePage initialTab={route.tab} />;
      break;
    case 'kiosk':
      page = <KioskPage />;
      break;
    case 'enroll':
      page = <EnrollPage host={route.host} reason={route.reason} />;
      break;
    case 'home':
      page = (
        <main className="home">
          <h1>{t('app.name')}</h1>
          <p>{t('route.choose')}</p>
          <ul>
            <li><a href="/wall?display=d1">{t('route.wall')} d1</a></li>
            <li><a href="/wall?display=d2">{t('route.wall')} d2</a></li>
            <li><a href="/console">{t('route.console')}</a></li>
            <li><a href="/kiosk">{t('route.kiosk')}</a></li>
          </ul>
        </main>
      );
      break;
    default:
      page = (
        <main className="home">
          <h1>{t('route.notFound')}</h1>
          <p><a href="/">{t('route.choose')}</a></p>
        </main>
      );
  }
  return (
    <>
      <Suspense fallback={null}>{page}</Suspense>
      <DesktopIdentify />
      <BrowserNode route={route} />
    </>
  );
}
