/**
 * The wall page keys per-canvas state (painted or not, its ready callback) by a canvas key
 * that grows with every layout shown. Months of a playlist are hundreds of thousands of keys:
 * state for a canvas that is gone must go with it.
 */

/** The set without the keys that are no longer live; the same set when nothing goes (React then skips a render). */
export function keepLive<K>(s: ReadonlySet<K>, live: ReadonlySet<K>): ReadonlySet<K> {
  let gone = false;
  for (const k of s) if (!live.has(k)) gone = true;
  if (!gone) return s;
  return new Set([...s].filter((k) => live.has(k)));
}

/** Deletes the entries of keys that are no longer live. */
export function pruneToLive<K, V>(m: Map<K, V>, live: ReadonlySet<K>): void {
  for (const k of [...m.keys()]) if (!live.has(k)) m.delete(k);
}
