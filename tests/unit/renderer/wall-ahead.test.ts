// The wall's hidden canvases (renderer/wall/ahead.ts): the presets ahead stay prepared, a few
// recently shown others stay warm, and nothing else is kept, over any number of switches.
import { describe, expect, it } from 'vitest';
import { PREPARE_AHEAD } from '../../../layouts/ahead';
import { keepHidden, nextToPrepare, WARM_LAYOUTS } from '../../../renderer/wall/ahead';

const c = (sig: string, key = 0) => ({ sig, key });

describe('hidden canvases kept by a wall display', () => {
  it('keeps every preset ahead and the most recent others up to WARM_LAYOUTS', () => {
    const hidden = [c('x'), c('a'), c('y'), c('b'), c('z'), c('c')]; // most recent first
    expect(keepHidden(hidden, ['a', 'b', 'c']).map((h) => h.sig)).toEqual(['x', 'a', 'y', 'b', 'c']);
    // A preset no longer ahead becomes an ordinary recent one.
    expect(keepHidden(hidden, ['c']).map((h) => h.sig)).toEqual(['x', 'a', 'c']);
    // The same layout twice is kept once (the most recent canvas).
    expect(keepHidden([c('a', 2), c('a', 1)], []).map((h) => h.key)).toEqual([2]);
  });

  it('stays bounded over months of switching between presets, edited copies and drilled layouts', () => {
    const ahead = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']; // more than the bound: only the first PREPARE_AHEAD count
    let hidden: { sig: string; key: number }[] = [];
    let current: { sig: string; key: number } | null = null;
    let key = 0;
    for (let i = 0; i < 100_000; i++) {
      // Every third switch is to a layout never seen before (an alert drilled to a district, a new copy).
      const sig = i % 3 === 0 ? `one-off-${i}` : ahead[i % ahead.length]!;
      const kept = hidden.find((h) => h.sig === sig);
      const next = kept ?? { sig, key: ++key };
      const rest = hidden.filter((h) => h.key !== next.key);
      hidden = keepHidden(current ? [current, ...rest] : rest, ahead);
      current = next;
      // At idle the display prepares what is missing, one at a time.
      const mounted = new Set([current.sig, ...hidden.map((h) => h.sig)]);
      const todo = nextToPrepare(ahead.map((s) => ({ sig: s })), mounted);
      if (todo) hidden = keepHidden([...hidden, { sig: todo.sig, key: ++key }], ahead);
      expect(hidden.length).toBeLessThanOrEqual(WARM_LAYOUTS + PREPARE_AHEAD);
    }
    const sigs = hidden.map((h) => h.sig);
    for (const s of ahead.slice(0, PREPARE_AHEAD)) if (s !== current!.sig) expect(sigs).toContain(s);
    expect(sigs.filter((s) => s.startsWith('one-off-')).length).toBeLessThanOrEqual(WARM_LAYOUTS);
  });

  it('prepares the first layout ahead that no canvas shows, and nothing past the bound', () => {
    const ahead = ['a', 'b', 'c', 'd', 'e'].map((sig) => ({ sig }));
    expect(nextToPrepare(ahead, new Set(['a', 'c']))?.sig).toBe('b');
    expect(nextToPrepare(ahead, new Set(['a', 'b', 'c', 'd']))).toBeNull();
    expect(nextToPrepare([], new Set())).toBeNull();
  });
});
