// The soak's pure parts (bench/soak): arguments, growth and slope, the heap-snapshot diff, the SVG.
import { describe, expect, it } from 'vitest';
import { parseSoakArgs } from '../../../bench/soak/args';
import { codeCensus, codeDelta, decodeMappings, lookup } from '../../../bench/soak/code-growth';
import { PAGE_STATE, PageProbe, residentMb, ResidentWatch, ussMb, type DevTools, type ResidentMb } from '../../../bench/soak/probes';
import { countByConstructor, diffCounts, sizeByKind } from '../../../bench/soak/heap-diff';
import { graphOf, pathOf } from '../../../bench/soak/heap-retainers';
import { growthOf, kindGrowth, leastSquaresSlope, type Point } from '../../../bench/soak/stats';
import { soakSvg } from '../../../bench/soak/svg';

describe('soak arguments', () => {
  it('has defaults and reads every flag', () => {
    expect(parseSoakArgs([])).toMatchObject({ minutes: 10, switchEvery: 5, sampleEvery: 30, warmup: 3, snapshots: false, out: 'bench/results' });
    expect(parseSoakArgs(['--minutes', '62', '--switch-every', '3', '--snapshots', '--out', '/tmp/x'])).toMatchObject({
      minutes: 62,
      switchEvery: 3,
      snapshots: true,
      out: '/tmp/x',
    });
    expect(parseSoakArgs(['--minutes=5', '--warmup=0.5', '--sample-every=10']).warmup).toBe(0.5);
    expect(parseSoakArgs([]).splitEvery).toBe(10);
    expect(parseSoakArgs(['--split-every', '0']).splitEvery).toBe(0);
    expect(parseSoakArgs([]).playwright).toBe(false);
    expect(parseSoakArgs(['--playwright']).playwright).toBe(true);
    expect(parseSoakArgs([]).openTarget).toBe(300);
    expect(parseSoakArgs([]).hostSnapshots).toBe(false);
    expect(parseSoakArgs(['--host-snapshots']).hostSnapshots).toBe(true);
    expect(parseSoakArgs(['--open-target', '0']).openTarget).toBe(0);
    expect(() => parseSoakArgs(['--open-target=-1'])).toThrow(/--open-target must be a number from 0/);
  });

  it('refuses bad values, naming the flag in Vietnamese and English', () => {
    expect(() => parseSoakArgs(['--minutes', 'abc'])).toThrow(/--minutes phải là số.*--minutes must be a number/);
    expect(() => parseSoakArgs(['--switch-every', '0'])).toThrow(/--switch-every must be a number from 1/);
    expect(() => parseSoakArgs(['--minutes', ''])).toThrow(/--minutes must be a number/);
    expect(() => parseSoakArgs(['--minuets', '5'])).toThrow(/invalid argument.*minuets/s);
    expect(() => parseSoakArgs(['extra'])).toThrow(/invalid argument/);
  });

  it('refuses a run too short to leave two samples after the warm-up', () => {
    expect(() => parseSoakArgs(['--minutes', '3'])).toThrow(/too short for --warmup 3/);
    expect(parseSoakArgs(['--minutes', '4']).minutes).toBe(4);
  });
});

describe('soak growth', () => {
  it('least squares recovers a line, and is 0 for one point or a constant x', () => {
    expect(leastSquaresSlope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2);
    expect(leastSquaresSlope([0, 1, 2, 3], [5, 5, 5, 5])).toBe(0);
    expect(leastSquaresSlope([1], [3])).toBe(0);
    expect(leastSquaresSlope([2, 2, 2], [1, 2, 3])).toBe(0);
    expect(() => leastSquaresSlope([1, 2], [1])).toThrow(/differ/);
  });

  it('measures only after the warm-up: a series growing 10 MB/h from 100 MB', () => {
    // Warm-up: a climb from 50 MB that must not count; then 100 MB + 10 MB/h, one sample a minute for an hour.
    const pts: Point[] = [];
    for (let m = 0; m < 3; m++) pts.push({ sec: m * 60, mb: 50 + m * 15 });
    for (let m = 3; m <= 63; m++) pts.push({ sec: m * 60, mb: 100 + ((m - 3) / 60) * 10 });
    const g = growthOf(pts, 180);
    expect(g.samples).toBe(61);
    expect(g.slopeMBPerHour).toBeCloseTo(10, 6);
    expect(g.projectedMBPerWeek).toBeCloseTo(1680, 3);
    // Ends are medians of 5 samples: 100 + 2/60·10 and 110 − 2/60·10.
    expect(g.first).toBeCloseTo(100 + 20 / 60, 6);
    expect(g.last).toBeCloseTo(110 - 20 / 60, 6);
    expect(g.growth).toBeCloseTo((110 - 20 / 60) / (100 + 20 / 60) - 1, 6);
    expect(g.pass).toBe(false);
  });

  it('tells growth coming to rest from a steady leak by the later half\'s slope', () => {
    // Two hours after the warm-up, one sample a minute. A leak: 2 MB/h throughout. Warm-up: the
    // same 4 MB gained, but as 4·(1 − e^(−t/20 min)), nearly all of it in the first hour.
    const hours = Array.from({ length: 121 }, (_, i) => i / 60);
    const leak = growthOf(hours.map((h) => ({ sec: h * 3600, mb: 100 + 2 * h })), 0);
    const settling = growthOf(hours.map((h) => ({ sec: h * 3600, mb: 100 + 4 * (1 - Math.exp(-h * 3)) })), 0);
    expect(leak.lateSlopeMBPerHour).toBeCloseTo(2, 6);
    expect(leak.lateSlopeMBPerHour).toBeCloseTo(leak.slopeMBPerHour, 6);
    expect(settling.slopeMBPerHour).toBeGreaterThan(1);
    expect(settling.lateSlopeMBPerHour).toBeLessThan(settling.slopeMBPerHour / 5);
  });

  it('a flat noisy series passes; one outlier at an end does not decide the ratio', () => {
    const pts: Point[] = Array.from({ length: 40 }, (_, i) => ({ sec: 180 + i * 30, mb: 20 + (i % 2 ? 0.2 : -0.2) }));
    pts[pts.length - 1] = { sec: pts[pts.length - 1]!.sec, mb: 40 };
    const g = growthOf(pts, 180);
    expect(Math.abs(g.growth)).toBeLessThan(0.03);
    expect(g.pass).toBe(g.projectedMBPerWeek < 50);
  });

  it('judges the goal on both growth and the weekly projection', () => {
    // +5 % in an hour (1 MB/h on 20 MB) projects to 168 MB a week: not met.
    const slow = growthOf(Array.from({ length: 61 }, (_, i) => ({ sec: i * 60, mb: 20 + i / 60 })), 0);
    expect(slow.growth).toBeLessThan(0.1);
    expect(slow.pass).toBe(false);
    const flat = growthOf(Array.from({ length: 61 }, (_, i) => ({ sec: i * 60, mb: 20 + i / 6000 })), 0);
    expect(flat.pass).toBe(true);
  });

  it('tells per kind how a heap moved between snapshots', () => {
    const g = kindGrowth([
      { sec: 0, mb: { code: 2, objects: 5 } },
      { sec: 1800, mb: { code: 3, objects: 5 } },
      { sec: 3600, mb: { code: 3, objects: 5 } },
    ]);
    expect(g.code).toMatchObject({ first: 2, last: 3, deltaMb: 1 });
    expect(g.code.slopeMBPerHour).toBeCloseTo(1, 6);
    expect(g.objects).toEqual({ first: 5, last: 5, deltaMb: 0, slopeMBPerHour: 0 });
    expect(kindGrowth([])).toEqual({});
  });

  it('needs two samples after the warm-up', () => {
    expect(() => growthOf([{ sec: 0, mb: 1 }, { sec: 200, mb: 1 }], 180)).toThrow(/at least 2 samples/);
  });
});

/** A minimal V8 heap snapshot: nodes of [type, name, id, self_size, edge_count]. */
function snapshot(nodes: [string, string, number][]) {
  const types = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native'];
  const strings: string[] = [];
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  return JSON.stringify({
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [types, 'string'] } },
    nodes: nodes.flatMap(([t, n, size], i) => [types.indexOf(t), str(n), i + 1, size, 0]),
    edges: [],
    strings,
  });
}

describe('heap snapshot diff', () => {
  it('counts by constructor and ranks what grew', () => {
    const before = countByConstructor(snapshot([['object', 'Map', 40], ['object', 'Query', 100], ['closure', 'onReady', 32], ['string', 'x', 20]]));
    expect(before.get('Map')).toEqual({ count: 1, selfSize: 40 });
    expect(before.get('closure onReady')).toEqual({ count: 1, selfSize: 32 });
    expect(before.get('(string)')).toEqual({ count: 1, selfSize: 20 });
    const after = countByConstructor(
      snapshot([['object', 'Map', 40], ['object', 'Query', 100], ['object', 'Query', 100], ['object', 'Query', 100], ['closure', 'onReady', 32], ['closure', 'onReady', 32], ['string', 'x', 20]]),
    );
    const d = diffCounts(before, after);
    expect(d.map((r) => r.name)).toEqual(['Query', 'closure onReady']);
    expect(d[0]).toEqual({ name: 'Query', before: 1, after: 3, countDelta: 2, bytesDelta: 200 });
  });

  it('splits a heap by kind: V8 code apart from the app objects, strings and arrays', () => {
    const mb = 1024 * 1024;
    const k = sizeByKind(
      snapshot([['code', 'system / BytecodeArray', 2 * mb], ['code', '', mb], ['object', 'Query', mb / 2], ['closure', 'f', mb / 4], ['string', 'x', mb / 8], ['array', '', mb / 16], ['hidden', 'system / X', mb / 32], ['native', 'HTMLDivElement', mb]]),
    );
    expect(k).toEqual({ code: 3, objects: 0.75, arrays: 1 / 16, strings: 1 / 8, shapes: 0, system: 1 / 32, native: 1 });
  });

  it('refuses what is not a heap snapshot', () => {
    expect(() => countByConstructor(JSON.stringify({ snapshot: { meta: { node_fields: ['a'], node_types: [[]] } }, nodes: [], strings: [] }))).toThrow(/not a V8 heap snapshot/);
  });
});

describe('soak SVG', () => {
  const pts = (f: (i: number) => number): Point[] => Array.from({ length: 10 }, (_, i) => ({ sec: i * 60, mb: f(i) }));
  it('draws one panel per series with its figures, coloured by the goal, and escapes names', () => {
    const ok = growthOf(pts(() => 10), 120);
    const bad = growthOf(pts((i) => 10 + i), 120);
    const svg = soakSvg('Soak <test> & co', [
      { name: 'host RSS', points: pts(() => 10), growth: ok },
      { name: 'wall <d1>', points: pts((i) => 10 + i), growth: bad },
      { name: 'db', points: pts((i) => 10 + i), growth: bad, judged: false },
    ], 120);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Soak &lt;test&gt; &amp; co');
    expect(svg).toContain('wall &lt;d1&gt;');
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    // Regression lines: green for the series that meets the goal, red for the one that does not, grey when not judged.
    expect(svg).toMatch(/<line [^>]*stroke="#17803d"/);
    expect(svg).toMatch(/<line [^>]*stroke="#c0262d"/);
    expect(svg).toMatch(/<line [^>]*stroke="#666"/);
    expect(svg).toContain('+0.0 %');
    // 2 columns: 3 panels need 2 rows.
    expect(svg).toMatch(/height="416"/);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws a panel of several named lines with a legend', () => {
    const svg = soakSvg('t', [{ name: 'kiosk: heap by kind', points: [], lines: [{ name: 'code', points: pts((i) => 1 + i / 10) }, { name: 'objects', points: pts(() => 2) }] }], 0);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('— code');
    expect(svg).toContain('— objects');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('copes with a flat series and no samples', () => {
    const svg = soakSvg('t', [{ name: 'a', points: [] }, { name: 'b', points: pts(() => 5) }], 0);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
});

describe('heap retainers', () => {
  it('names the shortest path from the roots, not a cycle (V8 Code and CodeWrapper point at each other)', () => {
    // root -(global)-> Window -(fn)-> closure -(code)-> Code <-> CodeWrapper; the wrapper's edge comes first in the file.
    const names = ['', '(GC roots)', 'Window', 'f', 'system / Code', 'system / CodeWrapper', 'global', 'fn', 'code', 'wrapper'];
    const types = ['hidden', 'object', 'closure', 'code', 'synthetic'];
    const edgeTypes = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
    const nodeFields = ['type', 'name', 'id', 'self_size', 'edge_count'];
    // nodes: 0 root, 1 CodeWrapper, 2 Code, 3 Window, 4 closure f
    const nodes = [
      [4, 1, 1, 0, 1],
      [3, 5, 3, 16, 1],
      [3, 4, 5, 64, 1],
      [1, 2, 7, 32, 1],
      [2, 3, 9, 32, 1],
    ];
    const nf = nodeFields.length;
    // edges in node order: root→Window, CodeWrapper→Code ([0]), Code→CodeWrapper (wrapper), Window→f (fn), f→Code (code)
    const edges = [
      [2, 6, 3 * nf],
      [1, 0, 2 * nf],
      [3, 9, 1 * nf],
      [2, 7, 4 * nf],
      [3, 8, 2 * nf],
    ];
    const g = graphOf({
      snapshot: { meta: { node_fields: nodeFields, node_types: [types], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [edgeTypes] } },
      nodes: nodes.flat(),
      edges: edges.flat(),
      strings: names,
    });
    expect(pathOf(g, 2)).toBe(['(code) system / Code', '.code ← (closure) f', '.fn ← Window', '.global ← (synthetic) (GC roots)'].join('\n      '));
    expect(g.retainer[0]).toBe(-1);
  });
});

/** A page's DevTools as the probe sees it: records every call, answers like Chromium. */
function fakeDevTools(sockets: number[]) {
  const calls: { method: string; params?: Record<string, unknown> }[] = [];
  const listeners = new Map<string, Set<(p: Record<string, unknown>) => void>>();
  const dt: DevTools = {
    send: <T>(method: string, params?: Record<string, unknown>) => {
      calls.push({ method, params });
      const answer: Record<string, unknown> = {
        'Runtime.getHeapUsage': { usedSize: 12 * 1024 * 1024, totalSize: 20 * 1024 * 1024, embedderHeapUsedSize: 1024 * 1024 },
        'Memory.getDOMCounters': { documents: 1, nodes: 1564, jsEventListeners: 306 },
        'Runtime.queryObjects': { objects: { objectId: 'arr' } },
        'Runtime.callFunctionOn': { result: { value: sockets.filter((s) => s === 1).length } },
      };
      if (method === 'Runtime.evaluate') {
        const value = params?.expression === PAGE_STATE ? { layoutId: 'overview', ready: true } : undefined;
        return Promise.resolve({ result: params?.objectGroup ? { objectId: 'proto' } : { value } } as T);
      }
      if (method === 'HeapProfiler.takeHeapSnapshot') {
        for (const fn of listeners.get('HeapProfiler.addHeapSnapshotChunk') ?? []) ['{"a":', '1}'].forEach((chunk) => fn({ chunk }));
      }
      return Promise.resolve((answer[method] ?? {}) as T);
    },
    on: (method, fn) => {
      const set = listeners.get(method) ?? new Set();
      listeners.set(method, set.add(fn));
      return () => set.delete(fn);
    },
  };
  return { dt, calls, listeners };
}

describe('page probe', () => {
  it('samples after a forced GC, with fixed expressions only and no domain enabled', async () => {
    const { dt, calls } = fakeDevTools([1, 3, 1]);
    const probe = new PageProbe('wall d1', dt);
    const s1 = await probe.sample();
    expect(s1).toEqual({ heapMb: 12, embedderMb: 1, nodes: 1564, listeners: 306, websockets: 2, layoutId: 'overview' });
    expect(calls[0]!.method).toBe('HeapProfiler.collectGarbage');
    // Nothing that records traffic or console messages, nor any other domain, is switched on.
    expect(calls.filter((c) => c.method.endsWith('.enable'))).toEqual([]);
    // The WebSocket objects found are released at once.
    expect(calls.at(-1)).toEqual({ method: 'Runtime.releaseObjectGroup', params: { objectGroup: 'soak-probe' } });
    const scripts = (list: typeof calls) =>
      list.filter((c) => c.method === 'Runtime.evaluate' || c.method === 'Runtime.callFunctionOn').map((c) => String(c.params?.expression ?? c.params?.functionDeclaration));
    const first = scripts(calls);
    const n = calls.length;
    await probe.sample();
    await probe.state();
    // A second sample sends the very same sources: V8 compiles none of them again.
    expect(scripts(calls.slice(n))).toEqual([...first, PAGE_STATE]);
  });

  it('assembles a heap snapshot from its chunks and stops listening afterwards', async () => {
    const { dt, calls, listeners } = fakeDevTools([]);
    const probe = new PageProbe('kiosk', dt);
    expect(await probe.heapSnapshot()).toBe('{"a":1}');
    expect(await probe.heapSnapshot()).toBe('{"a":1}');
    expect(listeners.get('HeapProfiler.addHeapSnapshotChunk')?.size ?? 0).toBe(0);
    // Enabled once, so that object ids stay the same across snapshots.
    expect(calls.filter((c) => c.method === 'HeapProfiler.enable')).toHaveLength(1);
  });
});

describe('code growth', () => {
  // root → Window → closure f (defined in script 7 at 0-based line 0, column 40) → its Code and
  // bytecode; a second closure g with code; a Script named by URL behind f's SharedFunctionInfo.
  function snap(fCode: number, gCode: number) {
    const names = ['', '(GC roots)', 'Window', 'f', 'g', 'system / Code', 'system / BytecodeArray', 'system / SharedFunctionInfo / f', 'system / Script / http://h/assets/app-1.js', 'system / InstructionStream'];
    const types = ['hidden', 'object', 'closure', 'code', 'synthetic'];
    const edgeTypes = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
    const nodeFields = ['type', 'name', 'id', 'self_size', 'edge_count'];
    const nf = nodeFields.length;
    // 0 root, 1 Window, 2 f, 3 f's Code, 4 f's bytecode, 5 f's SFI, 6 Script, 7 g, 8 g's InstructionStream
    const nodes = [
      [4, 1, 1, 0, 1],
      [1, 2, 3, 32, 2],
      [2, 3, 5, 32, 3],
      [3, 5, 7, fCode, 0],
      [3, 6, 9, 100, 0],
      [3, 7, 11, 40, 1],
      [3, 8, 13, 80, 0],
      [2, 4, 15, 32, 1],
      [3, 9, 17, gCode, 0],
    ];
    const str = (s: string) => names.indexOf(s);
    names.push('f', 'g', 'code', 'bytecode', 'shared', 'script');
    const edges = [
      [2, str('Window'), 1 * nf],
      [2, names.lastIndexOf('f'), 2 * nf],
      [2, names.lastIndexOf('g'), 7 * nf],
      [3, str('code'), 3 * nf],
      [3, str('bytecode'), 4 * nf],
      [3, str('shared'), 5 * nf],
      [3, str('script'), 6 * nf],
      [3, str('code'), 8 * nf],
    ];
    return {
      snapshot: { meta: { node_fields: nodeFields, node_types: [types] as [string[]], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [edgeTypes] as [string[]], location_fields: ['object_index', 'script_id', 'line', 'column'] } },
      nodes: nodes.flat(),
      edges: edges.flat(),
      strings: names,
      locations: [2 * nf, 7, 0, 40],
    };
  }

  it('counts V8 code objects and attributes code to the function that holds it', () => {
    const c = codeCensus(snap(500, 300));
    expect(c).toMatchObject({ scripts: 1, functions: 1, bytecodeArrays: 1, codeObjects: 1, codeBytes: 500 + 100 + 40 + 80 + 300 });
    expect(c.byFunction.get('f @http://h/assets/app-1.js:1:41')).toEqual({ bytes: 500 + 100 + 40 + 80, objects: 4 });
    expect(c.byFunction.get('g')).toEqual({ bytes: 300, objects: 1 });
    const d = codeDelta(c, codeCensus(snap(900, 300)));
    expect(d).toEqual([{ owner: 'f @http://h/assets/app-1.js:1:41', before: 720, after: 1120 }]);
  });

  it('maps a minified position back through a source map', () => {
    // Line 0: column 0 → source 0 line 0 col 0; column 10 → source 0, line 4, col 2, name 0. Line 1: column 3 → source 1 line 0.
    const map = { sources: ['../../renderer/a.ts', 'b.ts'], names: ['render'], mappings: 'AAAA,UAIEA;GCJF' };
    const lines = decodeMappings(map.mappings);
    expect(lines[0]).toEqual([[0, 0, 0, 0], [10, 0, 4, 2, 0]]);
    expect(lookup(map, lines, 0, 12)).toBe('renderer/a.ts:5 (render)');
    expect(lookup(map, lines, 0, 5)).toBe('renderer/a.ts:1');
    expect(lookup(map, lines, 1, 3)).toBe('b.ts:1');
    expect(lookup(map, lines, 1, 2)).toBeNull();
    expect(lookup(map, lines, 9, 0)).toBeNull();
  });
});

describe('private memory', () => {
  it('reads USS of matching processes only, skipping the vanished', () => {
    const uss = ussMb([process.pid, 999_999_999], /node|vitest/);
    expect(uss).toBeGreaterThan(1);
    expect(ussMb([process.pid], /no-such-process-type/)).toBe(0);
  });
});

describe('host resident memory', () => {
  it('splits VmRSS into anonymous, file and shared memory; null for a vanished process', () => {
    const r = residentMb(process.pid)!;
    expect(r.rss).toBeGreaterThan(1);
    expect(r.anon + r.file + r.shmem).toBeCloseTo(r.rss, 0);
    expect(residentMb(999_999_999)).toBeNull();
  });

  it('keeps the floor and peak of each kind over a window, and starts a new window when taken', () => {
    const reads: (ResidentMb | null)[] = [
      { rss: 300, anon: 240, file: 60, shmem: 0 },
      { rss: 377, anon: 316, file: 61, shmem: 0 },
      null, // the process was between reads
      { rss: 320, anon: 259, file: 61, shmem: 0 },
      { rss: 310, anon: 250, file: 60, shmem: 0 },
    ];
    // A timer that never fires within the test: ticks are driven by hand.
    const w = new ResidentWatch(1, 3_600_000, () => reads.shift() ?? null);
    try {
      w.tick();
      w.tick();
      w.tick();
      const first = w.take()!; // reads the fourth
      expect(first).toEqual({ n: 3, min: { rss: 300, anon: 240, file: 60, shmem: 0 }, max: { rss: 377, anon: 316, file: 61, shmem: 0 } });
      expect(w.take()).toEqual({ n: 1, min: { rss: 310, anon: 250, file: 60, shmem: 0 }, max: { rss: 310, anon: 250, file: 60, shmem: 0 } });
      expect(w.take()).toBeNull();
    } finally {
      w.stop();
    }
  });
});
