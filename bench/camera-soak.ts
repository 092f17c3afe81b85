// The 16-camera wall page left running (issue 15): `npx tsx bench/camera-soak.ts [MINUTES]`
// (default 30). Every minute: the PSS of the browser's renderer and GPU processes, the page's JS heap, its DOM node count and
// how many pictures play. Prints the series and the growth from the first to the last third
// (the first minutes include warm-up). Not in `npm run bench`: it takes half an hour.
import { chromium } from '@playwright/test';
import type { Layout, Wall } from '../layouts/model';
import { displayViewport } from '../layouts/geometry';
import { CAMERA_PASSWORD, CAMERA_USER, startHlsCamera, startMjpegCamera } from '../tests/integration/support/camera-sources';
import { serve } from '../tests/e2e/serve';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/chromium';
import { pssMb, tree } from './cameras.bench';

const minutes = Number(process.argv[2] ?? 30);
/** mix (default): one in four MJPEG; hls or mjpeg: all of one kind (to tell which one grows). */
const kind = process.argv[3] ?? 'mix';
const hls = await startHlsCamera({ size: '640x360' });
const mjpeg = await startMjpegCamera();
const s = await serve({ config: { camera: { checkIntervalSec: 60 } } });
const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
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
  const wall = await s.call<Wall>('wall.get', {});
  const v = displayViewport(wall, 'd1');
  const layout: Layout = {
    id: 'soak',
    name: 'Soak 16 cameras',
    wallId: wall.id,
    tiles: [{ id: 't', panel: 'cameraGrid', view: '', options: { grid: 4, cameras: Array.from({ length: 16 }, (_, i) => `cam-${i + 1}`) }, rect: { x: v.x, y: v.y, w: v.width, h: v.height } }],
  };
  await s.call('preset.save', { layout });
  await s.call('preset.activate', { id: 'soak' });
  const browser = await chromium.connect(server.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(s.wallUrl('d1'));
  await page.locator('.campic[data-camera-state="playing"]').nth(15).waitFor({ timeout: 60_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const rows: { min: number; pssMb: number; heapMb: number; nodes: number; playing: number; bufferedSec: number }[] = [];
  for (let m = 0; m <= minutes; m++) {
    if (m > 0) await page.waitForTimeout(60_000); // the soak's clock, not a wait for a condition
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (n: string) => metrics.find((x) => x.name === n)?.value ?? 0;
    const row = {
      min: m,
      pssMb: Math.round(pssMb(tree(server.process().pid!))),
      heapMb: +(get('JSHeapUsedSize') / 1048576).toFixed(1),
      nodes: get('Nodes'),
      playing: await page.locator('.campic[data-camera-state="playing"]').count(),
      /** Seconds of media held by the first video (MSE), to tell buffering from other growth. */
      bufferedSec: await page.evaluate(() => {
        const v = document.querySelector('video');
        if (!v || v.buffered.length === 0) return 0;
        let sec = 0;
        for (let i = 0; i < v.buffered.length; i++) sec += v.buffered.end(i) - v.buffered.start(i);
        return Math.round(sec);
      }),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  const third = Math.max(1, Math.floor(rows.length / 3));
  const avg = (xs: typeof rows, k: 'pssMb' | 'heapMb' | 'nodes') => xs.reduce((a, r) => a + r[k], 0) / xs.length;
  const first = rows.slice(0, third);
  const last = rows.slice(-third);
  for (const k of ['pssMb', 'heapMb', 'nodes'] as const) {
    console.log(`${k}: first third ${avg(first, k).toFixed(1)}, last third ${avg(last, k).toFixed(1)} (×${(avg(last, k) / avg(first, k)).toFixed(3)})`);
  }
  await browser.close();
} finally {
  await server.close();
  await s.close();
  await hls.close();
  await mjpeg.close();
}
