/**
 * JSON text of any value with a cap on length and nesting, for quarantine rows and log lines.
 * JSON.stringify recurses once per level and throws "Maximum call stack size exceeded" on a
 * deeply nested item (a 200 000-level array parses fine, it only fails here), and it builds the
 * whole text before anyone can cut it. This writer stops at `maxChars` and writes nesting beyond
 * `maxDepth` as "…", so its own recursion is bounded and any parsed value gives text. `mapString`
 * rewrites each string value (not keys) before it is written.
 */
export function boundedJson(value: unknown, maxChars = 4_000, maxDepth = 32, mapString?: (s: string) => string): string {
  let out = '';
  const full = () => out.length >= maxChars;
  const put = (s: string) => {
    if (!full()) out += s;
  };
  const write = (v: unknown, depth: number): void => {
    if (full()) return;
    if (v === null || v === undefined) return put('null');
    switch (typeof v) {
      case 'string': {
        // Mapped whole (a log line redacts each string before any cut can hide what to redact).
        const s = mapString ? mapString(v) : v;
        return put(JSON.stringify(s.length > maxChars ? s.slice(0, maxChars) : s));
      }
      case 'number':
        return put(Number.isFinite(v) ? String(v) : 'null');
      case 'boolean':
        return put(String(v));
      case 'bigint':
        return put(`"${v}n"`);
      case 'function':
      case 'symbol':
        return put('null');
    }
    if (depth >= maxDepth) return put('"…"');
    if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length && !full(); i++) {
        if (i) put(',');
        write(v[i], depth + 1);
      }
      return put(']');
    }
    const o = v as Record<string, unknown>;
    if (typeof (o as { toJSON?: unknown }).toJSON === 'function') {
      try {
        return write((o as { toJSON(): unknown }).toJSON(), depth + 1);
      } catch {
        return put('null');
      }
    }
    put('{');
    let first = true;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      if (full()) break;
      if (!first) put(',');
      first = false;
      put(`${JSON.stringify(k)}:`);
      write(o[k], depth + 1);
    }
    put('}');
  };
  write(value, 0);
  return out.length >= maxChars ? `${out.slice(0, maxChars)}…` : out;
}

/** unstorableJson's answer for a value whose text passes `maxChars`. */
export const TOO_LONG = 'longer than allowed as text';

/**
 * Why a value cannot be stored as JSON (nested deeper than `maxDepth`, its text longer than
 * `maxChars`, or a value JSON has no spelling for), or null when it can. The walk stops at
 * `maxDepth` and once the length is passed, so it never overflows the stack nor reads a huge
 * value to its end. The length counts strings and keys, not JSON's quotes and commas.
 */
export function unstorableJson(value: unknown, maxDepth = 64, maxChars = Infinity): string | null {
  let chars = 0;
  const tooLong = () => TOO_LONG;
  const walk = (v: unknown, depth: number): string | null => {
    if (v === null || v === undefined) return null;
    const t = typeof v;
    if (t === 'string') return (chars += (v as string).length) > maxChars ? tooLong() : null;
    if (t === 'number' || t === 'boolean') return ++chars > maxChars ? tooLong() : null;
    if (t === 'bigint' || t === 'function' || t === 'symbol') return `a ${t} has no JSON form`;
    if (depth >= maxDepth) return `nested deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      for (const x of v) {
        const r = walk(x, depth + 1);
        if (r) return r;
      }
      return null;
    }
    for (const k in v as Record<string, unknown>) {
      if (!Object.hasOwn(v as object, k)) continue;
      if ((chars += k.length) > maxChars) return tooLong();
      const r = walk((v as Record<string, unknown>)[k], depth + 1);
      if (r) return r;
    }
    return null;
  };
  return walk(value, 0);
}
