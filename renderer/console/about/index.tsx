/**
 * "Giới thiệu": version, machine role, demo-data notice, the bundled data's licences and every
 * shipped package's licence (the build's third-party notices, read when the list is opened).
 */
import { useEffect, useState } from 'react';
import { NOTICES_FILE, type ThirdPartyNotice } from '../../../base/third-party';
import { useHost } from '../../client/hooks';
import { useTranslation } from '../../i18n';

type Notices = { list: ThirdPartyNotice[] } | { error: string } | null;

function ThirdPartyLicences() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [notices, setNotices] = useState<Notices>(null);
  useEffect(() => {
    if (!open || notices) return;
    let live = true;
    fetch(`/${NOTICES_FILE}`)
      .then((r) => (r.ok ? (r.json() as Promise<ThirdPartyNotice[]>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(
        (list) => live && setNotices({ list }),
        (e: unknown) => live && setNotices({ error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [open, notices]);
  return (
    <details className="about__libraries" data-third-party onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('console.about.librariesShow')}</summary>
      {notices && 'error' in notices ? <p role="alert">{t('console.about.librariesMissing', { error: notices.error })}</p> : null}
      {notices && 'list' in notices ? (
        <>
          <p>{t('console.about.librariesCount', { n: notices.list.length })}</p>
          <ul>
            {notices.list.map((n) => (
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
