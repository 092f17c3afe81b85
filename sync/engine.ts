import { createHash } from 'node:crypto';
import { runAdapter } from './adapters';
import type { AdapterBatch, AdapterContext, Fetcher } from './adapters/types';
import type { WorkerHttpOptions } from './worker/protocol';
import { sliceBatch } from './worker/slices';
import { workerBatches } from './worker/source';
import type { FeedConfig } from './feeds/config';
import type { HttpClient, RequestProfile } from './http/client';
import { SyncError, errors, redact, redactError } from './http/errors';
import { originOf, urlSecrets } from './http/url';
import { authSecrets } from './http/auth';
import { resolveAuth, type SecretGuard } from './secrets';
import { grow, keepInArea, type BBox } from './location';
import { TOO_LONG, unstorableJson } from './text/bounded-json';
import type { QuarantinedItem, RecordBatch } from './store';
import { isDiskFull } from './storage-errors';
import { emptyCounts, initialFeedState, type FeedCounts, type FeedError, type SecretStore, type SyncStore } from './store';
import { settledEvent, type DomainId } from '../domains';

export interface RunSummary {
  feedId: string;
  ok: boolean;
  notModified: boolean;
  counts: FeedCounts;
  error: FeedError | null;
  /** Set when the failure says when to come back (Retry-After). */
  retryAfterMs?: number;
  startedAt: string;
  finishedAt: string;
  domains: DomainId[];
}

export interface RunDeps {
  store: SyncStore;
  http: HttpClient;
  secrets?: SecretStore;
  /** Says which origins a `secret:NAME` may be sent to (host: listed origins + the config file's). */
  secretGuard?: SecretGuard;
  now?: () => Date;
  signal?: AbortSignal;
  /** Called after each committed batch (the host emits `changed` from here). */
  onBatch?: (domains: DomainId[]) => void;
  /**
   * Run fetch, parse, validation and mapping in a worker thread with these HttpClient options
   * (the host does); absent, they run on this thread (tests with fake clocks, benchmarks' baseline).
   */
  worker?: WorkerHttpOptions;
}

/** On this thread: the same slices as a worker hands over, with the event loop let through between them. */
async function* localSlices(batches: AsyncIterable<AdapterBatch>): AsyncGenerator<AdapterBatch> {
  for await (const batch of batches) {
    const slices = sliceBatch(batch);
    for (let i = 0; i < slices.length; i++) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      yield slices[i]!;
    }
  }
}

/** Degrees added around the boundaries' extent for a feed's default area (about 20 km). */
export const AREA_MARGIN_DEG = 0.2;

/**
 * A report or a place is a few kilobytes of text, its history included; one far larger is a
 * source's fault (a document pasted into a field, a server repeating a list into every record),
 * and would be read, stored and turned into JavaScript by the views at every change of its domain.
 */
export const MAX_RECORD_CHARS = 64 * 1024;

/**
 * Takes out of a batch the events and places that cannot be stored: `attrs` nested too deep for
 * the database's JSON text, or the record's text longer than MAX_RECORD_CHARS. They are
 * quarantined one by one, so the rest of the batch is written and never rolled back for them.
 */
function dropUnstorable(records: RecordBatch, quarantined: QuarantinedItem[]): void {
  const keep = <R extends { id: string; attrs: Record<string, unknown> }>(list: R[] | undefined) =>
    list?.filter((r) => {
      // The record's own fields are flat text and numbers; its attrs are walked once, for their
      // depth and for what is left of the record's length.
      let flat = 0;
      for (const v of Object.values(r)) if (typeof v === 'string') flat += v.length;
      const attrs = flat > MAX_RECORD_CHARS ? TOO_LONG : unstorableJson(r.attrs, 64, MAX_RECORD_CHARS - flat);
      if (!attrs) return true;
      const reason =
        attrs === TOO_LONG
          ? `the record is larger than ${MAX_RECORD_CHARS / 1024} KB as text, more than a report or a place holds; it is not stored`
          : `attrs: ${attrs}; the record cannot be stored`;
      quarantined.push({ externalId: r.id.slice(r.id.indexOf(':') + 1), reason, raw: r });
      return false;
    });
  if (records.events) records.events = keep(records.events);
  if (records.places) records.places = keep(records.places);
}

export function addCounts(a: FeedCounts, b: FeedCounts): FeedCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof FeedCounts)[]) out[k] += b[k];
  return out;
}

/**
 * What a feed fetches, as a digest (the address may hold a key: only its hash is stored). Keys are
 * sorted, so the same feed written in another order (the config file, a console edit) is the same.
 */
export function sourceDigest(feed: FeedConfig): string {
  const { adapter, url, format, charset, options, mapping } = feed;
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(sorted({ adapter, url, format, charset, options, mapping }))).digest('hex').slice(0, 32);
}

/** Counts a run's requests, bytes and 304s as its fetcher sees them. */
function countingFetcher(http: HttpClient, counts: FeedCounts): Fetcher {
  return {
    fetch: async (req, profile) => {
      counts.requests++;
      const res = await http.fetch(req, profile);
      counts.bytes += res.wireBytes;
      if (res.notModified) counts.notModified++;
      return res;
    },
  };
}

/** Where a feed's requests go and with what: its auth resolved (secrets only to their origins). */
async function requestProfile(feed: FeedConfig, deps: Pick<RunDeps, 'secrets' | 'secretGuard'>): Promise<RequestProfile> {
  const auth = (await resolveAuth(feed.auth, deps.secrets, { url: feed.url, proxy: feed.proxy, guard: deps.secretGuard })) ?? feed.auth;
  return {
    timeout: feed.timeout,
    maxBytes: feed.maxBytes,
    retries: feed.retries,
    auth,
    authOrigin: originOf(feed.url) ?? undefined,
    proxy: feed.proxy,
    caFile: feed.caFile,
  };
}

/** The feed's area: its own bbox, or the loaded boundaries with a margin; null keeps every place. */
function feedArea(feed: FeedConfig, store: Pick<SyncStore, 'areaExtent'>): BBox | null {
  const extent = store.areaExtent?.() ?? null;
  return feed.options.bbox ?? (extent ? grow(extent, AREA_MARGIN_DEG) : null);
}

/**
 * A batch as it is stored: records that cannot be stored and places outside the area move to
 * `quarantined` (returned: the batch's own and those), events are settled. Returns how many were
 * outside the area.
 */
function storable(batch: AdapterBatch, box: BBox | null): { quarantined: QuarantinedItem[]; outsideArea: number } {
  const quarantined = [...batch.quarantined];
  dropUnstorable(batch.records, quarantined);
  if (batch.records.events) batch.records.events = batch.records.events.map(settledEvent);
  const outsideArea = keepInArea(batch.records, quarantined, box);
  return { quarantined, outsideArea };
}

/**
 * A run's failure in plain words, with the secrets it used taken out: the auth config's values,
 * the OAuth2 access token held for it (an adapter that reads a refusal itself raises it outside
 * the HTTP client, which cleans its own), and the values the feed's URL and proxy carry.
 */
function failure(err: unknown, feed: FeedConfig, auth: FeedConfig['auth'], http: HttpClient): SyncError {
  const token = auth?.type === 'oauth2ClientCredentials' ? http.tokens.peek(auth) : undefined;
  const secrets = [...authSecrets(auth), ...(token ? [token] : []), ...urlSecrets(feed.url), ...(feed.proxy ? urlSecrets(feed.proxy) : [])];
  return err instanceof SyncError
    ? redactError(err, secrets)
    : isDiskFull(err)
      ? errors.diskFull(`${(err as { code: string }).code}: ${(err as Error).message}`)
      : errors.unknown(redact(err instanceof Error ? err.message : String(err), secrets));
}

/** The adapter's batches, from a worker thread when the deps name one (the host), else on this thread. */
function adapterBatches(ctx: AdapterContext, deps: Pick<RunDeps, 'worker'>, counts: FeedCounts): AsyncIterable<AdapterBatch> {
  return deps.worker
    ? workerBatches(ctx, deps.worker, (t) => {
        counts.requests += t.requests;
        counts.bytes += t.bytes;
        counts.notModified += t.notModified;
      })
    : localSlices(runAdapter(ctx));
}

/**
 * Runs one feed once: the adapter yields batches, each written with its new state in one
 * transaction. On failure, what was committed stays (it is consistent with its cursor, so the next
 * run resumes there), the last good data is untouched, and the reason is kept in plain words.
 */
export async function runFeed(feed: FeedConfig, deps: RunDeps): Promise<RunSummary> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const counts = emptyCounts();
  const domains = new Set<DomainId>();
  let notModified = false;
  let auth = feed.auth;
  try {
    const profile = await requestProfile(feed, deps);
    auth = profile.auth ?? feed.auth;
    const box = feedArea(feed, deps.store);
    let state = deps.store.getFeedState(feed.id);
    // Validators, watermark and cursor belong to the source they came from: a feed now pointed
    // elsewhere (another server, adapter, options or mapping) starts afresh, or it would ask the
    // new source only for what changed since the old one's newest record. Written with the first
    // batch; state from before the digest (null) keeps its place.
    const source = sourceDigest(feed);
    if (state.source !== null && state.source !== source) state = { ...state, etag: null, lastModified: null, watermark: null, cursor: null };
    state = { ...state, source, lastRunAt: startedAt };
    const ctx = { feed, state, http: countingFetcher(deps.http, counts), profile, now, signal: deps.signal };
    let written = false;
    for await (const batch of adapterBatches(ctx, deps, counts)) {
      if (batch.notModified) notModified = true;
      const next = { ...state, ...batch.state };
      const { quarantined, outsideArea } = storable(batch, box);
      counts.outsideArea += outsideArea;
      // A batch that moves no cursor writes no state (an adapter saves a long run's place only now
      // and then, see sensorthings.ts CHECKPOINTS); the run's first batch records that it started.
      const changed = !written || Object.keys(batch.state).length > 0;
      const r = deps.store.applyBatch(feed.id, batch.records, quarantined, changed ? next : null);
      written = true;
      state = next;
      counts.fetched += batch.fetched;
      counts.inserted += r.inserted;
      counts.updated += r.updated;
      counts.deleted += r.deleted;
      counts.quarantined += r.quarantined;
      if (r.domains.length) {
        r.domains.forEach((d) => domains.add(d));
        deps.onBatch?.(r.domains);
      }
    }
    if (!domains.has(feed.domain) && deps.store.confirmDomain?.(feed.domain, feed.id)) {
      domains.add(feed.domain);
      deps.onBatch?.([feed.domain]);
    }
    const finishedAt = now().toISOString();
    const done = deps.store.getFeedState(feed.id);
    deps.store.setFeedState({
      ...done,
      lastRunAt: startedAt,
      lastSuccessAt: finishedAt,
      lastError: null,
      consecutiveFailures: 0,
      lastCounts: counts,
      totalCounts: addCounts(done.totalCounts, counts),
    });
    return { feedId: feed.id, ok: true, notModified, counts, error: null, startedAt, finishedAt, domains: [...domains] };
  } catch (err) {
    const e = failure(err, feed, auth, deps.http);
    const finishedAt = now().toISOString();
    const fe = e.toFeedError(new Date(finishedAt));
    try {
      const cur = deps.store.getFeedState(feed.id);
      deps.store.setFeedState({
        ...cur,
        lastRunAt: startedAt,
        lastError: fe,
        consecutiveFailures: cur.consecutiveFailures + 1,
        lastCounts: counts,
        totalCounts: addCounts(cur.totalCounts, counts),
      });
    } catch (stateErr) {
      // A full disk refuses this write too; the summary still carries the reason.
      if (!isDiskFull(stateErr)) throw stateErr;
    }
    return {
      feedId: feed.id,
      ok: false,
      notModified,
      counts,
      error: fe,
      retryAfterMs: e.retryAfterMs,
      startedAt,
      finishedAt,
      domains: [...domains],
    };
  }
}

/** A try reads at most this many source records: enough to see the mapping at work, little of a big source. */
export const TRY_RECORDS = 200;
/** Records shown per kind, and quarantined items listed, by a try. */
const TRY_SAMPLES = 3;
const TRY_QUARANTINED = 10;
/** A sample's text is cut to this many characters per string and its lists to this many items. */
const SAMPLE_TEXT = 200;
const SAMPLE_ITEMS = 10;

/** What a feed would store, read without storing anything (`tryFeed`). */
export interface TryResult {
  ok: boolean;
  /** Why the source could not be read, in plain words (as a run's). */
  error: FeedError | null;
  /** Items the source gave. */
  fetched: number;
  /** Records it would store, by kind ('events', 'observations', …), after the quarantine and the area. */
  records: Record<string, number>;
  /** Items it would quarantine (those outside the area included). */
  quarantined: number;
  outsideArea: number;
  requests: number;
  bytes: number;
  /** Reading stopped once TRY_RECORDS items were in (the pages read so far): the source may hold more. */
  stopped: boolean;
  /** The first records of each kind as they would be stored (long text cut). */
  samples: { kind: string; record: unknown }[];
  /** The first items it would quarantine, with the reason. */
  quarantinedItems: { externalId: string | null; reason: string }[];
}

/** A record cut for showing: strings to SAMPLE_TEXT characters, lists to SAMPLE_ITEMS items. */
function sample(record: unknown): unknown {
  return JSON.parse(
    JSON.stringify(record, (_k, v: unknown) =>
      typeof v === 'string' && v.length > SAMPLE_TEXT ? `${v.slice(0, SAMPLE_TEXT)}…` : Array.isArray(v) && v.length > SAMPLE_ITEMS ? [...v.slice(0, SAMPLE_ITEMS), `… +${v.length - SAMPLE_ITEMS}`] : v,
    ) ?? 'null',
  );
}

/**
 * Reads a feed as its first run would — from nothing: no validators, watermark or cursor — and
 * says what it would store, without writing anything: not the records, not the quarantine, not the
 * feed's state. For whoever adds or edits a feed: a wrong mapping seen here leaves nothing behind,
 * where a saved run's records stay. Stops after TRY_RECORDS items.
 */
export async function tryFeed(
  feed: FeedConfig,
  deps: Pick<RunDeps, 'http' | 'secrets' | 'secretGuard' | 'now' | 'signal' | 'worker'> & { store: Pick<SyncStore, 'areaExtent'> },
): Promise<TryResult> {
  const now = deps.now ?? (() => new Date());
  const counts = emptyCounts();
  const out: TryResult = { ok: true, error: null, fetched: 0, records: {}, quarantined: 0, outsideArea: 0, requests: 0, bytes: 0, stopped: false, samples: [], quarantinedItems: [] };
  let auth = feed.auth;
  try {
    const profile = await requestProfile(feed, deps);
    auth = profile.auth ?? feed.auth;
    const box = feedArea(feed, deps.store);
    const ctx = { feed, state: initialFeedState(feed.id), http: countingFetcher(deps.http, counts), profile, now, signal: deps.signal };
    for await (const batch of adapterBatches(ctx, deps, counts)) {
      const { quarantined, outsideArea } = storable(batch, box);
      out.fetched += batch.fetched;
      out.outsideArea += outsideArea;
      out.quarantined += quarantined.length;
      for (const q of quarantined.slice(0, TRY_QUARANTINED - out.quarantinedItems.length)) out.quarantinedItems.push({ externalId: q.externalId, reason: q.reason });
      for (const [kind, list] of Object.entries(batch.records)) {
        if (!Array.isArray(list) || list.length === 0) continue;
        const shown = out.records[kind] ?? 0;
        out.records[kind] = shown + list.length;
        for (const r of list.slice(0, Math.max(0, TRY_SAMPLES - shown))) out.samples.push({ kind, record: sample(r) });
      }
      if (out.fetched >= TRY_RECORDS) {
        out.stopped = true;
        break; // ends the adapter (and its worker)
      }
    }
  } catch (err) {
    out.ok = false;
    out.error = failure(err, feed, auth, deps.http).toFeedError(now());
  }
  out.requests = counts.requests;
  out.bytes = counts.bytes;
  return out;
}
