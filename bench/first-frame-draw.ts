/**
 * What a wall's first frame costs the host (host/server/first-frame.ts with the built drawing
 * module, dist/first-frame/render.js): every bundled preset on the demo data, each display drawn
 * `DRAWS` times, with the time per frame against the same display's answers asked for alone (the
 * page's own first-frame requests: wall/prefetch.ts, the baseline of the same run), the frame's
 * size, and the host's heap after a forced GC across the whole series (a host serves walls for
 * months). Run: `NODE_OPTIONS=--expose-gc npx tsx bench/first-frame-draw.ts` after `npm run build`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ActiveLayout, PresetRecord } from '../host/api/contract';
import { loadConfig } from '../host/config/load';
import { adminCaller } from '../host/room/caller';
import { firstFrames } from '../host/server/first-frame';
import { startHost } from '../host/service';

const DRAWS = Number(process.env.FIRST_FRAME_DRAWS ?? 50);
const root = join(import.meta.dirname, '..');
const dist = process.env.IOC_WALL_DIST ?? join(root, 'dist');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc: the heap figures are after a forced GC');
const heapMB = () => {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const dir = mkdtempSync(join(tmpdir(), 'ioc-frame-draw-'));
const host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: 'frame-draw-token-0123456789', demo: true } }), dataDir: join(dir, 'data'), rendererDir: join(dist, 'renderer') });
try {
  const frames = firstFrames({ dispatcher: host.dispatcher, moduleFile: join(dist, 'first-frame', 'render.js'), deadlineMs: 10_000 });
  const caller = adminCaller('bench');
  const t0 = performance.now();
  await frames.draw(caller, 'd1'); // loads the module
  console.log(`module loaded and first frame drawn in ${Math.round(performance.now() - t0)} ms`);
  const heap0 = heapMB();
  const presets = (await host.dispatcher.call('preset.list', {}, 'bench')) as PresetRecord[];
  for (const p of presets) {
    const active = (await host.dispatcher.call('preset.activate', { id: p.id }, 'bench')) as ActiveLayout;
    for (const d of active.wall.displays) {
      const times: number[] = [];
      let html: string | null = null;
      for (let i = 0; i < DRAWS; i++) {
        const t = performance.now();
        html = await frames.draw(caller, d.id);
        times.push(performance.now() - t);
      }
      const ask: number[] = [];
      for (let i = 0; i < DRAWS; i++) {
        const t = performance.now();
        await host.dispatcher.call('layout.active', {}, 'bench');
        await Promise.all(['host.info', 'freshness.list', 'alerts.list'].map((m) => host.dispatcher.call(m as 'host.info', {}, 'bench')));
        await host.dispatcher.call('areas.list', { withGeometry: true }, 'bench');
        ask.push(performance.now() - t);
      }
      const size = html ? Buffer.byteLength(html) : 0;
      console.log(
        `${p.id.padEnd(18)} ${d.id}: ${html ? 'drawn' : 'NONE '} p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms` +
          ` (the display's layout, areas, info, freshness and alerts asked alone: p50 ${pct(ask, 50).toFixed(2)} ms, ×${(pct(times, 50) / pct(ask, 50)).toFixed(1)})` +
          `; ${(size / 1024).toFixed(1)} KB, ${(gzipSync(html ?? '').length / 1024).toFixed(1)} KB gzip`,
      );
    }
  }
  console.log(`host heap after GC: ${heap0.toFixed(1)} MB before the series, ${heapMB().toFixed(1)} MB after ${presets.length} presets × ${DRAWS} draws per display; load ${loadavg()[0]!.toFixed(1)}`);
} finally {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
}
