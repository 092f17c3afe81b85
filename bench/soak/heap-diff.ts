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

/** Object and closure counts keyed "Constructor" / "closure name" / "(type)". */
export function countByConstructor(json: string | Snapshot): Map<string, HeapCount> {
  const s: Snapshot = typeof json === 'string' ? (JSON.parse(json) as Snapshot) : json;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  if (iType < 0 || iName < 0 || iSize < 0) throw new Error('not a V8 heap snapshot: node_fields lack type/name/self_size');
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
