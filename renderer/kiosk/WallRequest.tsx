/**
 * "Đưa lên tường": asks before changing what the whole room sees, then sends one request to the
 * host (wallRequest.create). An operator approves or declines it in the console; the kiosk
 * follows its request through 'wallRequest.changed' and says the outcome in the leader's language.
 */
import { useEffect, useState } from 'react';
import type { DomainId } from '../../domains/ids';
import type { WallRequestInfo } from '../../host/api/contract';
import { useCommand } from '../client/commands';
import { useHostClient } from '../client/context';
import { useTranslation } from '../i18n';

type State =
  | { step: 'idle' }
  | { step: 'confirm' }
  | { step: 'sending' }
  | { step: 'pending'; id: string }
  | { step: 'done'; ok: boolean; message: string };

export function WallRequest({ domain, areaId, what, resetKey }: { domain: DomainId; areaId: string | undefined; what: string; resetKey: number }) {
  const { t } = useTranslation();
  const client = useHostClient();
  // The kiosk lists no requests: nothing to refresh; the outcome comes by 'wallRequest.changed'.
  const create = useCommand('wallRequest.create');
  const [state, setState] = useState<State>({ step: 'idle' });

  // Idle return to home closes the dialog too (a pending request stays with the operator).
  useEffect(() => setState({ step: 'idle' }), [resetKey]);
  useEffect(() => {
    if (state.step !== 'done') return;
    const timer = window.setTimeout(() => setState({ step: 'idle' }), 6000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const pendingId = state.step === 'pending' ? state.id : null;
  useEffect(() => {
    if (!pendingId) return;
    const outcome = (r: WallRequestInfo) => {
      if (r.id !== pendingId || r.state === 'pending') return;
      if (r.state === 'approved') setState({ step: 'done', ok: true, message: t('kiosk.sent', { what }) });
      else if (r.state === 'declined') {
        setState({ step: 'done', ok: false, message: [t('kiosk.declined', { what }), r.decisionNote].filter(Boolean).join(' ') });
      } else setState({ step: 'done', ok: false, message: t('kiosk.superseded') });
    };
    const off = client.on('wallRequest.changed', outcome);
    // Decided while this page was not listening (a reconnect): ask once. If the host cannot be
    // asked now, the page keeps waiting for 'wallRequest.changed' (no unhandled rejection).
    client
      .call('wallRequest.list', { include: 'recent' })
      .then((list) => {
        const mine = list.find((r) => r.id === pendingId);
        if (mine) outcome(mine);
      })
      .catch(() => undefined);
    return off;
  }, [client, pendingId, t, what]);

  const send = async () => {
    setState({ step: 'sending' });
    try {
      const r = await create.mutateAsync({ domain, ...(areaId ? { areaId } : {}), note: what.slice(0, 200) });
      if (r.state === 'approved') setState({ step: 'done', ok: true, message: t('kiosk.sent', { what }) });
      else setState({ step: 'pending', id: r.id });
    } catch (err) {
      setState({ step: 'done', ok: false, message: t('kiosk.failed', { message: err instanceof Error ? err.message : String(err) }) });
    }
  };

  const busy = state.step === 'sending' || state.step === 'pending';
  return (
    <>
      <button type="button" className="kbtn kbtn--wall" onClick={() => setState({ step: 'confirm' })} data-action="to-wall" disabled={busy}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <rect x="2" y="4" width="20" height="12" rx="1.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M8 20h8M12 16v4" stroke="currentColor" strokeWidth="2" />
        </svg>
        {state.step === 'sending' ? t('kiosk.sending') : t('kiosk.toWall')}
      </button>
      {state.step === 'confirm' ? (
        <div className="kmodal" role="dialog" aria-modal="true" aria-labelledby="kmodal-title">
          <div className="kmodal__box">
            <h2 id="kmodal-title">{t('kiosk.confirmTitle')}</h2>
            <p>{t('kiosk.confirmText', { what })}</p>
            <div className="kmodal__actions">
              <button type="button" className="kbtn kbtn--wall" onClick={() => void send()} data-action="confirm-wall">
                {t('kiosk.confirmYes')}
              </button>
              <button type="button" className="kbtn" onClick={() => setState({ step: 'idle' })} data-action="cancel">
                {t('kiosk.cancel')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
      {state.step === 'pending' ? (
        <div className="ktoast" role="status" data-wall-request="pending">
          <span aria-hidden="true">⏳</span> {t('kiosk.pending', { what })}
        </div>
      ) : null}
      {state.step === 'done' ? (
        <div className={`ktoast ${state.ok ? 'is-ok' : 'is-error'}`} role={state.ok ? 'status' : 'alert'} data-wall-request={state.ok ? 'ok' : 'error'}>
          <span aria-hidden="true">{state.ok ? '✓' : '!'}</span> {state.message}
        </div>
      ) : null}
    </>
  );
}
