import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration005, quarantineKey } from '../../../host/db/migrations/005_data_safety';

const db = freshDatabase('ioc-mig005-');

describe('migration 005 data safety', () => {
  it('is registered as version 5', () => {
    expect(migration005.version).toBe(5);
    expect(MIGRATIONS[4]).toBe(migration005);
  });

  it('folds repeated quarantine rows into one per (feed, item, reason) with count and first/last seen', () => {
    updateToVersion(db(), 4);
    const q = db().prepare(`INSERT INTO quarantine (feed_id, external_id, reason, raw, at) VALUES (?, ?, ?, ?, ?)`);
    for (const day of ['01', '02', '03']) {
      q.run('f', '17', 'no date', '{"id":17}', `2026-01-${day}T00:00:00Z`);
      q.run('f', null, 'not an object', 'null', `2026-01-${day}T00:00:00Z`);
    }
    q.run('f', '17', 'bad status', '{"id":17}', '2026-01-02T00:00:00Z');
    q.run('g', '17', 'no date', '{"id":17}', '2026-01-02T00:00:00Z');
    expect(updateToVersion(db(), 5)).toBe(5);
    const rows = db()
      .prepare(`SELECT feed_id, item_key, reason, count, first_seen, last_seen FROM quarantine ORDER BY feed_id, item_key, reason`)
      .all();
    expect(rows).toEqual([
      { feed_id: 'f', item_key: 'id:17', reason: 'bad status', count: 1, first_seen: '2026-01-02T00:00:00Z', last_seen: '2026-01-02T00:00:00Z' },
      { feed_id: 'f', item_key: 'id:17', reason: 'no date', count: 3, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-03T00:00:00Z' },
      { feed_id: 'f', item_key: quarantineKey(null, 'null'), reason: 'not an object', count: 3, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-03T00:00:00Z' },
      { feed_id: 'g', item_key: 'id:17', reason: 'no date', count: 1, first_seen: '2026-01-02T00:00:00Z', last_seen: '2026-01-02T00:00:00Z' },
    ]);
    // The key is unique now: a plain second insert is refused.
    expect(() =>
      db().prepare(`INSERT INTO quarantine (feed_id, item_key, reason, raw, first_seen, last_seen) VALUES ('g', 'id:17', 'no date', '', '', '')`).run(),
    ).toThrow(/UNIQUE/);
  });

  it('ties existing outbox rows to their report’s feed and marks operator-entered figures manual', () => {
    updateToVersion(db(), 4);
    db().exec(`
      INSERT INTO events (id, domain, kind, status, title, description, address, opened_at, updated_at, source)
        VALUES ('hotline:1', 'hotline', 'k', 'received', 't', '', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'hotline');
      INSERT INTO outbox (idempotency_key, event_id, action, actor, created_at) VALUES ('k1', 'hotline:1', 'acknowledge', 'op', 'x');
      INSERT INTO outbox (idempotency_key, event_id, action, actor, created_at) VALUES ('k2', 'gone:1', 'acknowledge', 'op', 'x');
      INSERT INTO observations VALUES ('economy.grdp', '70', '2025', 'economy', 1, 'Sở KH', 'x');
      INSERT INTO observations VALUES ('economy.grdp', '70', '2024', 'economy', 1, 'stats', 'x');
      INSERT INTO audit_log (at, actor, action, detail) VALUES ('x', 'admin', 'observation.put',
        '{"indicator":"economy.grdp","areaId":"70","period":"2025","value":1}');
      INSERT INTO audit_log (at, actor, action, detail) VALUES ('x', 'admin', 'layout.save', 'not json');
    `);
    updateToVersion(db(), 5);
    expect(db().prepare(`SELECT idempotency_key, feed_id, rejected_at, discarded_at FROM outbox ORDER BY seq`).all()).toEqual([
      { idempotency_key: 'k1', feed_id: 'hotline', rejected_at: null, discarded_at: null },
      { idempotency_key: 'k2', feed_id: null, rejected_at: null, discarded_at: null },
    ]);
    expect(db().prepare(`SELECT period, manual FROM observations ORDER BY period`).all()).toEqual([
      { period: '2024', manual: 0 },
      { period: '2025', manual: 1 },
    ]);
  });
});
