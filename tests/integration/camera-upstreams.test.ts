import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import type { CameraView } from '../../host/api/contract/cameras';
import { CAMERA_PASSWORD, startScriptedCamera, type ScriptedCamera } from './support/camera-sources';
import { waitFor } from './support/room';

/**
 * Cameras and gateways that misbehave as real ones do: playlists naming other origins, live
 * variants behind a master, redirects, byte-range segments, and a camera that is still
 * answering when the host closes.
 */
let dir: string;
let host: HostService;
let other: ScriptedCamera;
let cam: ScriptedCamera;
let seq = 0;
const big = Buffer.alloc(4096, 0x47);

const playlist = (res: ServerResponse, text: string) => {
  res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
  res.end(text);
};

beforeAll(async () => {
  other = await startScriptedCamera((req, res) =>
    req.url!.endsWith('.m3u8') ? playlist(res, '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg1.ts\n') : res.end(Buffer.alloc(188, 0x47)),
  );
  cam = await startScriptedCamera((req, res) => {
    const u = req.url!;
    if (u === '/foreign-master.m3u8') return playlist(res, `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n${other.origin}/evil/variant.m3u8\n`);
    if (u === '/foreign-media.m3u8') return playlist(res, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n//127.0.0.1:${other.port}/evil/seg.ts\n`);
    if (u === '/nvr/master.m3u8') return playlist(res, '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nstream/index.m3u8\n');
    if (u === '/nvr/stream/index.m3u8') {
      // A live variant moving one segment per reload, as hls.js reloads it every target duration.
      seq++;
      const segs = Array.from({ length: 6 }, (_, i) => `#EXTINF:1,\nseg${seq + i}.ts`).join('\n');
      return playlist(res, `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:${seq}\n${segs}\n`);
    }
    if (u === '/moved.m3u8') {
      res.writeHead(302, { location: `${other.origin}/live.m3u8`, 'content-type': 'text/html' });
      return res.end('<a href="/live.m3u8">moved</a>');
    }
    if (u === '/br.m3u8') return playlist(res, '#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:1\n#EXT-X-BYTERANGE:188@0\n#EXTINF:1,\nall.ts\n#EXT-X-BYTERANGE:188@188\n#EXTINF:1,\nall.ts\n');
    if (u.startsWith('/all.ts')) {
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (!m) return void res.end(big);
      const [from, to] = [Number(m[1]), Number(m[2])];
      res.writeHead(206, { 'content-type': 'video/mp2t', 'content-range': `bytes ${from}-${to}/${big.length}`, 'content-length': String(to - from + 1) });
      return res.end(big.subarray(from, to + 1));
    }
    res.writeHead(404);
    res.end();
  });
  dir = mkdtempSync(join(tmpdir(), 'ioc-cam-upstreams-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'secrets.json'), JSON.stringify({ login: `admin:${CAMERA_PASSWORD}` }), { mode: 0o600 });
  const s = (path: string) => [{ protocol: 'hls', url: `${cam.origin}${path}`, auth: 'secret:login' }];
  const cameras = [
    { id: 'foreign-master', name: 'A', lat: 11, lon: 106, streams: s('/foreign-master.m3u8') },
    { id: 'foreign-media', name: 'B', lat: 11, lon: 106, streams: [{ protocol: 'hls', url: `http://admin:${CAMERA_PASSWORD}@127.0.0.1:${cam.port}/foreign-media.m3u8` }] },
    { id: 'nvr', name: 'C', lat: 11, lon: 106, streams: s('/nvr/master.m3u8') },
    { id: 'moved', name: 'D', lat: 11, lon: 106, streams: s('/moved.m3u8') },
    { id: 'br', name: 'E', lat: 11, lon: 106, streams: s('/br.m3u8') },
  ];
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ demo: false, server: { port: 0 }, camera: { checkIntervalSec: 3600 }, cameras }));
  host = await startHost({ config: loadConfig({ file, env: {} }), dataDir: join(dir, 'data'), rendererDir: null });
}, 30_000);

afterAll(async () => {
  await host?.close();
  await Promise.all([cam?.close(), other?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${host.url}${path}${path.includes('?') ? '&' : '?'}ioc_token=${encodeURIComponent(host.token)}`, init);
const check = async (id: string) => ((await host.dispatcher.call('cameras.check', { id }, 'test')) as CameraView[])[0]!;

describe('camera health and other origins', () => {
  it('never sends the camera login to another origin; a playlist naming only other origins is down, saying why', async () => {
    const master = await check('foreign-master');
    const media = await check('foreign-media');
    expect(master.state).toBe('down');
    expect(master.error).toMatch(/every variant is on another origin/);
    expect(media.state).toBe('down');
    expect(media.error).toMatch(/every segment is on another origin/);
    expect(other.requests).toEqual([]);
  });
});

describe('HLS behind a master playlist', () => {
  it('the live variant keeps playing past the 512 names remembered (hours of segments)', async () => {
    const master = await (await get('/cameras/nvr/main')).text();
    const variant = master.split('\n').find((l) => l.startsWith('/'))!;
    for (let i = 1; i <= 600; i++) {
      const r = await fetch(`${host.url}${variant}`);
      expect([i, r.status]).toEqual([i, 200]);
      await r.text();
    }
  }, 60_000);
});

describe('redirects and byte ranges', () => {
  it('a camera that redirects answers 502 with what to do, and health says the same; the redirect is not followed', async () => {
    const r = await get('/cameras/moved/main');
    expect(r.status).toBe(502);
    expect(r.headers.get('location')).toBeNull();
    expect(await r.text()).toMatch(/the camera redirects \(302\); redirects are not followed: set the stream's final URL/);
    const h = await check('moved');
    expect(h.state).toBe('down');
    expect(h.error).toMatch(/redirects are not followed/);
    expect(other.requests).toEqual([]);
  });

  it('#EXT-X-BYTERANGE segments: Range goes to the camera, 206 and Content-Range come back', async () => {
    const text = await (await get('/cameras/br/main')).text();
    const seg = text.split('\n').find((l) => l.startsWith('/'))!;
    const r = await fetch(`${host.url}${seg}`, { headers: { range: 'bytes=188-375' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 188-375/${big.length}`);
    expect((await r.arrayBuffer()).byteLength).toBe(188);
    expect(cam.requests.at(-1)!.range).toBe('bytes=188-375');
  });
});

describe('closing the host', () => {
  it('aborts a health probe in flight (a playlist that never ends): close is quick and leaves no camera connection', async () => {
    const trickle = await startScriptedCamera((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
      res.write('#EXTM3U\n');
      const t = setInterval(() => res.write('#'), 200);
      res.on('close', () => clearInterval(t));
    });
    const d = mkdtempSync(join(tmpdir(), 'ioc-cam-close-'));
    try {
      const file = join(d, 'config.json');
      const cameras = [{ id: 't', name: 'T', lat: 11, lon: 106, streams: [{ protocol: 'hls', url: `${trickle.origin}/t.m3u8` }] }];
      writeFileSync(file, JSON.stringify({ demo: false, server: { port: 0 }, camera: { checkIntervalSec: 3600 }, cameras }));
      mkdirSync(join(d, 'data'));
      const h = await startHost({ config: loadConfig({ file, env: {} }), dataDir: join(d, 'data'), rendererDir: null });
      const pending = h.dispatcher.call('cameras.check', { id: 't' }, 'test').catch(() => undefined);
      await waitFor(async () => (trickle.open() > 0 ? true : null), 'the probe to reach the camera', 5000);
      const started = Date.now();
      await h.close();
      // Well under the probe's 8 s deadline: close aborted it.
      expect(Date.now() - started).toBeLessThan(4000);
      await pending;
      await waitFor(async () => (trickle.open() === 0 ? true : null), 'no connection left at the camera', 5000);
    } finally {
      await trickle.close();
      rmSync(d, { recursive: true, force: true });
    }
  }, 30_000);
});
