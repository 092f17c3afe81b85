/**
 * /kiosk — the leader's touchscreen: the ten domains as large buttons; touching one opens its
 * panel full screen (large size) with the district list to drill down. Arm's length, so
 * targets are at least 64 px and nothing needs a hover.
 */
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { domainList } from '../../domains/catalog';
import type { DomainId } from '../../domains/ids';
import { ConnState } from '../components/ConnState';
import { Icon } from '../components/icons';
import { LangSwitch } from '../components/LangSwitch';
import { useLang } from '../i18n';
import { panelFor } from '../panels/registry';

export default function KioskPage() {
  const { t } = useTranslation();
  const { lt } = useLang();
  const [open, setOpen] = useState<DomainId | null>(null);
  const Panel = open ? panelFor(open) : null;
  return (
    <div className="kiosk">
      <header className="console__head">
        {open ? (
          <button type="button" className="kiosk__back" onClick={() => setOpen(null)}>
            ← {t('kiosk.back')}
          </button>
        ) : null}
        <h1>{t('kiosk.title')} — {t('app.province')}</h1>
        <ConnState />
        <LangSwitch />
      </header>
      {open ? (
        <div className="kiosk__panel">
          <Suspense fallback={null}>
            {Panel ? (
              <Panel
                tile={{ id: `kiosk-${open}`, panel: open, view: '', options: {}, rect: { x: 0, y: 0, w: 1600, h: 900 } }}
                size="large"
                onPainted={() => {}}
              />
            ) : (
              <p className="panel__msg">{t('panel.unknownPanel', { kind: open })}</p>
            )}
          </Suspense>
        </div>
      ) : (
        <nav className="kiosk__grid" aria-label={t('kiosk.chooseDomain')}>
          {domainList().map((d) => (
            <button key={d.id} type="button" style={{ ['--accent' as string]: d.color }} onClick={() => setOpen(d.id)} data-domain={d.id}>
              <Icon name={d.icon} />
              <span>{lt(d.name)}</span>
            </button>
          ))}
        </nav>
      )}
    </div>
  );
}
