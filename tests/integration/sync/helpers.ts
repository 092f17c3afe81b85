import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../../host/db/open';
import { SqliteSyncStore } from '../../../host/sync/sqlite-store';
import { runFeed, type RunSummary } from '../../../sync/engine';
import { feedConfigSchema, type FeedConfig, type FeedConfigInput } from '../../../sync/feeds/config';
import { HttpClient, type HttpClientOptions } from '../../../sync/http/client';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The demo config's feeds, pointed at a simulator URL. */
export function simFeeds(simUrl: string, overrides: Partial<FeedConfigInput> = {}): Record<string, FeedConfig> {
  const cfg = JSON.parse(readFileSync(join(ROOT, 'config/demo-sim.json'), 'utf8')) as { feeds: FeedConfigInput[] };
  const out: Record<string, FeedConfig> = {};
  for (const f of cfg.feeds) {
    out[f.id] = feedConfigSchema.parse({ ...f, url: f.url.replace('http://127.0.0.1:8088', simUrl), retries: 0, ...overrides });
  }
  return out;
}

export interface TestDb {
  dir: string;
  db: Database.Database;
  store: SqliteSyncStore;
  http: HttpClient;
  run(feed: FeedConfig): Promise<RunSummary>;
  count(table: string): number;
  close(): Promise<void>;
}

export function testDb(httpOptions: HttpClientOptions = { baseDelayMs: 5, maxDelayMs: 20 }, dir = mkdtempSync(join(tmpdir(), 'ioc-sync-'))): TestDb {
  const { db } = openDatabase(dir);
  const store = new SqliteSyncStore(db);
  const http = new HttpClient(httpOptions);
  return {
    dir,
    db,
    store,
    http,
    run: (feed) => runFeed(feed, { store, http }),
    count: (table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    async close() {
      await http.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
