/**
 * /kiosk — the leader's touchscreen. Home: the ten domains as big tiles with one headline
 * figure each. Tap one: its panel full screen (size 'large'), a district picker (map + big
 * buttons) to drill down, and "Đưa lên tường" to ask for this view on the video wall. A home
 * button is always in the same corner, and the kiosk returns home by itself when left alone.
 * Everything is a touch target of at least 64 px; nothing needs a hover or a double tap.
 */
import './strings';
import './kiosk.css';
import { Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { domainDef, domainList } from '../../domains/catalog';
import type { DomainId } from '../../domains/ids';
import { ConnState } from '../components/ConnState';
import { useAreas } from '../components/hooks';
import { Icon } from '../components/icons';
import { LangSwitch } from '../components/LangSwitch';
import { useLang } from '../i18n';
import { panelFor } from '../panels/registry';
import { DistrictPicker } from './DistrictPicker';
import { DomainTile } from './DomainTile';
import { idleSecondsFrom } from './idle-time';
import { useIdle } from './useIdle';
import { WallRequest } from './WallRequest';

type Screen = { name: 'home' } | { name: 'domain'; domain: DomainId; areaId?: string };

function DomainScreen({ domain, areaId, onArea, resetKey }: { domain: DomainId; areaId?: string; onArea(id: string | undefined): void; resetKey: number }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const { name } = useAreas();
  const def = domainDef(domain);
  const Panel = panelFor(domain);
  const [painted, setPainted] = useState(false);
  const what = `${lt(def.name)} — ${areaId ? (name(areaId) ?? areaId) : t('kiosk.wholeProvince')}`;
  return (
    <div className="kdomain" style={{ ['--accent' as string]: def.color }}>
      <div className="kdomain__panel" data-kiosk-panel={domain} data-painted={painted ? 'true' : undefined}>
        <Suspense fallback={null}>
          {Panel ? (
            <Panel
              key={domain}
              tile={{ id: `kiosk-${domain}`, panel: domain, view: '', options: areaId ? { areaId } : {}, rect: { x: 0, y: 0, w: 1400, h: 960 } }}
              size="large"
              areaId={areaId}
              onPainted={() => setPainted(true)}
            />
          ) : (
            <p className="kdomain__missing">{t('kiosk.panelMissing')}</p>
          )}
        </Suspense>
      </div>
      <aside className="kdomain__rail">
        <DistrictPicker domain={def} areaId={areaId} onPick={onArea} />
        <WallRequest domain={domain} areaId={areaId} what={what} resetKey={resetKey} />
      </aside>
    </div>
  );
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
  const idleSeconds = idleSecondsFrom(location.search);
  useIdle(idleSeconds, home);

  const def = screen.name === 'domain' ? domainDef(screen.domain) : null;
  return (
    <div className="kiosk2" data-kiosk-screen={screen.name === 'home' ? 'home' : screen.domain}>
      <header className="khead">
        <button type="button" className="kbtn kbtn--home" onClick={home} data-action="home" aria-label={t('kiosk.home')}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M3 11.5 12 4l9 7.5M5.5 9.5V20h4.5v-6h4v6h4.5V9.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          </svg>
          <span>{t('kiosk.home')}</span>
        </button>
        <h1 className="khead__title">
          {def ? (
            <>
              <Icon name={def.icon} aria-hidden="true" style={{ color: def.color }} /> {lt(def.name)}
            </>
          ) : (
            t('kiosk.heading')
          )}
        </h1>
        <ConnState />
        <div className="khead__lang">
          <LangSwitch />
        </div>
      </header>
      {screen.name === 'home' ? (
        <main className="khome" data-kiosk-home>
          <p className="khome__hint">{t('kiosk.tapDomain')}</p>
          <nav className="khome__grid" aria-label={t('kiosk.chooseDomain')}>
            {domainList().map((d) => (
              <DomainTile key={d.id} domain={d} onOpen={() => setScreen({ name: 'domain', domain: d.id })} />
            ))}
          </nav>
          <p className="khome__idle">{t('kiosk.idleHint', { minutes: Math.max(1, Math.round(idleSeconds / 60)) })}</p>
        </main>
      ) : (
        <DomainScreen
          domain={screen.domain}
          areaId={screen.areaId}
          onArea={(areaId) => setScreen({ name: 'domain', domain: screen.domain, areaId })}
          resetKey={resetKey}
        />
      )}
    </div>
  );
}
