import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { migrate, updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration003 } from '../../../host/db/migrations/003_sync';
import { SqliteSyncStore } from '../../../host/sync/sqlite-store';
import { initialFeedState } from '../../../sync/store';

const db = freshDatabase('ioc-mig003-');

describe('migration 003 sync', () => {
  it('is registered as version 3, right after 002', () => {
    const i = MIGRATIONS.indexOf(migration003);
    expect(i).toBe(2);
    expect(MIGRATIONS[i - 1]!.version).toBe(2);
    expect(migration003.version).toBe(3);
  });

  it('creates feeds, feed_state, quarantine and outbox', () => {
    expect(updateToVersion(db(), 3)).toBe(3);
    const tables = db().prepare(`SELECT name FROM sqlite_schema WHERE type='table'`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['feeds', 'feed_state', 'quarantine', 'outbox']));
    const cols = (t: string) => db().prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t);
    expect(cols('feed_state')).toEqual(
      expect.arrayContaining(['etag', 'last_modified', 'watermark', 'cursor', 'last_error', 'next_run_at']),
    );
    expect(cols('outbox')).toEqual(expect.arrayContaining(['seq', 'idempotency_key', 'delivered_at', 'attempts']));
  });

  it('refuses an outbox action it does not know and a duplicate idempotency key', () => {
    updateToVersion(db(), 3);
    const ins = db().prepare(
      `INSERT INTO outbox (idempotency_key, event_id, action, payload, actor, created_at) VALUES (?, 'e', ?, '{}', 't', 'now')`,
    );
    ins.run('k1', 'resolve');
    expect(() => ins.run('k1', 'resolve')).toThrow(/UNIQUE/);
    expect(() => ins.run('k2', 'delete')).toThrow(/CHECK/);
  });

  it('a batch and its watermark go in together, or not at all', () => {
    // The store of today writes columns later migrations add (006: area_located).
    migrate(db());
    const store = new SqliteSyncStore(db(), () => new Date('2026-01-01T00:00:00Z'));
    const obs = { domain: 'economy' as const, indicator: 'x', areaId: '70', period: '2025', value: 1, source: 'f', updatedAt: '2026-01-01T00:00:00Z' };
    const st = { ...initialFeedState('f'), watermark: 'w1' };
    const r = store.applyBatch('f', { observations: [obs] }, [{ externalId: '9', reason: 'bad', raw: { a: 1 } }], st);
    expect(r).toMatchObject({ inserted: 1, updated: 0, quarantined: 1, domains: ['economy'] });
    expect(store.getFeedState('f').watermark).toBe('w1');
    expect(db().prepare(`SELECT source FROM domain_freshness WHERE domain='economy'`).pluck().get()).toBe('f');
    // An invalid row mid-batch (NOT NULL value) aborts everything, the watermark included.
    const bad = { ...obs, indicator: 'y', value: null as unknown as number };
    expect(() => store.applyBatch('f', { observations: [{ ...obs, value: 2 }, bad] }, [], { ...st, watermark: 'w2' })).toThrow();
    expect(store.getFeedState('f').watermark).toBe('w1');
    expect(db().prepare(`SELECT value FROM observations WHERE indicator='x'`).pluck().get()).toBe(1);
    expect(db().prepare(`SELECT count(*) FROM quarantine`).pluck().get()).toBe(1);
  });
});
