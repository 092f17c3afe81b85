import { lazy, Suspense } from 'react';
import { parseRoute, type Route } from './router';
import { DesktopIdentify } from './components/DesktopIdentify';
import { useModule } from './components/useModule';
import { BrowserNode } from './node/BrowserNode';
import type { WallCache } from './wall/cache/wall-cache';
import { useTranslation } from './i18n';

// The wall is loaded without Suspense (see useModule): React's 300 ms reveal throttle would
// hold the wall's first query back on every cold start. Its data is asked for and its offline
// cache read when the page starts (boot/start.ts), while its code loads; the first frame is
// painted from whichever answers arrive first, live data replaces cached data. Console and
// kiosk keep React.lazy.
const loadWall = () => import('./wall/WallPage');
function Wall({ displayId, cache }: { displayId: string | null; cache: WallCache }) {
  const WallPage = useModule(loadWall);
  return WallPage ? <WallPage displayId={displayId} cache={cache} /> : null;
}
const ConsolePage = lazy(() => import('./console/ConsolePage'));
const KioskPage = lazy(() => import('./kiosk/KioskPage'));
const EnrollPage = lazy(() => import('./enroll/EnrollPage'));

/** Picks the page for the route; each page owns its full screen. */
export function App({ route = parseRoute(location), wallCache = null }: { route?: Route; wallCache?: WallCache | null }) {
  const { t } = useTranslation();
  let page: React.ReactNode;
  switch (route.name) {
    case 'wall':
      // The page's start (boot/start.ts) opened it for every wall route.
      page = wallCache ? <Wall displayId={route.displayId} cache={wallCache} /> : null;
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
