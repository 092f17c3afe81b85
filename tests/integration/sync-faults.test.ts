import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type Fault, type Sim } from '../../tools/endpoint-sim/server';
import { feedConfigSchema } from '../../sync/feeds/config';
import { SyncScheduler } from '../../host/sync/scheduler';
import { simFeeds, testDb, type TestDb } from './sync/helpers';

let sim: Sim;
let t: TestDb;
const sleeps: number[] = [];
beforeEach(async () => {
  sim = await startSim({ events: 120 });
  sleeps.length = 0;
  // Backoff delays are recorded, not slept: the test checks what the client chose to wait.
  t = testDb({ baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => void sleeps.push(ms) });
});
afterEach(async () => {
  await t.close();
  await sim.close();
});

const snapshot = () => t.db.prepare(`SELECT id, status, updated_at FROM events ORDER BY id`).all();

const CASES: { fault: Fault; code: string; vi: RegExp; feed?: Record<string, unknown> }[] = [
  { fault: { kind: 'error500' }, code: 'server_error', vi: /Máy chủ gặp lỗi \(HTTP 500\)/ },
  { fault: { kind: 'unavailable503', retryAfter: 2 }, code: 'unavailable', vi: /tạm thời không phục vụ \(HTTP 503\), hẹn thử lại sau 2 giây/ },
  { fault: { kind: 'slow', delayMs: 1500 }, code: 'timeout', vi: /Máy chủ không trả lời sau 0\.3 giây/, feed: { timeout: 300 } },
  { fault: { kind: 'drop' }, code: 'reset', vi: /Kết nối bị ngắt giữa chừng/ },
  { fault: { kind: 'truncate' }, code: 'truncated', vi: /bị thiếu/ },
  { fault: { kind: 'redirectLoop' }, code: 'redirect_loop', vi: /chuyển hướng vòng lặp/ },
  { fault: { kind: 'oversize', sizeBytes: 4 * 1024 * 1024 }, code: 'too_large', vi: /vượt giới hạn 256 KB/, feed: { maxBytes: 256 * 1024 } },
];

describe('faults: last good data kept, reason reported in plain words, recovery when the fault clears', () => {
  for (const c of CASES) {
    it(c.fault.kind, async () => {
      const feed = feedConfigSchema.parse({ ...simFeeds(sim.url)['hotline-open311']!, retries: 2, ...(c.feed ?? {}) });
      const good = await t.run(feed);
      expect(good.ok).toBe(true);
      const before = snapshot();
      const okAt = t.store.getFeedState(feed.id).lastSuccessAt;
      sim.data.tick();

      sim.setFaults([{ ...c.fault }]);
      const bad = await t.run(feed);
      expect(bad.ok).toBe(false);
      expect(bad.error!.code).toBe(c.code);
      expect(bad.error!.vi).toMatch(c.vi);
      expect(bad.error!.en.length).toBeGreaterThan(10);
      expect(snapshot()).toEqual(before);
      const st = t.store.getFeedState(feed.id);
      expect(st.lastError!.code).toBe(c.code);
      expect(st.lastSuccessAt).toBe(okAt);
      expect(st.consecutiveFailures).toBe(1);
      if (['error500', 'unavailable503', 'slow', 'drop', 'truncate'].includes(c.fault.kind)) {
        expect(sleeps).toHaveLength(2); // retried twice, with a backoff before each
      } else {
        expect(sleeps).toEqual([]); // not worth retrying: a loop or an oversize body stays so
      }
      if (c.fault.kind === 'unavailable503') {
        expect(sleeps).toEqual([2000, 2000]); // Retry-After honoured over the shorter jittered backoff
        expect(bad.retryAfterMs).toBe(2000);
      }

      sim.setFaults([]);
      const again = await t.run(feed);
      expect(again.ok).toBe(true);
      expect(again.counts.fetched).toBeGreaterThan(0);
      expect(t.store.getFeedState(feed.id).lastError).toBeNull();
      expect(t.count('events')).toBe(sim.data.requests.size);
    });
  }

  it('a fault that clears by itself mid-run is ridden out by the retries (backoff with full jitter)', async () => {
    const feed = feedConfigSchema.parse({ ...simFeeds(sim.url)['hotline-open311']!, retries: 3 });
    sim.setFaults([{ kind: 'error500', count: 2 }]);
    const r = await t.run(feed);
    expect(r.ok).toBe(true);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(t.count('events')).toBe(120);
  });

  it('a fault in the middle of paging keeps the pages already stored and resumes from the cursor', async () => {
    const feed = feedConfigSchema.parse({ ...simFeeds(sim.url)['hotline-open311']!, options: { pageSize: 20 } });
    sim.setFaults([{ kind: 'error500', path: '/open311', count: 1 }]);
    // First page fails: nothing stored. Let two pages through, then fail.
    expect((await t.run(feed)).ok).toBe(false);
    expect(t.count('events')).toBe(0);
    // Two pages go through, the third is cut short: the two stay, with the cursor after them.
    sim.setFaults([
      { kind: 'invalid', path: '/open311', count: 2 },
      { kind: 'truncate', path: '/open311', count: 1 },
    ]);
    const partial = await t.run(feedConfigSchema.parse({ ...feed, retries: 0 }));
    expect(partial.ok).toBe(false);
    expect(partial.error!.code).toBe('truncated');
    expect(t.count('events')).toBe(39); // 20 + 19: page 2 starts at (includes) the newest of page 1
    const cursor = JSON.parse(t.store.getFeedState(feed.id).cursor!);
    expect(Date.parse(cursor.since)).toBe(Date.parse(t.db.prepare(`SELECT max(updated_at) FROM events`).pluck().get() as string)); // keyset: after the newest stored
    sim.setFaults([]);
    const done = await t.run(feed);
    expect(done.counts.fetched).toBeLessThanOrEqual(82); // resumed after page 2 (+ boundaries), not from the start
    expect(done.ok).toBe(true);
    expect(t.count('events')).toBe(120);
    expect(t.store.getFeedState(feed.id).cursor).toBeNull();
  });

  it('network down: every feed failing to connect is reported once as "mất kết nối", and clears when back', async () => {
    const dead = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    let base = `http://127.0.0.1:${dead}`;
    const feeds = () => Object.values(simFeeds(base)).slice(0, 3);
    const s = new SyncScheduler({ db: t.db, feeds, http: { baseDelayMs: 1, maxDelayMs: 2 } });
    const down = await s.runNow();
    expect(down.every((r) => !r.ok && r.error!.code === 'refused')).toBe(true);
    expect(down[0]!.error!.vi).toMatch(/từ chối kết nối/);
    expect(s.networkDown).toBe(true);
    base = sim.url;
    const up = await s.runNow();
    expect(up.every((r) => r.ok)).toBe(true);
    expect(s.networkDown).toBe(false);
    const next = t.store.getFeedState('hotline-open311').nextRunAt;
    expect(Date.parse(next!)).toBeGreaterThan(Date.now() + 30_000); // back on its 60 s interval
    await s.stop();
  });
});
