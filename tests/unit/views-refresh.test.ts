import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CATALOG, DOMAIN_IDS, type DomainEvent, type DomainId } from '../../domains';
import type { ViewId, ViewParams } from '../../domains/views';
import { initialFeedState } from '../../sync/store';
import { migrate } from '../../host/db/migrate';
import { seedDemo } from '../../host/demo';
import { SqliteSyncStore } from '../../host/sync/sqlite-store';
import { clearViewCache, computeView, runView, viewCacheStats } from '../../host/views';
import { createViewRefresher } from '../../host/views/refresh';

/**
 * The refresher (host/views/refresh.ts) computes the answers displays hold again after a commit,
 * before `changed` goes out: the ask that follows the event must be answered from the cache, and
 * that answer must be exactly what computing the view afresh gives (the cache's own test, on
 * this path), one answer per turn of the event loop, and only for answers still on a screen.
 */

const NOW = new Date('2026-11-25T08:00:00Z');
let dir: string;
let db: Database.Database;
let store: SqliteSyncStore;

const VIEWS: [DomainId, ViewId][] = DOMAIN_IDS.flatMap((d) => CATALOG[d].views.map((v) => [d, v.id as ViewId] as [DomainId, ViewId]));
const SWEEP: ViewParams[] = [{}, { areaId: '690', period: '2026-Q3' }];

/** A manual event loop: each queued turn runs when the test says so. */
function turns() {
  const queue: (() => void)[] = [];
  return {
    turn: (fn: () => void) => queue.push(fn),
    runOne: () => queue.shift()?.(),
    runAll: () => {
      let n = 0;
      while (queue.length) {
        queue.shift()!();
        n++;
      }
      return n;
    },
    get size() {
      return queue.length;
    },
  };
}

const hotlineEvent = (id: string, title: string, status = 'received'): DomainEvent => ({
  id,
  domain: 'hotline',
  kind: 'hotline.order',
  status,
  areaId: '690',
  lat: 11.55,
  lon: 106.85,
  title,
  description: '',
  address: 'Đồng Xoài',
  agency: null,
  openedAt: '2026-08-20T01:00:00Z',
  updatedAt: '2026-11-25T07:00:00Z',
  dueAt: '2026-11-28T01:00:00Z',
  closedAt: null,
  source: 'refresh-feed',
  attrs: {},
});

const commit = (events: DomainEvent[], readings: { stationId: string; param: string; time: string; value: number }[] = []) =>
  store.applyBatch('refresh-feed', { events, readings }, [], initialFeedState('refresh-feed'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-views-refresh-'));
  db = new Database(join(dir, 'v.db'));
  db.pragma('journal_mode = WAL');
  migrate(db);
  seedDemo(db, { scale: 0.05, now: NOW });
  store = new SqliteSyncStore(db, () => NOW);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('view refresher', () => {
  it('computes every held answer again after a synced commit, so the ask after `changed` is a hit equal to a fresh computation', async () => {
    clearViewCache(db);
    const told: DomainId[][] = [];
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => NOW });
    for (const [domain, view] of VIEWS) for (const p of SWEEP) runView(db, domain, view, p, { now: NOW });
    const station = db.prepare(`SELECT id FROM stations ORDER BY id LIMIT 1`).pluck().get() as string;
    const result = commit([hotlineEvent('refresh-1', 'Mới')], [{ stationId: station, param: 'pm25', time: '2026-11-25T07:30:00Z', value: 210 }]);
    expect(result.domains.sort()).toEqual(['environment', 'hotline']);
    r.changed(result.domains);
    expect(told).toEqual([]); // not before the answers are computed again
    await r.idle();
    expect(told).toEqual([result.domains]);
    const held = VIEWS.filter(([d]) => result.domains.includes(d)).length * SWEEP.length;
    expect(r.stats.refreshed).toBe(held);
    const before = viewCacheStats(db);
    for (const [domain, view] of VIEWS.filter(([d]) => result.domains.includes(d))) {
      for (const p of SWEEP) {
        expect(runView(db, domain, view, p, { now: NOW }), `${domain}.${view} ${JSON.stringify(p)}`).toEqual(computeView(db, domain, view, p, { now: NOW }));
      }
    }
    expect(viewCacheStats(db).hits - before.hits).toBe(held);
    expect(viewCacheStats(db).misses).toBe(before.misses);
    expect(runView(db, 'hotline', 'queue', {}, { now: NOW }).rows.some((row) => row.id === 'refresh-1')).toBe(true);
    r.stop();
  });

  it('follows updates and deletes the same way, round after round', async () => {
    const r = createViewRefresher(db, () => {}, { now: () => NOW });
    const asks: [ViewId, ViewParams][] = [['map', {}], ['queue', {}], ['byArea', {}], ['kpis', { areaId: '690' }], ['byStatus', { period: '2026' }]];
    const check = () => {
      const hits = viewCacheStats(db).hits;
      for (const [view, p] of asks) expect(runView(db, 'hotline', view, p, { now: NOW })).toEqual(computeView(db, 'hotline', view, p, { now: NOW }));
      expect(viewCacheStats(db).hits - hits).toBe(asks.length);
    };
    for (const [view, p] of asks) runView(db, 'hotline', view, p, { now: NOW });
    r.changed(commit([hotlineEvent('refresh-2', 'Hai')]).domains);
    await r.idle();
    check();
    r.changed(commit([hotlineEvent('refresh-2', 'Hai', 'inProgress')]).domains);
    await r.idle();
    check();
    r.changed(commit([{ ...hotlineEvent('refresh-2', 'Hai', 'resolved'), closedAt: '2026-11-25T07:50:00Z' }]).domains);
    await r.idle();
    check();
    db.prepare(`DELETE FROM events WHERE id = 'refresh-2'`).run();
    r.changed(['hotline']);
    await r.idle();
    check();
    expect(runView(db, 'hotline', 'queue', {}, { now: NOW }).rows.some((row) => row.id === 'refresh-2')).toBe(false);
    r.stop();
  });

  it('computes one answer per turn of the event loop, gathers changes that come meanwhile, and tells each round once', () => {
    clearViewCache(db);
    const loop = turns();
    const told: DomainId[][] = [];
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => NOW, turn: loop.turn });
    for (const view of ['map', 'queue', 'kpis'] as const) runView(db, 'hotline', view, {}, { now: NOW });
    runView(db, 'land', 'map', {}, { now: NOW });
    commit([hotlineEvent('refresh-3', 'Ba')]);
    r.changed(['hotline']);
    expect(r.stats.refreshed).toBe(0); // nothing on the writer's own turn
    loop.runOne();
    expect(r.stats.refreshed).toBe(1);
    // A request between two turns is served: a hit for what is refreshed, a miss computed for the rest.
    expect(runView(db, 'land', 'map', {}, { now: NOW })).toEqual(computeView(db, 'land', 'map', {}, { now: NOW }));
    r.changed(['land']);
    r.changed(['hotline']);
    loop.runOne();
    loop.runOne();
    expect(r.stats.refreshed).toBe(3);
    expect(told).toEqual([]);
    loop.runOne(); // the round ends: told
    expect(told).toEqual([['hotline']]);
    expect(loop.runAll()).toBeGreaterThan(0);
    // The next round: land, and hotline again; hotline's answers were not asked since it was told.
    expect(told).toEqual([['hotline'], ['land', 'hotline']]);
    expect(r.stats.rounds).toBe(2);
    expect(r.stats.refreshed).toBe(4);
    r.stop();
  });

  /**
   * A display asks, the domain changes (its answer refreshed), then changes again with no ask in
   * between: told on the spot. Then it asks again and the domain changes: refreshed once more.
   */
  function askChangeChange(): void {
    clearViewCache(db);
    const loop = turns();
    const told: DomainId[][] = [];
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => NOW, turn: loop.turn });
    runView(db, 'hotline', 'map', {}, { now: NOW });
    r.changed(['hotline']);
    loop.runAll();
    expect(r.stats.refreshed).toBe(1);
    // Nobody asked again after `changed`: the display no longer shows it.
    r.changed(['hotline']);
    expect(told).toEqual([['hotline'], ['hotline']]); // told on the spot
    expect(loop.size).toBe(0);
    expect(r.stats.refreshed).toBe(1);
    // Asked again after the tell: refreshed on the next change.
    runView(db, 'hotline', 'map', {}, { now: NOW });
    r.changed(['hotline']);
    loop.runAll();
    expect(r.stats.refreshed).toBe(2);
    r.stop();
  }

  it('leaves out answers no display asked for since the last change, and tells at once when nothing is held', () => {
    askChangeChange();
  });

  it('orders asks and changes by when they happened, not by the millisecond: all in one millisecond', () => {
    // A fast machine did the ask, the change, its refresh and the tell within one millisecond:
    // compared by wall-clock ms, the ask looked as if it came after the tell.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-02T19:00:00Z'));
    try {
      askChangeChange();
    } finally {
      clock.mockRestore();
    }
  });

  it('survives an answer that can no longer be computed, and tells nothing once stopped', async () => {
    clearViewCache(db);
    const told: DomainId[][] = [];
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => NOW });
    db.prepare(`INSERT INTO areas (id, version, level, parent_id, name, kind, geometry) SELECT 'gone', version, 'district', parent_id, 'Sắp bỏ', kind, NULL FROM areas WHERE id = '690'`).run();
    runView(db, 'hotline', 'kpis', { areaId: 'gone' }, { now: NOW });
    runView(db, 'hotline', 'kpis', {}, { now: NOW });
    db.prepare(`DELETE FROM areas WHERE id = 'gone'`).run();
    r.changed(['hotline']);
    await r.idle();
    expect(r.stats.failed).toBe(1);
    expect(r.stats.refreshed).toBe(1);
    expect(told).toEqual([['hotline']]);
    runView(db, 'hotline', 'kpis', {}, { now: NOW });
    r.changed(['hotline']);
    r.stop();
    await r.idle();
    expect(told).toEqual([['hotline']]);
  });

  it('tells a domain changed when the clock turns its answers (a report falls due), once, with no commit', async () => {
    clearViewCache(db);
    let clock = NOW;
    const told: DomainId[][] = [];
    // Its own timer out of the way: the test calls checkClock itself.
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => clock, clockEveryMs: 3_600_000 });
    const due = new Date(NOW.getTime() + 60_000);
    commit([{ ...hotlineEvent('clock-1', 'Sắp đến hạn'), dueAt: due.toISOString().replace('.000Z', 'Z') }]);
    const stateOf = () => runView(db, 'hotline', 'map', {}, { now: clock }).points.find((p) => p.id === 'clock-1')?.state;
    const overdue = () => runView(db, 'hotline', 'kpis', {}, { now: clock });
    expect(stateOf()).toBe('open');
    const before = overdue();
    runView(db, 'environment', 'kpis', {}, { now: clock });
    expect(r.checkClock()).toEqual([]);
    // Counted overdue once "now" is past its due second (counts compare times as text to the second).
    clock = due;
    expect(r.checkClock()).toEqual([]);
    clock = new Date(due.getTime() + 1000);
    expect(r.checkClock()).toEqual(['hotline']);
    await r.idle();
    expect(told).toEqual([['hotline']]);
    // Told once: nothing more until an answer given after it has a turn of its own.
    expect(r.checkClock()).toEqual([]);
    // What the displays ask after it is the clock's answer, not the kept one.
    expect(stateOf()).toBe('overdue');
    expect(overdue()).not.toEqual(before);
    expect(overdue()).toEqual(computeView(db, 'hotline', 'kpis', {}, { now: clock }));
    r.stop();
    expect(r.checkClock()).toEqual([]);
    db.prepare(`DELETE FROM events WHERE id = 'clock-1'`).run();
  });

  it('tells the domains asked for when the clock is stepped back: their held answers were for a time still to come', async () => {
    clearViewCache(db);
    let clock = NOW;
    const told: DomainId[][] = [];
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => clock, clockEveryMs: 3_600_000 });
    const due = new Date(NOW.getTime() + 60_000);
    commit([{ ...hotlineEvent('clock-back', 'Quá hạn rồi'), dueAt: due.toISOString().replace('.000Z', 'Z') }]);
    // Computed while the clock ran 2 h fast: the report counts as overdue.
    clock = new Date(NOW.getTime() + 2 * 3_600_000);
    const fast = runView(db, 'hotline', 'map', {}, { now: clock });
    expect(fast.points.find((p) => p.id === 'clock-back')?.state).toBe('overdue');
    runView(db, 'environment', 'kpis', {}, { now: clock });
    expect(r.checkClock()).toEqual([]);
    // NTP puts it right: the displays holding those answers are told, and ask again.
    clock = NOW;
    expect(r.checkClock()).toEqual(['environment', 'hotline']);
    await r.idle();
    expect(told).toEqual([['environment', 'hotline']]);
    expect(runView(db, 'hotline', 'map', {}, { now: clock }).points.find((p) => p.id === 'clock-back')?.state).toBe('open');
    // Jitter of a few hundred ms is no step.
    clock = new Date(NOW.getTime() - 300);
    expect(r.checkClock()).toEqual([]);
    r.stop();
    db.prepare(`DELETE FROM events WHERE id = 'clock-back'`).run();
  });

  it("tells the domains asked for when the province's month turns: the period asked for resolves anew", async () => {
    clearViewCache(db);
    let clock = NOW;
    const told: DomainId[][] = [];
    const r = createViewRefresher(db, (d) => told.push(d), { now: () => clock, clockEveryMs: 3_600_000 });
    expect(runView(db, 'economy', 'kpis', {}, { now: clock }).period).toMatchObject({ key: '2026', to: '2026-11' });
    clock = new Date('2026-11-30T16:59:59Z'); // 23:59:59 on 30 November in Bình Phước
    expect(r.checkClock()).toEqual([]);
    clock = new Date('2026-11-30T17:00:00Z'); // 1 December, 00:00
    expect(r.checkClock()).toEqual(['economy']);
    await r.idle();
    expect(told).toEqual([['economy']]);
    expect(runView(db, 'economy', 'kpis', {}, { now: clock }).period).toMatchObject({ key: '2026', to: '2026-12' });
    r.stop();
  });
});
