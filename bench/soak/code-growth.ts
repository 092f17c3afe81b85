// Which functions' compiled code a process gained between two heap snapshots, to tell V8 tiering
// up the app's functions (bounded: at most every function that runs gets optimised code once)
// from code made without end (a function compiled per render by `new Function`, scripts kept
// alive, code retained by closures that pile up).
//   npx tsx bench/soak/code-growth.ts EARLY.heapsnapshot LATE.heapsnapshot [top=25] [--maps DIR]
// Prints, for each snapshot, how many scripts, functions (SharedFunctionInfos), bytecode arrays,
// feedback vectors and machine-code objects the heap holds and their size, then the functions
// whose code grew the most, named by where they are defined (with --maps DIR, the renderer's
// source maps turn a minified bundle's line:column into the source file, line and name).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphOf, type Graph, type Raw } from './heap-retainers';

/** What a heap snapshot holds of V8's compiled code, by kind of object. */
export interface CodeCensus {
  scripts: number;
  functions: number;
  bytecodeArrays: number;
  feedbackVectors: number;
  /** Machine code (Sparkplug, Maglev, TurboFan and builtins' copies): Code objects. */
  codeObjects: number;
  /** Bytes of all `code`-type nodes (what heap-diff.ts counts as `code`). */
  codeBytes: number;
  /** Bytes of code attributed to each defining function ("name @script:line:column"). */
  byFunction: Map<string, { bytes: number; objects: number }>;
}

// Chromium names these "system / X"; Node's V8 names some of them "(x)".
const is = (name: string, kind: string) => name === `system / ${kind}` || name.startsWith(`system / ${kind} /`);

/** Locations of closures (script id, line, column) from the snapshot's `locations` table. */
function locationsOf(raw: Raw): Map<number, [number, number, number]> {
  const out = new Map<number, [number, number, number]>();
  const loc = raw.locations;
  const fields = raw.snapshot.meta.location_fields;
  if (!loc || !fields) return out;
  const nf = raw.snapshot.meta.node_fields.length;
  const w = fields.length;
  const [iObj, iScript, iLine, iCol] = ['object_index', 'script_id', 'line', 'column'].map((f) => fields.indexOf(f)) as [number, number, number, number];
  for (let i = 0; i < loc.length; i += w) out.set(loc[i + iObj]! / nf, [loc[i + iScript]!, loc[i + iLine]!, loc[i + iCol]!]);
  return out;
}

/**
 * The function a code object belongs to: up its retaining path to the first closure (a
 * function's machine code, bytecode and feedback hang off its closure). Key: its name and where
 * it is defined; code no closure holds (builtins, caches) is "(no closure)".
 */
function ownerOf(g: Graph, i: number, where: Map<number, [number, number, number]>, scriptName: Map<number, string>): string {
  let at = i;
  for (let d = 0; d < 8 && at >= 0; d++) {
    if (g.type(at) === 'closure') {
      const l = where.get(at);
      const name = g.name(at) || '(anonymous)';
      return l ? `${name} @${scriptName.get(l[0]) ?? `script ${l[0]}`}:${l[1] + 1}:${l[2] + 1}` : name;
    }
    at = g.retainer[at]!;
  }
  return '(no closure)';
}

export function codeCensus(raw: Raw): CodeCensus {
  const g = graphOf(raw);
  const where = locationsOf(raw);
  // Script ids to URLs: a closure's location names its script by id; V8's Script objects carry
  // the URL in their name ("system / Script / URL") and the id is not in the snapshot, so the
  // id is matched through closures whose SharedFunctionInfo points at a named script.
  const scriptName = new Map<number, string>();
  for (const [i, [id]] of where) {
    if (scriptName.has(id)) continue;
    const shared = g.edgesOf(i).find((e) => e.name === 'shared')?.to;
    const script = shared === undefined ? undefined : g.edgesOf(shared).find((e) => e.name === 'script' || e.name === 'script_or_debug_info')?.to;
    const url = script === undefined ? '' : g.name(script).replace(/^system \/ Script \/ /, '');
    if (url && !url.startsWith('system /')) scriptName.set(id, url);
  }
  const c: CodeCensus = { scripts: 0, functions: 0, bytecodeArrays: 0, feedbackVectors: 0, codeObjects: 0, codeBytes: 0, byFunction: new Map() };
  for (let i = 0; i < g.count; i++) {
    if (g.type(i) !== 'code') continue;
    const name = g.name(i);
    c.codeBytes += g.selfSize(i);
    if (is(name, 'Script')) c.scripts++;
    else if (is(name, 'SharedFunctionInfo') || name === '(shared function info)') c.functions++;
    else if (is(name, 'BytecodeArray')) c.bytecodeArrays++;
    else if (is(name, 'FeedbackVector')) c.feedbackVectors++;
    else if (is(name, 'Code') || name === '(code)') c.codeObjects++;
    const owner = ownerOf(g, i, where, scriptName);
    const e = c.byFunction.get(owner) ?? { bytes: 0, objects: 0 };
    e.bytes += g.selfSize(i);
    e.objects++;
    c.byFunction.set(owner, e);
  }
  return c;
}

/** The functions whose code grew most from `a` to `b` (bytes), and those that appeared. */
export function codeDelta(a: CodeCensus, b: CodeCensus, top = 25): { owner: string; before: number; after: number }[] {
  const owners = new Set([...a.byFunction.keys(), ...b.byFunction.keys()]);
  return [...owners]
    .map((owner) => ({ owner, before: a.byFunction.get(owner)?.bytes ?? 0, after: b.byFunction.get(owner)?.bytes ?? 0 }))
    .filter((r) => r.after !== r.before)
    .sort((x, y) => y.after - y.before - (x.after - x.before))
    .slice(0, top);
}

// --- Source maps: a minified bundle's line:column back to the source (enough of the v3 format). ---

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's `mappings` into [generated column, source, line, column, name?] per line. */
export function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  let src = 0;
  let sLine = 0;
  let sCol = 0;
  let name = 0;
  for (const line of mappings.split(';')) {
    const segs: number[][] = [];
    let gCol = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      gCol += vals[0]!;
      if (vals.length >= 4) {
        src += vals[1]!;
        sLine += vals[2]!;
        sCol += vals[3]!;
        if (vals.length >= 5) name += vals[4]!;
        segs.push(vals.length >= 5 ? [gCol, src, sLine, sCol, name] : [gCol, src, sLine, sCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

/** "file:line (name)" of a generated position (0-based line and column), or null. */
export function lookup(map: { sources: string[]; names?: string[] }, lines: number[][][], line: number, col: number): string | null {
  const segs = lines[line];
  if (!segs?.length) return null;
  let best: number[] | null = null;
  for (const s of segs) if (s[0]! <= col) best = s;
  if (!best) return null;
  const file = map.sources[best[1]!]!.replace(/^(\.\.\/)+/, '');
  return `${file}:${best[2]! + 1}${best[4] !== undefined && map.names?.[best[4]] ? ` (${map.names[best[4]]})` : ''}`;
}

if (process.argv[1]?.endsWith('code-growth.ts')) {
  const args = process.argv.slice(2);
  const mapsAt = args.indexOf('--maps');
  const mapsDir = mapsAt >= 0 ? args.splice(mapsAt, 2)[1] : undefined;
  const [earlyFile, lateFile, topArg] = args;
  if (!earlyFile || !lateFile) {
    console.error('usage: npx tsx bench/soak/code-growth.ts EARLY.heapsnapshot LATE.heapsnapshot [top] [--maps DIR]');
    process.exit(2);
  }
  const early = codeCensus(JSON.parse(readFileSync(earlyFile, 'utf8')) as Raw);
  const late = codeCensus(JSON.parse(readFileSync(lateFile, 'utf8')) as Raw);
  const row = (k: keyof Omit<CodeCensus, 'byFunction'>) => `${k.padEnd(16)} ${String(early[k]).padStart(9)} → ${String(late[k]).padStart(9)}`;
  console.log(`${'what'.padEnd(16)} ${'early'.padStart(9)}   ${'late'.padStart(9)}`);
  for (const k of ['scripts', 'functions', 'bytecodeArrays', 'feedbackVectors', 'codeObjects', 'codeBytes'] as const) console.log(row(k));
  const maps = new Map<string, { map: { sources: string[]; names?: string[] }; lines: number[][][] } | null>();
  const resolve = (owner: string): string => {
    const m = /@(?:https?:\/\/[^/]+\/)?(?:assets\/)?([^@\s]+\.js):(\d+):(\d+)$/.exec(owner);
    if (!mapsDir || !m) return '';
    const file = join(mapsDir, `${m[1]}.map`);
    if (!maps.has(file)) {
      if (!existsSync(file)) maps.set(file, null);
      else {
        const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; names?: string[]; mappings: string };
        maps.set(file, { map, lines: decodeMappings(map.mappings) });
      }
    }
    const sm = maps.get(file);
    const at = sm ? lookup(sm.map, sm.lines, Number(m[2]) - 1, Number(m[3]) - 1) : null;
    return at ? `  ← ${at}` : '';
  };
  console.log(`\nfunctions whose code grew most (KB, early → late):`);
  for (const r of codeDelta(early, late, Number(topArg ?? 25))) {
    console.log(`  ${((r.after - r.before) / 1024).toFixed(1).padStart(7)}  ${(r.before / 1024).toFixed(1).padStart(7)} → ${(r.after / 1024).toFixed(1).padStart(7)}  ${r.owner.slice(0, 90)}${resolve(r.owner)}`);
  }
}
