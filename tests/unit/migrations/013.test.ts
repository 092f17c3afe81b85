import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { migrate, updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration013 } from '../../../host/db/migrations/013_open_event_stats';
import { seedDemo } from '../../../host/demo';
import { bulkLoad } from '../../../host/store/bulk-load';
import { backfillDistricts } from '../../../host/store/district-backfill';
import { RecordWriter } from '../../../host/store/records';
import { hotlineEvent } from '../hotline-event';

const db = freshDatabase('ioc-mig013-');

const ev = hotlineEvent;

/** Open events per domain, district, agency and kind, counted straight from the events. */
const openTruth = () =>
  db()
    .prepare(
      `SELECT domain, coalesce(area_id, '') area_id, coalesce(agency, '') agency, kind, count(*) n, count(due_at) dated
       FROM events WHERE closed_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all();
const openStats = () => db().prepare(`SELECT domain, area_id, agency, kind, n, dated FROM event_open_stats ORDER BY 1, 2, 3, 4`).all();
/** What the queue's agency list read before: a DISTINCT over event_agency_stats. */
const agencyTruth = () => db().prepare(`SELECT domain, agency, count(*) n FROM event_agency_stats GROUP BY 1, 2 ORDER BY 1, 2`).all();
const agencies = () => db().prepare(`SELECT domain, agency, n FROM event_agencies ORDER BY 1, 2`).all();

function expectRight() {
  expect(openStats()).toEqual(openTruth());
  expect(agencies()).toEqual(agencyTruth());
  expect(db().prepare(`SELECT count(*) FROM event_open_stats WHERE n <= 0 OR dated < 0 OR dated > n`).pluck().get()).toBe(0);
}

describe('migration 013 open event counts and agencies', () => {
  it('puts the value into the readings (param, time) index, which every reader of it can use', () => {
    expect(updateToVersion(db(), 12)).toBe(12);
    new RecordWriter(db()).reading({ stationId: 's1', param: 'pm25', time: '2026-11-25T08:00:00Z', value: 12.5 });
    expect(updateToVersion(db(), 13)).toBe(13);
    const indexes = db().prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'readings'`).pluck().all();
    expect(indexes).toContain('readings_param_time_value');
    expect(indexes).not.toContain('readings_param_time');
    const plan = db()
      .prepare(`EXPLAIN QUERY PLAN SELECT station_id, time, value FROM readings WHERE param = 'pm25' AND time > '2026-11-25T00:00:00Z'`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/COVERING INDEX readings_param_time_value/);
    expect(db().prepare(`SELECT value FROM readings WHERE param = 'pm25' AND time > '2026'`).pluck().all()).toEqual([12.5]);
  });

  it('is registered as version 13 after every lower version', () => {
    const i = MIGRATIONS.indexOf(migration013);
    expect(migration013.version).toBe(13);
    expect(i).toBeGreaterThan(0);
    expect(MIGRATIONS.slice(0, i).every((m) => m.version < 13)).toBe(true);
  });

  it('backfills the events a database held before it', () => {
    expect(updateToVersion(db(), 12)).toBe(12);
    const w = new RecordWriter(db());
    w.event(ev('a', { agency: 'Sở Xây dựng' }));
    w.event(ev('b', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z', areaId: null }));
    w.event(ev('c', { areaId: null, dueAt: null }));
    w.event(ev('d', { domain: 'traffic', kind: 'traffic.accident', agency: 'Công an tỉnh' }));
    expect(updateToVersion(db(), 13)).toBe(13);
    expectRight();
    expect(openStats()).toHaveLength(3);
    expect(agencies().map((a) => (a as { agency: string }).agency)).toEqual(['', 'Sở Xây dựng', 'Công an tỉnh']);
  });

  it('follows inserts, closures, reopenings, moves, new due dates, agencies and deletes', () => {
    migrate(db());
    const w = new RecordWriter(db());
    w.event(ev('a'));
    w.event(ev('b', { areaId: '690', agency: 'UBND huyện' }));
    w.event(ev('c', { dueAt: null }));
    w.event(ev('d', { kind: 'hotline.env', areaId: null }));
    expectRight();
    // A synced upsert that closes, one that reopens, one that moves district, kind and agency.
    w.event(ev('a', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z' }));
    expectRight();
    w.event(ev('a', { status: 'inProgress', closedAt: null, dueAt: null }));
    expectRight();
    w.event(ev('b', { areaId: '696', kind: 'hotline.env', agency: 'Sở Tài nguyên' }));
    expectRight();
    // An operator's action (hotline.act writes status, agency and closed_at with an UPDATE).
    db().prepare(`UPDATE events SET status = 'assigned', agency = 'Công an' WHERE id = 'c'`).run();
    db().prepare(`UPDATE events SET due_at = '2025-04-01T00:00:00Z' WHERE id = 'c'`).run();
    expectRight();
    db().prepare(`UPDATE events SET closed_at = '', due_at = NULL WHERE id = 'd'`).run();
    expectRight();
    db().prepare(`UPDATE events SET domain = 'urbanOrder' WHERE id = 'b'`).run();
    expectRight();
    db().prepare(`DELETE FROM events WHERE id IN ('a', 'd')`).run();
    expectRight();
    db().prepare(`DELETE FROM events`).run();
    expectRight();
    expect(openStats()).toEqual([]);
    expect(agencies()).toEqual([]);
  });

  it('stays right through bulkLoad (the demo seed), the districts back-fill, and afterwards', () => {
    migrate(db());
    const w = new RecordWriter(db());
    w.event(ev('before', { agency: 'X' }));
    seedDemo(db(), { scale: 0.02, now: new Date('2026-11-25T08:00:00Z') });
    expect(openStats().length).toBeGreaterThan(10);
    expectRight();
    bulkLoad(db(), () => w.event(ev('bulk', { areaId: '690' })));
    expectRight();
    // Events that lose their district and get it back from their point.
    db().prepare(`UPDATE events SET area_id = NULL, area_located = 0 WHERE rowid % 7 = 0 AND lat IS NOT NULL`).run();
    expectRight();
    backfillDistricts(db());
    expectRight();
    db().prepare(`UPDATE events SET closed_at = '2026-11-01T00:00:00Z', status = 'resolved' WHERE closed_at IS NULL AND rowid % 3 = 0`).run();
    db().prepare(`UPDATE events SET closed_at = NULL WHERE closed_at IS NOT NULL AND rowid % 13 = 0`).run();
    db().prepare(`DELETE FROM events WHERE rowid % 11 = 0`).run();
    expectRight();
  });
});
