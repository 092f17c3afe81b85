import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration015 } from '../../../host/db/migrations/015_event_search';
import { RecordWriter } from '../../../host/store/records';
import { hotlineEvent } from '../hotline-event';

const db = freshDatabase('ioc-mig015-');

const found = (match: string) => db().prepare(`SELECT e.id FROM events_search s JOIN events e ON e.rowid = s.rowid WHERE events_search MATCH ? ORDER BY e.id`).pluck().all(match);

describe('migration 015 event text search', () => {
  it('is registered as version 15, the last', () => {
    expect(migration015.version).toBe(15);
    expect(MIGRATIONS.indexOf(migration015)).toBe(MIGRATIONS.length - 1);
    expect(MIGRATIONS.slice(0, -1).every((m) => m.version < 15)).toBe(true);
  });

  it('indexes the events a database held before it, then keeps the index as they change', () => {
    expect(updateToVersion(db(), 14)).toBe(14);
    const w = new RecordWriter(db());
    w.event(hotlineEvent('a', { title: 'Đèn đường không sáng', address: 'Đồng Xoài' }));
    w.event(hotlineEvent('b', { title: 'Rác thải', address: 'Bình Long' }));
    expect(updateToVersion(db(), 15)).toBe(15);
    expect(found('"sang"')).toEqual(['a']);
    expect(found('"binh" "long"')).toEqual(['b']);

    w.event(hotlineEvent('b', { title: 'Cây đổ', address: 'Bình Long' }));
    w.event(hotlineEvent('c', { title: 'Rác thải', address: 'Lộc Ninh' }));
    expect(found('"rac"')).toEqual(['c']);
    expect(found('"cay"')).toEqual(['b']);
    db().prepare(`DELETE FROM events WHERE id = 'a'`).run();
    expect(found('"sang"')).toEqual([]);
    // The index agrees with its table (FTS5's own check).
    expect(() => db().prepare(`INSERT INTO events_search (events_search, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
  });
});
