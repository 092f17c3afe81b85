/**
 * The wall's code in one chunk. Left to itself the bundler splits the app by which dynamic
 * imports reach each module, and a wall display loaded 38 files: the app, the wall route, each
 * panel and every set of modules two panels happen to share (charts, colours, map, format…).
 * Each file is a request through Chromium's browser and network processes; on a 2-core wall
 * machine that was measured at about 6 ms of CPU per file per page (two pages of 46 small
 * modules against two pages of one module: 1.27 s against 0.66 s of Chromium's CPU), the same
 * CPU the displays need to paint their first frame.
 *
 * So every module a wall display runs goes into one chunk, `wall`: what the app (boot/mount)
 * and the wall route (wall/WallPage) import statically, every panel, and the chart and map code
 * with their libraries. Left as the bundler splits them:
 *  - the entry's own modules (renderer/main.tsx and what it imports statically): the entry stays
 *    small, so its requests for the layout leave before the large chunk has arrived;
 *  - the console's and the kiosk's own pages, which import the app and the panels from this
 *    chunk (the console shows panels and their maps in its previews: splitting the app from
 *    the wall saved it nothing and cost the wall two more files);
 *  - what a page loads only now and then behind a dynamic import of its own (hls.js for a
 *    camera, qrcode on the console).
 * host/server/wall-preload.ts finds the chunk by its name in Vite's manifest.
 */
import type { ChunkingContext } from 'rolldown';

const WALL_CHUNK = 'wall';
const ENTRY = /[\\/]renderer[\\/]main\.tsx$/;
const WALL_ROOTS = [/[\\/]renderer[\\/]boot[\\/]mount\.tsx$/, /[\\/]renderer[\\/]wall[\\/]WallPage\.tsx$/, /[\\/]renderer[\\/]panels[\\/][^\\/]+[\\/]index\.tsx$/];

/** Every module reachable from `roots` through static imports. */
function staticClosure(roots: string[], ctx: ChunkingContext): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of ctx.getModuleInfo(id)?.importedIds ?? []) stack.push(next);
  }
  return seen;
}

/** Every module id of the graph, walked from one module through importers and imports. */
function collectIds(ctx: ChunkingContext, from: string): string[] {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const info = ctx.getModuleInfo(id);
    if (!info) continue;
    for (const next of [...info.importedIds, ...info.dynamicallyImportedIds, ...info.importers, ...info.dynamicImporters]) stack.push(next);
  }
  return [...seen];
}

/**
 * A `codeSplitting` group's name function: WALL_CHUNK for the wall's modules (above), null for
 * the rest. The set is worked out on the first call of a build, when the module graph is
 * complete, and kept for that build's chunking pass.
 */
export function wallChunk(): (id: string, ctx: ChunkingContext) => string | null {
  let wall: Set<string> | null = null;
  return (id, ctx) => {
    if (!wall) {
      const ids = collectIds(ctx, id);
      const closure = (roots: RegExp[]) => staticClosure(ids.filter((m) => roots.some((re) => re.test(m))), ctx);
      wall = closure(WALL_ROOTS);
      for (const m of closure([ENTRY])) wall.delete(m);
    }
    return wall.has(id) ? WALL_CHUNK : null;
  };
}

/**
 * The top of the wall chunk, after minifying: V8's compile hint that every function of the file
 * runs on load, which a wall display's does (the app, the route, the panels, Leaflet, Chart.js).
 * V8 then compiles them while the file streams in, on a background thread, instead of one by one
 * on the main thread the first time each is called, after a pre-parse that skipped them. Two
 * cold displays painted at ×0.91–0.93 the wall-clock time of the same build without it (12 and
 * 10 alternating runs, bench/first-frame-cpu.ts), their main threads' CPU ×0.98.
 */
export function wallChunkBanner(chunk: { name: string }): string {
  return chunk.name === WALL_CHUNK ? '//# allFunctionsCalledOnLoad' : '';
}
