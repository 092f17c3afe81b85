import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wallPainted, WALL_REGISTER_LATEST_MS, WALL_REGISTER_SETTLE_MS } from '../../../renderer/sw/wall-painted';

/** The little of the DOM wallPainted uses: one attribute on one element, observed. */
class FakeDoc {
  ready = false;
  observers = new Set<FakeObserver>();
  documentElement = {};
  querySelector(sel: string) {
    expect(sel).toBe('[data-wall-ready="true"]');
    return this.ready ? {} : null;
  }
  paint() {
    this.ready = true;
    for (const o of this.observers) o.cb();
  }
}
let doc: FakeDoc;
class FakeObserver {
  constructor(readonly cb: () => void) {}
  observe() {
    doc.observers.add(this);
  }
  disconnect() {
    doc.observers.delete(this);
  }
}

describe('the wall registers its service worker after its first frame', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    doc = new FakeDoc();
    vi.stubGlobal('MutationObserver', FakeObserver);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const settled = (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    return () => done;
  };

  it('waits for data-wall-ready, stops observing, and lets the other displays paint first', async () => {
    const done = settled(wallPainted(doc as unknown as Parameters<typeof wallPainted>[0]));
    await vi.advanceTimersByTimeAsync(WALL_REGISTER_LATEST_MS - 1);
    expect(done()).toBe(false);
    expect(doc.observers.size).toBe(1);
    doc.paint();
    expect(doc.observers.size).toBe(0);
    await vi.advanceTimersByTimeAsync(WALL_REGISTER_SETTLE_MS - 1);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    expect(vi.getTimerCount()).toBe(0); // the never-painted deadline is cleared too
  });

  it('on a wall already painted, only the settling time', async () => {
    doc.ready = true;
    const done = settled(wallPainted(doc as unknown as Parameters<typeof wallPainted>[0], { settleMs: 100 }));
    expect(doc.observers.size).toBe(0);
    await vi.advanceTimersByTimeAsync(99);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('a wall that never paints (host down, nothing cached) still gets its worker, after the deadline', async () => {
    const done = settled(wallPainted(doc as unknown as Parameters<typeof wallPainted>[0], { latestMs: 5000 }));
    await vi.advanceTimersByTimeAsync(4999);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(1); // no settling time (a zero timeout): it has waited long enough
    expect(done()).toBe(true);
    expect(doc.observers.size).toBe(0);
    doc.paint(); // a late frame changes nothing
    expect(done()).toBe(true);
  });

  it('waits for the main thread to be idle where the browser says so', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: () => void) => idle.push(cb));
    doc.ready = true;
    const done = settled(wallPainted(doc as unknown as Parameters<typeof wallPainted>[0], { settleMs: 0 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(false);
    expect(idle).toHaveLength(1);
    idle[0]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });
});
