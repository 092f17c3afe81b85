/**
 * "Mất kết nối tới máy chủ — đang thử lại": shown across the top while the host is
 * unreachable. The page under it keeps its last data; the banner is the only change.
 * Not shown during the very first connect (that is a loading state, not a loss).
 */
import { useEffect, useState } from 'react';
import { useHostClient } from '../client/context';
import { useTranslation } from '../i18n';

export function ConnectionBanner() {
  const { t } = useTranslation();
  const client = useHostClient();
  const [down, setDown] = useState(client.state === 'down');
  useEffect(() => client.onState((s) => setDown(s === 'down')), [client]);
  if (!down) return null;
  return (
    <div className="conn-banner" role="alert" data-conn="down">
      <svg viewBox="0 0 24 24" aria-hidden="true" className="conn-banner__icon">
        <path d="M12 3 1 21h22L12 3Zm0 5 7.5 11h-15L12 8Zm-1 3v4h2v-4h-2Zm0 5v2h2v-2h-2Z" fill="currentColor" />
      </svg>
      <strong>{t('conn.lost')}</strong>
      <span className="conn-banner__detail">{t('conn.lostDetail')}</span>
    </div>
  );
}
