/**
 * Console tab "Phản ánh": the operator's hotline desk. Lists reports from the 'queue' view
 * (re-queried on `changed`), filters them by open / overdue / all and district, and acts on the
 * selected one through 'hotline.act'. An action shows at once (the host applies it locally);
 * until the actions endpoint has acknowledged it, it is marked "chờ gửi" from 'outbox.list',
 * refreshed on `feeds.changed` (the sync code emits it when the outbox moves).
 * Citizen text is only ever rendered as React text, never as HTML.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { QueryKey } from '@tanstack/react-query';
import { hotlineActSchema, type HotlineAction as Action, type HotlineActParams } from '../../../domains/hotline-actions';
import type { QueueItem } from '../../../domains/views';
import type { OutboxItem } from '../../../host/api/contract/sync';
import { failureText, useCommand } from '../../client/commands';
import { useHost, useView } from '../../client/hooks';
import { hostQueryOf } from '../../client/invalidation';
import { formatDateTime, formatInteger } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import './i18n';
import './desk.css';

type Filter = 'open' | 'overdue' | 'all';
const FILTERS: Filter[] = ['open', 'overdue', 'all'];
/** How long typing must pause before the desk searches, and how many reports a search lists. */
const SEARCH_PAUSE_MS = 250;
const SEARCH_LIMIT = 50;

const matches = (r: QueueItem, f: Filter) => (f === 'all' ? true : f === 'open' ? !r.closed : r.overdue);

function OverdueFlag() {
  const { t } = useTranslation();
  return (
    <span className="hd-flag hd-flag--overdue">
      <span aria-hidden="true">⚠</span> {t('hotlineDesk.overdue')}
    </span>
  );
}

function PendingFlag({ n }: { n: number }) {
  const { t } = useTranslation();
  return (
    <span className="hd-flag hd-flag--pending" data-testid="pending-flag" title={t('hotlineDesk.pendingCount', { n })}>
      <span aria-hidden="true">⏳</span> {t('hotlineDesk.pendingBadge')}
      {n > 1 ? ` (${formatInteger(n)})` : ''}
    </span>
  );
}

function ReportList({
  rows,
  selected,
  pending,
  filter,
  empty,
  onSelect,
}: {
  rows: QueueItem[];
  selected: string | null;
  pending: Map<string, number>;
  filter: Filter;
  /** What an empty list says (default: the filter's own words). */
  empty?: string;
  onSelect(id: string): void;
}) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const listRef = useRef<HTMLUListElement>(null);
  const index = rows.findIndex((r) => r.id === selected);
  // Keep the selected report in sight when it or the filter changes (not on every data push,
  // which would pull the list back while the operator scrolls).
  useEffect(() => {
    if (selected) listRef.current?.querySelector(`[data-report-id="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, filter]);
  const onKey = (e: KeyboardEvent) => {
    if (rows.length === 0) return;
    const go = (i: number) => {
      e.preventDefault();
      onSelect(rows[Math.max(0, Math.min(rows.length - 1, i))]!.id);
    };
    if (e.key === 'ArrowDown') go(index + 1);
    else if (e.key === 'ArrowUp') go(index < 0 ? 0 : index - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(rows.length - 1);
    else if (e.key === 'Enter' && index >= 0) {
      // From the list straight to the report's first available action.
      e.preventDefault();
      document.querySelector<HTMLButtonElement>('[data-testid="report-detail"] .hd-actions button:not(:disabled)')?.focus();
    }
  };
  if (rows.length === 0) return <p className="hd-empty">{empty ?? t(`hotlineDesk.empty.${filter}`)}</p>;
  return (
    <ul
      ref={listRef}
      className="hd-list"
      role="listbox"
      tabIndex={0}
      aria-label={t('hotlineDesk.list')}
      aria-describedby="hd-list-help"
      aria-activedescendant={index >= 0 ? `hd-r-${index}` : undefined}
      onKeyDown={onKey}
      onFocus={(e) => {
        // Tabbing in picks the first report for the arrows to start from. A click picks its own:
        // selecting (and scrolling to) the first one on the way would move the list from under
        // the pointer, and the click would land on another row or none.
        if (index < 0 && rows[0] && e.currentTarget.matches(':focus-visible')) onSelect(rows[0].id);
      }}
      data-testid="report-list"
    >
      {rows.map((r, i) => {
        const n = pending.get(r.id) ?? 0;
        return (
          <li
            key={r.id}
            id={`hd-r-${i}`}
            role="option"
            aria-selected={r.id === selected}
            className={`hd-row${r.overdue ? ' hd-row--overdue' : ''}${r.closed ? ' hd-row--closed' : ''}`}
            data-report-id={r.id}
            data-status={r.status}
            data-overdue={r.overdue}
            data-pending={n > 0}
            onClick={() => onSelect(r.id)}
          >
            <div className="hd-row__top">
              <span className={`hd-status hd-status--${r.closed ? 'closed' : 'open'}`} data-testid="row-status">
                {lt(r.statusName)}
              </span>
              {r.overdue ? <OverdueFlag /> : null}
              {n > 0 ? <PendingFlag n={n} /> : null}
            </div>
            <div className="hd-row__title">{r.title || lt(r.kindName)}</div>
            {r.description ? <div className="hd-row__text">{r.description}</div> : null}
            <div className="hd-row__meta">
              {r.areaName ?? t('hotlineDesk.unknownArea')} ·{' '}
              {r.dueAt ? t('hotlineDesk.due', { time: formatDateTime(r.dueAt) }) : t('hotlineDesk.noDue')} · {r.agency ?? t('hotlineDesk.unassigned')}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** What an action on a report changes: the hotline views (the queue) and the outbox. */
const deskQueries = (k: QueryKey) => (k[0] === 'view' && k[1] === 'hotline') || hostQueryOf('outbox.list')(k);

/** Retry or discard an action the endpoint refused or keeps failing (both audited by the host). */
function OutboxControls({ seq }: { seq: number }) {
  const { t } = useTranslation();
  const cmd = useCommand((client, method: 'outbox.retry' | 'outbox.discard') => client.call(method, { seq }), ['outbox.list']);
  const busy = cmd.isPending;
  const error = cmd.error?.message ?? null;
  const act = (method: 'outbox.retry' | 'outbox.discard') => cmd.mutate(method);
  return (
    <span className="hd-outbox-controls">
      <button type="button" disabled={busy} onClick={() => void act('outbox.retry')} data-testid="outbox-retry">
        {t('hotlineDesk.delivery.retry')}
      </button>
      <button type="button" disabled={busy} onClick={() => void act('outbox.discard')} data-testid="outbox-discard">
        {t('hotlineDesk.delivery.discard')}
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </span>
  );
}

function History({ report, outbox }: { report: QueueItem; outbox: OutboxItem[] }) {
  const { t } = useTranslation();
  const { lang } = useLang();
  const mine = outbox.filter((o) => o.eventId === report.id);
  const used = new Set<number>();
  // An operator action writes its note and its outbox row with the same time: pair them so each
  // line says whether the hotline system has it yet.
  const lines = report.notes.map((n) => {
    const o = mine.find((x) => !used.has(x.seq) && x.action === n.type && x.createdAt === n.at);
    if (o) used.add(o.seq);
    return { n, o };
  });
  if (lines.length === 0) return <p className="hd-sub">{t('hotlineDesk.noHistory')}</p>;
  return (
    <ol className="hd-history" data-testid="history">
      {lines.map(({ n, o }, i) => (
        <li key={`${n.at}-${i}`} data-history-type={n.type} data-delivered={o ? String(o.deliveredAt !== null) : undefined}>
          <span className="hd-history__time">{n.at ? formatDateTime(n.at) : ''}</span>
          <span className="hd-history__type">{t(`hotlineDesk.noteTypes.${n.type}`, { defaultValue: n.type })}</span>
          <span className="hd-history__text">{n.type === n.text ? '' : n.text}</span>
          {o ? (
            o.deliveredAt ? (
              <span className="hd-flag hd-flag--sent">
                <span aria-hidden="true">✓</span> {t('hotlineDesk.delivery.delivered', { time: formatDateTime(o.deliveredAt) })}
              </span>
            ) : o.discardedAt ? (
              <span className="hd-flag" data-testid="history-discarded">
                {t('hotlineDesk.delivery.discarded', { time: formatDateTime(o.discardedAt), by: o.discardedBy ?? '' })}
              </span>
            ) : (
              <span className="hd-flag hd-flag--pending" data-testid="history-pending">
                <span aria-hidden="true">⏳</span>{' '}
                {o.lastError
                  ? t(o.rejectedAt ? 'hotlineDesk.delivery.refused' : 'hotlineDesk.delivery.failing', {
                      n: o.attempts,
                      error: lang === 'en' ? o.lastError.en : o.lastError.vi,
                    })
                  : t('hotlineDesk.delivery.pending')}
                {o.lastError ? <OutboxControls seq={o.seq} /> : null}
              </span>
            )
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Detail({ report, agencies, outbox }: { report: QueueItem; agencies: string[]; outbox: OutboxItem[] }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const command = useCommand('hotline.act', deskQueries);
  const [form, setForm] = useState<Exclude<Action, 'acknowledge'> | null>(null);
  const [agency, setAgency] = useState('');
  const [other, setOther] = useState('');
  const [note, setNote] = useState('');
  const busy = command.isPending;
  const [message, setMessage] = useState<string | null>(null);
  const [invalid, setError] = useState<string | null>(null);
  const error = invalid ?? (command.error ? failureText(t, 'hotlineDesk.failed', command.error) : null);
  const { reset } = command;

  useEffect(() => {
    setForm(null);
    setMessage(null);
    setError(null);
    reset();
  }, [report.id, reset]);

  const waiting = outbox.filter((o) => o.eventId === report.id && o.deliveredAt === null && o.discardedAt === null).length;

  const open = (f: Exclude<Action, 'acknowledge'>) => {
    setForm(f);
    setError(null);
    setNote('');
    setAgency(report.agency && agencies.includes(report.agency) ? report.agency : (agencies[0] ?? ''));
    setOther('');
  };

  function act(action: Action) {
    const params: HotlineActParams = { eventId: report.id, action };
    if (action === 'assign') {
      const a = (agency === '__other' ? other : agency).trim();
      if (a) params.agency = a;
    }
    if (action === 'note' || action === 'resolve') {
      const n = note.trim();
      if (n) params.note = n;
    }
    // The host's own rules for the action (an assignment needs an agency, a note a text), in words.
    const checked = hotlineActSchema.safeParse(params);
    if (!checked.success) {
      const field = checked.error.issues[0]?.path[0];
      return setError(field === 'agency' ? t('hotlineDesk.form.needAgency') : field === 'note' ? t('hotlineDesk.form.needNote') : checked.error.issues[0]!.message);
    }
    setError(null);
    command.mutate(params, {
      onSuccess: () => {
        setForm(null);
        setMessage(t(`hotlineDesk.done.${action}`, { agency: params.agency }));
      },
    });
  }

  const onFormKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setForm(null);
    }
  };

  return (
    <section className="hd-detail" data-testid="report-detail" data-report-id={report.id} aria-labelledby="hd-detail-title">
      <div className="hd-detail__head">
        <span className={`hd-status hd-status--${report.closed ? 'closed' : 'open'}`} data-testid="detail-status">
          {lt(report.statusName)}
        </span>
        {report.overdue ? <OverdueFlag /> : null}
      </div>
      <h3 id="hd-detail-title" className="hd-detail__title" data-testid="detail-title">
        {report.title || lt(report.kindName)}
      </h3>
      {report.description ? (
        <p className="hd-detail__text" data-testid="detail-text">
          {report.description}
        </p>
      ) : null}
      <dl className="hd-facts">
        <dt>{t('hotlineDesk.kind')}</dt>
        <dd>{lt(report.kindName)}</dd>
        <dt>{t('hotlineDesk.area')}</dt>
        <dd>{report.areaName ?? t('hotlineDesk.unknownArea')}</dd>
        {report.address ? (
          <>
            <dt>{t('hotlineDesk.address')}</dt>
            <dd>{report.address}</dd>
          </>
        ) : null}
        <dt>{t('hotlineDesk.agency')}</dt>
        <dd data-testid="detail-agency">{report.agency ?? t('hotlineDesk.unassigned')}</dd>
        <dt>{t('hotlineDesk.opened')}</dt>
        <dd>{formatDateTime(report.openedAt)}</dd>
        <dt>{report.closedAt ? t('hotlineDesk.closedAt') : t('hotlineDesk.due', { time: '' }).trim()}</dt>
        <dd>{report.closedAt ? formatDateTime(report.closedAt) : report.dueAt ? formatDateTime(report.dueAt) : t('hotlineDesk.noDue')}</dd>
      </dl>

      <h4>{t('hotlineDesk.actions')}</h4>
      <div className="hd-actions" role="group" aria-label={t('hotlineDesk.actions')}>
        <button type="button" className="hd-btn hd-btn--primary" disabled={busy || report.status !== 'received'} onClick={() => void act('acknowledge')} data-testid="act-acknowledge">
          {t('hotlineDesk.act.acknowledge')}
        </button>
        <button type="button" className="hd-btn" disabled={busy || report.closed} aria-expanded={form === 'assign'} onClick={() => open('assign')} data-testid="act-assign">
          {t('hotlineDesk.act.assign')}
        </button>
        <button type="button" className="hd-btn" disabled={busy} aria-expanded={form === 'note'} onClick={() => open('note')} data-testid="act-note">
          {t('hotlineDesk.act.note')}
        </button>
        <button type="button" className="hd-btn hd-btn--good" disabled={busy || report.closed} aria-expanded={form === 'resolve'} onClick={() => open('resolve')} data-testid="act-resolve">
          {t('hotlineDesk.act.resolve')}
        </button>
      </div>

      {form ? (
        <form
          className="hd-form"
          data-testid={`form-${form}`}
          onKeyDown={onFormKey}
          onSubmit={(e) => {
            e.preventDefault();
            void act(form);
          }}
        >
          {form === 'assign' ? (
            <>
              <label>
                <span>{t('hotlineDesk.form.agency')}</span>
                <select autoFocus value={agency} onChange={(e) => setAgency(e.target.value)} name="agency">
                  {agencies.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                  <option value="__other">{t('hotlineDesk.form.agencyOther')}</option>
                </select>
              </label>
              {agency === '__other' ? (
                <label>
                  <span>{t('hotlineDesk.form.agencyOther')}</span>
                  <input value={other} onChange={(e) => setOther(e.target.value)} name="agencyOther" maxLength={200} />
                </label>
              ) : null}
            </>
          ) : (
            <label>
              <span>{form === 'note' ? t('hotlineDesk.form.note') : t('hotlineDesk.form.resolveNote')}</span>
              <textarea autoFocus rows={3} value={note} onChange={(e) => setNote(e.target.value)} name="note" maxLength={2000} />
            </label>
          )}
          <div className="hd-form__buttons">
            <button type="submit" className="hd-btn hd-btn--primary" disabled={busy} data-testid="confirm">
              {form === 'assign' ? t('hotlineDesk.form.confirmAssign') : form === 'note' ? t('hotlineDesk.form.confirmNote') : t('hotlineDesk.form.confirmResolve')}
            </button>
            <button type="button" className="hd-btn" onClick={() => setForm(null)}>
              {t('hotlineDesk.form.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <div role="status" aria-live="polite" className="hd-live" data-testid="act-result">
        {message}
      </div>
      {error ? (
        <p className="hd-error" role="alert">
          {error}
        </p>
      ) : null}

      <h4>{t('hotlineDesk.history')}</h4>
      {waiting > 0 ? (
        <p className="hd-queued" data-testid="detail-queued">
          <span aria-hidden="true">⏳</span> {t('hotlineDesk.done.queued', { n: waiting })}
        </p>
      ) : null}
      <History report={report} outbox={outbox} />
    </section>
  );
}

export default function HotlineDesk() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const [areaId, setAreaId] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  // The search box: asked once typing pauses, from two characters (a report number's digits too).
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const searching = query.length >= 2;
  const found = useHost('events.search', { domain: 'hotline', q: query, limit: SEARCH_LIMIT, ...(areaId ? { areaId } : {}) }, { enabled: searching });
  const queue = useView('hotline', 'queue', areaId ? { areaId } : {});
  const areas = useHost('areas.list', { withGeometry: false });
  const pendingQ = useHost('outbox.list', { includeDelivered: false });
  const recentQ = useHost('outbox.list', { includeDelivered: true });
  const feeds = useHost('feeds.list', {});

  const districts = useMemo(() => {
    const seen = new Map<string, string>();
    for (const a of areas.data ?? []) if (a.level === 'district' && !seen.has(a.id)) seen.set(a.id, a.name);
    return [...seen].sort((a, b) => a[1].localeCompare(b[1], 'vi'));
  }, [areas.data]);

  const pending = useMemo(() => pendingQ.data ?? [], [pendingQ.data]);
  const pendingBy = useMemo(() => {
    const m = new Map<string, number>();
    for (const o of pending) m.set(o.eventId, (m.get(o.eventId) ?? 0) + 1);
    return m;
  }, [pending]);
  const outbox = useMemo(() => {
    const bySeq = new Map<number, OutboxItem>();
    for (const o of [...(recentQ.data ?? []), ...pending]) bySeq.set(o.seq, o);
    return [...bySeq.values()];
  }, [recentQ.data, pending]);

  const all = queue.data?.rows ?? [];
  // A search looks through every state: a caller may ask about a report already settled.
  const results = searching ? (found.data ?? []) : null;
  // Until the answer for what is typed now is in, the list may still be the last search's.
  const searched = searching && found.isSuccess && !found.isPlaceholderData ? query : undefined;
  const rows = results ?? all.filter((r) => matches(r, filter));
  const report = results?.find((r) => r.id === selected) ?? all.find((r) => r.id === selected) ?? null;
  const endpoint = feeds.data?.outbox.endpointConfigured ?? true;

  return (
    <div className="hd" data-testid="hotline-desk">
      <header className="hd-head">
        <h2>{t('hotlineDesk.title')}</h2>
        {queue.data ? (
          <span className="hd-sum" data-testid="desk-summary">
            {t('hotlineDesk.summary', { open: formatInteger(queue.data.open), overdue: formatInteger(queue.data.overdue) })}
          </span>
        ) : null}
        {pending.length > 0 ? (
          <span className="hd-flag hd-flag--pending hd-flag--big" data-testid="desk-pending">
            <span aria-hidden="true">⏳</span> {t('hotlineDesk.pendingCount', { n: pending.length })}
          </span>
        ) : null}
      </header>
      {!endpoint ? <p className="hd-warn">{t('hotlineDesk.noEndpoint')}</p> : null}
      <div className="hd-filters">
        <label className="hd-search">
          <span>{t('hotlineDesk.search.label')}</span>
          <input
            type="search"
            name="search"
            value={typed}
            maxLength={200}
            placeholder={t('hotlineDesk.search.placeholder')}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setTyped('');
            }}
            data-testid="desk-search"
          />
        </label>
        <fieldset className="hd-seg" disabled={searching}>
          <legend>{t('hotlineDesk.filter.label')}</legend>
          {FILTERS.map((f) => (
            <label key={f} className={f === filter ? 'is-on' : ''}>
              <input type="radio" name="hd-filter" value={f} checked={f === filter} onChange={() => setFilter(f)} />
              {f === 'overdue' ? <span aria-hidden="true">⚠ </span> : null}
              {t(`hotlineDesk.filter.${f}`)}
              {queue.data ? ` (${formatInteger(f === 'open' ? queue.data.open : f === 'overdue' ? queue.data.overdue : all.length)})` : ''}
            </label>
          ))}
        </fieldset>
        <label className="hd-district">
          <span>{t('hotlineDesk.filter.district')}</span>
          <select value={areaId} onChange={(e) => setAreaId(e.target.value)} name="district">
            <option value="">{t('hotlineDesk.filter.province')}</option>
            {districts.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {queue.error ? (
        <p className="hd-error" role="alert">
          {t('hotlineDesk.failed', { message: (queue.error as Error).message })}
        </p>
      ) : null}
      <div className="hd-main">
        <div className="hd-listwrap" data-searched={searched}>
          <p id="hd-list-help" className="hd-sub">
            {t('hotlineDesk.listHelp')}
            {results
              ? ` ${searched === undefined ? t('hotlineDesk.search.busy') : t(results.length >= SEARCH_LIMIT ? 'hotlineDesk.search.first' : 'hotlineDesk.search.count', { n: formatInteger(results.length), q: query })}`
              : queue.data?.truncated
                ? ` ${t('hotlineDesk.truncated', { n: formatInteger(all.filter((r) => !r.closed).length) })}`
                : ''}
          </p>
          {(results ? found.data : queue.data) ? (
            <ReportList rows={rows} selected={selected} pending={pendingBy} filter={filter} empty={results ? t('hotlineDesk.search.none', { q: query }) : undefined} onSelect={setSelected} />
          ) : (
            <p>{t('panel.loading')}</p>
          )}
        </div>
        {report ? (
          <Detail report={report} agencies={queue.data?.agencies ?? []} outbox={outbox} />
        ) : (
          <p className="hd-detail hd-sub">{t('hotlineDesk.pick')}</p>
        )}
      </div>
    </div>
  );
}
