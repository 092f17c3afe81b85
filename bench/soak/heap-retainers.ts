// What is new and still alive in a later heap snapshot of the same page, grouped by
// constructor, with one retaining path for each of the largest groups. V8 keeps object ids
// across snapshots of one session, so "new" is an id the first snapshot does not have.
//   npx tsx bench/soak/heap-retainers.ts BEFORE.heapsnapshot AFTER.heapsnapshot [groups=20]
// Take the snapshots with `SOAK_KEEP_SNAPSHOTS=DIR npm run soak -- --snapshots`.
import { readFileSync } from 'node:fs';

export interface Raw {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]]; location_fields?: string[] } };
  nodes: number[];
  edges: number[];
  strings: string[];
  /** Where closures are defined: object_index, script_id, line, column (0-based) per location_fields. */
  locations?: number[];
}

export interface Graph {
  count: number;
  id(i: number): number;
  type(i: number): string;
  name(i: number): string;
  selfSize(i: number): number;
  /** Each node's retainer on a shortest strong path from the roots (node and edge label); -1 for the root and the unreachable. */
  retainer: Int32Array;
  retainerEdge: string[];
  /** A node's outgoing edges: their label (property name, or [index]), type and target node. */
  edgesOf(i: number): { name: string; type: string; to: number }[];
}

export function graphOf(raw: Raw): Graph {
  const m = raw.snapshot.meta;
  const nf = m.node_fields.length;
  const ef = m.edge_fields.length;
  const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => m.node_fields.indexOf(f)) as [number, number, number, number, number];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => m.edge_fields.indexOf(f)) as [number, number, number];
  const nodeTypes = m.node_types[0];
  const edgeTypes = m.edge_types[0];
  const count = raw.nodes.length / nf;
  // Breadth-first from the snapshot's root (node 0) over strong edges: each node's retainer is
  // its parent on a shortest path from the roots, as DevTools shows it. (The first edge met in
  // file order loops instead: V8's Code and CodeWrapper point at each other.)
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i]! + raw.nodes[i * nf + iEdges]! * ef;
  const retainer = new Int32Array(count).fill(-1);
  const retainerEdge: string[] = new Array(count);
  const seen = new Uint8Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  if (count > 0) {
    seen[0] = 1;
    queue[tail++] = 0;
  }
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += ef) {
      const t = edgeTypes[raw.edges[e + eType]!]!;
      if (t === 'weak' || t === 'shortcut') continue;
      const to = raw.edges[e + eTo]! / nf;
      if (seen[to]) continue;
      seen[to] = 1;
      queue[tail++] = to;
      retainer[to] = i;
      const nm = raw.edges[e + eName]!;
      retainerEdge[to] = t === 'element' || t === 'hidden' ? `[${nm}]` : String(raw.strings[nm]);
    }
  }
  return {
    count,
    id: (i) => raw.nodes[i * nf + iId]!,
    type: (i) => nodeTypes[raw.nodes[i * nf + iType]!]!,
    name: (i) => raw.strings[raw.nodes[i * nf + iName]!]!,
    selfSize: (i) => raw.nodes[i * nf + iSize]!,
    retainer,
    retainerEdge,
    edgesOf: (i) => {
      const out: { name: string; type: string; to: number }[] = [];
      for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += ef) {
        const t = edgeTypes[raw.edges[e + eType]!]!;
        const nm = raw.edges[e + eName]!;
        out.push({ name: t === 'element' || t === 'hidden' ? `[${nm}]` : String(raw.strings[nm]), type: t, to: raw.edges[e + eTo]! / nf });
      }
      return out;
    },
  };
}

const label = (g: Graph, i: number) => {
  const t = g.type(i);
  const n = g.name(i).replace(/\s+/g, ' ').slice(0, 70);
  return t === 'object' || t === 'native' ? n : `(${t}) ${n}`;
};

export function pathOf(g: Graph, i: number, depth = 14): string {
  const parts: string[] = [label(g, i)];
  let at = i;
  for (let d = 0; d < depth && g.retainer[at]! >= 0; d++) {
    const p = g.retainer[at]!;
    parts.push(`.${g.retainerEdge[at]} ← ${label(g, p)}`);
    at = p;
  }
  return parts.join('\n      ');
}

if (process.argv[1]?.endsWith('heap-retainers.ts')) {
  const [beforeFile, afterFile, groupsArg] = process.argv.slice(2);
  if (!beforeFile || !afterFile) {
    console.error('usage: npx tsx bench/soak/heap-retainers.ts BEFORE.heapsnapshot AFTER.heapsnapshot [groups]');
    process.exit(2);
  }
  const before = graphOf(JSON.parse(readFileSync(beforeFile, 'utf8')) as Raw);
  const ids = new Set<number>();
  for (let i = 0; i < before.count; i++) ids.add(before.id(i));
  const after = graphOf(JSON.parse(readFileSync(afterFile, 'utf8')) as Raw);
  const groups = new Map<string, { n: number; bytes: number; sample: number[] }>();
  for (let i = 0; i < after.count; i++) {
    if (ids.has(after.id(i))) continue;
    const t = after.type(i);
    if (t === 'hidden' || t === 'synthetic') continue;
    const key = label(after, i);
    const gr = groups.get(key) ?? { n: 0, bytes: 0, sample: [] };
    gr.n++;
    gr.bytes += after.selfSize(i);
    if (gr.sample.length < 3) gr.sample.push(i);
    groups.set(key, gr);
  }
  const top = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(groupsArg ?? 20));
  for (const [key, gr] of top) {
    console.log(`\n${gr.n} new × ${key}: ${(gr.bytes / 1024).toFixed(1)} KB`);
    console.log(`   ${pathOf(after, gr.sample[gr.sample.length - 1]!)}`);
  }
}
