/**
 * /kiosk — the leader's touchscreen. Home: the ten domains as big tiles with one headline
 * figure each. Tap one: its detail view (DomainDetail: a large map to pinch, pan and tap, the
 * figures, a trend read by tapping, the districts compared), swipe or the arrows in the header
 * to go through the domains in the home order, and "Đưa lên tường". The home button and the
 * domain's name stay in the header; the kiosk returns home by itself when left alone.
 * Everything is a touch target of at least 64 px; nothing needs a hover or a double tap. Type
 * is sized from the screen (kiosk.css), so it reads the same at 1366×768 as at 4K.
 */
import './strings';
import './kiosk.css';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { domainDef, domainList } from '../../domains/catalog';
import type { DomainId } from '../../domains/ids';
import { ConnectionBannerSlot } from '../components/ConnectionBanner';
import { ConnState } from '../components/ConnState';
import { Icon } from '../components/icons';
import { LangSwitch } from '../components/LangSwitch';
import { SurfaceContext } from '../components/surface';
import { useLang, useTranslation } from '../i18n';
import { DomainDetail } from './DomainDetail';
import { DomainTile } from './DomainTile';
import { idleSecondsFrom } from './idle-time';
import { neighbour, type SwipeDirection } from './swipe';
import { useIdle } from './useIdle';

type Screen = { name: 'home' } | { name: 'domain'; domain: DomainId; areaId?: string };

/** The kiosk's type size in px (kiosk.css derives it from the screen), for Chart.js fonts. */
function useFontPx(ref: React.RefObject<HTMLElement | null>): number {
  const [px, setPx] = useState(18);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setPx(Math.round(parseFloat(getComputedStyle(el).fontSize)) || 18);
    read();
    addEventListener('resize', read);
    return () => removeEventListener('resize', read);
  }, [ref]);
  return px;
}

/** The viewport the kiosk asks for: the page itself never zooms (only its map does). */
const KIOSK_VIEWPORT = 'width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no';

/**
 * While the kiosk is open: the page cannot be pinch-zoomed (the viewport, with kiosk.css's
 * touch-action), and a long press opens no context menu. The one HTML shell serves every route
 * (the host and the desktop app's app:// windows alike), so the kiosk sets this itself and
 * gives the shell back as it was when it leaves.
 */
function useLockedPage() {
  useEffect(() => {
    let meta = document.querySelector<HTMLMetaElement>('meta[name="viewport"]');
    const before = meta?.getAttribute('content') ?? null;
    if (!meta) {
      meta = document.createElement('meta');
      meta.name = 'viewport';
      document.head.appendChild(meta);
    }
    meta.setAttribute('content', KIOSK_VIEWPORT);
    const noMenu = (e: Event) => e.preventDefault();
    document.addEventListener('contextmenu', noMenu);
    return () => {
      document.removeEventListener('contextmenu', noMenu);
      if (before === null) meta.remove();
      else meta.setAttribute('content', before);
    };
  }, []);
}

export default function KioskPage() {
  const { t } = useTranslation();
  const { lt } = useLang();
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  // Bumped on every return home, so open dialogs and drill-downs close with it.
  const [resetKey, setResetKey] = useState(0);
  const home = useCallback(() => {
    setScreen({ name: 'home' });
    setResetKey((k) => k + 1);
  }, []);
  useLockedPage();
  const idleSeconds = idleSecondsFrom(location.search);
  useIdle(idleSeconds, home);
  const root = useRef<HTMLDivElement>(null);
  const fontPx = useFontPx(root);

  const order = useMemo(() => domainList().map((d) => d.id), []);
  const go = useCallback(
    (dir: SwipeDirection) =>
      setScreen((s) => (s.name === 'domain' ? { name: 'domain', domain: neighbour(order, s.domain, dir) } : s)),
    [order],
  );

  const def = screen.name === 'domain' ? domainDef(screen.domain) : null;
  const prev = screen.name === 'domain' ? domainDef(neighbour(order, screen.domain, 'prev')) : null;
  const next = screen.name === 'domain' ? domainDef(neighbour(order, screen.domain, 'next')) : null;
  return (
    <SurfaceContext.Provider value="kiosk">
      <div className="kiosk2" ref={root} data-kiosk-screen={screen.name === 'home' ? 'home' : screen.domain}>
        <header className="khead">
          <button type="button" className="kbtn kbtn--home" onClick={home} data-action="home" aria-label={t('kiosk.home')}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M3 11.5 12 4l9 7.5M5.5 9.5V20h4.5v-6h4v6h4.5V9.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
            </svg>
            <span className="kbtn__word">{t('kiosk.home')}</span>
          </button>
          {prev ? (
            <button type="button" className="kbtn kbtn--step" onClick={() => go('prev')} data-action="prev" aria-label={t('kiosk.prev', { name: lt(prev.name) })}>
              <span aria-hidden="true">‹</span>
            </button>
          ) : null}
          <h1 className="khead__title" title={def ? lt(def.name) : undefined}>
            {def ? (
              <>
                <Icon name={def.icon} aria-hidden="true" style={{ color: def.color }} />
                <span className="khead__name khead__name--full">{lt(def.name)}</span>
                <span className="khead__name khead__name--short">{lt(def.shortName)}</span>
              </>
            ) : (
              <span className="khead__name">{t('kiosk.heading')}</span>
            )}
          </h1>
          {next ? (
            <button type="button" className="kbtn kbtn--step" onClick={() => go('next')} data-action="next" aria-label={t('kiosk.next', { name: lt(next.name) })}>
              <span aria-hidden="true">›</span>
            </button>
          ) : null}
          <div className="khead__conn">
            <ConnState />
          </div>
          <div className="khead__lang">
            <LangSwitch />
          </div>
        </header>
        {/* Host unreachable: said under the header, never over its buttons. */}
        <ConnectionBannerSlot className="kconn" />
        {screen.name === 'home' ? (
          <main className="khome" data-kiosk-home>
            <p className="khome__hint">{t('kiosk.tapDomain')}</p>
            <nav className="khome__grid" aria-label={t('kiosk.chooseDomain')} style={{ '--khome-half': Math.ceil(domainList().length / 2) } as CSSProperties}>
              {domainList().map((d) => (
                <DomainTile key={d.id} domain={d} onOpen={() => setScreen({ name: 'domain', domain: d.id })} />
              ))}
            </nav>
            <p className="khome__idle">{t('kiosk.idleHint', { minutes: Math.max(1, Math.round(idleSeconds / 60)) })}</p>
          </main>
        ) : (
          <DomainDetail
            key={screen.domain}
            domain={def!}
            areaId={screen.areaId}
            onArea={(areaId) => setScreen({ name: 'domain', domain: screen.domain, areaId })}
            onSwipe={go}
            resetKey={resetKey}
            fontPx={fontPx}
          />
        )}
      </div>
    </SurfaceContext.Provider>
  );
}
