// The wall page's per-canvas state is pruned to the canvases still mounted (issue 12: it kept a
// ready flag and a callback for every layout ever shown).
import { describe, expect, it } from 'vitest';
import { keepLive, pruneToLive } from '../../../renderer/wall/live-keys';

describe('wall per-canvas state stays bounded', () => {
  it('a playlist switching for a long time keeps state only for the live canvases', () => {
    const callbacks = new Map<number, () => void>();
    let ready: ReadonlySet<number> = new Set();
    // 2 000 switches; at most 4 canvases live at once (current, next, cued, warm ones).
    for (let key = 1; key <= 2_000; key++) {
      callbacks.set(key, () => {});
      ready = new Set([...ready, key]);
      const live = new Set([key, key - 1, key - 2, key - 3].filter((k) => k > 0));
      pruneToLive(callbacks, live);
      ready = keepLive(ready, live);
    }
    expect([...callbacks.keys()]).toEqual([2_000, 1_999, 1_998, 1_997].sort((a, b) => a - b));
    expect([...ready].sort((a, b) => a - b)).toEqual([1_997, 1_998, 1_999, 2_000]);
  });

  it('returns the same set when nothing leaves, so React skips the render', () => {
    const s = new Set([1, 2]);
    expect(keepLive(s, new Set([1, 2, 3]))).toBe(s);
    const t = keepLive(s, new Set([2]));
    expect(t).not.toBe(s);
    expect([...t]).toEqual([2]);
  });
});
