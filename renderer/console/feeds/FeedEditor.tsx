/**
 * A feed as JSON (admin): a new one from a template of its standard, or the whole config of one
 * in force (secrets masked as ***, kept when saved back). Everything a feed has is editable here,
 * the mapping of a CKAN, SDMX or GeoJSON source too; the quick form in each row edits only its
 * name, address, interval and switch. Saving runs the feed once, so whoever adds an endpoint sees
 * at once whether it answers and what came in. The host checks the feed whole and refuses it
 * with every problem by path (sync/feeds/config.ts), listed here as is.
 */
import { useState } from 'react';
import type { AdapterId, FeedConfigInput, FeedRunResult } from '../../../host/api/contract/sync';
import { HostError, type HostClient } from '../../../host/api/client/HostClient';
import { useCommand } from '../../client/commands';
import { useTranslation } from '../../i18n';

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
  const save = useCommand(
    async (client: HostClient, feed: unknown) => {
      const saved = await client.call('feeds.save', { feed: feed as FeedConfigInput, create: start === null });
      const [run] = saved.enabled ? await client.call('feeds.runNow', { id: saved.id }) : [];
      return { id: saved.id, run };
    },
    ['feeds.list', 'outbox.list', 'secrets.list'],
  );

  async function submit() {
    setProblems([]);
    let feed: unknown;
    try {
      feed = JSON.parse(text);
    } catch (e) {
      setProblems([`JSON: ${e instanceof Error ? e.message : String(e)}`]);
      return;
    }
    try {
      onDone(await save.mutateAsync(feed));
    } catch (e) {
      setProblems(e instanceof HostError && e.issues.length ? e.issues.map((i) => `${i.path}: ${i.message}`) : [e instanceof Error ? e.message : String(e)]);
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
    </form>
  );
}
