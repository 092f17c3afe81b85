/**
 * "Giới thiệu": version, machine role, demo-data notice, the bundled data's licences and every
 * shipped package's licence (the build's third-party notices, read when the list is opened).
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { NOTICES_FILE, type ThirdPartyNotice } from '../../../base/third-party';
import { useHost } from '../../client/hooks';
import { useTranslation } from '../../i18n';

/** The build's notices: a file of the build, so read once, when the list is first opened. */
async function fetchNotices(): Promise<ThirdPartyNotice[]> {
  const r = await fetch(`/${NOTICES_FILE}`);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return (await r.json()) as ThirdPartyNotice[];
}

function ThirdPartyLicences() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const notices = useQuery({ queryKey: ['third-party-notices'], queryFn: fetchNotices, enabled: open, staleTime: Infinity, retry: false });
  return (
    <details className="about__libraries" data-third-party onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('console.about.librariesShow')}</summary>
      {notices.error ? <p role="alert">{t('console.about.librariesMissing', { error: notices.error.message })}</p> : null}
      {notices.data ? (
        <>
          <p>{t('console.about.librariesCount', { n: notices.data.length })}</p>
          <ul>
            {notices.data.map((n) => (
              <li key={`${n.name}@${n.version}`} data-package={n.name}>
                <details>
                  <summary>
                    <strong>{n.name}</strong> {n.version} — {n.licence}
                  </summary>
                  <pre>{n.text || t('console.about.noText', { licence: n.licence })}</pre>
                </details>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
}

export default function About() {
  const { t } = useTranslation();
  const info = useHost('host.info', {});
  const d = info.data;
  return (
    <div className="about">
      <h2>{t('app.name')} — {t('app.ioc')}</h2>
      <dl>
        <dt>{t('console.about.version')}</dt>
        <dd data-version>{d?.version ?? '…'}</dd>
        <dt>{t('console.about.role')}</dt>
        <dd data-role={d?.role}>{d ? t(`console.about.roles.${d.role}`) : '…'}</dd>
        {d?.demo ? (
          <>
            <dt>{t('panel.demo')}</dt>
            <dd>{t('console.about.demo')}</dd>
          </>
        ) : null}
        <dt>{t('console.about.attributions')}</dt>
        <dd>
          <ul>
            {(d?.attributions ?? []).map((a) => (
              <li key={a.what + a.text} data-attribution>
                <strong>{a.what}</strong>: {a.text} — {t('console.about.licence')}: {a.licence}
              </li>
            ))}
          </ul>
          <p>{t('console.about.boundariesNote')}</p>
        </dd>
        <dt>{t('console.about.libraries')}</dt>
        <dd>
          <ThirdPartyLicences />
        </dd>
      </dl>
    </div>
  );
}
