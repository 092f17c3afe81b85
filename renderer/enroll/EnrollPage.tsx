/**
 * First-run screen of a desktop node ("Nhập mã đăng ký"): one big, touch-friendly field for the
 * one-time code. The code goes to main through the bridge's enroll call; main exchanges it
 * with the host and keeps the credential — this page only learns the role it was given.
 */
import { useState, type FormEvent } from 'react';
import { LangSwitch } from '../components/LangSwitch';
import { formatCode } from './code';
import './strings';
import './enroll.css';
import { useTranslation } from '../i18n';

type Phase = { kind: 'idle' } | { kind: 'sending' } | { kind: 'error'; message: string } | { kind: 'done'; name: string; role: string };

export default function EnrollPage({ host, reason }: { host: string | null; reason: string | null }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const bridge = typeof window !== 'undefined' ? window.iocHost : undefined;
  const complete = code.replace('-', '').length === 8;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!bridge?.enroll || !complete || phase.kind === 'sending') return;
    setPhase({ kind: 'sending' });
    try {
      const answer = await bridge.enroll(code);
      if (answer.ok) setPhase({ kind: 'done', name: answer.name, role: answer.role });
      else setPhase({ kind: 'error', message: answer.message });
    } catch (err) {
      setPhase({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <main className="enroll" data-enroll>
      <div className="enroll__lang">
        <LangSwitch />
      </div>
      <form className="enroll__card" onSubmit={submit} noValidate>
        <h1>{t('enroll.title')}</h1>
        <p className="enroll__lead">{t('enroll.lead')}</p>
        {reason === 'revoked' && (
          <p className="enroll__notice" role="alert" data-enroll-reason="revoked">
            {t('enroll.revoked')}
          </p>
        )}
        {host && (
          <p className="enroll__host">
            {t('enroll.host')}: <code>{host}</code>
          </p>
        )}
        <label className="enroll__label" htmlFor="enroll-code">
          {t('enroll.codeLabel')}
        </label>
        <input
          id="enroll-code"
          className="enroll__code"
          value={code}
          onChange={(e) => {
            setCode(formatCode(e.target.value));
            if (phase.kind === 'error') setPhase({ kind: 'idle' });
          }}
          autoFocus
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          placeholder="XXXX-XXXX"
          maxLength={9}
          disabled={!bridge || phase.kind === 'sending' || phase.kind === 'done'}
          aria-invalid={phase.kind === 'error'}
          aria-describedby="enroll-status"
        />
        <button className="enroll__submit" type="submit" disabled={!bridge || !complete || phase.kind === 'sending' || phase.kind === 'done'}>
          {phase.kind === 'sending' ? t('enroll.sending') : t('enroll.submit')}
        </button>
        <div id="enroll-status" className="enroll__status" aria-live="polite">
          {!bridge && <p className="enroll__error">{t('enroll.noBridge')}</p>}
          {phase.kind === 'error' && (
            <p className="enroll__error" role="alert" data-enroll-error>
              {phase.message}
            </p>
          )}
          {phase.kind === 'done' && (
            <p className="enroll__done" data-enroll-done>
              {t('enroll.done', { name: phase.name, role: t(`enroll.roles.${phase.role}`, { defaultValue: phase.role }) })}
            </p>
          )}
        </div>
        <p className="enroll__howto">{t('enroll.howTo')}</p>
      </form>
    </main>
  );
}
