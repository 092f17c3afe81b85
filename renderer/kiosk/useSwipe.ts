/** Touch events → classifySwipe (swipe.ts): a swipe on an element calls back with its direction. */
import { useEffect, useRef, type RefObject } from 'react';
import { classifySwipe, type SwipeDirection } from './swipe';

/** Calls onSwipe for swipes on `ref`'s element, except strokes that begin inside `ignore`. */
export function useSwipe(ref: RefObject<HTMLElement | null>, onSwipe: (dir: SwipeDirection) => void, ignore = '.leaflet-container'): void {
  const cb = useRef(onSwipe);
  cb.current = onSwipe;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let start: { x: number; y: number; t: number; fingers: number } | null = null;
    const down = (e: TouchEvent) => {
      if (start) {
        start.fingers = Math.max(start.fingers, e.touches.length);
        return;
      }
      const t = e.touches[0];
      if (!t || (e.target as Element | null)?.closest?.(ignore)) return;
      start = { x: t.clientX, y: t.clientY, t: e.timeStamp, fingers: e.touches.length };
    };
    // A stroke that goes more sideways than up or down is the kiosk's own: the browser must not
    // take it too. A scroll box under the finger (the figures on a small screen) would begin a
    // pan, and past its edge Chromium turned a rightward one into "back", leaving the kiosk for a
    // blank page. Up-and-down strokes still scroll.
    const move = (e: TouchEvent) => {
      const t = e.touches[0];
      if (!start || !t || e.touches.length > 1 || !e.cancelable) return;
      if (Math.abs(t.clientX - start.x) > Math.abs(t.clientY - start.y)) e.preventDefault();
    };
    const up = (e: TouchEvent) => {
      if (!start || e.touches.length > 0) return;
      const t = e.changedTouches[0];
      const s = start;
      start = null;
      if (!t) return;
      const dir = classifySwipe({ dx: t.clientX - s.x, dy: t.clientY - s.y, ms: e.timeStamp - s.t, fingers: s.fingers }, window.innerWidth);
      if (dir) cb.current(dir);
    };
    const cancel = () => (start = null);
    el.addEventListener('touchstart', down, { passive: true });
    el.addEventListener('touchmove', move, { passive: false });
    el.addEventListener('touchend', up, { passive: true });
    el.addEventListener('touchcancel', cancel, { passive: true });
    return () => {
      el.removeEventListener('touchstart', down);
      el.removeEventListener('touchmove', move);
      el.removeEventListener('touchend', up);
      el.removeEventListener('touchcancel', cancel);
    };
  }, [ref, ignore]);
}
