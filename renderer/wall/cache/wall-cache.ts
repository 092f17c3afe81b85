/**
 * The wall's offline cache: the last active layout and the last answer of every query the
 * display's canvas on screen uses, in IndexedDB (idb-keyval). The same code runs in a browser
 * node and in the Electron renderer, whose IndexedDB lives in userData.
 *
 * On every start the wall paints from it at once (hydrate), then live answers replace it.
 * After a reboot while the host is unreachable it is all the wall has: panels show its answers
 * with their real age, and the stale dimming follows from the freshness list's dates.
 *
 * Bounded: one index per display and one entry per query of the current layout; a save drops
 * the entries the current canvas no longer uses (a layout change prunes the old layout's).
 *
 * Layout in the store, per display D: `D|index` → Index, `D|q|<queryHash>` → Entry.
 */
import { createStore, delMany, get, getMany, keys, set, setMany, type UseStore } from 'idb-keyval';
import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ActiveLayout } from '../../../host/api/contract';
import { hostKey } from '../../client/query-keys';
import type { QueryScope } from '../../client/query-scope';

/** Bump when what is stored changes shape: an older cache is then ignored, never misread. */
export const CACHE_SCHEMA = 1;
/** A wall display uses a few dozen queries; more than this is a bug, not a layout. */
export const MAX_ENTRIES = 300;
const DB_NAME = 'ioc-wall-cache';
const STORE_NAME = 'wall';

export interface CacheEntry {
  key: QueryKey;
  data: unknown;
  /** When the host gave this answer (TanStack's dataUpdatedAt), kept through hydration. */
  updatedAt: number;
}

interface Index {
  v: number;
  displayId: string;
  savedAt: number;
  layoutId: string | null;
  hashes: string[];
}

export interface WallSnapshot {
  savedAt: number;
  layoutId: string | null;
  entries: CacheEntry[];
  hashes: string[];
}

/** The page-level query every display needs besides its canvas's own. */
export const ACTIVE_LAYOUT_KEY = hostKey('layout.active', {});

const indexKey = (displayId: string) => `${displayId}|index`;
const entryPrefix = (displayId: string) => `${displayId}|q|`;
const entryKey = (displayId: string, hash: string) => entryPrefix(displayId) + hash;

let dbStore: UseStore | null = null;
function store(): UseStore {
  return (dbStore ??= createStore(DB_NAME, STORE_NAME));
}

/** IndexedDB may be missing or refused (opaque origin, disk full): the wall then runs uncached. */
function warn(what: string, err: unknown): void {
  console.warn(`[wall-cache] ${what}:`, err);
}

export async function readWallSnapshot(displayId: string): Promise<WallSnapshot | null> {
  try {
    const idx = await get<Index>(indexKey(displayId), store());
    if (!idx || idx.v !== CACHE_SCHEMA || !Array.isArray(idx.hashes)) return null;
    const hashes = idx.hashes.slice(0, MAX_ENTRIES);
    const values = await getMany<CacheEntry | undefined>(hashes.map((h) => entryKey(displayId, h)), store());
    const entries = values.filter((e): e is CacheEntry => !!e && Array.isArray(e.key) && typeof e.updatedAt === 'number');
    return { savedAt: idx.savedAt, layoutId: idx.layoutId, entries, hashes };
  } catch (err) {
    warn('could not read the cache', err);
    return null;
  }
}

/**
 * Puts the cached answers into the query cache where there is no live answer yet, keeping
 * their original time, and marks them invalidated: a panel mounting on one asks the host
 * again, so live data replaces it as soon as the host answers. Returns the cached layout.
 */
export function hydrateWall(qc: QueryClient, snap: WallSnapshot): ActiveLayout | null {
  for (const e of snap.entries) {
    if (qc.getQueryState(e.key)?.dataUpdatedAt) continue; // live data won the race
    qc.setQueryData(e.key, e.data, { updatedAt: e.updatedAt });
    // 'none': a fetch already in flight (prefetch) delivers; a new one would only duplicate it.
    void qc.invalidateQueries({ queryKey: e.key, exact: true, refetchType: 'none' });
  }
  return qc.getQueryData<ActiveLayout>(ACTIVE_LAYOUT_KEY) ?? null;
}

export interface WallCacheWriterOptions {
  /** Saves wait this long after the last change, so a burst of answers is one write. */
  delayMs?: number;
}

/**
 * Keeps the store equal to what the display's current canvas shows. Debounced; writes only
 * entries whose answer changed, deletes the rest; the first save also sweeps this display's
 * entries left by an earlier run that its index no longer names.
 */
export class WallCacheWriter {
  private readonly written = new Map<string, number>();
  private scope: QueryScope | null = null;
  private offScope: (() => void) | null = null;
  private layoutId: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private swept = false;
  private disposed = false;
  private readonly delayMs: number;

  constructor(
    private readonly qc: QueryClient,
    readonly displayId: string,
    /** Saving waits for it, so the first save knows what an earlier run left. */
    private readonly ready: Promise<WallSnapshot | null>,
    opts: WallCacheWriterOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 1000;
  }

  /** Follows answers arriving in the query cache; returns the stop function. */
  start(): () => void {
    this.disposed = false;
    const off = this.qc.getQueryCache().subscribe((ev) => {
      if (ev.type === 'updated' && ev.action.type === 'success' && this.wants(ev.query.queryHash)) this.schedule();
    });
    return () => {
      off();
      this.dispose();
    };
  }

  /** The canvas now on screen: its scope names the queries to keep. */
  track(scope: QueryScope, layoutId: string | null): void {
    if (scope === this.scope && layoutId === this.layoutId) return;
    this.offScope?.();
    this.scope = scope;
    this.layoutId = layoutId;
    this.offScope = scope.onChange(() => this.schedule());
    this.schedule();
  }

  /** Resolves when everything scheduled so far is written (tests, page hide). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.chain = this.chain.then(() => this.save());
    }
    await this.chain;
  }

  dispose(): void {
    this.disposed = true;
    this.offScope?.();
    this.offScope = null;
    this.scope = null;
    this.layoutId = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private wants(hash: string): boolean {
    return hash === this.activeHash() || (this.scope?.hashes().includes(hash) ?? false);
  }

  private activeHash(): string | undefined {
    return this.qc.getQueryCache().find({ queryKey: ACTIVE_LAYOUT_KEY, exact: true })?.queryHash;
  }

  private schedule(): void {
    if (this.disposed || !this.scope) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.chain = this.chain.then(() => this.save());
    }, this.delayMs);
  }

  private async save(): Promise<void> {
    if (this.disposed || !this.scope) return;
    const snap = await this.ready;
    // What an earlier run wrote is known: unchanged answers (hydrated ones) are not rewritten.
    if (!this.swept && snap) for (const e of snap.entries) this.written.set(hashKey(e.key), e.updatedAt);
    const cache = this.qc.getQueryCache();
    const hashes = [...new Set([this.activeHash(), ...this.scope.hashes()].filter((h): h is string => !!h))].slice(0, MAX_ENTRIES);
    const keep: string[] = [];
    const changed: [string, CacheEntry][] = [];
    for (const hash of hashes) {
      const q = cache.get(hash);
      if (q && q.state.data !== undefined && q.state.dataUpdatedAt > 0) {
        keep.push(hash);
        if (this.written.get(hash) !== q.state.dataUpdatedAt)
          changed.push([hash, { key: q.queryKey, data: q.state.data, updatedAt: q.state.dataUpdatedAt }]);
      } else if (this.written.has(hash)) keep.push(hash); // still loading: the last answer stays
    }
    const keepSet = new Set(keep);
    let gone = [...this.written.keys()].filter((h) => !keepSet.has(h));
    try {
      if (!this.swept) {
        const prefix = entryPrefix(this.displayId);
        const all = (await keys(store())).map(String).filter((k) => k.startsWith(prefix));
        gone = all.map((k) => k.slice(prefix.length)).filter((h) => !keepSet.has(h));
        this.swept = true;
      }
      if (changed.length) await setMany(changed.map(([h, e]) => [entryKey(this.displayId, h), e]), store());
      if (gone.length) await delMany(gone.map((h) => entryKey(this.displayId, h)), store());
      const idx: Index = { v: CACHE_SCHEMA, displayId: this.displayId, savedAt: Date.now(), layoutId: this.layoutId, hashes: keep };
      await set(indexKey(this.displayId), idx, store());
      for (const [h, e] of changed) this.written.set(h, e.updatedAt);
      for (const h of gone) this.written.delete(h);
    } catch (err) {
      warn('could not save the cache', err);
    }
  }
}

export interface WallCache {
  displayId: string;
  snapshot: Promise<WallSnapshot | null>;
  writer: WallCacheWriter;
}

/** Starts reading this display's cache at once; the writer saves behind the wall. */
export function openWallCache(qc: QueryClient, displayId: string): WallCache {
  const snapshot = readWallSnapshot(displayId);
  return { displayId, snapshot, writer: new WallCacheWriter(qc, displayId, snapshot) };
}
