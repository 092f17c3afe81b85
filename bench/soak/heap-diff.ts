/**
 * Counts a V8 heap snapshot (.heapsnapshot JSON, as CDP HeapProfiler.takeHeapSnapshot streams it)
 * by constructor, and compares two: what a page keeps more of minutes later is what leaks.
 */
export interface HeapCount {
  count: number;
  selfSize: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** The snapshot parsed, with the width of a node and where its type, name and size are. */
function nodeTable(json: string | Snapshot) {
  const s: Snapshot = typeof json === 'string' ? (JSON.parse(json) as Snapshot) : json;
  const fields = s.snapshot.meta.node_fields;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  if (iType < 0 || iName < 0 || iSize < 0) throw new Error('not a V8 heap snapshot: node_fields lack type/name/self_size');
  return { s, types: s.snapshot.meta.node_types[0], width: fields.length, iType, iName, iSize };
}

/** Object and closure counts keyed "Constructor" / "closure name" / "(type)". */
export function countByConstructor(json: string | Snapshot): Map<string, HeapCount> {
  const { s, types, width, iType, iName, iSize } = nodeTable(json);
  const out = new Map<string, HeapCount>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!]!;
    const name = s.strings[s.nodes[i + iName]!] ?? '';
    const key = type === 'object' || type === 'native' ? name : type === 'closure' ? `closure ${name || '(anonymous)'}` : `(${type})`;
    const c = out.get(key) ?? { count: 0, selfSize: 0 };
    c.count++;
    c.selfSize += s.nodes[i + iSize]!;
    out.set(key, c);
  }
  return out;
}

export interface HeapDelta {
  name: string;
  before: number;
  after: number;
  countDelta: number;
  bytesDelta: number;
}

/** The constructors that grew the most between two counts (by retained bytes of their own, then count). */
export function diffCounts(before: Map<string, HeapCount>, after: Map<string, HeapCount>, top = 25): HeapDelta[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  const rows: HeapDelta[] = [];
  for (const name of names) {
    const a = before.get(name) ?? { count: 0, selfSize: 0 };
    const b = after.get(name) ?? { count: 0, selfSize: 0 };
    if (b.count === a.count && b.selfSize === a.selfSize) continue;
    rows.push({ name, before: a.count, after: b.count, countDelta: b.count - a.count, bytesDelta: b.selfSize - a.selfSize });
  }
  return rows.sort((x, y) => y.bytesDelta - x.bytesDelta || y.countDelta - x.countDelta).slice(0, top);
}

/**
 * What a heap is made of, from a snapshot's node types (MB of self size). `code` is V8's own
 * (compiled code, bytecode, feedback vectors, function infos, scope infos: what DevTools sums as
 * "(compiled code)"), which grows as functions get hot and plateaus; `objects` are the JS objects,
 * closures and numbers the app makes, `arrays` their backing stores; `strings`; `shapes` (maps);
 * `system` (V8's hidden objects); `native` (Blink's DOM objects, outside the V8 heap).
 */
export const HEAP_KINDS = ['code', 'objects', 'arrays', 'strings', 'shapes', 'system', 'native'] as const;
export type HeapKind = (typeof HEAP_KINDS)[number];

const KIND_OF: Record<string, HeapKind> = {
  code: 'code',
  object: 'objects',
  closure: 'objects',
  regexp: 'objects',
  number: 'objects',
  'heap number': 'objects',
  bigint: 'objects',
  symbol: 'objects',
  array: 'arrays',
  string: 'strings',
  'concatenated string': 'strings',
  'sliced string': 'strings',
  'object shape': 'shapes',
  hidden: 'system',
  synthetic: 'system',
  native: 'native',
};

export function sizeByKind(json: string | Snapshot): Record<HeapKind, number> {
  const { s, types, width, iType, iSize } = nodeTable(json);
  const out = Object.fromEntries(HEAP_KINDS.map((k) => [k, 0])) as Record<HeapKind, number>;
  for (let i = 0; i < s.nodes.length; i += width) out[KIND_OF[types[s.nodes[i + iType]!]!] ?? 'system'] += s.nodes[i + iSize]!;
  for (const k of HEAP_KINDS) out[k] /= 1024 * 1024;
  return out;
}

/** A process's heap by kind at one moment of the run. */
export interface KindSplit {
  sec: number;
  mb: Record<HeapKind, number>;
}
