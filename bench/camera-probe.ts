// Which process of a 16-camera wall page grows, and is it the page or what drives it?
// `npx tsx bench/camera-probe.ts [MINUTES] [SUBJECTS]`, SUBJECTS a comma list of
//   pw-hls, pw-mjpeg     16 HLS (display d1) or 16 MJPEG (d2) pictures in a Chromium driven by Playwright;
//   raw-hls, raw-mjpeg   the same page in a plain Chromium (bench/plain-chromium.ts);
//   net-…, net0-…        plain, plus DevTools' Network domain enabled with its default buffers, or
//                        with buffers of 0 bytes (no response body kept).
// Every 30 s: PSS per Chromium process kind (browser, network service, GPU, renderer, and the
// renderer's private memory), the JS heap, pictures playing. What it showed (two runs of 6 and 4
// minutes, load 22–60, Debian Chromium 156; renderer PSS from minute 2, least-squares MB/min):
// pw-mjpeg 188 → 310 (+32), net-mjpeg 185 → 239 (+28), net0-mjpeg 163 → 174 (+7, 2.5 minutes),
// raw-mjpeg 145 → 151 over 4 minutes; pw-hls 335 → 400 (+14), raw-hls 317 → 318 (+0.5). Only
// the renderer grew: GPU process, browser and network service stayed within ±2 MB/min.
import { chromium, type BrowserServer, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CAMERA_PASSWORD, CAMERA_USER, startHlsCamera, startMjpegCamera } from '../tests/integration/support/camera-sources';
import { serve } from '../tests/e2e/serve';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/chromium';
import { showCameraGrids, sixteen } from './camera-grids';
import { tree } from './cameras.bench';
import { openPlainPage } from './plain-chromium';

const minutes = Number(process.argv[2] ?? 5);
const only = process.argv[3];

function procKind(pid: number): string | null {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('chromium')) return null;
    const t = /--type=([a-z-]+)/.exec(cmd)?.[1];
    if (!t) return 'browser';
    if (t === 'utility') return /NetworkService/.test(cmd) ? 'network' : 'utility';
    if (t === 'renderer') return 'renderer';
    if (t === 'gpu-process') return 'gpu';
    return t;
  } catch {
    return null;
  }
}

function mem(root: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of tree(root)) {
    const k = procKind(pid);
    if (!k) continue;
    try {
      const s = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const pss = Number(/^Pss:\s+(\d+)/m.exec(s)?.[1] ?? 0) / 1024;
      const priv = (Number(/^Private_Dirty:\s+(\d+)/m.exec(s)?.[1] ?? 0) + Number(/^Private_Clean:\s+(\d+)/m.exec(s)?.[1] ?? 0)) / 1024;
      out[k] = Math.round((out[k] ?? 0) + pss);
      if (k === 'renderer') out.rendererPriv = Math.round((out.rendererPriv ?? 0) + priv);
    } catch {
      /* gone */
    }
  }
  return out;
}

interface Subject {
  name: string;
  pid(): number;
  evaluate(expr: string): Promise<unknown>;
  close(): Promise<void>;
}

async function viaPlaywright(name: string, url: string): Promise<Subject> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const browser = await chromium.connect(server.wsEndpoint());
  const page: Page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(url);
  return { name, pid: () => server.process().pid!, evaluate: (e) => page.evaluate(e), close: () => server.close() };
}

/** A plain Chromium; `network`: also enable DevTools' Network domain with these buffer limits. */
async function plain(name: string, url: string, network?: Record<string, number>): Promise<Subject> {
  const page = await openPlainPage(url);
  if (network) await page.send('Network.enable', network);
  return { name, pid: () => page.pid, evaluate: (e) => page.evaluate(e), close: () => page.close() };
}

const hls = await startHlsCamera({ size: '640x360' });
const mjpeg = await startMjpegCamera();
const s = await serve({ config: { camera: { checkIntervalSec: 60 } } });
const subjects: Subject[] = [];
try {
  for (let i = 1; i <= 16; i++) {
    for (const [p, cam] of [['hls', hls], ['mjpeg', mjpeg]] as const) {
      await s.call('cameras.add', {
        id: `${p}-${i}`,
        name: `${p} ${i}`,
        lat: 11.5,
        lon: 106.9,
        streams: [{ protocol: p, url: cam.url, credentials: `${CAMERA_USER}:${CAMERA_PASSWORD}` }],
      });
    }
  }
  await showCameraGrids(s, 'probe', { d1: sixteen('hls'), d2: sixteen('mjpeg') });
  const want = (only ?? 'pw-hls,pw-mjpeg,raw-hls,raw-mjpeg').split(',');
  for (const w of want) {
    const url = s.wallUrl(w.endsWith('hls') ? 'd1' : 'd2');
    subjects.push(
      await (w.startsWith('pw')
        ? viaPlaywright(w, url)
        : w.startsWith('net0')
          ? plain(w, url, { maxTotalBufferSize: 0, maxResourceBufferSize: 0 })
          : w.startsWith('net')
            ? plain(w, url, {})
            : plain(w, url)),
    );
  }
  const started = Date.now();
  for (let t = 0; t <= minutes * 2; t++) {
    const due = started + t * 30_000;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const line: Record<string, unknown> = { t: t / 2, load: +loadavg()[0]!.toFixed(1) };
    for (const sub of subjects) {
      const js = (await sub.evaluate(
        `({ heap: Math.round(performance.memory.usedJSHeapSize/1048576), playing: document.querySelectorAll('.campic[data-camera-state="playing"]').length, res: performance.getEntriesByType('resource').length })`,
      )) as Record<string, number>;
      line[sub.name] = { ...mem(sub.pid()), ...js };
    }
    console.log(JSON.stringify(line));
  }
} finally {
  for (const sub of subjects) await sub.close();
  await s.close();
  await hls.close();
  await mjpeg.close();
}
