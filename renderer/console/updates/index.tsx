/**
 * Console tab "Cập nhật": how this machine takes updates (server, channel, rollout group, install
 * window; plain HTTP in red), and "Nhập gói cập nhật" — an offline bundle checked, then applied
 * through bundle.apply (admin only). In the desktop app the file comes from a native open dialog;
 * in a browser, its path on the host machine is typed.
 */
import { useState } from 'react';
import type { BundleApplied, BundleSummary } from '../../../host/api/contract/updates';
import { useHost } from '../../client/hooks';
import { useCommand } from '../../client/commands';
import { chooseBundleFile, inDesktopApp } from '../../desktop-files';
import { formatDateTime } from '../../format';
import './i18n';
import './updates.css';
import { useTranslation } from '../../i18n';

type Msg = { kind: 'ok' | 'error'; lines: string[] } | null;

export default function Updates() {
  const { t } = useTranslation();
  const verifyBundle = useCommand('bundle.verify');
  // A bundle may replace layouts, the wall, alert rules, feeds: every query is refreshed.
  const applyBundle = useCommand('bundle.apply', () => true);
  const settings = useHost('updates.settings', {});
  const s = settings.data;
  const [path, setPath] = useState('');
  const [checked, setChecked] = useState<BundleSummary | null>(null);
  const busy = verifyBundle.isPending || applyBundle.isPending;
  const [msg, setMsg] = useState<Msg>(null);

  const refused = (err: unknown) => {
    const code = (err as { code?: string }).code;
    setMsg({ kind: 'error', lines: [code === 'forbidden' ? t('updatesView.bundle.adminOnly') : t('updatesView.bundle.refused', { message: (err as Error).message })] });
  };

  async function verify(file = path) {
    if (!file) return;
    setMsg(null);
    setChecked(null);
    try {
      const v = await verifyBundle.mutateAsync({ path: file });
      setChecked(v);
      setMsg({ kind: 'ok', lines: [t('updatesView.bundle.verified', { signer: v.signer, at: formatDateTime(v.createdAt), by: v.by, version: v.version })] });
    } catch (err) {
      refused(err);
    }
  }

  async function choose() {
    const file = await chooseBundleFile();
    if (!file) return;
    setPath(file);
    await verify(file);
  }

  async function apply() {
    setMsg(null);
    try {
      const r: BundleApplied = await applyBundle.mutateAsync({ path });
      const lines = [t('updatesView.bundle.applied', { parts: r.applied.map((k) => t(`updatesView.bundle.kinds.${k}`)).join(', ') })];
      if (r.backup) lines.push(t('updatesView.bundle.backup', { file: r.backup }));
      if (r.updateDir) lines.push(t('updatesView.bundle.update', { dir: r.updateDir }));
      setMsg({ kind: 'ok', lines });
      setChecked(null);
    } catch (err) {
      refused(err);
    }
  }

  return (
    <div className="upd">
      <h2>{t('updatesView.title')}</h2>
      {s ? (
        <dl data-update-settings>
          <dt>{t('updatesView.server')}</dt>
          <dd className={s.insecure ? 'upd__msg--error' : undefined} data-insecure={s.insecure || undefined}>
            {s.url ?? t('updatesView.builtIn')}
            {s.insecure ? ` — ${t('updatesView.insecure')}` : ''}
          </dd>
          <dt>{t('updatesView.channel')}</dt>
          <dd>{t(`updatesView.channels.${s.channel}`)}</dd>
          <dt>{t('updatesView.group')}</dt>
          <dd data-group={s.group}>{t(`updatesView.groups.${s.group}`)}</dd>
          <dt>{t('updatesView.window')}</dt>
          <dd>{t('updatesView.windowText', { from: s.installWindow.from, to: s.installWindow.to, timeZone: s.installWindow.timeZone, idle: s.installWindow.idleMinutes })}</dd>
        </dl>
      ) : settings.error ? (
        <p className="upd__msg--error">{(settings.error as { code?: string }).code === 'forbidden' ? t('updatesView.bundle.adminOnly') : settings.error.message}</p>
      ) : null}

      <section className="upd__bundle" data-bundle-import>
        <h3>{t('updatesView.bundle.title')}</h3>
        <p>{t('updatesView.bundle.hint')}</p>
        <div className="upd__row">
          {inDesktopApp() ? (
            <button type="button" onClick={() => void choose()} disabled={busy}>
              {t('updatesView.bundle.choose')}
            </button>
          ) : null}
          <input
            aria-label={t('updatesView.bundle.path')}
            placeholder={t('updatesView.bundle.path')}
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              setChecked(null);
            }}
          />
          <button type="button" onClick={() => void verify()} disabled={busy || !path}>
            {t('updatesView.bundle.verify')}
          </button>
          <button type="button" className="primary" onClick={() => void apply()} disabled={busy || !checked}>
            {t('updatesView.bundle.apply')}
          </button>
        </div>
        {checked ? (
          <ul className="upd__parts" data-bundle-parts>
            {checked.parts.map((p) => (
              <li key={p.path}>
                {t(`updatesView.bundle.kinds.${p.kind}`)} — {p.path} ({Math.max(1, Math.round(p.size / 1024))} KB)
              </li>
            ))}
          </ul>
        ) : null}
        {msg ? (
          <div className={`upd__msg--${msg.kind}`} role={msg.kind === 'error' ? 'alert' : 'status'} data-bundle-msg={msg.kind}>
            {msg.lines.map((l) => (
              <p key={l}>{l}</p>
            ))}
          </div>
        ) : null}
      </section>
    </div>
  );
}
