// The 16-camera wall page left running (issue 15): `npx tsx bench/camera-soak.ts [MINUTES] [KIND]`
// (default 30 minutes, KIND mix). Three Chromiums run side by side for the same minutes, so
// the machine's load falls on all three alike:
//   cameras  the wall's display d1: a 4×4 grid of 16 live cameras (KIND: mix = one in four MJPEG,
//            hls or mjpeg = all of one kind, to tell which one grows);
//   static   the wall's display d2: a 4×4 grid of 16 pictures with no stream (same page, same
//            tiles, no video): the page's own growth;
//   blank    an empty page: the browser's own growth.
// Every minute: the PSS of each browser's renderer and GPU processes, the page's JS heap, its DOM
// node count, how many pictures play and how many seconds of video the pictures hold buffered
// (MSE/native): a number that climbs there means played media is never evicted. At the end:
// growth from the first to the last third (the first minutes include warm-up) and the slope in
// MB/min from minute 2 on (least squares), for each. Not in `npm run bench`: it takes half an hour.
//
// The browsers run with no automation attached (bench/plain-chromium.ts): Playwright's DevTools
// Network domain keeps every response body in the renderer, which made this page seem to grow by
// 15 MB a minute. `--playwright` adds a fourth browser, the camera page driven by Playwright as
// before, to show that difference in the same run.
import { chromium, type BrowserServer, type CDPSession, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { CAMERA_PASSWORD, CAMERA_USER, startHlsCamera, startMjpegCamera } from '../tests/integration/support/camera-sources';
import { serve } from '../tests/e2e/serve';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/chromium';
import { showCameraGrids, sixteen } from './camera-grids';
import { pssMb, tree } from './cameras.bench';
import { openPlainPage, until } from './plain-chromium';
import { leastSquaresSlope } from './soak/stats';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withPlaywright = process.argv.includes('--playwright');
const minutes = Number(args[0] ?? 30);
const kind = args[1] ?? 'mix';

interface Row {
  min: number;
  pssMb: number;
  /** Of which the GPU process (compositing in software here: video frames pass through it). */
  gpuMb: number;
  heapMb: number;
  nodes: number;
  playing: number;
  bufferedSec: number;
}

interface Subject {
  name: string;
  pid: number;
  evaluate<T>(expression: string): Promise<T>;
  /** Bytes of the page's JS heap in use. */
  heapUsed(): Promise<number>;
  collectGarbage(): Promise<void>;
  close(): Promise<void>;
  rows: Row[];
}

const PLAYING = `document.querySelectorAll('.campic[data-camera-state="playing"]').length`;

async function open(name: string, url: string, ready: string | null): Promise<Subject> {
  const page = await openPlainPage(url);
  try {
    if (ready) await page.waitFor(ready, 120_000, `${name}: ${ready}`);
  } catch (err) {
    await page.close();
    throw err;
  }
  return {
    name,
    pid: page.pid,
    evaluate: (e) => page.evaluate(e),
    heapUsed: async () => (await page.send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize,
    collectGarbage: async () => void (await page.send('HeapProfiler.collectGarbage')),
    close: () => page.close(),
    rows: [],
  };
}

/** The same page driven by Playwright (its DevTools Network domain on), for comparison. */
async function openWithPlaywright(name: string, url: string, ready: string): Promise<Subject> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const browser = await chromium.connect(server.wsEndpoint());
  const page: Page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(url);
  // Not waitForFunction: the wall's CSP forbids evaluating strings inside the page.
  await until(() => page.evaluate<boolean>(ready).catch(() => false), 120_000, `${name}: ${ready}`);
  const cdp: CDPSession = await page.context().newCDPSession(page);
  return {
    name,
    pid: server.process().pid!,
    evaluate: (e) => page.evaluate(e),
    heapUsed: async () => (await cdp.send('Runtime.getHeapUsage')).usedSize,
    collectGarbage: async () => void (await cdp.send('HeapProfiler.collectGarbage')),
    close: () => server.close(),
    rows: [],
  };
}

async function sample(s: Subject, min: number): Promise<Row> {
  const page = await s.evaluate<{ nodes: number; playing: number; bufferedSec: number }>(`(() => {
    let sec = 0;
    for (const v of document.querySelectorAll('video')) {
      for (let i = 0; i < v.buffered.length; i++) sec += v.buffered.end(i) - v.buffered.start(i);
    }
    return { nodes: document.getElementsByTagName('*').length, playing: ${PLAYING}, bufferedSec: Math.round(sec) };
  })()`);
  const pids = tree(s.pid);
  const row: Row = {
    min,
    pssMb: Math.round(pssMb(pids)),
    gpuMb: Math.round(pssMb(pids, /--type=gpu-process/)),
    heapMb: +((await s.heapUsed()) / 1048576).toFixed(1),
    ...page,
  };
  s.rows.push(row);
  return row;
}

const hls = await startHlsCamera({ size: '640x360' });
const mjpeg = await startMjpegCamera();
const s = await serve({ config: { camera: { checkIntervalSec: 60 } } });
const blank = createServer((_q, r) => r.end('<!doctype html><title>blank</title><p>blank</p>'));
await new Promise<void>((r) => blank.listen(0, '127.0.0.1', r));
const subjects: Subject[] = [];
try {
  for (let i = 1; i <= 16; i++) {
    const mj = kind === 'mjpeg' || (kind === 'mix' && i % 4 === 0);
    await s.call('cameras.add', {
      id: `cam-${i}`,
      name: `Camera ${i}`,
      lat: 11.5,
      lon: 106.9,
      streams: [{ protocol: mj ? 'mjpeg' : 'hls', url: mj ? mjpeg.url : hls.url, credentials: `${CAMERA_USER}:${CAMERA_PASSWORD}` }],
    });
  }
  // d2: cameras nobody added, sixteen named placeholders: the same tiles with nothing to play.
  await showCameraGrids(s, 'soak', { d1: sixteen('cam'), d2: sixteen('none') });
  subjects.push(await open('blank', `http://127.0.0.1:${(blank.address() as AddressInfo).port}/`, null));
  subjects.push(await open('static', s.wallUrl('d2'), `document.querySelectorAll('.campic').length >= 16`));
  subjects.push(await open('cameras', s.wallUrl('d1'), `${PLAYING} >= 16`));
  if (withPlaywright) subjects.push(await openWithPlaywright('cameras-playwright', s.wallUrl('d1'), `${PLAYING} >= 16`));
  const loads: number[] = [];
  const started = Date.now();
  for (let m = 0; m <= minutes; m++) {
    // The soak's clock, not a wait for a condition: one sample a minute from the start.
    const due = started + m * 60_000;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    loads.push(loadavg()[0]!);
    const line: Record<string, unknown> = { min: m, load: +loadavg()[0]!.toFixed(2) };
    for (const sub of subjects) {
      const { min: _m, ...row } = await sample(sub, m);
      line[sub.name] = row;
    }
    console.log(JSON.stringify(line));
  }
  // Then a full garbage collection in each page, and one more sample: memory that comes back
  // was garbage waiting for a collector that a page with a tiny JS heap seldom runs; memory that
  // stays is held.
  for (const sub of subjects) await sub.collectGarbage();
  await new Promise((r) => setTimeout(r, 10_000));
  const afterGc: Record<string, number> = {};
  for (const sub of subjects) afterGc[sub.name] = Math.round(pssMb(tree(sub.pid)));
  console.log(`after a forced GC: ${JSON.stringify(afterGc)} MB`);
  console.log(`\n${minutes} min, ${kind}; load average (1 min) mean ${(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2)}, max ${Math.max(...loads).toFixed(2)}`);
  for (const sub of subjects) {
    const rows = sub.rows;
    const third = Math.max(1, Math.floor(rows.length / 3));
    const avg = (xs: Row[], k: keyof Row) => xs.reduce((a, r) => a + r[k], 0) / xs.length;
    const parts = (['pssMb', 'gpuMb', 'heapMb', 'nodes', 'bufferedSec'] as const).map((k) => {
      const a = avg(rows.slice(0, third), k);
      const b = avg(rows.slice(-third), k);
      return `${k} ${a.toFixed(1)} → ${b.toFixed(1)}${a > 0 ? ` (×${(b / a).toFixed(3)})` : ''}`;
    });
    const warm = rows.filter((r) => r.min >= 2);
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    console.log(
      `${sub.name}: PSS ${first.pssMb} → ${last.pssMb} MB (+${last.pssMb - first.pssMb}), slope from min 2 ` +
        `${leastSquaresSlope(warm.map((r) => r.min), warm.map((r) => r.pssMb)).toFixed(2)} MB/min; first third → last third: ${parts.join('; ')}; ` +
        `playing at the end ${last.playing}`,
    );
  }
} finally {
  for (const sub of subjects) await sub.close();
  blank.close();
  await s.close();
  await hls.close();
  await mjpeg.close();
}
