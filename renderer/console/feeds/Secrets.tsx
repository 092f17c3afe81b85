/**
 * "Bí mật" (admin only): the names of the feed secrets, where each may be sent and which feeds
 * use it; a form to set one (the value goes in and is never shown again) and a delete button.
 * A console node without the admin role gets 'forbidden' from secrets.list and sees nothing here.
 */
import { useState } from 'react';
import { useCommand } from '../../client/commands';
import { useHost } from '../../client/hooks';
import './i18n';
import { useTranslation } from '../../i18n';

export default function SecretsSection() {
  const { t } = useTranslation();
  const list = useHost('secrets.list', {});
  const setSecret = useCommand('secrets.set', ['secrets.list']);
  const deleteSecret = useCommand('secrets.delete', ['secrets.list']);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [origins, setOrigins] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (list.isError) return null;

  async function save() {
    setError(null);
    setMessage(null);
    try {
      const o = origins.split(/[\s,]+/).filter(Boolean);
      await setSecret.mutateAsync({ name: name.trim(), value, origins: o });
      setMessage(t('feedsView.secrets.saved', { name: name.trim() }));
      setValue('');
      setName('');
      setOrigins('');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function remove(n: string) {
    setError(null);
    try {
      await deleteSecret.mutateAsync({ name: n });
      setMessage(t('feedsView.secrets.deleted', { name: n }));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const secrets = list.data ?? [];
  return (
    <section data-testid="secrets">
      <h3>{t('feedsView.secrets.title')}</h3>
      <p className="fv-sub">{t('feedsView.secrets.help')}</p>
      {secrets.length ? (
        <table className="fv-table">
          <thead>
            <tr>
              <th>{t('feedsView.secrets.name')}</th>
              <th>{t('feedsView.secrets.state')}</th>
              <th>{t('feedsView.secrets.origins')}</th>
              <th>{t('feedsView.secrets.usedBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {secrets.map((s) => (
              <tr key={s.name} data-secret={s.name}>
                <td>
                  <code>secret:{s.name}</code>
                </td>
                <td className={s.stored ? '' : 'fv-error'}>{s.stored ? t('feedsView.secrets.stored') : t('feedsView.secrets.missing')}</td>
                <td>{[...s.configOrigins, ...s.origins].join(', ') || '—'}</td>
                <td>{s.usedBy.join(', ') || '—'}</td>
                <td>
                  {s.stored ? (
                    <button type="button" className="fv-btn" onClick={() => void remove(s.name)} data-testid={`delete-secret-${s.name}`}>
                      {t('feedsView.secrets.delete')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('feedsView.secrets.none')}</p>
      )}
      <form
        className="fv-form"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          <span>{t('feedsView.secrets.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[A-Za-z0-9_.\-]+" placeholder="hotline.apiKey" data-testid="secret-name" />
        </label>
        <label>
          <span>{t('feedsView.secrets.value')}</span>
          <input type="password" value={value} onChange={(e) => setValue(e.target.value)} required autoComplete="new-password" data-testid="secret-value" />
        </label>
        <label className="fv-form__wide">
          <span>{t('feedsView.secrets.allowOrigins')}</span>
          <input value={origins} onChange={(e) => setOrigins(e.target.value)} placeholder="https://lgsp.binhphuoc.gov.vn" data-testid="secret-origins" />
        </label>
        <div className="fv-form__actions">
          <button type="submit" className="fv-btn fv-btn--primary" data-testid="secret-save">
            {t('feedsView.secrets.save')}
          </button>
        </div>
        {message ? <p className="fv-sub" role="status">{message}</p> : null}
        {error ? <p className="fv-error" role="alert">{error}</p> : null}
      </form>
    </section>
  );
}
