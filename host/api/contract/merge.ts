type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * Merges the per-area method (or handler) maps into one. Unlike an object spread, where a second
 * `'layout.active'` silently replaces the first, a name declared twice throws at start-up, naming
 * the method and both parts, so two engineers cannot shadow each other's method unnoticed.
 */
export function mergeDistinct<const P extends Record<string, Record<string, unknown>>>(parts: P): UnionToIntersection<P[keyof P]> {
  const out: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const [part, map] of Object.entries(parts)) {
    for (const [name, value] of Object.entries(map)) {
      const first = owner.get(name);
      if (first !== undefined) throw new Error(`'${name}' is declared twice, in ${first} and in ${part}: each name must be declared by one part only`);
      owner.set(name, part);
      out[name] = value;
    }
  }
  return out as UnionToIntersection<P[keyof P]>;
}
