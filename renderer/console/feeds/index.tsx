/**
 * Console tab "Nguồn dữ liệu": each feed's state (last success, last error in plain words, next
 * run, counts, network down), a "Chạy ngay" button per feed, and the outbox of operator actions
 * still waiting for the actions endpoint. The admin also adds feeds, edits them (a quick form, or
 * the whole feed as JSON: FeedEditor), deletes those added here and reverts those edited here to
 * the config file's version. Re-queries on `feeds.changed` and `changed`.
 */
import { useEffect, useState } from 'react';
import { domainDef } from '../../../domains/catalog';
import type { FeedError, FeedRunResult, FeedView } from '../../../host/api/contract/sync';
import { useCommand } from '../../client/commands';
import { useHost } from '../../client/hooks';
import { formatDateTime, formatInteger, formatRelativeAge, formatRelativeTime } from '../../format';
import { hostNow } from '../../client/host-clock';
import './i18n';
import SecretsSection from './Secrets';
import { FeedEditor, type FeedSaved } from './FeedEditor';
import { isAdmin, useWhoami } from '../whoami';
import './feeds.css';
import { useTranslation } from '../../i18n';

function stateOf(f: FeedView): 'ok' | 'error' | 'never' | 'running' | 'disabled' {
  if (f.running) return 'running';
  if (!f.enabled) return 'disabled';
  if (f.lastError) return 'error';
  return f.lastSuccessAt ? 'ok' : 'never';
}

function EditRow({ feed, onDone }: { feed: FeedView; onDone(message: string | null): void }) {
  const { t } = useTranslation();
  const saveFeed = useCommand('feeds.save', ['feeds.list']);
  const [name, setName] = useState(feed.config.name ?? '');
  const [url, setUrl] = useState(feed.config.url);
  const [interval, setIntervalS] = useState(String(Math.round(feed.config.interval / 1000)));
  const [enabled, setEnabled] = useState(feed.config.enabled);
  const error = saveFeed.error?.message ?? null;
  const saving = saveFeed.isPending;
  function save() {
    saveFeed.mutate(
      { feed: { ...feed.config, name: name.trim() || undefined, url: url.trim(), interval: Math.round(Number(interval) * 1000), enabled } },
      { onSuccess: () => onDone(t('feedsView.form.saved', { id: feed.id })) },
    );
  }
  return (
    <tr data-feed-edit={feed.id}>
      <td colSpan={6}>
        <form
          className="fv-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label>
            <span>{t('feedsView.form.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="fv-form__wide">
            <span>{t('feedsView.form.url')}</span>
            <input value={url} onChange={(e) => setUrl(e.target.value)} required />
          </label>
          <label>
            <span>{t('feedsView.form.interval')}</span>
            <input type="number" min={1} value={interval} onChange={(e) => setIntervalS(e.target.value)} required />
          </label>
          <label className="fv-form__check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span>{t('feedsView.form.enabled')}</span>
          </label>
          <div className="fv-form__actions">
            <button type="submit" className="fv-btn fv-btn--primary" disabled={saving} data-testid={`save-${feed.id}`}>
              {t('feedsView.form.save')}
            </button>
            <button type="button" className="fv-btn" onClick={() => onDone(null)}>
              {t('feedsView.form.cancel')}
            </button>
          </div>
          <p className="fv-sub">{t('feedsView.form.secretsKept')}</p>
          {error ? <p className="fv-error" role="alert">{error}</p> : null}
        </form>
      </td>
    </tr>
  );
}

export default function FeedsView() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const runNow = useCommand('feeds.runNow', ['feeds.list', 'outbox.list']);
  const feeds = useHost('feeds.list', {});
  const outbox = useHost('outbox.list', { includeDelivered: false });
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // The JSON editor: a new feed ('' ) or the feed of that id.
  const [editingJson, setEditingJson] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const admin = isAdmin(useWhoami());
  const remove = useCommand((client, { id, how }: { id: string; how: 'delete' | 'revert' }) => client.call(how === 'delete' ? 'feeds.delete' : 'feeds.revert', { id }), ['feeds.list']);
  const [messages, setMessages] = useState<string[]>([]);
  const [, setTick] = useState(0);

  useEffect(() => {
    // Relative times ("2 phút trước", "sau 3 phút") move on even when nothing is pushed.
    const timer = setInterval(() => setTick((n) => n + 1), 15_000);
    return () => {
      clearInterval(timer);
    };
  }, []);

  const words = (e: FeedError) => (en ? e.en : e.vi);
  // Intl says "vừa xong" (just now) for anything within a minute, also ahead: say "soon" instead.
  const ahead = (iso: string) => {
    const ms = Date.parse(iso) - now.getTime();
    return ms >= 0 && ms < 60_000 ? t('feedsView.soon') : formatRelativeTime(iso, now);
  };

  const resultLine = (r: FeedRunResult) =>
    r.ok
      ? r.notModified
        ? t('feedsView.result.notModified', { id: r.feedId })
        : t('feedsView.result.ok', { id: r.feedId, fetched: formatInteger(r.counts.fetched), inserted: formatInteger(r.counts.inserted), updated: formatInteger(r.counts.updated) })
      : t('feedsView.result.failed', { id: r.feedId, error: r.error ? words(r.error) : '' });

  async function run(id?: string) {
    setBusy(id ?? '*');
    try {
      const results: FeedRunResult[] = await runNow.mutateAsync(id ? { id } : {});
      setMessages(results.map(resultLine));
    } catch (e) {
      setMessages([String((e as Error).message)]);
    } finally {
      setBusy(null);
    }
  }

  function saved(done: FeedSaved) {
    setEditingJson(null);
    if (done) setMessages([t('feedsView.form.saved', { id: done.id }), ...(done.run ? [resultLine(done.run)] : [])]);
  }

  async function drop(id: string, how: 'delete' | 'revert') {
    setConfirmDelete(null);
    try {
      await remove.mutateAsync({ id, how });
      setMessages([t(how === 'delete' ? 'feedsView.deleted' : 'feedsView.reverted', { id })]);
    } catch (e) {
      setMessages([String((e as Error).message)]);
    }
  }

  const list = feeds.data;
  const waiting = outbox.data ?? [];
  const now = hostNow();
  return (
    <div className="fv" data-testid="feeds-view">
      <div className="fv-head">
        <h2>{t('feedsView.title')}</h2>
        {admin ? (
          <button type="button" className="fv-btn" data-testid="add-feed" onClick={() => setEditingJson(editingJson === '' ? null : '')}>
            {t('feedsView.add')}
          </button>
        ) : null}
        <button type="button" className="fv-btn fv-btn--primary" disabled={busy !== null || !list?.feeds.length} onClick={() => void run()}>
          {busy === '*' ? t('feedsView.running') : t('feedsView.runAll')}
        </button>
      </div>
      {list?.networkDown ? (
        <div className="fv-banner" role="alert" data-testid="network-down">
          {t('feedsView.networkDown')}
        </div>
      ) : null}
      {messages.length ? (
        <div className="fv-msg" role="status" data-testid="run-result">
          {messages.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      {editingJson === '' ? <FeedEditor start={null} onDone={saved} /> : null}
      {list && list.feeds.length === 0 ? <p>{t(admin ? 'feedsView.emptyAdmin' : 'feedsView.empty')}</p> : null}
      {list && list.feeds.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>{t('feedsView.col.feed')}</th>
              <th>{t('feedsView.col.state')}</th>
              <th>{t('feedsView.col.lastSuccess')}</th>
              <th>{t('feedsView.col.nextRun')}</th>
              <th>{t('feedsView.col.counts')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.feeds.map((f) => {
              const st = stateOf(f);
              const c = f.lastCounts;
              return [
                <tr key={f.id} data-feed-id={f.id} data-feed-state={st}>
                  <td>
                    <div className="fv-name">{f.name ?? f.id}</div>
                    <div className="fv-sub">
                      {domainDef(f.domain).name[en ? 'en' : 'vi']} · {f.adapter} · {f.id}
                    </div>
                  </td>
                  <td>
                    <span className={`fv-badge fv-badge--${st}`}>{t(`feedsView.state.${st}`)}</span>
                    {f.lastError ? (
                      <div className="fv-error" data-testid="feed-error">
                        {words(f.lastError)}
                        {f.consecutiveFailures > 1 ? <div className="fv-sub">{t('feedsView.failures', { n: f.consecutiveFailures })}</div> : null}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {f.lastSuccessAt ? (
                      <>
                        {formatDateTime(f.lastSuccessAt)}
                        <div className="fv-sub">{formatRelativeAge(f.lastSuccessAt, now)}</div>
                      </>
                    ) : (
                      t('feedsView.never')
                    )}
                  </td>
                  <td>{f.nextRunAt && f.enabled ? <>{formatDateTime(f.nextRunAt)}<div className="fv-sub">{ahead(f.nextRunAt)}</div></> : '—'}</td>
                  <td>
                    {f.lastRunAt ? (
                      c.notModified > 0 && c.fetched === 0 ? (
                        t('feedsView.notModified')
                      ) : (
                        t('feedsView.counts', {
                          fetched: formatInteger(c.fetched),
                          inserted: formatInteger(c.inserted),
                          updated: formatInteger(c.updated),
                          quarantined: formatInteger(c.quarantined),
                        })
                      )
                    ) : (
                      '—'
                    )}
                    {f.quarantinedTotal > 0 ? <div className="fv-sub">{t('feedsView.quarantinedTotal', { n: formatInteger(f.quarantinedTotal) })}</div> : null}
                  </td>
                  <td>
                    <button type="button" className="fv-btn" data-testid={`run-${f.id}`} disabled={busy !== null} onClick={() => void run(f.id)}>
                      {busy === f.id ? t('feedsView.running') : t('feedsView.runNow')}
                    </button>
                    {admin ? (
                      <div className="fv-actions">
                        <button type="button" className="fv-btn" data-testid={`edit-${f.id}`} onClick={() => setEditing(editing === f.id ? null : f.id)}>
                          {t('feedsView.edit')}
                        </button>
                        <button type="button" className="fv-btn" data-testid={`json-${f.id}`} onClick={() => setEditingJson(editingJson === f.id ? null : f.id)}>
                          {t('feedsView.json.edit')}
                        </button>
                        {f.inConfig ? (
                          f.edited ? (
                            <button type="button" className="fv-btn" data-testid={`revert-${f.id}`} disabled={remove.isPending} onClick={() => void drop(f.id, 'revert')}>
                              {t('feedsView.revert')}
                            </button>
                          ) : null
                        ) : (
                          <button type="button" className="fv-btn fv-btn--danger" data-testid={`delete-${f.id}`} onClick={() => setConfirmDelete(f.id)}>
                            {t('feedsView.delete')}
                          </button>
                        )}
                      </div>
                    ) : null}
                    {confirmDelete === f.id ? (
                      <div className="fv-confirm" role="alertdialog" aria-label={t('feedsView.delete')}>
                        <p>{t('feedsView.deleteConfirm', { id: f.id })}</p>
                        <button type="button" className="fv-btn fv-btn--danger" data-testid={`delete-confirm-${f.id}`} onClick={() => void drop(f.id, 'delete')}>
                          {t('feedsView.delete')}
                        </button>{' '}
                        <button type="button" className="fv-btn" onClick={() => setConfirmDelete(null)}>
                          {t('feedsView.form.cancel')}
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>,
                editing === f.id ? (
                  <EditRow
                    key={`${f.id}-edit`}
                    feed={f}
                    onDone={(m) => {
                      setEditing(null);
                      if (m) setMessages([m]);
                    }}
                  />
                ) : null,
                editingJson === f.id ? (
                  <tr key={`${f.id}-json`}>
                    <td colSpan={6}>
                      <FeedEditor start={f.config} onDone={saved} />
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      ) : null}

      <h3>{t('feedsView.outbox.title')}</h3>
      {list && !list.outbox.endpointConfigured ? <p className="fv-sub">{t('feedsView.outbox.noEndpoint')}</p> : null}
      {waiting.length === 0 ? (
        <p data-testid="outbox-empty">{t('feedsView.outbox.none')}</p>
      ) : (
        <>
          <p data-testid="outbox-waiting">{t('feedsView.outbox.waiting', { n: waiting.length })}</p>
          <table>
            <thead>
              <tr>
                <th>{t('feedsView.outbox.seq')}</th>
                <th>{t('feedsView.outbox.action')}</th>
                <th>{t('feedsView.outbox.report')}</th>
                <th>{t('feedsView.outbox.created')}</th>
                <th>{t('feedsView.outbox.attempts')}</th>
                <th>{t('feedsView.outbox.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((o) => (
                <tr key={o.seq} data-outbox-seq={o.seq}>
                  <td>{o.seq}</td>
                  <td>{t(`feedsView.outbox.kinds.${o.action}`)}</td>
                  <td>{o.eventId}</td>
                  <td>{formatDateTime(o.createdAt)}</td>
                  <td>{o.attempts}</td>
                  <td className="fv-error">
                    {o.lastError ? words(o.lastError) : ''}
                    {o.nextAttemptAt ? <div className="fv-sub">{t('feedsView.outbox.nextAttempt')}: {ahead(o.nextAttemptAt)}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <SecretsSection />
    </div>
  );
}
