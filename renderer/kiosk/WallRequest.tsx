/**
 * "Đưa lên tường": asks before changing what the whole room sees, then saves the kiosk preset
 * and activates it (see wall-request.ts). The outcome is said in words, in the leader's language.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainId } from '../../domains/ids';
import { useHostClient } from '../client/context';
import { KIOSK_PRESET_ID, wallRequestLayout } from './wall-request';

type State = { step: 'idle' } | { step: 'confirm' } | { step: 'sending' } | { step: 'done'; ok: boolean; message: string };

export function WallRequest({ domain, areaId, what, resetKey }: { domain: DomainId; areaId: string | undefined; what: string; resetKey: number }) {
  const { t } = useTranslation();
  const client = useHostClient();
  const [state, setState] = useState<State>({ step: 'idle' });

  // Idle return to home closes the dialog too.
  useEffect(() => setState({ step: 'idle' }), [resetKey]);
  useEffect(() => {
    if (state.step !== 'done') return;
    const timer = window.setTimeout(() => setState({ step: 'idle' }), 6000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const send = async () => {
    setState({ step: 'sending' });
    try {
      const wall = await client.call('wall.get', {});
      const layout = wallRequestLayout(wall, domain, areaId, t('kiosk.requestName', { what }));
      await client.call('preset.save', { layout });
      await client.call('preset.activate', { id: KIOSK_PRESET_ID, until: 'next-change' });
      setState({ step: 'done', ok: true, message: t('kiosk.sent', { what }) });
    } catch (err) {
      setState({ step: 'done', ok: false, message: t('kiosk.failed', { message: err instanceof Error ? err.message : String(err) }) });
    }
  };

  return (
    <>
      <button type="button" className="kbtn kbtn--wall" onClick={() => setState({ step: 'confirm' })} data-action="to-wall" disabled={state.step === 'sending'}>
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
      {state.step === 'done' ? (
        <div className={`ktoast ${state.ok ? 'is-ok' : 'is-error'}`} role={state.ok ? 'status' : 'alert'} data-wall-request={state.ok ? 'ok' : 'error'}>
          <span aria-hidden="true">{state.ok ? '✓' : '!'}</span> {state.message}
        </div>
      ) : null}
    </>
  );
}
