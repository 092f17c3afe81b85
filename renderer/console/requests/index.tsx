/**
 * "Yêu cầu lên tường": leaders' requests from the kiosks. Each pending one shows what the wall
 * would look like (the console's scaled wall preview), which kiosk asked, when, the leader's
 * note, and Duyệt / Từ chối with an optional note back to the kiosk; below, the recent ones
 * and how they were decided.
 */
import { useEffect, useRef, useState } from 'react';
import type { WallRequestInfo } from '../../../host/api/contract';
import type { Wall } from '../../../layouts/model';
import { CATALOG } from '../../../domains/catalog';
import { useHost } from '../../client/hooks';
import { useLang, useTranslation } from '../../i18n';
import { failureText } from '../../client/commands';
import { formatDateTime, formatRelativeAge } from '../../format';
import { useNow } from '../../components/hooks';
import { ScaledWall } from '../preview/ScaledWall';
import './i18n';
import './requests.css';
import { useDecide, useRequester, useRequestWhat, useWallRequests, wentStraightToWall } from './useWallRequests';

function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    if (!ref.current) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(280, Math.min(720, e!.contentRect.width))));
    ro.observe(ref.current);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

function PendingRequest({ r, wall, onDone }: { r: WallRequestInfo; wall: Wall | undefined; onDone(message: { ok: boolean; text: string }): void }) {
  const { t } = useTranslation();
  const what = useRequestWhat();
  const who = useRequester();
  const { lt } = useLang();
  const now = useNow(15_000);
  const { decide, busy } = useDecide();
  const [note, setNote] = useState('');
  const box = useWidth(560);
  const act = async (approve: boolean) => {
    try {
      await decide(r.id, approve, note);
      onDone({ ok: true, text: t(approve ? 'requestsView.approved' : 'requestsView.declined', { what: what(r) }) });
    } catch (err) {
      onDone({ ok: false, text: failureText(t, 'requestsView.failed', err) });
    }
  };
  return (
    <li className="rq-item" data-request-id={r.id}>
      <div className="rq-item__preview" ref={box.ref}>
        {wall ? <ScaledWall wall={wall} layout={r.layout} width={box.width} /> : null}
      </div>
      <div className="rq-item__body">
        <h3>{CATALOG[r.domain] ? lt(CATALOG[r.domain].name) : r.domain}</h3>
        <dl>
          <dt>{t('requestsView.from')}</dt>
          <dd data-request-node>{who(r)}</dd>
          <dt>{t('requestsView.at')}</dt>
          <dd>
            {formatDateTime(r.createdAt)} · {formatRelativeAge(r.createdAt, now)}
          </dd>
          {r.note ? (
            <>
              <dt>{t('requestsView.note')}</dt>
              <dd>{r.note}</dd>
            </>
          ) : null}
        </dl>
        <label className="rq-note">
          <span>{t('requestsView.decisionNote')}</span>
          <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} name="decision-note" />
        </label>
        <div className="rq-actions">
          <button type="button" className="rq-btn rq-btn--approve" disabled={busy === r.id} onClick={() => void act(true)} data-action="approve">
            {t('requestsView.approve')}
          </button>
          <button type="button" className="rq-btn rq-btn--decline" disabled={busy === r.id} onClick={() => void act(false)} data-action="decline">
            {t('requestsView.decline')}
          </button>
        </div>
      </div>
    </li>
  );
}

export default function WallRequestsTab() {
  const { t } = useTranslation();
  const what = useRequestWhat();
  const who = useRequester();
  const pending = useWallRequests('pending');
  const recent = useWallRequests('recent');
  const wall = useHost('wall.get', {});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const decided = (recent.data ?? []).filter((r) => r.state !== 'pending');
  return (
    <div className="rq">
      <h2>{t('requestsView.title')}</h2>
      {message ? (
        <p className={message.ok ? 'rq-msg' : 'rq-msg rq-msg--error'} role={message.ok ? 'status' : 'alert'} data-request-message>
          {message.text}
        </p>
      ) : null}
      <h3>{t('requestsView.pending')}</h3>
      {pending.isSuccess && !pending.data.length ? <p className="rq-sub">{t('requestsView.none')}</p> : null}
      <ul className="rq-list">
        {(pending.data ?? []).map((r) => (
          <PendingRequest key={r.id} r={r} wall={wall.data} onDone={setMessage} />
        ))}
      </ul>
      <h3>{t('requestsView.recent')}</h3>
      {recent.isSuccess && !decided.length ? <p className="rq-sub">{t('requestsView.noneRecent')}</p> : null}
      {decided.length ? (
        <table className="rq-recent">
          <tbody>
            {decided.map((r) => (
              <tr key={r.id} data-request-id={r.id} data-request-state={r.state}>
                <td>{formatDateTime(r.createdAt)}</td>
                <td>{who(r)}</td>
                <td>{what(r)}</td>
                <td>
                  <span className={`rq-state rq-state--${r.state}`}>{t(`requestsView.state.${r.state}`)}</span>{' '}
                  <span className="rq-sub">
                    {wentStraightToWall(r)
                      ? t('requestsView.auto')
                      : r.decidedAt && r.decidedBy
                        ? t('requestsView.decidedBy', { by: r.decidedBy, time: formatDateTime(r.decidedAt) })
                        : null}
                  </span>
                  {r.decisionNote && !wentStraightToWall(r) ? <div className="rq-sub">“{r.decisionNote}”</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
