/** Tiếng Việt / English switch; the choice is remembered on this machine (localStorage). */
import { LANGS, setLang, useLang, useTranslation } from '../i18n';

export function LangSwitch() {
  const { t } = useTranslation();
  const { lang } = useLang();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button key={l} type="button" aria-pressed={l === lang} onClick={() => setLang(l)} data-lang={l}>
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}
