/** "Giới thiệu": version, machine role, demo-data notice and the bundled data's licences. */
import { useHost } from '../../client/hooks';
import { useTranslation } from '../../i18n';

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
        <dt />
        <dd>{t('console.about.libraries')}</dd>
      </dl>
    </div>
  );
}
