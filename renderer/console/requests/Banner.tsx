/**
 * Over every console tab: a leader's request to the wall as soon as it arrives, with Duyệt /
 * Từ chối at hand and a way to its preview; and a notice when a request went straight to the
 * wall (kiosk.requireApproval = false), so the operator knows why the wall changed.
 */
import { useState } from 'react';
import type { WallRequestInfo } from '../../../host/api/contract';
import { useNow } from '../../components/hooks';
import { formatRelativeAge } from '../../format';
import './i18n';
import './requests.css';
import { useDecide, useRequester, useRequestWhat, useWallRequests, wentStraightToWall } from './useWallRequests';
import { useTranslation } from '../../i18n';
import { failureText } from '../../client/commands';

/** Auto-approved notices kept until dismissed; older ones give way. */
const KEEP_NOTICES = 3;

export function WallRequestBanner({ onOpen }: { onOpen(): void }) {
  const { t } = useTranslation();
  const what = useRequestWhat();
  const who = useRequester();
  const now = useNow(15_000);
  const [auto, setAuto] = useState<WallRequestInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const pending = useWallRequests('pending', (r) => {
    if (wentStraightToWall(r)) setAuto((list) => [r, ...list.filter((x) => x.id !== r.id)].slice(0, KEEP_NOTICES));
  });
  const { decide, busy } = useDecide();
  const list = pending.data ?? [];
  const newest = list[0];
  if (!newest && auto.length === 0) return null;

  const act = async (approve: boolean) => {
    if (!newest) return;
    setError(null);
    try {
      await decide(newest.id, approve);
    } catch (err) {
      setError(failureText(t, 'requestsView.failed', err));
    }
  };
  return (
    <div className="rq-banners">
      {newest ? (
        <div className="rq-banner" role="alert" data-request-banner={newest.id}>
          <span className="rq-banner__icon" aria-hidden="true">
            ▲
          </span>
          <div className="rq-banner__text">
            <strong>{t('requestsView.banner.pending', { count: list.length })}</strong>
            <span>{t('requestsView.banner.from', { node: who(newest), what: what(newest), ago: formatRelativeAge(newest.createdAt, now) })}</span>
            {error ? <span className="rq-error">{error}</span> : null}
          </div>
          <button type="button" className="rq-btn rq-btn--approve" disabled={busy === newest.id} onClick={() => void act(true)} data-action="banner-approve">
            {t('requestsView.approve')}
          </button>
          <button type="button" className="rq-btn rq-btn--decline" disabled={busy === newest.id} onClick={() => void act(false)} data-action="banner-decline">
            {t('requestsView.decline')}
          </button>
          <button type="button" className="rq-btn" onClick={onOpen} data-action="banner-open">
            {t('requestsView.banner.open')}
          </button>
        </div>
      ) : null}
      {auto.map((r) => (
        <div key={r.id} className="rq-banner rq-banner--info" role="status" data-request-auto={r.id}>
          <div className="rq-banner__text">
            <span>{t('requestsView.banner.auto', { node: who(r), what: what(r), ago: formatRelativeAge(r.createdAt, now) })}</span>
          </div>
          <button type="button" className="rq-btn" onClick={() => setAuto((l) => l.filter((x) => x.id !== r.id))}>
            {t('requestsView.banner.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
