/**
 * Swipe between domains: a one-finger stroke that is mostly horizontal, long enough and quick
 * enough. Anything else (a tap, a vertical scroll of a list, a slow drag, a pinch, a stroke on
 * the map, which pans the map instead) is not a swipe. Pure, so the rule is tested on its own;
 * useSwipe wires it to touch events.
 */

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
