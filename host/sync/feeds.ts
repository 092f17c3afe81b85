import type Database from 'better-sqlite3';
import { redactUrl } from '../../sync/http/url';
import { feedConfigSchema, type FeedConfig, type FeedConfigInput } from '../../sync/feeds/config';
import { audit } from '../store/audit';
import { stmt } from '../db/statements';

/**
 * The feeds in force: the config file's, with those edited in the console (the `feeds` table)
 * taking precedence by id. A console edit survives restarts; the file stays the installer's.
 */
export function effectiveFeeds(db: Database.Database, fromConfig: readonly FeedConfig[]): FeedConfig[] {
  const rows = stmt(db, `SELECT id, config FROM feeds`).all() as { id: string; config: string }[];
  const edited = new Map<string, FeedConfig>();
  for (const r of rows) {
    const parsed = feedConfigSchema.safeParse(JSON.parse(r.config));
    if (parsed.success) edited.set(r.id, parsed.data);
    // Saved before a rule existed (an option its adapter does not take): the config file's version
    // (if any) stays in force, and the log says why the console's edit is not.
    else console.warn(`[sync] feed "${r.id}" saved in the console is not valid and is not used: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  // A CA file is read from this machine's disk: only the config file names one, whatever a saved
  // row (from before this rule) says.
  const out = fromConfig.map((f) => {
    const e = edited.get(f.id);
    return e ? { ...e, caFile: f.caFile } : f;
  });
  for (const [id, f] of edited) if (!fromConfig.some((c) => c.id === id)) out.push({ ...f, caFile: undefined });
  return out;
}

export function saveFeed(db: Database.Database, input: FeedConfigInput, actor: string, now = new Date()): FeedConfig {
  const feed = feedConfigSchema.parse(input);
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO feeds (id, config, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(feed.id, JSON.stringify(feed), at, actor);
    // No query value nor URL credential reaches the audit log, whatever the parameter is called.
    audit(db, actor, 'feeds.save', { id: feed.id, adapter: feed.adapter, url: redactUrl(feed.url), proxy: feed.proxy ? redactUrl(feed.proxy) : undefined }, at);
  })();
  return feed;
}

/**
 * The `meta` key under which the silence rules keep when this database first watched a feed
 * (host/alerts/evaluate.ts): one row per feed, so it goes with the feed.
 */
export const feedWatchedKey = (feedId: string) => `alerts.feedWatchedSince:${feedId}`;

/**
 * Drops the console's row of a feed: a feed added in the console is gone, one edited there is
 * the config file's again. What it stored stays (retention ages it out like any other data).
 * A deleted feed's first-watched time goes with it (nothing reads it again, and a feed added
 * later under the same id is a new feed); a reverted one is still watched, so it keeps its own.
 * Returns false when the console holds no row of that id.
 */
export function dropFeedRow(db: Database.Database, id: string, actor: string, action: 'feeds.delete' | 'feeds.revert', now = new Date()): boolean {
  return db.transaction(() => {
    const gone = db.prepare(`DELETE FROM feeds WHERE id = ?`).run(id).changes > 0;
    if (gone && action === 'feeds.delete') db.prepare(`DELETE FROM meta WHERE key = ?`).run(feedWatchedKey(id));
    if (gone) audit(db, actor, action, { id }, now.toISOString());
    return gone;
  })();
}
