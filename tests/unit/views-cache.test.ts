import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, DOMAIN_IDS, type DomainId } from '../../domains';
import type { ViewId, ViewParams } from '../../domains/views';
import { initialFeedState } from '../../sync/store';
import { migrate } from '../../host/db/migrate';
import { seedDemo } from '../../host/demo';
import { RecordWriter } from '../../host/store/records';
import { SqliteSyncStore } from '../../host/sync/sqlite-store';
import { clearViewCache, computeView, outsideViews, runView, viewCacheStats } from '../../host/views';
import { NodeStore } from '../../host/room/nodes';
import { VIEW_CACHE_MAX_ENTRIES, VIEW_CACHE_MAX_WEIGHT } from '../../host/views/cache';
import { hotlineEvent } from './hotline-event';

/**
 * The answer cache (host/views/cache.ts) must never answer differently from computing the view
 * afresh (computeView): on a seeded demo database, for every view of every domain, drill-downs and
 * periods, before and after inserts, updates, deletes, a synced batch with quarantined items, a
 * write from another connection, and as "now" passes due dates.
 */

const NOW = new Date('2026-11-25T08:00:00Z');
let dir: string;
let db: Database.Database;
let w: RecordWriter;

const VIEWS: [DomainId, ViewId][] = DOMAIN_IDS.flatMap((d) => CATALOG[d].views.map((v) => [d, v.id as ViewId] as [DomainId, ViewId]));
const PARAMS: ViewParams[] = [{}, { areaId: '689' }, { period: '2026-11' }, { areaId: '690', period: '2025' }];
// Few enough that every answer of a sweep stays kept until the next sweep (an LRU asked for more
// answers than it keeps, in the same order, would miss every time and prove nothing).
const SWEEP: ViewParams[] = [{}, { areaId: '690', period: '2026-Q3' }];

/** Every view × params through the cache, each compared with a fresh computation. */
function expectAllAgree(now: Date) {
  const before = viewCacheStats(db);
  for (const [domain, view] of VIEWS) {
    for (const params of SWEEP) {
      const served = runView(db, domain, view, params, { now });
      const fresh = computeView(db, domain, view, params, { now });
      expect(served, `${domain}.${view} ${JSON.stringify(params)} at ${now.toISOString()}`).toEqual(fresh);
    }
  }
  return { hits: viewCacheStats(db).hits - before.hits };
}

const hotlineOpen = () =>
  db.prepare(`SELECT * FROM events WHERE domain = 'hotline' AND closed_at IS NULL AND due_at IS NOT NULL ORDER BY due_at LIMIT 1`).get() as {
    id: string;
    due_at: string;
    area_id: string;
  };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-views-cache-'));
  db = new Database(join(dir, 'v.db'));
  db.pragma('journal_mode = WAL');
  migrate(db);
  seedDemo(db, { scale: 0.05, now: NOW });
  w = new RecordWriter(db);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('view answer cache', () => {
  it('answers a repeated ask from the cache: the same frozen object, counted as a hit', () => {
    clearViewCache(db);
    const a = runView(db, 'hotline', 'map', {}, { now: NOW });
    const b = runView(db, 'hotline', 'map', {}, { now: NOW });
    expect(b).toBe(a);
    expect(viewCacheStats(db)).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(Object.isFrozen(a.points[0])).toBe(true);
    expect(() => {
      (a.points as unknown as unknown[]).push({});
    }).toThrow(TypeError);
    expect(a.points.length).toBeGreaterThan(0);
  });

  it('agrees with a fresh computation for every view, area and period, asked twice', () => {
    clearViewCache(db);
    for (const [domain, view] of VIEWS) {
      for (const params of PARAMS) {
        const first = runView(db, domain, view, params, { now: NOW });
        const second = runView(db, domain, view, params, { now: NOW });
        // Kept too while the period runs: a station's current index holds until its next hour step.
        expect(second, `${domain}.${view} ${JSON.stringify(params)}`).toBe(first);
        expect(second).toEqual(computeView(db, domain, view, params, { now: NOW }));
      }
    }
    expect(viewCacheStats(db).hits).toBeGreaterThan(VIEWS.length * PARAMS.length * 0.9);
  });

  it('follows an inserted report, a status change, a closure and a deletion', () => {
    expectAllAgree(NOW);
    const before = runView(db, 'hotline', 'byArea', {}, { now: NOW });
    w.event(
      hotlineEvent('cache-new', {
        lat: 11.55,
        lon: 106.85,
        title: 'Mới',
        address: 'Đồng Xoài',
        openedAt: '2026-11-20T01:00:00Z',
        updatedAt: '2026-11-20T01:00:00Z',
        dueAt: '2026-11-24T01:00:00Z',
      }),
    );
    const after = runView(db, 'hotline', 'byArea', {}, { now: NOW });
    expect(after).not.toEqual(before);
    expect(runView(db, 'hotline', 'map', {}, { now: NOW }).points.some((p) => p.id === 'cache-new')).toBe(true);
    expectAllAgree(NOW);

    db.prepare(`UPDATE events SET status = 'inProgress', agency = 'Sở Xây dựng' WHERE id = 'cache-new'`).run();
    expectAllAgree(NOW);
    db.prepare(`UPDATE events SET status = 'resolved', closed_at = '2026-11-22T01:00:00Z' WHERE id = 'cache-new'`).run();
    expect(runView(db, 'hotline', 'queue', {}, { now: NOW }).rows.find((r) => r.id === 'cache-new')?.closed).toBe(true);
    expectAllAgree(NOW);
    db.prepare(`DELETE FROM events WHERE id = 'cache-new'`).run();
    expect(runView(db, 'hotline', 'queue', {}, { now: NOW }).rows.some((r) => r.id === 'cache-new')).toBe(false);
    expectAllAgree(NOW);
    // Many rows at once, in one statement, across domains.
    db.prepare(`DELETE FROM events WHERE rowid % 7 = 0`).run();
    expectAllAgree(NOW);
  });

  it('follows a synced batch with quarantined items, and readings, observations and places', () => {
    expectAllAgree(NOW);
    const store = new SqliteSyncStore(db, () => NOW);
    const open = hotlineOpen();
    store.applyBatch(
      'cache-feed',
      {
        events: [
          {
            id: open.id,
            domain: 'hotline',
            kind: 'hotline.order',
            status: 'resolved',
            areaId: open.area_id,
            lat: 11.6,
            lon: 106.7,
            title: 'Đã xử lý',
            description: '',
            address: '',
            agency: null,
            openedAt: '2026-10-01T01:00:00Z',
            updatedAt: '2026-11-25T07:00:00Z',
            dueAt: open.due_at,
            closedAt: '2026-11-25T07:00:00Z',
            source: 'cache-feed',
            attrs: {},
          },
        ],
        readings: [{ stationId: db.prepare(`SELECT id FROM stations LIMIT 1`).pluck().get() as string, param: 'pm25', time: '2026-11-25T07:00:00Z', value: 250 }],
      },
      [{ externalId: 'bad-1', reason: 'thiếu tọa độ / no coordinates', raw: { id: 'bad-1' } }],
      initialFeedState('cache-feed'),
    );
    expect(db.prepare(`SELECT count(*) FROM quarantine WHERE feed_id = 'cache-feed'`).pluck().get()).toBe(1);
    expectAllAgree(NOW);
    w.observation({ indicator: 'economy.grdp', areaId: '70', period: '2026', domain: 'economy', value: 123456, source: 'test', updatedAt: '2026-11-25T07:00:00Z' });
    db.prepare(`UPDATE places SET name = 'Đổi tên' WHERE rowid IN (SELECT rowid FROM places LIMIT 3)`).run();
    expectAllAgree(NOW);
  });

  it('sees a commit made by another connection to the same file', () => {
    expectAllAgree(NOW);
    // Nothing changed: the second sweep is answered from the cache (what makes the next one a test).
    expect(expectAllAgree(NOW).hits).toBeGreaterThan(VIEWS.length * SWEEP.length * 0.8);
    const other = new Database(join(dir, 'v.db'));
    try {
      other.prepare(`UPDATE events SET area_id = '690' WHERE domain = 'hotline' AND rowid % 5 = 1`).run();
    } finally {
      other.close();
    }
    expectAllAgree(NOW);
  });

  it('turns an open report overdue once "now" passes its due date, and back when asked for an earlier now', () => {
    const open = hotlineOpen();
    const due = Date.parse(open.due_at);
    const justBefore = new Date(due - 1000);
    const justAfter = new Date(due + 1000);
    const overdue = (now: Date) => runView(db, 'hotline', 'kpis', {}, { now }).items.find((i) => i.id === 'hotline.overdue')!.value!;
    const flag = (now: Date) => runView(db, 'hotline', 'queue', {}, { now }).rows.find((r) => r.id === open.id)!.overdue;
    expect(flag(justBefore)).toBe(false);
    expect(flag(justAfter)).toBe(true);
    expect(overdue(justAfter)).toBeGreaterThan(overdue(justBefore));
    expect(flag(justBefore)).toBe(false);
    for (const now of [justBefore, justAfter, new Date(due), new Date(due + 3600_000)]) expectAllAgree(now);
  });

  it("keeps a station's current index until the next hour step of a reading, and agrees with a fresh one at every minute", () => {
    clearViewCache(db);
    const station = db.prepare(`SELECT id FROM stations WHERE domain = 'environment' ORDER BY id LIMIT 1`).pluck().get() as string;
    // A reading at an odd minute makes steps between the hours; one stamped ahead of "now" comes in later.
    const w2 = new RecordWriter(db);
    w2.reading({ stationId: station, param: 'pm25', time: '2026-11-25T07:23:00Z', value: 180 });
    w2.reading({ stationId: station, param: 'pm10', time: '2026-11-25T09:41:00Z', value: 300 });
    const start = Date.parse('2026-11-25T08:00:00Z');
    let kept = 0;
    let steps = 0;
    let previous: unknown = null;
    for (let m = 0; m <= 150; m++) {
      for (const s of m % 10 === 0 ? [0, 59] : [0]) {
        const now = new Date(start + m * 60_000 + s * 1000);
        const asks = m % 10 === 0 ? ([['stations', {}], ['map', {}], ['stations', { areaId: '689' }]] as const) : ([['stations', {}]] as const);
        for (const [view, params] of asks) {
          const before = viewCacheStats(db).hits;
          const served = runView(db, 'environment', view, params, { now });
          expect(served, `${view} ${JSON.stringify(params)} at ${now.toISOString()}`).toEqual(computeView(db, 'environment', view, params, { now }));
          if (view === 'stations' && !('areaId' in params)) {
            if (viewCacheStats(db).hits > before) kept++;
            else if (previous !== null) steps++;
            previous = served;
          }
        }
      }
    }
    // Steps at :23 (the odd reading), at :00 (the hourly ones) and at 09:41 (the one stamped ahead):
    // a handful in 150 minutes, every other ask answered from the cache.
    expect(steps).toBeGreaterThanOrEqual(4);
    expect(steps).toBeLessThan(20);
    expect(kept).toBeGreaterThan(120);
  });

  it('keeps every answer across writes no view reads: a feed run state, a node heartbeat', () => {
    clearViewCache(db);
    const a = runView(db, 'hotline', 'map', {}, { now: NOW });
    const store = new SqliteSyncStore(db, () => NOW);
    store.setFeedState({ ...initialFeedState('cache-feed'), lastRunAt: NOW.toISOString() });
    const nodes = new NodeStore(db, () => NOW);
    const node = nodes.add('wall', 'Tường thử', 'test');
    const b = runView(db, 'hotline', 'map', {}, { now: NOW });
    expect(b).not.toBe(a); // adding a node is an audited change, not kept apart: a miss, never a stale answer
    expect(b).toEqual(a);
    nodes.heartbeat(node.id, { version: 'test', kind: 'browser', displays: [], showing: [] } as never);
    store.setFeedState({ ...initialFeedState('cache-feed'), lastRunAt: '2026-11-25T08:01:00Z' });
    expect(runView(db, 'hotline', 'map', {}, { now: NOW })).toBe(b);
    // A view's data written inside outsideViews would be a bug; any other write still drops everything.
    outsideViews(db, () => undefined);
    db.prepare(`UPDATE events SET title = title || '.' WHERE id = (SELECT id FROM events WHERE domain = 'hotline' AND closed_at IS NULL LIMIT 1)`).run();
    const c = runView(db, 'hotline', 'map', {}, { now: NOW });
    expect(c).not.toBe(b);
    expect(c).toEqual(computeView(db, 'hotline', 'map', {}, { now: NOW }));
  });

  it('keeps nothing that was read inside a transaction', () => {
    clearViewCache(db);
    db.transaction(() => {
      runView(db, 'hotline', 'map', {}, { now: NOW });
      runView(db, 'hotline', 'map', {}, { now: NOW });
    })();
    expect(viewCacheStats(db).entries).toBe(0);
  });

  it('stays bounded however many different answers are asked for', () => {
    clearViewCache(db);
    const areas = db.prepare(`SELECT id FROM areas WHERE level = 'district'`).pluck().all() as string[];
    const periods = ['2025', '2026', '2025-Q1', '2025-Q2', '2026-Q1', '2026-Q2', '2026-Q3', ...Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`)];
    let asked = 0;
    for (const areaId of areas) {
      for (const period of periods) {
        for (const view of ['map', 'queue', 'kpis'] as const) {
          runView(db, 'hotline', view, { areaId, period }, { now: NOW });
          asked++;
          const s = viewCacheStats(db);
          expect(s.entries).toBeLessThanOrEqual(VIEW_CACHE_MAX_ENTRIES);
          expect(s.weight).toBeLessThanOrEqual(VIEW_CACHE_MAX_WEIGHT);
        }
      }
    }
    expect(asked).toBeGreaterThan(VIEW_CACHE_MAX_ENTRIES);
    expect(viewCacheStats(db).entries).toBeGreaterThan(0);
    // A write drops everything kept, so stale answers do not even take room.
    db.prepare(`UPDATE meta SET value = value WHERE 0`).run();
    w.touch('hotline', '2026-11-25T07:30:00Z', 'test');
    runView(db, 'hotline', 'kpis', {}, { now: NOW });
    expect(viewCacheStats(db).entries).toBe(1);
  });
});
