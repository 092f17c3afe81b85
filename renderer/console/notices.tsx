/**
 * Console-wide warnings in red under the header: updates allowed over plain HTTP
 * (updates.allowInsecure), and a LAN server that could not start (port in use).
 */
import { useHost } from '../client/hooks';
import './updates/i18n';
import './updates/updates.css';
import { useTranslation } from '../i18n';

export function ConsoleNotices() {
  const { t } = useTranslation();
  const s = useHost('updates.settings', {}).data;
  if (!s) return null;
  return (
    <>
      {s.insecure ? (
        <p className="notice-danger" role="alert" data-notice="insecure-updates">
          ⚠ {t('updatesView.insecure')}
        </p>
      ) : null}
      {s.lanServer && !s.lanServer.listening ? (
        <p className="notice-danger" role="alert" data-notice="lan-server">
          ⚠ {t('updatesView.lanDown', { error: s.lanServer.error ?? '' })}
        </p>
      ) : null}
    </>
  );
}
