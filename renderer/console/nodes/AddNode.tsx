/**
 * Adding a node: a desktop machine gets a one-time code to type in (big, with its countdown);
 * a browser display is created and enrolled right here, and its addresses (with the node's
 * credential) are shown once with a QR code each and a copy button.
 */
import { useEffect, useState } from 'react';
import type { NewNodeResult, NodeRole } from '../../../host/api/contract';
import { useCommand } from '../../client/commands';
import { useHostClient } from '../../client/context';
import { useHost } from '../../client/hooks';
import { useNow } from '../../components/hooks';
import { formatCountdown } from './format';
import { browserNodeUrls, checkHostBase, enrollOnThisHost, type NodeUrl } from './urls';
import { useTranslation } from '../../i18n';

const ROLES: NodeRole[] = ['wall', 'console', 'kiosk'];

/** The one-time code in type an installer reads from across the desk, with its time left. */
export function CodeCard({ name, code, expiresAt, onClose }: { name: string; code: string; expiresAt: string; onClose(): void }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const left = Date.parse(expiresAt) - now.getTime();
  return (
    <section className="nv-card" aria-label={t('nodesView.add.codeTitle', { name })} data-enroll-code={code}>
      <h3>{t('nodesView.add.codeTitle', { name })}</h3>
      <p className="nv-code" aria-live="off">
        {code}
      </p>
      <p className={left > 0 ? 'nv-countdown' : 'nv-countdown nv-countdown--expired'} role="timer">
        {left > 0 ? t('nodesView.add.expiresIn', { time: formatCountdown(left) }) : t('nodesView.add.expired')}
      </p>
      <p className="nv-sub">{t('nodesView.add.codeHelp')}</p>
      <button type="button" className="nv-btn" onClick={onClose}>
        {t('nodesView.actions.close')}
      </button>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'ok' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('ok');
    } catch {
      setState('failed'); // plain http on the LAN is no secure context: no clipboard API there
    }
  };
  return (
    <>
      <button type="button" className="nv-btn" onClick={() => void copy()} data-action="copy-url">
        {state === 'ok' ? t('nodesView.add.copied') : t('nodesView.add.copy')}
      </button>
      {state === 'failed' ? <span className="nv-error">{t('nodesView.add.copyFailed')}</span> : null}
    </>
  );
}

function QrImage({ text }: { text: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((qr) => qr.toDataURL(text, { margin: 2, width: 220, errorCorrectionLevel: 'M' }))
      .then((url) => live && setSrc(url))
      .catch((err: unknown) => console.warn('QR code failed:', err));
    return () => void (live = false);
  }, [text]);
  return src ? <img className="nv-qr" src={src} width={220} height={220} alt="" /> : <span className="nv-qr" />;
}

export function BrowserUrls({ name, urls, onClose }: { name: string; urls: NodeUrl[]; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <section className="nv-card" data-browser-urls>
      <h3>{t('nodesView.add.urlsTitle', { name })}</h3>
      <p className="nv-sub">{t('nodesView.add.urlsHelp')}</p>
      <ul className="nv-urls">
        {urls.map((u) => (
          <li key={u.url} data-display={u.displayId ?? ''}>
            <QrImage text={u.url} />
            <div className="nv-urls__text">
              {u.displayId ? <strong>{t('nodesView.add.wallDisplay', { id: u.displayId })}</strong> : null}
              <input className="nv-url" readOnly value={u.url} onFocus={(e) => e.currentTarget.select()} aria-label={u.displayId ?? name} />
              <div>
                <CopyButton text={u.url} />
              </div>
            </div>
          </li>
        ))}
      </ul>
      <button type="button" className="nv-btn" onClick={onClose}>
        {t('nodesView.actions.close')}
      </button>
    </section>
  );
}

type Result = { kind: 'code'; node: NewNodeResult } | { kind: 'urls'; name: string; urls: NodeUrl[] };

/** The form for one of the two ways to add; `browser` enrolls from this page. */
export function AddNode({ browser, onDone }: { browser: boolean; onDone(message: string | null): void }) {
  const { t } = useTranslation();
  const client = useHostClient();
  const addNode = useCommand('nodes.add', ['nodes.list']);
  const wall = useHost('wall.get', {}, { enabled: browser });
  const httpPage = location.protocol === 'http:' || location.protocol === 'https:';
  const [role, setRole] = useState<NodeRole>(browser ? 'wall' : 'wall');
  const [name, setName] = useState('');
  const [base, setBase] = useState(() => (httpPage ? location.origin : ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  if (result?.kind === 'code') return <CodeCard name={result.node.name} code={result.node.code} expiresAt={result.node.expiresAt} onClose={() => onDone(null)} />;
  if (result?.kind === 'urls') return <BrowserUrls name={result.name} urls={result.urls} onClose={() => onDone(null)} />;
  if (browser && !httpPage) return <p className="nv-msg">{t('nodesView.add.noHttp')}</p>;

  const origin = browser ? checkHostBase(base) : null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const node = await addNode.mutateAsync({ role, name: name.trim() });
      if (!browser) {
        setResult({ kind: 'code', node });
        return;
      }
      try {
        const enrolled = await enrollOnThisHost(node.code);
        const displays = (wall.data ?? (await client.call('wall.get', {}))).displays.map((d) => d.id);
        setResult({ kind: 'urls', name: node.name, urls: browserNodeUrls(origin!, enrolled.role, enrolled.credential, displays) });
      } catch (err) {
        setError(t('nodesView.add.enrollFailed', { message: err instanceof Error ? err.message : String(err) }));
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="nv-card nv-form" onSubmit={(e) => void submit(e)} data-add-node={browser ? 'browser' : 'desktop'}>
      <h3>{browser ? t('nodesView.add.browser') : t('nodesView.add.node')}</h3>
      <label>
        <span>{t('nodesView.add.role')}</span>
        <select value={role} onChange={(e) => setRole(e.target.value as NodeRole)} name="role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`nodesView.role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="nv-form__wide">
        <span>{t('nodesView.add.name')}</span>
        <input name="name" required maxLength={64} value={name} placeholder={t('nodesView.add.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
      </label>
      {browser ? (
        <label className="nv-form__wide">
          <span>{t('nodesView.add.hostUrl')}</span>
          <input name="base" required value={base} onChange={(e) => setBase(e.target.value)} aria-invalid={origin === null} />
          <small className="nv-sub">{t('nodesView.add.hostUrlHint')}</small>
        </label>
      ) : null}
      <div className="nv-form__actions">
        <button type="submit" className="nv-btn nv-btn--primary" disabled={busy || !name.trim() || (browser && origin === null)}>
          {browser ? t('nodesView.add.createBrowser') : t('nodesView.add.create')}
        </button>
        <button type="button" className="nv-btn" onClick={() => onDone(null)}>
          {t('nodesView.actions.cancel')}
        </button>
      </div>
      {error ? (
        <p className="nv-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
