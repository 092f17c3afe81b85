import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeStream } from '../../../host/cameras/health';
import { MjpegFanout } from '../../../host/cameras/fanout';
import { NamedResources, proxiedUri, sameOriginUri } from '../../../host/cameras/hls';
import { startScriptedCamera, type ScriptedCamera } from '../../integration/support/camera-sources';

/** Local cameras made per test (support/camera-sources' scripted camera); all closed after it, with their connections. */
const cameras: ScriptedCamera[] = [];
afterEach(async () => {
  for (const c of cameras.splice(0)) await c.close();
});

async function camera(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<ScriptedCamera> {
  const c = await startScriptedCamera(handler);
  cameras.push(c);
  return c;
}

const until = (cond: () => boolean, what: string, timeout = 5000) =>
  vi.waitFor(
    () => {
      if (!cond()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout, interval: 20 },
  );

const LOGIN = `Basic ${Buffer.from('admin:Pw-Leak-Canary-7f3a9c').toString('base64')}`;
const playlist = (res: ServerResponse, text: string) => {
  res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
  res.end(text);
};

describe('one origin rule for playlists (proxy and health)', () => {
  const base = new URL('https://cam.example:8443/live/index.m3u8');
  it('keeps relative and same-origin URIs; drops other hosts, other ports, protocol-relative and https→http', () => {
    expect(sameOriginUri('seg1.ts', base)?.href).toBe('https://cam.example:8443/live/seg1.ts');
    expect(sameOriginUri('https://cam.example:8443/x.ts', base)).not.toBeNull();
    expect(sameOriginUri('https://evil.example/x.ts', base)).toBeNull();
    expect(sameOriginUri('https://cam.example/x.ts', base)).toBeNull();
    expect(sameOriginUri('//evil.example/x.ts', base)).toBeNull();
    expect(sameOriginUri('http://cam.example:8443/x.ts', base)).toBeNull();
    expect(proxiedUri('http://cam.example:8443/x.ts', base, '/p', null)).toBeNull();
  });

  it('a name served again stays (use), however many new names come after it', () => {
    const named = new NamedResources(4);
    named.add('/stream/index.m3u8');
    for (let i = 0; i < 50; i++) {
      expect(named.use('/stream/index.m3u8')).toBe(true);
      named.add(`/stream/seg${i}.ts`);
      named.add(`/stream/seg${i}b.ts`);
    }
    expect(named.use('/stream/index.m3u8')).toBe(true);
    expect(named.has('/stream/seg0.ts')).toBe(false);
    expect(named.use('/never-named')).toBe(false);
  });
});

describe('HLS health probe: credentials stay on the camera origin', () => {
  it('never sends the login to a variant or segment on another origin, and says the stream cannot play', async () => {
    const other = await camera((req, res) =>
      req.url!.endsWith('.m3u8') ? playlist(res, '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg1.ts\n') : res.end(Buffer.alloc(188, 0x47)),
    );
    const cam = await camera((req, res) => {
      if (req.url === '/master.m3u8') playlist(res, `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n${other.origin}/evil/variant.m3u8\n`);
      else playlist(res, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n//127.0.0.1:${other.port}/evil/seg.ts\n`);
    });
    const master = await probeStream({ role: 'main', protocol: 'hls', url: `${cam.origin}/master.m3u8` }, LOGIN);
    expect(master.ok).toBe(false);
    expect(master.error).toMatch(/every variant is on another origin/);
    const media = await probeStream({ role: 'main', protocol: 'hls', url: `${cam.origin}/media.m3u8` }, LOGIN);
    expect(media.ok).toBe(false);
    expect(media.error).toMatch(/every segment is on another origin/);
    expect(other.requests).toEqual([]);
  });

  it('takes the first variant on its own origin when the master names a foreign one first', async () => {
    const other = await camera((_req, res) => playlist(res, '#EXTM3U\n'));
    const cam = await camera((req, res) => {
      if (req.url === '/master.m3u8') playlist(res, `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n${other.origin}/v.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\nown/v.m3u8\n`);
      else if (req.url === '/own/v.m3u8') playlist(res, `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n${other.origin}/x.ts\n#EXTINF:2,\ns1.ts\n`);
      // A segment says what it is: the proxy and the probe take only media types (guard.ts).
      else res.writeHead(200, { 'content-type': 'video/mp2t' }).end(Buffer.alloc(188, 0x47));
    });
    expect((await probeStream({ role: 'main', protocol: 'hls', url: `${cam.origin}/master.m3u8` }, LOGIN)).ok).toBe(true);
    expect(cam.requests.map((r) => r.url)).toEqual(['/master.m3u8', '/own/v.m3u8', '/own/s1.ts']);
    expect(other.requests).toEqual([]);
  });

  it('a redirecting camera is down with words, and the redirect is not followed', async () => {
    const other = await camera((_req, res) => playlist(res, '#EXTM3U\n'));
    const cam = await camera((_req, res) => {
      res.writeHead(302, { location: `${other.origin}/live.m3u8`, 'content-type': 'text/html' });
      res.end('<a href="x">moved</a>');
    });
    const p = await probeStream({ role: 'main', protocol: 'hls', url: `${cam.origin}/moved.m3u8` }, LOGIN);
    expect(p).toEqual({ ok: false, error: expect.stringMatching(/the camera redirects \(302\); redirects are not followed: set the stream's final URL/) });
    expect(other.requests).toEqual([]);
  });
});

describe('health probes have a deadline and leave nothing open', () => {
  it('a segment that never ends: ok once its first bytes come, and its connection is closed', async () => {
    const cam = await camera((req, res) => {
      if (req.url!.endsWith('.m3u8')) return playlist(res, '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nlive.ts\n');
      res.writeHead(200, { 'content-type': 'video/mp2t' });
      const t = setInterval(() => res.write(Buffer.alloc(188, 0x47)), 50);
      res.on('close', () => clearInterval(t));
    });
    for (let i = 0; i < 3; i++) {
      const p = await probeStream({ role: 'main', protocol: 'hls', url: `${cam.origin}/live.m3u8` }, null, { timeoutMs: 2000 });
      expect(p.ok).toBe(true);
    }
    await until(() => cam.open() === 0, 'the probes to close their camera connections');
  });

  it('a playlist trickling a byte at a time is down at the deadline, with its connection closed', async () => {
    const cam = await camera((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
      res.write('#EXTM3U\n');
      const t = setInterval(() => res.write('#'), 100);
      res.on('close', () => clearInterval(t));
    });
    const started = Date.now();
    const p = await probeStream({ role: 'main', protocol: 'hls', url: `${cam.origin}/t.m3u8` }, null, { timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(p).toEqual({ ok: false, error: expect.stringMatching(/within 0\.4 s/) });
    await until(() => cam.open() === 0, 'the probe to close its camera connection');
  }, 10_000);

  it('an abort signal (the host closing) ends a probe at once and closes its connection', async () => {
    const cam = await camera((_req, res) => {
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=f' });
      res.write('--f\r\n');
    });
    const abort = new AbortController();
    const probe = probeStream({ role: 'main', protocol: 'mjpeg', url: `${cam.origin}/v.mjpg` }, null, { signal: abort.signal, timeoutMs: 60_000 });
    await until(() => cam.requests.length === 1, 'the probe to reach the camera');
    abort.abort();
    expect(await probe).toEqual({ ok: false, error: 'Đã huỷ / aborted' });
    await until(() => cam.open() === 0, 'the probe to close its camera connection');
  }, 10_000);
});

describe('MJPEG fan-out: a camera connection that goes silent', () => {
  const jpeg = (label: string) => Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.from(label), Buffer.from([0xff, 0xd9])]);

  async function fanOut(framesOn: (connection: number) => 'one' | 'none' | 'all') {
    let connections = 0;
    const cam = await camera((_req, res) => {
      const n = ++connections;
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=frame' });
      let i = 0;
      const send = () => {
        const f = jpeg(`conn${n}-frame${++i}`);
        res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${f.length}\r\n\r\n`);
        res.write(Buffer.concat([f, Buffer.from('\r\n')]));
      };
      // 'one': a frame, then silence with the connection open (a half-open TCP, a hung encoder).
      const mode = framesOn(n);
      if (mode === 'none') return void res.flushHeaders();
      send();
      if (mode === 'one') return;
      const t = setInterval(send, 30);
      res.on('close', () => clearInterval(t));
    });
    const open = (signal: AbortSignal) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(`${cam.origin}/video.mjpg`, { signal }, resolve);
        req.on('error', reject);
        req.end();
      });
    const fan = new MjpegFanout(open, () => undefined, { stallMs: 300 });
    // close() is what the last poller leaving does after 15 s; called here to end the test.
    const close = () => (fan as unknown as { close(): void }).close();
    return { cam, fan, close, connections: () => connections };
  }

  it('is replaced after the stall time, and the frames of the new connection reach the pollers', async () => {
    const { cam, fan, close } = await fanOut((n) => (n === 1 ? 'one' : 'all'));
    try {
      const first = await fan.frame(0, 2000);
      expect(first?.jpeg.toString('latin1')).toContain('conn1-frame1');
      const next = await fan.frame(first!.seq, 3000);
      expect(next?.jpeg.toString('latin1')).toMatch(/conn2-frame\d+/);
      await until(() => cam.open() === 1, 'the silent connection to be dropped');
    } finally {
      close();
    }
    await until(() => cam.open() === 0, 'the camera connection to close');
  }, 15_000);

  it('a poll starting again (after=0) does not get a frame older than the stall time as current', async () => {
    const { fan, close, connections } = await fanOut((n) => (n === 1 ? 'one' : 'none'));
    try {
      expect((await fan.frame(0, 2000))?.jpeg.toString('latin1')).toContain('conn1-frame1');
      await until(() => connections() >= 2, 'a new camera connection after the stall');
      expect(await fan.frame(0, 100)).toBeNull();
    } finally {
      close();
    }
  }, 15_000);
});
