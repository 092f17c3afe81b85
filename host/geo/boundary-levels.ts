import type Database from 'better-sqlite3';
import { geometryLevels, type DetailLevels } from '../../base/boundary-detail';

/**
 * The boundaries 'areas.list' answers with, parsed and with their detail levels
 * (base/boundary-detail), worked out once per boundary rather than on every ask: every display,
 * kiosk and console asks on each start and reconnect, and the boundaries change only when a new
 * set is imported. Kept per database for the one version last asked (the wall shows one
 * administrative map), so what is kept is one answer's boundaries at most.
 */

export interface Boundary {
  geometry: unknown;
  detail: DetailLevels | null;
}

interface Kept {
  version: string;
  /** By area id: the stored text the entry was made from, so a redrawn boundary is seen. */
  byId: Map<string, Boundary & { text: string }>;
}

const kept = new WeakMap<Database.Database, Kept>();

/**
 * Area `id` of `version`, whose stored geometry is `text`. A text that is not JSON gives no
 * geometry (that district is not drawn) rather than failing the whole answer.
 */
export function boundaryOf(db: Database.Database, version: string, id: string, text: string): Boundary {
  let k = kept.get(db);
  if (!k || k.version !== version) kept.set(db, (k = { version, byId: new Map() }));
  const hit = k.byId.get(id);
  if (hit?.text === text) return hit;
  let geometry: unknown = null;
  try {
    geometry = JSON.parse(text);
  } catch {
    geometry = null;
  }
  // Every later answer hands out these same objects: frozen, a caller that tried to change one
  // would throw instead of changing what the next display is sent.
  const entry = { text, geometry: frozen(geometry), detail: frozen(geometryLevels(geometry as { type: string; coordinates?: unknown } | null)) };
  k.byId.set(id, entry);
  return entry;
}

function frozen<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
}
