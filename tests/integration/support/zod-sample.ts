/**
 * Values for a zod schema, for feeding the HostApi what a client could send: mostly values the
 * schema accepts, made of edge cases (empty and very long strings, bounds, unknown ids, paths,
 * markup, control characters), and sometimes one part swapped for a hostile value (deep nesting,
 * `__proto__` keys, wrong types), so both the validation and the handlers behind it are tried.
 * It reads zod 4's schema definitions (`_zod.def`); a kind it does not know gives `undefined`,
 * which the schema then refuses — a loss of coverage, never a wrong verdict.
 */
import type { z } from 'zod';
import type { Random } from '../../../host/demo/random';

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [k: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  length?: number;
}

/** Items in a pile: past every list bound the contract sets, and past a page a handler reads. */
const PILE = 1_100;

const def = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** No host name but this machine's, on a port nothing listens on: nothing leaves the machine. */
const URLS = ['http://127.0.0.1:9/', 'https://127.0.0.1:9/a?b=c', 'http://127.0.0.1:9/../../etc/passwd', 'rtsp://127.0.0.1:9/s'];
/** Strings a client might send where an id, a name or a path is expected. */
const STRINGS = [
  '',
  ' ',
  'a',
  'overview',
  'traffic-order',
  'd1',
  'default',
  'vi',
  '1',
  '0',
  '-1',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  '/dev/zero',
  '/',
  'C:\\Windows\\system32',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE presets; --",
  '%s%n%x',
  'a\u0000b',
  '\u202e\u200b',
  'Đồng Xoài 🚨',
  '2026-12-03',
  '2026-12-03T10:00:00Z',
  '2026-02-30T25:61:00Z',
  '12:00',
  '24:00',
  '#ff0000',
  'e'.repeat(300),
  ...URLS,
];

function stringFor(d: Def, r: Random, known: readonly string[]): string {
  let min = 0;
  let max = Infinity;
  let format: string | undefined = typeof d.format === 'string' ? d.format : undefined;
  let pattern: RegExp | undefined;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'min_length') min = Math.max(min, cd.minimum ?? 0);
    else if (cd.check === 'max_length') max = Math.min(max, cd.maximum ?? Infinity);
    else if (cd.check === 'length_equals') min = max = cd.length ?? 0;
    else if (cd.check === 'string_format') {
      format = cd.format;
      if (cd.pattern instanceof RegExp) pattern = cd.pattern;
    }
  }
  if (format === 'url') return r.pick(URLS);
  if (format === 'datetime') return r.pick(['2026-12-03T10:00:00Z', '2026-12-03T10:00:00.000Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z']);
  if (format === 'date') return r.pick(['2026-12-03', '2024-02-29', '1970-01-01']);
  if (format === 'uuid' || format === 'guid') return '00000000-0000-4000-8000-000000000000';
  if (format === 'email') return 'a@example.invalid';
  if (format === 'ipv4') return '127.0.0.1';
  if (pattern) {
    const fits = STRINGS.filter((s) => pattern.test(s));
    if (fits.length && r.next() < 0.9) return r.pick(fits);
  }
  const roll = r.next();
  if (roll < 0.35 && known.length) {
    const k = r.pick(known);
    if (k.length >= min && k.length <= max) return k;
  }
  if (roll < 0.43 && Number.isFinite(max)) return 'x'.repeat(max);
  if (roll < 0.47) return 'y'.repeat(Math.max(min, 5_000));
  const s = r.pick(STRINGS);
  return s.length < min ? s.padEnd(min, 'z') : s;
}

function numberFor(d: Def, r: Random, known: readonly number[]): number {
  let lo = -1e9;
  let hi = 1e9;
  let int = false;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'greater_than') lo = (cd.value ?? lo) + (cd.inclusive ? 0 : int ? 1 : 1e-6);
    else if (cd.check === 'less_than') hi = (cd.value ?? hi) - (cd.inclusive ? 0 : int ? 1 : 1e-6);
    else if (cd.check === 'number_format') int = /int/.test(cd.format ?? '');
  }
  if (int) {
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
  }
  if (known.length && r.next() < 0.35) {
    const k = r.pick(known);
    if (k >= lo && k <= hi) return k;
  }
  const v = r.pick([lo, hi, 0, 1, -1, 0.5, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e-9, lo + (hi - lo) * r.next()]);
  return int ? Math.round(v) : v;
}

export class ZodSampler {
  /** Ids met in the host's answers (presets, rules, nodes, alerts…): strings are often one of them. */
  readonly knownIds = new Set<string>();
  readonly knownNumbers = new Set<number>();

  constructor(private readonly r: Random) {}

  /** Remembers every id-like value of an answer, for later params to name things that exist. */
  learn(value: unknown, key = '', depth = 0): void {
    if (depth > 12 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (/^(id|seq|code)$|Id$/.test(key) && this.knownIds.size < 2_000) this.knownIds.add(value);
    } else if (typeof value === 'number') {
      if (/^(id|seq)$/.test(key) && this.knownNumbers.size < 2_000) this.knownNumbers.add(value);
    } else if (Array.isArray(value)) {
      for (const x of value.slice(0, 200)) this.learn(x, key, depth + 1);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.learn(v, k, depth + 1);
    }
  }

  /** A value the schema will often accept, built from edge cases. */
  valid(schema: z.ZodType | unknown, depth = 0): unknown {
    const r = this.r;
    const d = def(schema);
    switch (d.type) {
      case 'string':
        return stringFor(d, r, [...this.knownIds]);
      case 'number':
        return numberFor(d, r, [...this.knownNumbers]);
      case 'int':
        return Math.round(numberFor(d, r, [...this.knownNumbers]));
      case 'boolean':
        return r.next() < 0.5;
      case 'null':
        return null;
      case 'undefined':
      case 'void':
        return undefined;
      case 'any':
      case 'unknown':
        return this.hostile(depth);
      case 'literal':
        return r.pick(d.values as unknown[]);
      case 'enum':
        return r.pick(Object.values(d.entries as Record<string, unknown>));
      case 'optional':
      case 'default':
      case 'prefault':
        return r.next() < 0.3 ? undefined : this.valid(d.innerType, depth);
      case 'nullable':
        return r.next() < 0.2 ? null : this.valid(d.innerType, depth);
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        return this.valid(d.innerType, depth);
      case 'pipe':
        return this.valid(d.in, depth);
      case 'lazy':
        return depth > 6 ? undefined : this.valid((d.getter as () => unknown)(), depth + 1);
      case 'union':
        return this.valid(r.pick(d.options as unknown[]), depth);
      case 'intersection':
        return { ...(this.valid(d.left, depth) as object), ...(this.valid(d.right, depth) as object) };
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(d.shape as Record<string, unknown>)) {
          const x = this.valid(v, depth + 1);
          if (x !== undefined) out[k] = x;
        }
        return out;
      }
      case 'array': {
        let min = 0;
        let max = 6;
        for (const c of d.checks ?? []) {
          const cd = c._zod.def;
          if (cd.check === 'min_length') min = cd.minimum ?? 0;
          else if (cd.check === 'max_length') max = Math.min(max, cd.maximum ?? max);
          else if (cd.check === 'length_equals') min = max = cd.length ?? 0;
        }
        const n = depth > 4 ? min : r.int(min, Math.max(min, max));
        return Array.from({ length: n }, () => this.valid(d.element, depth + 1));
      }
      case 'tuple':
        return (d.items as unknown[]).map((s) => this.valid(s, depth + 1));
      case 'record': {
        const out: Record<string, unknown> = {};
        const n = depth > 4 ? 0 : r.int(0, 3);
        for (let i = 0; i < n; i++) {
          const k = this.valid(d.keyType, depth + 1);
          if (typeof k === 'string' || typeof k === 'number') out[String(k)] = this.valid(d.valueType, depth + 1);
        }
        return out;
      }
      default:
        return undefined;
    }
  }

  /** A value no schema should trust: wrong types, extremes, deep nesting, prototype keys. */
  hostile(depth = 0): unknown {
    const r = this.r;
    switch (r.int(0, 13)) {
      case 0:
        return null;
      case 1:
        return r.pick([0, -1, 1e308, -1e308, 2 ** 53, 0.1]);
      case 2:
        return r.pick(STRINGS);
      case 3:
        return 'w'.repeat(200_000);
      case 4:
        return [];
      case 5:
        return {};
      case 6:
        return JSON.parse('[' .repeat(3_000) + ']'.repeat(3_000));
      case 7:
        return JSON.parse('{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000));
      case 8:
        return JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
      case 9:
        return Array.from({ length: 5_000 }, (_, i) => i);
      case 10:
        return true;
      case 11:
        return depth < 3 ? { id: this.hostile(depth + 1), name: this.hostile(depth + 1), layout: this.hostile(depth + 1) } : 'deep';
      case 12:
        return [this.hostile(depth + 1)];
      default:
        return Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]));
    }
  }

  /** `valid`, at times mutated (below), or now and then a hostile value in place of the whole. */
  params(schema: z.ZodType): unknown {
    const r = this.r;
    if (r.next() < 0.05) return this.hostile();
    const v = this.valid(schema);
    return r.next() < 0.6 ? v : this.mutate(v);
  }

  /**
   * A copy of params the host accepted with one to three parts changed: a leaf replaced by an edge
   * value of its own type (or, at times, by a hostile one), a key dropped or added, an array
   * emptied, an item repeated, or its items repeated PILE times. Keeps most of the structure, so
   * the handler behind the schema is reached with values it has not met.
   */
  mutate(v: unknown): unknown {
    let out = v;
    for (let n = this.r.int(1, 3); n > 0; n--) out = this.mutateOnce(out, 0);
    return out;
  }

  private mutateOnce(v: unknown, depth: number): unknown {
    const r = this.r;
    if (v === null || typeof v !== 'object') {
      if (r.next() < 0.15) return this.hostile();
      if (typeof v === 'string') return r.next() < 0.4 && this.knownIds.size ? r.pick([...this.knownIds]) : r.pick([...STRINGS, 'z'.repeat(10_000)]);
      if (typeof v === 'number') return r.pick([0, -1, -v, v + 1, v * 1000, 0.5, 1e308, -1e308, 2 ** 53, 1e-9]);
      if (typeof v === 'boolean') return !v;
      return r.pick([null, '', 0, false, {}, []]);
    }
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    const o = v as Record<string | number, unknown>;
    const roll = r.next();
    if (keys.length === 0 || roll < 0.08) return roll < 0.04 ? this.hostile() : Array.isArray(v) ? [this.hostile()] : { extra: this.hostile() };
    if (roll < 0.16) {
      if (Array.isArray(v)) {
        const roll2 = r.next();
        // A pile: the list's items over and over, far past any real list (work done in pairs, or a
        // problem per item, shows here).
        return roll2 < 0.45 ? [] : roll2 < 0.9 ? [...v, r.pick(v)] : Array.from({ length: PILE }, () => r.pick(v));
      }
      const k = r.pick(keys);
      const { [k]: _, ...rest } = o;
      return rest;
    }
    const k = r.pick(keys);
    // Copied along the path only: the params mutated from stay as they were, and a deeply nested
    // part is never walked whole.
    const copy = (Array.isArray(v) ? [...v] : { ...o }) as Record<string | number, unknown>;
    // Deeper parts are reached more often than siblings are replaced whole.
    copy[k] = depth < 12 && r.next() < 0.85 ? this.mutateOnce(o[k], depth + 1) : this.hostile();
    return copy;
  }
}
