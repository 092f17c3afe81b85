/**
 * /console — the operator's desk: header (title, connection state, language), tabs from
 * console/tabs.ts, each tab's folder loaded lazily. The chosen tab is kept in ?tab= so a
 * reload stays put.
 */
import { useIsFetching } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState, type ComponentType } from 'react';
import { ConnectionBannerSlot } from '../components/ConnectionBanner';
import { ConnState } from '../components/ConnState';
import { LangSwitch } from '../components/LangSwitch';
import { WallRequestBanner } from './requests/Banner';
import { ConsoleNotices } from './notices';
import { StorageBanner } from './StorageBanner';
import { CONSOLE_TABS } from './tabs';
import { useTranslation } from '../i18n';

const modules = import.meta.glob<{ default: ComponentType }>('./*/index.tsx');

function ComingSoon() {
  const { t } = useTranslation();
  return <p className="panel__msg">{t('console.comingSoon')}</p>;
}

/** Shown while a tab's code loads; busy, so the tab panel reads as not ready yet. */
function TabLoading() {
  const { t } = useTranslation();
  return <p aria-busy="true">{t('panel.loading')}</p>;
}

export default function ConsolePage({ initialTab }: { initialTab: string | null }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState(() => CONSOLE_TABS.find((x) => x.id === initialTab)?.id ?? CONSOLE_TABS[0]!.id);
  const components = useMemo(
    () =>
      Object.fromEntries(
        CONSOLE_TABS.map((x) => {
          const load = modules[`./${x.folder}/index.tsx`];
          return [x.id, load ? lazy(load) : ComingSoon];
        }),
      ),
    [],
  );
  const choose = (id: string) => {
    setTab(id);
    const url = new URL(location.href);
    url.searchParams.set('tab', id);
    history.replaceState(history.state, '', url.pathname + url.search);
  };
  const Active = components[tab]!;
  // The tab panel is busy while anything the page shows is being read from the host: assistive
  // technology then waits before reading it out, and so can a test measuring the tab's layout.
  const fetching = useIsFetching() > 0;
  return (
    <div className="console">
      <header className="console__head">
        <h1>
          {t('console.title')} — {t('app.province')}
        </h1>
        <ConnState />
        <LangSwitch />
      </header>
      {/* Host unreachable: under the header, above the request banner, covering neither. */}
      <ConnectionBannerSlot />
      <WallRequestBanner onOpen={() => choose('requests')} />
      <ConsoleNotices />
      <StorageBanner />
      <nav className="console__tabs" role="tablist">
        {CONSOLE_TABS.map((x) => (
          <button
            key={x.id}
            role="tab"
            type="button"
            aria-selected={x.id === tab}
            onClick={() => choose(x.id)}
            data-tab={x.id}
          >
            {t(x.label)}
          </button>
        ))}
      </nav>
      <main className="console__body" role="tabpanel" aria-busy={fetching}>
        <Suspense fallback={<TabLoading />}>
          <Active />
        </Suspense>
      </main>
    </div>
  );
}
