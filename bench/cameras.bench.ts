// Live cameras (issue 15): CPU and memory of one wall page (1920×1080) showing 1, 4 and 16
// camera pictures, beside a blank page measured the same way in the same run; and the time from
// a picture starting to its first frame. The camera is ffmpeg's testsrc as live HLS (H.264
// baseline, 640×360, 10 fps) behind basic auth, played through the host's proxy by hls.js;
// 16 camera ids point at it, so 16 pictures mean 16 proxied streams and 16 decoders.
//
// Each scenario runs in its own Chromium (bench/plain-chromium.ts: no automation keeping copies
// of what the page fetches; its process tree is known): CPU is
// the tree's utime+stime over SAMPLE_S seconds once every picture plays, in cores; memory is the
// PSS of its renderer and GPU processes (smaps_rollup, shared pages counted once) at the end.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Layout, Tile, Wall } from '../layouts/model';
import { displayViewport } from '../layouts/geometry';
import { CAMERA_PASSWORD, CAMERA_USER, startHlsCamera } from '../tests/integration/support/camera-sources';
import { serve } from '../tests/e2e/serve';
import { openPlainPage, type PlainPage } from './plain-chromium';
import { median, type BenchRow } from './types';

const SAMPLE_S = 10;
const TICK = 100; // USER_HZ on Linux

export function tree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

function cpuTicks(pids: number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return sum;
}

/**
 * PSS of the processes that show the page: renderers and the GPU process (software compositing
 * here). Chromium's utility services (network, storage, and an on-device model service that
 * starts by itself after a few minutes) are left out: they are not the page's cost.
 */
export function pssMb(pids: number[], which = /--type=(renderer|gpu-process)/): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!which.test(cmd)) continue;
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/** A plain Chromium (no automation recording the traffic: bench/plain-chromium.ts) on the page. */
async function measure(url: string, ready: (p: PlainPage) => Promise<number[]>): Promise<{ cpu: number; mem: number; firstFrames: number[] }> {
  const page = await openPlainPage(url);
  try {
    const firstFrames = await ready(page);
    const t0 = cpuTicks(tree(page.pid));
    const w0 = performance.now();
    // A measuring window, not a wait for a condition.
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
    const cpu = (cpuTicks(tree(page.pid)) - t0) / TICK / ((performance.now() - w0) / 1000);
    const mem = pssMb(tree(page.pid));
    return { cpu, mem, firstFrames };
  } finally {
    await page.close();
  }
}

export default async function camerasBench(): Promise<BenchRow[]> {
  const cam = await startHlsCamera({ size: '640x360' });
  const s = await serve({ config: { camera: { checkIntervalSec: 3600 } } });
  const blank = createServer((_q, r) => r.end('<!doctype html><title>blank</title><p>blank</p>'));
  await new Promise<void>((r) => blank.listen(0, '127.0.0.1', r));
  try {
    for (let i = 1; i <= 16; i++) {
      await s.call('cameras.add', { id: `cam-${i}`, name: `Camera ${i}`, lat: 11.5, lon: 106.9, streams: [{ protocol: 'hls', url: cam.url, credentials: `${CAMERA_USER}:${CAMERA_PASSWORD}` }] });
    }
    const wall = await s.call<Wall>('wall.get', {});
    const v = displayViewport(wall, 'd1');
    const rect = { x: v.x, y: v.y, w: v.width, h: v.height };
    const layouts: Record<number, Tile> = {
      1: { id: 't', panel: 'camera', view: '', options: { cameras: ['cam-1'] }, rect },
      4: { id: 't', panel: 'cameraGrid', view: '', options: { grid: 2, cameras: ['cam-1', 'cam-2', 'cam-3', 'cam-4'] }, rect },
      16: { id: 't', panel: 'cameraGrid', view: '', options: { grid: 4, cameras: Array.from({ length: 16 }, (_, i) => `cam-${i + 1}`) }, rect },
    };
    const base = await measure(`http://127.0.0.1:${(blank.address() as AddressInfo).port}/`, async () => []);
    const rows: BenchRow[] = [];
    for (const n of [1, 4, 16]) {
      const layout: Layout = { id: `bench-cam-${n}`, name: `Bench ${n} cameras`, wallId: wall.id, tiles: [layouts[n]!] };
      await s.call('preset.save', { layout });
      await s.call('preset.activate', { id: layout.id });
      const pics = `document.querySelectorAll('.wall-canvas:not(.wall-canvas--hidden) .campic')`;
      const r = await measure(s.wallUrl('d1'), async (page) => {
        await page.waitFor(`[...${pics}].filter((e) => e.dataset.cameraState === 'playing').length >= ${n}`, 60_000, `${n} pictures playing`);
        return page.evaluate<number[]>(`[...${pics}].map((e) => Number(e.dataset.firstFrameMs))`);
      });
      rows.push(
        { name: `wall page, ${n} camera picture${n > 1 ? 's' : ''}: CPU`, value: +r.cpu.toFixed(3), unit: 'cores', baseline: { name: 'blank page', value: +base.cpu.toFixed(3) }, ratio: +(r.cpu / Math.max(base.cpu, 0.001)).toFixed(1) },
        { name: `wall page, ${n} camera picture${n > 1 ? 's' : ''}: memory (PSS)`, value: Math.round(r.mem), unit: 'MB', baseline: { name: 'blank page', value: Math.round(base.mem) }, ratio: +(r.mem / base.mem).toFixed(2) },
        { name: `wall page, ${n} camera picture${n > 1 ? 's' : ''}: first frame (median)`, value: Math.round(median(r.firstFrames)), unit: 'ms', note: `max ${Math.max(...r.firstFrames)} ms; from the picture starting its stream` },
      );
    }
    return rows;
  } finally {
    blank.close();
    await s.close();
    await cam.close();
  }
}
