// When the wall page's app may start with a frame the host drew into the page
// (renderer/wall/first-frame.ts firstFramePainted): after that frame's paint, and never later
// than that on a page that is not being painted at all (a hidden tab, a minimised or covered
// window: no frame callback runs there), whose app must still start — its heartbeat, the
// console's commands, its own wall for when it is shown.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// By path at run time: the module uses the DOM's types, which the node typecheck has not.
const FIRST_FRAME = '../../../renderer/wall/first-frame';
interface Page {
  visibilityState: 'visible' | 'hidden';
  getElementById(id: string): object | null;
}
let firstFramePainted: (doc: Page) => Promise<void>;
let PAINT_WAIT_MS: number;
beforeAll(async () => {
  ({ firstFramePainted, PAINT_WAIT_MS } = (await import(/* @vite-ignore */ FIRST_FRAME)) as { firstFramePainted: typeof firstFramePainted; PAINT_WAIT_MS: number });
});

const page = (visibilityState: Page['visibilityState'], framed = true): Page => ({
  visibilityState,
  getElementById: (id) => (framed && id === 'first-frame' ? {} : null),
});

let frameCallbacks: (() => void)[];
beforeEach(() => {
  vi.useFakeTimers();
  frameCallbacks = [];
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frameCallbacks.push(cb));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function watch(p: Promise<void>) {
  const s = { settled: false };
  void p.then(() => (s.settled = true));
  return s;
}

describe('firstFramePainted', () => {
  it('settles at once on a page without a frame', async () => {
    const s = watch(firstFramePainted(page('visible', false)));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.settled).toBe(true);
  });

  it('settles after the paint of the frame, in the task after its frame callback', async () => {
    const s = watch(firstFramePainted(page('visible')));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.settled).toBe(false);
    frameCallbacks.splice(0).forEach((cb) => cb());
    await vi.advanceTimersByTimeAsync(0);
    expect(s.settled).toBe(true);
  });

  it('settles at once on a hidden page, where no frame callback runs', async () => {
    const s = watch(firstFramePainted(page('hidden')));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.settled).toBe(true);
  });

  it('settles within PAINT_WAIT_MS on a page said visible whose frame callbacks do not run (a covered window)', async () => {
    const s = watch(firstFramePainted(page('visible')));
    await vi.advanceTimersByTimeAsync(PAINT_WAIT_MS - 1);
    expect(s.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.settled).toBe(true);
  });
});
