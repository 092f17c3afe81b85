import { describe, expect, it } from 'vitest';
import { CanvasPool, fits, sizeFor, STEP, WASTE } from '../../../renderer/components/canvas-pool';

const c = (width: number, height: number) => ({ width, height });

describe('canvas pool (the wall maps keep their canvases between layouts)', () => {
  it('a canvas fits when it holds the drawing and wastes at most WASTE of its area', () => {
    expect(fits(c(640, 480), 621, 467)).toBe(true);
    expect(fits(c(640, 480), 594, 381)).toBe(true); // 1.36 × the area
    expect(fits(c(640, 480), 641, 100)).toBe(false); // too narrow
    expect(fits(c(640, 480), 600, 481)).toBe(false); // too short
    expect(fits(c(1280, 720), 600, 470)).toBe(false); // 3.3 × the area: a waste
    expect(fits(c(64, 64), 1, 1)).toBe(true); // tiny drawings count as 64×64
    expect(WASTE).toBe(1.5);
  });

  it('a canvas keeps its own size while it fits, and is rounded up to the step when it must change', () => {
    expect(sizeFor(c(640, 480), 621, 467)).toEqual(c(640, 480));
    expect(sizeFor(c(300, 150), 621, 467)).toEqual(c(640, 480));
    expect(sizeFor(c(640, 480), 700, 467)).toEqual(c(704, 480));
    expect(sizeFor(c(2000, 2000), 100, 100)).toEqual(c(128, 128));
    expect(sizeFor(c(0, 0), 0, 0)).toEqual(c(STEP, STEP)); // a freed canvas holds nothing
    expect(fits(c(0, 0), 0, 0)).toBe(false);
    const s = sizeFor(c(300, 150), 1279, 719);
    expect(s.width % STEP).toBe(0);
    expect(s.height % STEP).toBe(0);
  });

  it('take gives the smallest kept canvas that fits, once', () => {
    const pool = new CanvasPool<{ width: number; height: number; id: string }>(() => 1e9, () => {});
    const big = { ...c(704, 512), id: 'big' };
    const snug = { ...c(640, 480), id: 'snug' };
    const small = { ...c(320, 224), id: 'small' };
    pool.give(big);
    pool.give(snug);
    pool.give(small);
    expect(pool.take(600, 420)?.id).toBe('snug');
    expect(pool.take(600, 420)?.id).toBe('big');
    expect(pool.take(600, 420)).toBeUndefined();
    expect(pool.take(300, 200)?.id).toBe('small');
    expect(pool.size).toBe(0);
  });

  it('takeExact gives only a canvas of exactly the size asked (a chart cannot draw into part of one)', () => {
    const pool = new CanvasPool<{ width: number; height: number; id: string }>(() => 1e9, () => {});
    pool.give({ ...c(640, 400), id: 'a' });
    pool.give({ ...c(641, 400), id: 'b' });
    expect(pool.takeExact(640, 399)).toBeUndefined();
    expect(pool.takeExact(0, 0)).toBeUndefined();
    expect(pool.takeExact(641, 400)?.id).toBe('b');
    expect(pool.takeExact(641, 400)).toBeUndefined();
    expect(pool.takeExact(640, 400)?.id).toBe('a');
    expect(pool.size).toBe(0);
  });

  it('keeps at most the budget in pixels, freeing the oldest first', () => {
    const freed: string[] = [];
    let budget = 3 * 100 * 100;
    const pool = new CanvasPool<{ width: number; height: number; id: string }>(
      () => budget,
      (x) => {
        freed.push(x.id);
        x.width = 0;
        x.height = 0;
      },
    );
    for (const id of ['a', 'b', 'c', 'd']) pool.give({ ...c(100, 100), id });
    expect(freed).toEqual(['a']);
    expect(pool.pixels).toBe(3 * 100 * 100);
    // A window made smaller asks for less: the next give frees down to it.
    budget = 100 * 100;
    pool.give({ ...c(100, 100), id: 'e' });
    expect(freed).toEqual(['a', 'b', 'c', 'd']);
    expect(pool.size).toBe(1);
    expect(pool.take(100, 100)?.id).toBe('e');
    pool.give({ ...c(100, 100), id: 'e' });
    // One canvas larger than the whole budget is not kept at all, and pushes nothing out.
    pool.give({ ...c(1000, 1000), id: 'huge' });
    expect(freed.at(-1)).toBe('huge');
    expect(pool.pixels).toBe(100 * 100);
  });

  it('a canvas given twice is kept once, and one with no pixels is not kept', () => {
    const pool = new CanvasPool<{ width: number; height: number }>(() => 1e9, () => {});
    const x = c(100, 100);
    pool.give(x);
    pool.give(x);
    pool.give(c(0, 0));
    expect(pool.size).toBe(1);
  });

  it('thousands of maps taken down and built again keep the pool within its budget', () => {
    const budget = 1.5 * 1280 * 720;
    const pool = new CanvasPool<{ width: number; height: number }>(() => budget, (x) => { x.width = 0; x.height = 0; });
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    let live: { width: number; height: number }[] = [];
    let reused = 0;
    for (let round = 0; round < 2000; round++) {
      for (const x of live) pool.give(x);
      live = [];
      for (let k = 0; k < 3; k++) {
        const w = 100 + rnd(1180);
        const h = 100 + rnd(620);
        const kept = pool.take(w, h);
        if (kept) reused++;
        const got = kept ?? c(0, 0);
        const to = sizeFor(got, w, h);
        got.width = to.width;
        got.height = to.height;
        live.push(got);
      }
      expect(pool.pixels).toBeLessThanOrEqual(budget);
    }
    expect(reused).toBeGreaterThan(100); // random sizes: some fit a kept canvas (583 of 6,000 with this seed)
  });
});
