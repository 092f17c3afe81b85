import { LEVEL_ALWAYS, LEVEL_NEVER, ringLevels } from '../../base/boundary-detail';
import type { Ring } from './geometry';

/**
 * Boundaries as detailed as a screen can show, made once when a boundaries file is loaded. An
 * official file may hold a million and more positions (survey detail, or a tool's densified
 * export): stored whole, every `areas.list` would carry tens of megabytes, the host would level
 * them on its one serving thread for tens of seconds, and the demo's point-in-polygon would walk
 * them hundreds of times a point. The Douglas–Peucker here is base/boundary-detail's (the same
 * levels the maps draw with), applied at one level for the whole file.
 */

/**
 * The finest detail kept: 2^-17° ≈ 0.85 m. Far below a pixel of any map of a district (the
 * kiosk's closest view is some 15 m a pixel), so the bundled file keeps 98 % of its positions,
 * while collinear runs (densified exports) and survey noise go. Fine enough that two districts'
 * borders, simplified each on its own, part by less than a metre: a GPS point is never closer.
 */
export const FLOOR_LEVEL = -17;

export interface SimplifiedRings {
  /** The rings, in order; a ring given twice (a district's ring in the province outline) gives the same array. */
  rings: Ring[];
  /** The level kept (positions farther than 2^level degrees from their chord). */
  level: number;
  before: number;
  after: number;
}

/**
 * The rings simplified at the finest level from FLOOR_LEVEL up at which all of them together keep
 * at most `budget` positions. A ring keeps at least four positions (a triangle, closed), even
 * above the budget: a small island stays a shape with area rather than vanishing.
 */
export function simplifyRings(rings: readonly Ring[], budget: number): SimplifiedRings {
  const levelsOf = new Map<Ring, number[]>();
  // One count per level (LEVEL_NEVER…LEVEL_ALWAYS): the level that fits the budget is read off
  // these, without simplifying again at each level tried.
  const counts = new Array<number>(LEVEL_ALWAYS - LEVEL_NEVER + 1).fill(0);
  let before = 0;
  for (const ring of rings) {
    before += ring.length;
    let levels = levelsOf.get(ring);
    if (!levels) levelsOf.set(ring, (levels = ringLevels(ring)));
    for (const l of levels) counts[l - LEVEL_NEVER]!++;
  }
  let level = FLOOR_LEVEL;
  let kept = 0;
  for (let l = LEVEL_ALWAYS; l > level; l--) kept += counts[l - LEVEL_NEVER]!;
  while (kept > budget && level < LEVEL_ALWAYS - 1) {
    level++;
    kept -= counts[level - LEVEL_NEVER]!;
  }
  const done = new Map<Ring, Ring>();
  let after = 0;
  const out = rings.map((ring) => {
    let r = done.get(ring);
    if (!r) done.set(ring, (r = keepRing(ring, levelsOf.get(ring)!, level)));
    after += r.length;
    return r;
  });
  return { rings: out, level, before, after };
}

function keepRing(ring: Ring, levels: readonly number[], level: number): Ring {
  let out = ring.filter((_, i) => levels[i]! > level);
  if (out.length < 4) {
    // Too few for a shape at this level: the ring's own level that keeps four (its start, end,
    // farthest position, and the one farthest from that chord: a triangle with area).
    const fourth = [...levels].sort((a, b) => b - a)[3] ?? LEVEL_NEVER;
    out = ring.filter((_, i) => levels[i]! >= fourth);
  }
  return out;
}
