/**
 * A feed as JSON (admin): a new one from a template of its standard, or the whole config of one
 * in force (secrets masked as ***, kept when saved back). Everything a feed has is editable here,
 * the mapping of a CKAN, SDMX or GeoJSON source too; the quick form in each row edits only its
 * name, address, interval and switch. Saving runs the feed once, so whoever adds an endpoint sees
 * at once whether it answers and what came in; "try" reads it without saving anything (feeds.try),
 * and shows what it would store, the first records as stored and what it would quarantine and
 * why: a mapping is tuned there, where a saved run's records would stay. The host checks the
 * feed whole and refuses it with every problem by path (sync/feeds/config.ts), listed here as is.
 */
import { useState } from 'react';
import type { AdapterId, FeedConfigInput, FeedRunResult, FeedTryResult } from '../../../host/api/contract/sync';
import type { HostClient } from '../../../host/api/client/HostClient';
import { refusalLines, useCommand } from '../../client/commands';
import { useTranslation } from '../../i18n';
import { formatInteger, formatNumber } from '../../format';

/**
 * What a new feed of each standard starts from: the fields its adapter needs, the address left
 * empty so that a template saved unread is refused ("url: an http:// or https:// address is
 * needed") rather than fetched from a made-up server.
 */
const TEMPLATES: Record<AdapterId, FeedConfigInput> = {
  open311: { id: 'phan-anh', name: 'Đường dây nóng', domain: 'hotline', adapter: 'open311', url: '', interval: 300_000, options: { pageSize: 200 } },
  sensorthings: { id: 'quan-trac', name: 'Quan trắc môi trường', domain: 'environment', adapter: 'sensorthings', url: '', interval: 300_000, options: { top: 1000 } },
  ckan: {
    id: 'ckan-chi-tieu',
    domain: 'publicAdmin',
    adapter: 'ckan',
    url: '',
    mapping: { kind: 'observation', resourceId: '', updatedField: 'updated', fields: { indicator: 'indicator', areaId: 'area_id', period: 'period', value: 'value', updatedAt: 'updated' } },
  },
  sdmx: {
    id: 'thong-ke',
    domain: 'economy',
    adapter: 'sdmx',
    url: '',
    mapping: { kind: 'observation', fields: { indicator: 'INDICATOR', areaId: 'REF_AREA', period: 'TIME_PERIOD' } },
  },
  geojson: {
    id: 'diem-truong',
    domain: 'education',
    adapter: 'geojson',
    url: '',
    mapping: { kind: 'place', fields: { id: 'properties.id', name: 'properties.name', kind: 'properties.kind', areaId: 'properties.area_id' } },
  },
  cap: { id: 'canh-bao', domain: 'environment', adapter: 'cap', url: '', interval: 60_000 },
};

/** The standards, in the catalog's order: the templates' keys (the type says there is one for each). */
const ADAPTERS = Object.keys(TEMPLATES) as AdapterId[];

const json = (x: unknown) => JSON.stringify(x, null, 2);

/** What a save ended with: the feed's id and its first run (none for a feed saved switched off); null when cancelled. */
export type FeedSaved = { id: string; run: FeedRunResult | undefined } | null;

export function FeedEditor({ start, onDone }: { start: FeedConfigInput | null; onDone(saved: FeedSaved): void }) {
  const { t } = useTranslation();
  const [adapter, setAdapter] = useState<AdapterId>('open311');
  const [text, setText] = useState(() => json(start ?? TEMPLATES.open311));
  const [problems, setProblems] = useState<string[]>([]);
  const [tried, setTried] = useState<FeedTryResult | null>(null);
  const tryRead = useCommand('feeds.try');
  const save = useCommand(
    async (client: HostClient, feed: unknown) => {
      const saved = await client.call('feeds.save', { feed: feed as FeedConfigInput, create: start === null });
      const [run] = saved.enabled ? await client.call('feeds.runNow', { id: saved.id }) : [];
      return { id: saved.id, run };
    },
    ['feeds.list', 'outbox.list', 'secrets.list'],
  );

  /** The text as a feed, or null with the JSON problem shown. */
  function parsed(): unknown {
    setProblems([]);
    setTried(null);
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      setProblems([`JSON: ${e instanceof Error ? e.message : String(e)}`]);
      return null;
    }
  }
  const refused = (e: unknown) => setProblems(refusalLines(e));

  async function submit() {
    const feed = parsed();
    if (feed === null) return;
    try {
      onDone(await save.mutateAsync(feed));
    } catch (e) {
      refused(e);
    }
  }

  async function tryIt() {
    const feed = parsed();
    if (feed === null) return;
    try {
      setTried(await tryRead.mutateAsync({ feed: feed as FeedConfigInput }));
    } catch (e) {
      refused(e);
    }
  }

  return (
    <form
      className="fv-json"
      data-testid="feed-json"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {start ? null : (
        <label>
          <span>{t('feedsView.json.standard')}</span>
          <select
            value={adapter}
            onChange={(e) => {
              const a = e.target.value as AdapterId;
              setAdapter(a);
              setText(json(TEMPLATES[a]));
            }}
          >
            {ADAPTERS.map((a) => (
              <option key={a} value={a}>
                {t(`feedsView.json.adapters.${a}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>{t(start ? 'feedsView.json.editHelp' : 'feedsView.json.addHelp')}</span>
        <textarea name="feed-json" rows={16} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="fv-form__actions">
        <button type="submit" className="fv-btn fv-btn--primary" disabled={save.isPending}>
          {save.isPending ? t('feedsView.running') : t('feedsView.json.saveRun')}
        </button>
        <button type="button" className="fv-btn" data-testid="feed-try" disabled={tryRead.isPending || save.isPending} onClick={() => void tryIt()}>
          {tryRead.isPending ? t('feedsView.json.trying') : t('feedsView.json.try')}
        </button>
        <button type="button" className="fv-btn" onClick={() => onDone(null)}>
          {t('feedsView.form.cancel')}
        </button>
      </div>
      {problems.length ? (
        <ul className="fv-error" role="alert" data-feed-problems>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {tried ? <TryReport result={tried} /> : null}
    </form>
  );
}

/** What a try read: counts, what would be stored and quarantined, and a record of each kind. */
function TryReport({ result: r }: { result: FeedTryResult }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const kind = (k: string) => t(`feedsView.json.kinds.${k}`, { defaultValue: k });
  if (!r.ok) {
    return (
      <div className="fv-error" role="alert" data-testid="feed-try-report" data-ok="false">
        {t('feedsView.json.tryFailed', { error: r.error ? (en ? r.error.en : r.error.vi) : '' })}
      </div>
    );
  }
  const stored = Object.entries(r.records);
  return (
    <div className="fv-try" role="status" data-testid="feed-try-report" data-ok="true">
      <p>
        {t('feedsView.json.tryOk', { fetched: formatInteger(r.fetched), requests: formatInteger(r.requests), kb: formatNumber(r.bytes / 1024, 1) })}{' '}
        {r.stopped ? t('feedsView.json.tryStopped', { n: formatInteger(r.fetched) }) : null}
      </p>
      <p>{stored.length ? t('feedsView.json.tryWould', { what: stored.map(([k, n]) => `${formatInteger(n)} ${kind(k)}`).join(', ') }) : t('feedsView.json.tryNothing')}</p>
      {r.quarantined > 0 ? (
        <>
          <p>{t('feedsView.json.tryQuarantined', { n: formatInteger(r.quarantined), outside: formatInteger(r.outsideArea) })}</p>
          <ul data-try-quarantined>
            {r.quarantinedItems.map((q, i) => (
              <li key={i}>
                {q.externalId ? <code>{q.externalId}</code> : null} {q.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.samples.map((s, i) => (
        <details key={i} open={i === 0} data-try-sample={s.kind}>
          <summary>{t('feedsView.json.trySample', { kind: kind(s.kind) })}</summary>
          <pre>{JSON.stringify(s.record, null, 2)}</pre>
        </details>
      ))}
    </div>
  );
}
