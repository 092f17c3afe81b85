/**
 * "Ổ đĩa đầy…" across the console while the data folder's disk is full (sync paused, the screens
 * keep showing what is stored) or under its free-space threshold. The host pushes
 * `storage.changed` when that turns on or off; the words come from the host in both languages.
 */
import { useHost } from '../client/hooks';
import { useTranslation } from '../i18n';

export function StorageBanner() {
  const { i18n } = useTranslation();
  const status = useHost('storage.status', {});
  const s = status.data;
  if (!s?.message) return null;
  return (
    <div className="storage-banner" role="alert" data-disk={s.disk.full ? 'full' : 'low'}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className="storage-banner__icon">
        <path d="M12 3 1 21h22L12 3Zm0 5 7.5 11h-15L12 8Zm-1 3v4h2v-4h-2Zm0 5v2h2v-2h-2Z" fill="currentColor" />
      </svg>
      <span>{i18n.language.startsWith('en') ? s.message.en : s.message.vi}</span>
    </div>
  );
}
