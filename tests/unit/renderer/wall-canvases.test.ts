// One wall display's canvases (renderer/wall/canvases.ts): one canvas per layout whatever the order
// of switches, cues, idle preparations and paints; bounded; painted flags only for live canvases.
// (A 140-minute soak found a display keeping two hidden canvases of one preset to the end.)
import { describe, expect, it } from 'vitest';
import { PREPARE_AHEAD } from '../../../layouts/ahead';
import { WARM_LAYOUTS } from '../../../renderer/wall/ahead';
import { canvasesReducer, emptyCanvases, mountedCanvases, type CanvasAction, type Canvases } from '../../../renderer/wall/canvases';
import { Random } from '../../../host/demo/random';

type C = { key: number; sig: string };
let seq = 0;
const make = (sig: string): C => ({ key: ++seq, sig });
const run = (s: Canvases<C>, ...actions: CanvasAction<C>[]) => actions.reduce(canvasesReducer<C>, s);
const sigsOf = (s: Canvases<C>) => mountedCanvases(s).map((c) => c.sig).sort();

describe('a wall display keeps one canvas per layout', () => {
  it('a cue for a layout that an idle preparation was about to mount, in either order, mounts it once', () => {
    // The soak's case: the preparation was decided before the cue arrived and ran after it.
    const base = run(emptyCanvases<C>(), { type: 'ahead', ahead: ['a', 'x'] }, { type: 'show', canvas: make('a') });
    for (const order of [['cue', 'prepare'], ['prepare', 'cue']] as const) {
      const s = run(base, ...order.map((type) => ({ type, canvas: make('x') })));
      expect(sigsOf(s)).toEqual(['a', 'x']);
      // And showing it later uses that canvas; no copy is left hidden.
      const key = mountedCanvases(s).find((c) => c.sig === 'x')!.key;
      const t = run(s, { type: 'painted', key, ready: true }, { type: 'show', canvas: make('x') });
      expect(t.current?.key).toBe(key);
      expect(sigsOf(t)).toEqual(['a', 'x']);
      expect(t.cued).toBeNull();
    }
  });

  it('a cue for the layout being prepared for a switch, or on screen, mounts nothing', () => {
    let s = run(emptyCanvases<C>(), { type: 'show', canvas: make('a') }, { type: 'show', canvas: make('b') });
    expect(s.next?.sig).toBe('b');
    s = run(s, { type: 'cue', canvas: make('b') }, { type: 'cue', canvas: make('a') });
    expect(s.cued).toBeNull();
    expect(sigsOf(s)).toEqual(['a', 'b']);
  });

  it('shows a painted kept canvas at once, an unpainted one when it paints or at the cap', () => {
    let s = run(emptyCanvases<C>(), { type: 'ahead', ahead: ['b'] }, { type: 'show', canvas: make('a') }, { type: 'prepare', canvas: make('b') });
    const b = s.warm[0]!;
    s = run(s, { type: 'show', canvas: make('b') });
    expect(s.next).toBe(b); // not painted yet: prepared, not shown
    expect(s.current?.sig).toBe('a');
    const painted = run(s, { type: 'painted', key: b.key, ready: true });
    expect(painted.current).toBe(b);
    expect(painted.next).toBeNull();
    const capped = run(s, { type: 'swap-cap', key: b.key });
    expect(capped.current).toBe(b);
    // Switched back before it was shown: the prepared canvas stays kept (it is ahead).
    const back = run(s, { type: 'show', canvas: make('a') });
    expect(back.next).toBeNull();
    expect(back.warm).toContain(b);
  });

  it('lets a cue nobody follows go; a cued preset ahead stays among the kept ones', () => {
    const base = run(emptyCanvases<C>(), { type: 'ahead', ahead: ['a', 'p'] }, { type: 'show', canvas: make('a') });
    const other = run(base, { type: 'cue', canvas: make('x') });
    const x = other.cued!;
    expect(run(other, { type: 'cue-expired', key: x.key + 1000 })).toBe(other); // a cue since replaced
    const gone = run(other, { type: 'cue-expired', key: x.key });
    expect(gone.cued).toBeNull();
    expect(sigsOf(gone)).toEqual(['a']);
    const ahead = run(base, { type: 'cue', canvas: make('p') });
    const p = ahead.cued!;
    const kept = run(ahead, { type: 'cue-expired', key: p.key });
    expect(kept.cued).toBeNull();
    expect(kept.warm).toContain(p);
  });

  it('returns the same state when nothing changes, so React skips the render', () => {
    const s = run(emptyCanvases<C>(), { type: 'ahead', ahead: ['a'] }, { type: 'show', canvas: make('a') });
    expect(run(s, { type: 'show', canvas: make('a') })).toBe(s);
    expect(run(s, { type: 'cue', canvas: make('a') })).toBe(s);
    expect(run(s, { type: 'ahead', ahead: ['a'] })).toBe(s);
    expect(run(s, { type: 'swap-cap', key: 12345 })).toBe(s);
  });

  it('stays one canvas per layout and bounded under any order of events, for 50 000 events', () => {
    // Seeded (the demo data's generator): the same run every time.
    const random = new Random(0x2545f491);
    const rnd = (n: number) => random.int(0, n - 1);
    const layouts = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'drilled-1', 'drilled-2', 'edited'];
    let s = emptyCanvases<C>();
    for (let i = 0; i < 50_000; i++) {
      const live = mountedCanvases(s);
      const anyKey = () => (live.length && rnd(4) ? live[rnd(live.length)]!.key : seq + 1 + rnd(3));
      const sig = layouts[rnd(layouts.length)]!;
      const a: CanvasAction<C> = [
        () => ({ type: 'show', canvas: make(sig) }) as const,
        () => ({ type: 'cue', canvas: make(sig) }) as const,
        () => ({ type: 'prepare', canvas: make(sig) }) as const,
        () => ({ type: 'painted', key: anyKey(), ready: rnd(5) > 0 }) as const,
        () => ({ type: 'swap-cap', key: anyKey() }) as const,
        () => ({ type: 'cue-expired', key: anyKey() }) as const,
        () => ({ type: 'ahead', ahead: layouts.slice(rnd(3), rnd(3) + 4 + rnd(3)) }) as const,
      ][rnd(7)]!();
      s = canvasesReducer(s, a);
      const mounted = mountedCanvases(s);
      const sigs = mounted.map((c) => c.sig);
      expect(new Set(sigs).size, `step ${i} (${a.type}): ${sigs.join(', ')}`).toBe(sigs.length);
      expect(mounted.length).toBeLessThanOrEqual(3 + WARM_LAYOUTS + PREPARE_AHEAD);
      for (const k of s.ready) expect(mounted.some((c) => c.key === k)).toBe(true);
      if (a.type === 'show') expect([s.current?.sig, s.next?.sig]).toContain(a.canvas.sig);
    }
  });
});
