/**
 * The wall's hidden canvases and how many of them it keeps. Besides the canvas on screen, the one
 * being prepared for a switch and the one the console cued, a display keeps mounted, hidden and
 * painted:
 * - the presets it may be switched to without a cue ('layout.ahead': an alert, a leader's
 *   request, the API, the schedule), prepared one at a time at idle: a switch to one is a flip;
 * - the WARM_LAYOUTS layouts shown most recently among the others (a preset just edited, an
 *   alert's layout drilled to a district), so switching back to one is a flip too.
 * So at most WARM_LAYOUTS + PREPARE_AHEAD hidden canvases (6) plus the current, next and cued
 * ones, whatever the months of switching: what is kept depends on the presets, not on history.
 */
import { PREPARE_AHEAD } from '../../layouts/ahead';

/**
 * How long after its own first frame a display waits before it prepares the first preset ahead.
 * The wall's displays start at the same moment on the same machine's cores, and a display that
 * painted first and then mounted its presets ahead (each a whole layout's panels, their code
 * fetched and compiled, charts and maps drawn, hidden) took that CPU from the displays still
 * painting their first frame (the browser's trace of a cold 2×1 wall showed the first display
 * loading the next presets' panel chunks before the second had painted). An uncued switch in
 * these first seconds after a start is a cold one instead of a flip.
 */
export const AHEAD_SETTLE_MS = 3000;

/** Recently shown layouts that are not among the presets ahead, kept mounted for a fast switch back. */
export const WARM_LAYOUTS = 2;

/**
 * The hidden canvases to keep, given them most recently shown first: each layout once, every one
 * of the (first PREPARE_AHEAD) layouts ahead, and the WARM_LAYOUTS most recent of the others.
 */
export function keepHidden<T extends { sig: string }>(hidden: readonly T[], ahead: readonly string[], warmMax = WARM_LAYOUTS, aheadMax = PREPARE_AHEAD): T[] {
  const wanted = new Set(ahead.slice(0, aheadMax));
  const seen = new Set<string>();
  let warm = 0;
  return hidden.filter((h) => {
    if (seen.has(h.sig)) return false;
    seen.add(h.sig);
    return wanted.has(h.sig) || warm++ < warmMax;
  });
}

/** The first layout ahead that no canvas shows yet (the next to prepare), or null when all are. */
export function nextToPrepare<T extends { sig: string }>(ahead: readonly T[], mounted: ReadonlySet<string>, aheadMax = PREPARE_AHEAD): T | null {
  return ahead.slice(0, aheadMax).find((a) => !mounted.has(a.sig)) ?? null;
}

