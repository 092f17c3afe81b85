/**
 * Swipe between domains: a one-finger stroke that is mostly horizontal, long enough and quick
 * enough. Anything else (a tap, a vertical scroll of a list, a slow drag, a pinch, a stroke on
 * the map, which pans the map instead) is not a swipe. Pure, so the rule is tested on its own;
 * useSwipe wires it to touch events.
 */
import { useEffect, useRef, type RefObject } from 'react';

export interface Stroke {
  dx: number;
  dy: number;
  ms: number;
  /** The most fingers on the screen at any time during the stroke. */
  fingers: number;
}

export type SwipeDirection = 'next' | 'prev';

/** At least this far (px, or 12 % of the screen's width if that is less) sideways. */
export const SWIPE_MIN_PX = 120;
export const SWIPE_MAX_MS = 900;

export function classifySwipe(s: Stroke, screenWidth: number): SwipeDirection | null {
  if (s.fingers !== 1 || s.ms > SWIPE_MAX_MS) return null;
  const min = Math.min(SWIPE_MIN_PX, screenWidth * 0.12);
  if (Math.abs(s.dx) < min || Math.abs(s.dx) < Math.abs(s.dy) * 2) return null;
  // Finger moving left brings the next domain in from the right, as on a phone.
  return s.dx < 0 ? 'next' : 'prev';
}

/** The domain `dir` of `current` in `order`, wrapping around at both ends. */
export function neighbour<T>(order: readonly T[], current: T, dir: SwipeDirection): T {
  const i = order.indexOf(current);
  const n = order.length;
  return order[(((i + (dir === 'next' ? 1 : -1)) % n) + n) % n]!;
}

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
    el.addEventListener('touchend', up, { passive: true });
    el.addEventListener('touchcancel', cancel, { passive: true });
    return () => {
      el.removeEventListener('touchstart', down);
      el.removeEventListener('touchend', up);
      el.removeEventListener('touchcancel', cancel);
    };
  }, [ref, ignore]);
}
