import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { hotlineEvent as ev } from '../hotline-event';
import { migrate, updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration004 } from '../../../host/db/migrations/004_views';
import { RecordWriter } from '../../../host/store/records';

const db = freshDatabase('ioc-mig004-');

/** event_stats recomputed from scratch: what the triggers must always equal. */
function truth() {
  return db()
    .prepare(
      `SELECT domain, coalesce(area_id,'') a, strftime('%Y-%m', opened_at, '+7 hours') m, kind, status,
        count(*) n, sum(closed_at IS NOT NULL) closed,
        sum(closed_at IS NOT NULL AND julianday(closed_at) > julianday(due_at)) late,
        sum(coalesce(json_extract(attrs,'$.online') = 1, 0)) online,
        sum(coalesce(json_extract(attrs,'$.deaths'),0)) deaths
       FROM events GROUP BY 1,2,3,4,5 ORDER BY 1,2,3,4,5`,
    )
    .all();
}
function stats() {
  return db()
    .prepare(
      `SELECT domain, area_id a, month m, kind, status, n, closed, late, online, deaths FROM event_stats ORDER BY 1,2,3,4,5`,
    )
    .all();
}


describe('migration 004 view aggregates', () => {
  it('is registered as version 4, right after 003', () => {
    expect(migration004.version).toBe(4);
    expect(MIGRATIONS[3]).toBe(migration004);
    expect(MIGRATIONS.map((m) => m.version).slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it('creates the aggregate tables and the indexes the views use', () => {
    expect(updateToVersion(db(), 4)).toBe(4);
    const names = db().prepare(`SELECT name FROM sqlite_schema WHERE type IN ('table','index','trigger')`).pluck().all();
    expect(names).toEqual(
      expect.arrayContaining([
        'event_stats',
        'event_agency_stats',
        'reading_monthly',
        'events_open_due',
        'events_open_area_due',
        'events_stats_insert',
        'events_stats_update',
        'events_stats_delete',
      ]),
    );
    const plan = db()
      .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE domain = 'hotline' AND closed_at IS NULL AND area_id = '689'`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/events_open_area_due/);
  });

  it('keeps event_stats equal to the events through inserts, status changes and deletes', () => {
    migrate(db());
    const w = new RecordWriter(db());
    w.event(ev('a'));
    w.event(ev('b', { areaId: '690', attrs: { online: true } }));
    w.event(ev('c', { domain: 'traffic', kind: 'traffic.accident', attrs: { deaths: 2, injuries: 1 }, dueAt: null }));
    // Opened 20:00 UTC on 31 March = 03:00 on 1 April in Bình Phước: April's count.
    w.event(ev('d', { openedAt: '2025-03-31T20:00:00Z' }));
    expect(stats()).toEqual(truth());
    expect(db().prepare(`SELECT month FROM event_stats WHERE kind='hotline.order' AND area_id='689' ORDER BY month`).pluck().all()).toEqual([
      '2025-03',
      '2025-04',
    ]);

    // Resolved late (after dueAt), then moved to another district, then deleted.
    w.event(ev('a', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z' }));
    expect(stats()).toEqual(truth());
    expect(db().prepare(`SELECT late FROM event_stats WHERE status='resolved'`).pluck().get()).toBe(1);
    w.event(ev('a', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z', areaId: '696', agency: 'UBND' }));
    expect(stats()).toEqual(truth());
    db().prepare(`DELETE FROM events WHERE id IN ('a','c')`).run();
    expect(stats()).toEqual(truth());
    // No zero rows are left behind.
    expect(db().prepare(`SELECT count(*) FROM event_stats WHERE n = 0`).pluck().get()).toBe(0);
    expect(db().prepare(`SELECT count(*) FROM event_agency_stats WHERE n = 0`).pluck().get()).toBe(0);
    expect(db().prepare(`SELECT sum(n) FROM event_agency_stats`).pluck().get()).toBe(2);
  });

  it('backfills events and readings written before the migration', () => {
    updateToVersion(db(), 3);
    // Rows as a version-3 database holds them (today's RecordWriter writes columns of later migrations).
    const insertEvent = db().prepare(
      `INSERT INTO events (id, domain, kind, status, area_id, lat, lon, title, description, address, agency, opened_at, updated_at, due_at, closed_at, source, attrs)
       VALUES (@id, @domain, @kind, @status, @areaId, @lat, @lon, @title, @description, @address, @agency, @openedAt, @updatedAt, @dueAt, @closedAt, @source, @attrs)`,
    );
    for (const e of [ev('x'), ev('y', { status: 'resolved', closedAt: '2025-03-11T00:00:00Z' })]) insertEvent.run({ ...e, attrs: JSON.stringify(e.attrs) });
    const insertReading = db().prepare(`INSERT INTO readings (station_id, param, time, value) VALUES (?, ?, ?, ?)`);
    insertReading.run('s1', 'pm25', '2025-03-01T00:00:00Z', 10);
    insertReading.run('s1', 'pm25', '2025-03-01T01:00:00Z', 30);
    expect(updateToVersion(db(), 4)).toBe(4);
    expect(stats()).toEqual(truth());
    expect(db().prepare(`SELECT month, sum, n, max FROM reading_monthly`).get()).toEqual({ month: '2025-03', sum: 40, n: 2, max: 30 });
  });

  it('keeps reading_monthly as the monthly sum, count and max of readings', () => {
    migrate(db());
    const w = new RecordWriter(db());
    w.reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T16:00:00Z', value: 50 }); // 23:00 local, May
    w.reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T17:00:00Z', value: 70 }); // 00:00 local, June
    w.reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T15:00:00Z', value: 20 });
    w.reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T15:00:00Z', value: 26 }); // corrected value
    const rows = () => db().prepare(`SELECT month, sum, n, max FROM reading_monthly ORDER BY month`).all();
    expect(rows()).toEqual([
      { month: '2025-05', sum: 76, n: 2, max: 50 },
      { month: '2025-06', sum: 70, n: 1, max: 70 },
    ]);
    db().prepare(`DELETE FROM readings WHERE time = '2025-05-31T17:00:00Z'`).run();
    expect(rows()).toEqual([{ month: '2025-05', sum: 76, n: 2, max: 50 }]);
  });
});
