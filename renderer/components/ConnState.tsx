/** Connection to the host as a dot + word (never colour alone), for headers. */
import { useConnState } from '../client/context';
import { useTranslation } from '../i18n';

export function ConnState() {
  const { t } = useTranslation();
  const s = useConnState();
  const color = s === 'up' ? 'var(--good)' : s === 'down' ? 'var(--bad)' : 'var(--warn)';
  const word = s === 'up' ? t('conn.connected') : s === 'down' ? t('conn.lost') : t('conn.connecting');
  return (
    <div className="conn-state" data-conn-state={s}>
      <span className="conn-state__dot" style={{ background: color }} aria-hidden="true" />
      <span>{word}</span>
    </div>
  );
}
