import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hotlineEvent as ev } from './hotline-event';
import { migrate } from '../../host/db/migrate';
import { sweep } from '../../host/db/retention';
import { withoutTriggers } from '../../host/db/triggers';
import { AGGREGATE_TRIGGERS, bulkLoad } from '../../host/store/bulk-load';
import { RecordWriter } from '../../host/store/records';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-bulk-'));
  db = new Database(join(dir, 'a.db'));
  migrate(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** event_stats and event_agency_stats recomputed from scratch: what the triggers must always equal. */
const truth = () =>
  db
    .prepare(
      `SELECT domain, coalesce(area_id,'') a, strftime('%Y-%m', opened_at, '+7 hours') m, kind, status,
        count(*) n, sum(closed_at IS NOT NULL) closed,
        sum(closed_at IS NOT NULL AND julianday(closed_at) > julianday(due_at)) late,
        sum(coalesce(json_extract(attrs,'$.online') = 1, 0)) online,
        sum(coalesce(json_extract(attrs,'$.deaths'),0)) deaths, sum(coalesce(json_extract(attrs,'$.injuries'),0)) injuries
       FROM events GROUP BY 1,2,3,4,5 ORDER BY 1,2,3,4,5`,
    )
    .all();
const stats = () =>
  db.prepare(`SELECT domain, area_id a, month m, kind, status, n, closed, late, online, deaths, injuries FROM event_stats ORDER BY 1,2,3,4,5`).all();
const agencies = () => db.prepare(`SELECT * FROM event_agency_stats ORDER BY 1,2,3,4`).all();
const triggerSql = () => db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();

describe('bulkLoad', () => {
  it('rebuilds the aggregates once and puts the triggers back', () => {
    const w = new RecordWriter(db);
    w.event(ev('before'));
    bulkLoad(db, () => {
      w.event(ev('b1', { areaId: '690' }));
      w.event(ev('b2', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z' }));
      w.reading({ stationId: 's1', param: 'pm10', time: '2025-03-01T00:00:00Z', value: 12 });
    });
    expect(stats()).toEqual(truth());
    expect(db.prepare(`SELECT n FROM reading_monthly`).pluck().get()).toBe(1);
    // Triggers are active again after the load.
    w.event(ev('after', { areaId: '698' }));
    expect(stats()).toEqual(truth());
    const triggers = db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE 'events_stats_%' OR name LIKE 'readings_monthly_%')`).pluck().get();
    expect(triggers).toBe(6);
  });

  it('computes what the triggers compute, row by row (the live rebuild and the schema agree)', () => {
    const w = new RecordWriter(db);
    const rows = [
      ev('a', { agency: 'UBND', attrs: { online: true } }),
      ev('b', { domain: 'traffic', kind: 'traffic.accident', attrs: { deaths: 2, injuries: 3 }, dueAt: null }),
      ev('c', { status: 'resolved', closedAt: '2025-03-20T00:00:00Z', openedAt: '2025-03-31T20:00:00Z' }),
    ];
    for (const e of rows) w.event(e);
    w.reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T16:00:00Z', value: 50 });
    w.reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T17:00:00Z', value: 70 });
    const byTriggers = { stats: stats(), agencies: agencies(), readings: db.prepare(`SELECT * FROM reading_monthly ORDER BY 1,2,3`).all() };
    bulkLoad(db, () => undefined);
    expect({ stats: stats(), agencies: agencies(), readings: db.prepare(`SELECT * FROM reading_monthly ORDER BY 1,2,3`).all() }).toEqual(byTriggers);
  });

  it('re-creates the triggers the schema holds, not a migration’s copy: a later change to a trigger survives', () => {
    // What a later migration changing a trigger does: drop it and create it anew.
    const changed = `CREATE TRIGGER readings_monthly_insert AFTER INSERT ON readings BEGIN
        INSERT INTO reading_monthly (param, month, station_id, sum, n, max)
        VALUES (new.param, strftime('%Y-%m', new.time, '+7 hours'), new.station_id, new.value, 1, new.value)
        ON CONFLICT (param, month, station_id) DO UPDATE SET sum = sum + excluded.sum, n = n + 1, max = max(max, excluded.max);
        INSERT INTO meta (key, value) VALUES ('changed.trigger.ran', '1') ON CONFLICT (key) DO NOTHING;
      END`;
    db.exec(`DROP TRIGGER readings_monthly_insert; ${changed}`);
    // And a trigger that is not an aggregate's keeps firing during the load.
    db.exec(`CREATE TABLE seen (id TEXT) STRICT; CREATE TRIGGER events_seen AFTER INSERT ON events BEGIN INSERT INTO seen VALUES (new.id); END`);
    const before = triggerSql();
    bulkLoad(db, () => new RecordWriter(db).event(ev('x')));
    expect(triggerSql()).toEqual(before);
    expect(db.prepare(`SELECT id FROM seen`).pluck().all()).toEqual(['x']);
    new RecordWriter(db).reading({ stationId: 's1', param: 'pm25', time: '2025-05-31T16:00:00Z', value: 50 });
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'changed.trigger.ran'`).pluck().get()).toBe('1');
  });

  it('leaves the triggers as they were when the load throws', () => {
    const before = triggerSql();
    expect(() =>
      bulkLoad(db, () => {
        new RecordWriter(db).event(ev('lost'));
        throw new Error('feed broke');
      }),
    ).toThrow('feed broke');
    expect(triggerSql()).toEqual(before);
    expect(db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0);
    expect(AGGREGATE_TRIGGERS.every((n) => before.some((t) => (t as { name: string }).name === n))).toBe(true);
  });
});

describe('withoutTriggers', () => {
  it('skips a trigger the schema does not have, and does not create it', () => {
    db.exec(`DROP TRIGGER readings_monthly_update`);
    withoutTriggers(db, ['readings_monthly_update', 'readings_monthly_delete'], () => undefined);
    expect(triggerSql().map((t) => (t as { name: string }).name)).not.toContain('readings_monthly_update');
    expect(triggerSql().map((t) => (t as { name: string }).name)).toContain('readings_monthly_delete');
  });

  it('the retention sweep keeps a changed delete trigger as the schema has it', async () => {
    const changed = `CREATE TRIGGER readings_monthly_delete AFTER DELETE ON readings BEGIN
        INSERT INTO meta (key, value) VALUES ('deleted', old.station_id) ON CONFLICT (key) DO NOTHING;
      END`;
    db.exec(`DROP TRIGGER readings_monthly_delete; ${changed}`);
    new RecordWriter(db).reading({ stationId: 's1', param: 'pm25', time: '2020-01-01T00:00:00Z', value: 5 });
    const r = await sweep(db, { quarantineDays: 30, outboxDays: 30, auditDays: 365, readingsDays: 400 }, new Date('2026-01-01T00:00:00Z'));
    expect(r.readings).toBe(1);
    // Lifted during the sweep (the monthly aggregate stays), back afterwards exactly as it was.
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'deleted'`).pluck().get()).toBeUndefined();
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'readings_monthly_delete'`).pluck().get()).toBe(changed);
  });
});
