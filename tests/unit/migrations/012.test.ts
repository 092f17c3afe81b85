import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { migrate, updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration012 } from '../../../host/db/migrations/012_event_area_stats';
import { seedDemo } from '../../../host/demo';
import { bulkLoad } from '../../../host/store/bulk-load';
import { RecordWriter } from '../../../host/store/records';
import { hotlineEvent } from '../hotline-event';

const db = freshDatabase('ioc-mig012-');

const ev = hotlineEvent;

/** The totals per domain, local month and district counted straight from the events. */
function truth() {
  return db()
    .prepare(
      `SELECT domain, strftime('%Y-%m', opened_at, '+7 hours') month, coalesce(area_id, '') area_id,
        count(*) n, sum(closed_at IS NOT NULL) closed,
        sum(closed_at IS NOT NULL AND due_at IS NOT NULL AND julianday(closed_at) > julianday(due_at)) late,
        sum(coalesce(json_extract(attrs, '$.online') = 1, 0)) online,
        sum(CAST(coalesce(json_extract(attrs, '$.deaths'), 0) AS INTEGER)) deaths,
        sum(CAST(coalesce(json_extract(attrs, '$.injuries'), 0) AS INTEGER)) injuries
       FROM events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
}
const rollup = () => db().prepare(`SELECT domain, month, area_id, n, closed, late, online, deaths, injuries FROM event_area_stats ORDER BY 1, 2, 3`).all();

describe('migration 012 event totals per district and month', () => {
  it('is registered as version 12 after every lower version', () => {
    const i = MIGRATIONS.indexOf(migration012);
    expect(migration012.version).toBe(12);
    expect(i).toBeGreaterThan(3);
    expect(MIGRATIONS.slice(0, i).every((m) => m.version < 12)).toBe(true);
  });

  it('backfills the events a database held before it', () => {
    expect(updateToVersion(db(), 11)).toBe(11);
    const w = new RecordWriter(db());
    w.event(ev('a'));
    w.event(ev('b', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z', areaId: null }));
    w.event(ev('c', { domain: 'traffic', kind: 'traffic.accident', attrs: { deaths: 2, injuries: 3 } }));
    expect(updateToVersion(db(), 12)).toBe(12);
    expect(rollup()).toEqual(truth());
    expect(rollup()).toHaveLength(3);
  });

  it('follows inserts, closures, moves between districts and months, and deletes', () => {
    migrate(db());
    const w = new RecordWriter(db());
    w.event(ev('a'));
    w.event(ev('b', { areaId: '690', attrs: { online: true } }));
    w.event(ev('c', { domain: 'traffic', kind: 'traffic.accident', attrs: { deaths: 2, injuries: 1 }, dueAt: null }));
    w.event(ev('d', { openedAt: '2025-03-31T20:00:00Z', kind: 'hotline.env' }));
    expect(rollup()).toEqual(truth());
    w.event(ev('a', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z' }));
    expect(rollup()).toEqual(truth());
    w.event(ev('a', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z', areaId: '696', openedAt: '2025-04-02T00:00:00Z' }));
    expect(rollup()).toEqual(truth());
    db().prepare(`UPDATE events SET kind = 'hotline.other', status = 'inProgress' WHERE id = 'b'`).run();
    expect(rollup()).toEqual(truth());
    db().prepare(`DELETE FROM events WHERE id IN ('a', 'c')`).run();
    expect(rollup()).toEqual(truth());
    expect(db().prepare(`SELECT count(*) FROM event_area_stats WHERE n = 0`).pluck().get()).toBe(0);
    db().prepare(`DELETE FROM events`).run();
    expect(rollup()).toEqual([]);
  });

  it('stays right through bulkLoad (the demo seed) and afterwards', () => {
    migrate(db());
    const w = new RecordWriter(db());
    w.event(ev('before'));
    seedDemo(db(), { scale: 0.02, now: new Date('2026-11-25T08:00:00Z') });
    expect(rollup().length).toBeGreaterThan(100);
    expect(rollup()).toEqual(truth());
    bulkLoad(db(), () => w.event(ev('bulk', { areaId: '690' })));
    expect(rollup()).toEqual(truth());
    db().prepare(`UPDATE events SET closed_at = '2026-11-01T00:00:00Z', status = 'resolved' WHERE closed_at IS NULL AND rowid % 3 = 0`).run();
    db().prepare(`DELETE FROM events WHERE rowid % 11 = 0`).run();
    expect(rollup()).toEqual(truth());
  });
});
