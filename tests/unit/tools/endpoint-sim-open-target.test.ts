import { describe, expect, it } from 'vitest';
import { SimData } from '../../../tools/endpoint-sim/data';

const NOW = Date.parse('2026-06-01T08:00:00+07:00');

describe('endpoint simulator: openTarget keeps the open hotline requests in steady state', () => {
  it('without it, open requests grow with the arrivals (the default other users rely on)', () => {
    const d = new SimData({ now: NOW, events: 100, requestsPerTick: 5 });
    const start = d.openCount();
    for (let i = 0; i < 100; i++) d.tick(2000);
    // 500 arrived, at most 500 random picks could close one: far more open than at the start.
    expect(d.openCount()).toBeGreaterThan(start + 200);
  });

  it('with it, the open count stays at the target however long it runs, and closes the oldest', () => {
    const d = new SimData({ now: NOW, events: 100, requestsPerTick: 5, openTarget: 120 });
    const counts: number[] = [];
    for (let i = 0; i < 400; i++) {
      d.tick(2000);
      counts.push(d.openCount());
    }
    // Below the target it grows by arrivals; once reached it never goes above it.
    expect(Math.max(...counts)).toBe(120);
    expect(counts.slice(-300).every((n) => n >= 110 && n <= 120)).toBe(true);
    expect(d.requests.size).toBe(100 + 400 * 5);
    const open = [...d.requests.values()].filter((r) => r.status === 'open');
    const closed = [...d.requests.values()].filter((r) => r.status === 'closed');
    // The oldest were closed: every open request arrived after every one closed by the cap
    // (random handling may also close recent ones, so compare with the newest-but-open).
    const oldestOpen = Math.min(...open.map((r) => Date.parse(r.requested_datetime)));
    expect(closed.filter((r) => Date.parse(r.requested_datetime) < oldestOpen).length).toBeGreaterThan(1500);
    expect(open.filter((r) => Date.parse(r.requested_datetime) < oldestOpen)).toHaveLength(0);
  });

  it('stamps what it closes with the tick time and an agency, so the next sync brings the change', () => {
    const d = new SimData({ now: NOW, events: 50, requestsPerTick: 1, openTarget: 10 });
    const before = d.now;
    d.tick(60_000);
    expect(d.openCount()).toBe(10);
    const closedNow = [...d.requests.values()].filter((r) => r.status === 'closed' && r.updatedMs === before + 60_000);
    // 50 + 1 arrived, at most 1 closed by chance: the cap closed the other 40 or 41.
    expect(closedNow.length).toBeGreaterThanOrEqual(40);
    for (const r of closedNow) {
      expect(r.agency_responsible).not.toBeNull();
      expect(r.status_notes).toBe('Đã giải quyết');
    }
    expect(d.changed.requests).toBe(before + 60_000);
  });

  it('arrive: a backlog of open requests at once, newer than anything before', () => {
    const d = new SimData({ now: NOW, events: 10 });
    const before = d.changed.requests;
    d.arrive(500);
    expect(d.openCount()).toBe(510);
    expect(d.changed.requests).toBeGreaterThan(before);
    const newest = [...d.requests.values()].slice(-500);
    expect(newest.every((r) => r.status === 'open' && r.updatedMs === d.changed.requests)).toBe(true);
  });
});
