import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import type { CameraView } from '../../host/api/contract/cameras';
import { runCli } from '../../host/cli/run';
import { startScriptedCamera, type ScriptedCamera } from './support/camera-sources';

/**
 * The camera proxy and health checks against hostile cameras and hostile feeds (security audit of
 * 5 Dec 2026, /tmp/audit-sec): a feed's camera naming any stored secret and any server, a feed
 * row pointing at a loopback-only service, a camera answering HTML on the host's origin, one wall
 * making the host open hundreds of camera connections, a revoked node keeping its stream.
 */

const SECRET = 'PROVINCE-S3CRET-canary';
const basicOf = (v: string) => `Basic ${Buffer.from(v).toString('base64')}`;

interface Host {
  h: HostService;
  dir: string;
}

async function startTestHost(extra: Record<string, unknown>): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-cam-sec-'));
  mkdirSync(join(dir, 'data'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ demo: false, server: { port: 0 }, ...extra, camera: { checkIntervalSec: 3600, ...(extra.camera as object) } }));
  const h = await startHost({ config: loadConfig({ file, env: {} }), dataDir: join(dir, 'data'), rendererDir: null });
  return { h, dir };
}

async function enroll(h: HostService, role: 'wall' | 'kiosk'): Promise<{ nodeId: string; credential: string }> {
  const added = (await h.dispatcher.call('nodes.add', { role, name: `${role} test` }, 'test')) as { code: string };
  const r = await fetch(`${h.url}/api/enroll`, { method: 'POST', body: JSON.stringify({ code: added.code }) });
  return (await r.json()) as { nodeId: string; credential: string };
}

/** A place feed (GeoJSON served by `feedServer`) whose rows are cameras with the given stream URL. */
async function feedCamera(h: HostService, feedServer: ScriptedCamera, feedId: string, streamUrl: string, protocol: 'hls' | 'mjpeg', auth?: string): Promise<string> {
  const row = { type: 'Feature', id: 'c1', geometry: { type: 'Point', coordinates: [106.9, 11.5] }, properties: { name: 'Cam 1', url: streamUrl } };
  feeds.set(`/${feedId}.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [row] }));
  const feed = {
    id: feedId,
    domain: 'traffic',
    adapter: 'geojson',
    url: `${feedServer.origin}/${feedId}.geojson`,
    mapping: {
      kind: 'place',
      fields: { id: 'id', name: 'properties.name', [`streams.main.${protocol}`]: 'properties.url' },
      constants: { kind: 'camera', ...(auth ? { 'streams.auth': auth } : {}) },
    },
  };
  await h.dispatcher.call('feeds.save', { feed, create: true }, 'test');
  await h.dispatcher.call('feeds.runNow', { id: feedId }, 'test');
  return `${feedId}:c1`;
}

const feeds = new Map<string, string>();
let feedServer: ScriptedCamera;
/** What a server that is not the camera's saw: it must never get the secret. */
let evil: ScriptedCamera;
/** A service listening on the host's loopback only (an admin page, a database's HTTP port). */
let internal: ScriptedCamera;
/** Hostile or slow cameras, by path. */
let cam: ScriptedCamera;
let open = 0;
let peak = 0;
let strict: Host;
let lenient: Host;

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9]);

function slow(res: ServerResponse, type: string, body: Buffer | string, ms: number): void {
  open++;
  peak = Math.max(peak, open);
  res.on('close', () => open--);
  setTimeout(() => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  }, ms);
}

beforeAll(async () => {
  feedServer = await startScriptedCamera((req, res) => {
    const body = feeds.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/geo+json' });
    res.end(body ?? '');
  });
  evil = await startScriptedCamera((_req, res) => {
    res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=f' });
    res.write(Buffer.concat([Buffer.from('--f\r\ncontent-type: image/jpeg\r\n\r\n'), jpeg, Buffer.from('\r\n')]));
  });
  internal = await startScriptedCamera((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ internalOnly: true, path: req.url }));
  });
  cam = await startScriptedCamera((req: IncomingMessage, res: ServerResponse) => {
    const u = req.url ?? '';
    if (u === '/html.m3u8' || u === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<script>document.title="EXECUTED"</script>');
    }
    if (u === '/live.m3u8') {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
      return res.end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:2,\nseg1.ts\n#EXTINF:2,\nhtml.ts\n#EXTINF:2,\nplain.m4s\n' +
        Array.from({ length: 10 }, (_, i) => `#EXTINF:2,\nslow${i}.ts`).join('\n') + '\n');
    }
    if (u === '/seg1.ts') return slow(res, 'video/mp2t', Buffer.alloc(188, 0x47), 400);
    if (u.startsWith('/slow')) return slow(res, 'video/mp2t', Buffer.alloc(188, 0x47), 400);
    if (u === '/html.ts') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<script>alert(1)</script>');
    }
    if (u === '/plain.m4s') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(Buffer.alloc(64));
    }
    if (u === '/check.m3u8') {
      open++;
      peak = Math.max(peak, open);
      res.on('close', () => open--);
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
        res.end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg1.ts\n');
      }, 300);
      return;
    }
    if (u === '/mjpeg') {
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=f' });
      const t = setInterval(() => res.write(Buffer.concat([Buffer.from('--f\r\ncontent-type: image/jpeg\r\n\r\n'), jpeg, Buffer.from('\r\n')])), 50);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  const s = (path: string, protocol = 'hls') => [{ protocol, url: `${cam.origin}${path}` }];
  const cameras = [
    { id: 'html-hls', name: 'A', lat: 11, lon: 106, streams: s('/html.m3u8') },
    { id: 'html-mjpeg', name: 'B', lat: 11, lon: 106, streams: s('/html', 'mjpeg') },
    { id: 'live', name: 'C', lat: 11, lon: 106, streams: s('/live.m3u8') },
    { id: 'check', name: 'D', lat: 11, lon: 106, streams: s('/check.m3u8') },
    { id: 'mjpeg', name: 'E', lat: 11, lon: 106, streams: s('/mjpeg', 'mjpeg') },
  ];
  strict = await startTestHost({ cameras });
  // The installer lets feed cameras reach 127.0.0.1, where every test server listens.
  lenient = await startTestHost({ camera: { feedAddresses: ['127.0.0.1'] } });
  for (const { h } of [strict, lenient]) {
    await h.dispatcher.call('secrets.set', { name: 'lgsp-key', value: SECRET, origins: ['https://lgsp.example.gov.vn'] }, 'test');
  }
}, 60_000);

afterAll(async () => {
  for (const x of [strict, lenient]) {
    await x?.h.close();
    if (x) rmSync(x.dir, { recursive: true, force: true });
  }
  await Promise.all([feedServer, evil, internal, cam].map((s) => s?.close()));
});

const proxied = (h: HostService, path: string, token: string) => fetch(`${h.url}${path}${path.includes('?') ? '&' : '?'}ioc_token=${encodeURIComponent(token)}`);

describe('H1: a feed camera gets a stored secret only where that secret may go', () => {
  it('a mapping naming any secret sends nothing to a server the secret is not listed for; health and proxy say how to allow it', async () => {
    const { h } = lenient;
    const id = await feedCamera(h, feedServer, 'steal', `${evil.origin}/stolen`, 'mjpeg', 'secret:lgsp-key');
    const wall = await enroll(h, 'wall');
    const r = await proxied(h, `/cameras/${encodeURIComponent(id)}/main/frame`, wall.credential);
    const text = await r.text();
    expect(r.status).toBe(502);
    expect(text).toMatch(/Bí mật "lgsp-key" không được phép/);
    expect(text).toMatch(/ioc-wall secret set lgsp-key --origin/);
    expect(text).not.toContain(evil.origin);
    const [health] = (await h.dispatcher.call('cameras.check', { id }, 'test')) as CameraView[];
    expect(health!.state).toBe('down');
    expect(health!.error).toMatch(/may not be sent to this camera's server/);
    expect(evil.requests.map((q) => q.authorization ?? '-')).not.toContain(basicOf(SECRET));
    expect(JSON.stringify(evil.requests)).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  it('once the administrator lists the camera server for the secret, it is sent there', async () => {
    const { h } = lenient;
    await h.dispatcher.call('secrets.set', { name: 'lgsp-key', value: SECRET, origins: ['https://lgsp.example.gov.vn', evil.origin] }, 'test');
    const wall = await enroll(h, 'wall');
    const r = await proxied(h, '/cameras/steal%3Ac1/main/frame', wall.credential);
    expect(r.status).toBe(200);
    await r.arrayBuffer();
    expect(evil.requests.map((q) => q.authorization)).toContain(basicOf(SECRET));
  });

  it('streams.auth from a source field is not used (only the mapping constant may name a secret)', async () => {
    const { h } = lenient;
    const before = evil.requests.length;
    const row = { type: 'Feature', id: 'c1', geometry: { type: 'Point', coordinates: [106.9, 11.5] }, properties: { name: 'X', url: `${evil.origin}/x`, a: 'secret:lgsp-key' } };
    feeds.set('/fieldauth.geojson', JSON.stringify({ type: 'FeatureCollection', features: [row] }));
    const feed = {
      id: 'fieldauth', domain: 'traffic', adapter: 'geojson', url: `${feedServer.origin}/fieldauth.geojson`,
      mapping: { kind: 'place', fields: { id: 'id', name: 'properties.name', 'streams.main.mjpeg': 'properties.url', 'streams.auth': 'properties.a' }, constants: { kind: 'camera' } },
    };
    await h.dispatcher.call('feeds.save', { feed, create: true }, 'test');
    await h.dispatcher.call('feeds.runNow', { id: 'fieldauth' }, 'test');
    await h.dispatcher.call('cameras.check', { id: 'fieldauth:c1' }, 'test');
    const sent = evil.requests.slice(before).filter((q) => q.url === '/x');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((q) => q.authorization === undefined)).toBe(true);
  });
});

describe('H2: a feed row cannot make the host read its own internal services', () => {
  it('a feed camera on 127.0.0.1 or localhost is refused before any connection, with words', async () => {
    const { h } = strict;
    const wall = await enroll(h, 'wall');
    for (const [feedId, url] of [
      ['ssrf-ip', `${internal.origin}/admin/config.m3u8`],
      ['ssrf-name', `http://localhost:${internal.port}/admin/config.m3u8`],
    ] as const) {
      const id = await feedCamera(h, feedServer, feedId, url, 'hls');
      const r = await proxied(h, `/cameras/${encodeURIComponent(id)}/main`, wall.credential);
      const text = await r.text();
      expect([feedId, r.status]).toEqual([feedId, 502]);
      expect(text).toMatch(/camera\.feedAddresses/);
      expect(text).not.toContain('internalOnly');
      const [health] = (await h.dispatcher.call('cameras.check', { id }, 'test')) as CameraView[];
      expect(health!.state).toBe('down');
    }
    expect(internal.requests).toEqual([]);
  });

  it('an allowed address still answers only media: a JSON service is 502 and its body is not passed on', async () => {
    const { h } = lenient;
    const wall = await enroll(h, 'wall');
    const id = await feedCamera(h, feedServer, 'ssrf-json', `${internal.origin}/admin/config?x=1`, 'hls');
    const r = await proxied(h, `/cameras/${encodeURIComponent(id)}/main`, wall.credential);
    expect(r.status).toBe(502);
    expect(await r.text()).not.toContain('internalOnly');
    // At a playlist's path, too: only a real #EXTM3U playlist is rewritten and served.
    const id2 = await feedCamera(h, feedServer, 'ssrf-json2', `${internal.origin}/admin/config.m3u8`, 'hls');
    const r2 = await proxied(h, `/cameras/${encodeURIComponent(id2)}/main`, wall.credential);
    expect(r2.status).toBe(502);
    expect(await r2.text()).not.toContain('internalOnly');
  });
});

describe('H3: nothing a camera sends runs on the host origin', () => {
  it('an HLS entry, a segment or an MJPEG stream answered as text/html is 502, its body not sent', async () => {
    const { h } = strict;
    for (const path of ['/cameras/html-hls/main', '/cameras/html-mjpeg/main', '/cameras/html-mjpeg/main/frame']) {
      const r = await proxied(h, path, h.token);
      const text = await r.text();
      expect([path, r.status]).toEqual([path, 502]);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).not.toContain('<script>');
    }
    const pl = await (await proxied(h, '/cameras/live/main', h.token)).text();
    const seg = (name: string) => pl.split('\n').find((l) => l.includes(`/p/${name}`))!;
    const html = await fetch(`${h.url}${seg('html.ts')}`);
    expect(html.status).toBe(502);
    expect(await html.text()).not.toContain('<script>');
    // Health says the same as the proxy, rather than "ok" for a stream no wall can play.
    for (const [id, words] of [
      ['html-hls', /not an HLS playlist/],
      ['html-mjpeg', /not video \(text\/html\)/],
    ] as const) {
      const [c] = (await h.dispatcher.call('cameras.check', { id }, 'test')) as CameraView[];
      expect([id, c!.state]).toEqual([id, 'down']);
      expect(c!.error).toMatch(words);
    }
  });

  it('every camera answer is a media type, sandboxed and a download if navigated to', async () => {
    const { h } = strict;
    const pl = await proxied(h, '/cameras/live/main', h.token);
    const text = await pl.text();
    const seg = (name: string) => text.split('\n').find((l) => l.includes(`/p/${name}`))!;
    const ts = await fetch(`${h.url}${seg('seg1.ts')}`);
    const m4s = await fetch(`${h.url}${seg('plain.m4s')}`);
    const mj = await proxied(h, '/cameras/mjpeg/main', h.token);
    const frame = await proxied(h, '/cameras/mjpeg/main/frame', h.token);
    for (const [r, type] of [
      [pl, 'application/vnd.apple.mpegurl'],
      [ts, 'video/mp2t'],
      [m4s, 'application/octet-stream'],
      [mj, 'multipart/x-mixed-replace; boundary=f'],
      [frame, 'image/jpeg'],
    ] as const) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(type);
      expect(r.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(r.headers.get('content-disposition')).toBe('attachment');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    await Promise.all([ts.arrayBuffer(), m4s.arrayBuffer(), mj.body!.cancel(), frame.arrayBuffer()]);
  });
});

describe('M4: one wall cannot make the host open many camera connections', () => {
  it('300 cameras.check of one camera at once make one camera connection', async () => {
    const { h } = strict;
    const wall = await enroll(h, 'wall');
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${h.url!.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(wall.credential)}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let answered = 0;
    ws.on('message', (d) => {
      if (typeof (JSON.parse(d.toString()) as { id?: unknown }).id === 'number') answered++;
    });
    peak = 0;
    const before = cam.requests.filter((q) => q.url === '/check.m3u8').length;
    for (let i = 1; i <= 300; i++) ws.send(JSON.stringify({ type: 'request', id: i, method: 'cameras.check', params: { id: 'check' } }));
    await vi.waitFor(() => expect(answered).toBe(300), { timeout: 20_000, interval: 50 });
    ws.terminate();
    // The host's own start-up check may have been the one answered (it is that recent).
    expect(cam.requests.filter((q) => q.url === '/check.m3u8').length - before).toBeLessThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(1);
  }, 30_000);

  it('one segment asked for 200 times at once is fetched once; different segments at most 4 at once', async () => {
    const { h } = strict;
    const wall = await enroll(h, 'wall');
    const text = await (await proxied(h, '/cameras/live/main', wall.credential)).text();
    const seg = (name: string) => text.split('\n').find((l) => l.includes(`/p/${name}`))!;
    peak = 0;
    const same = await Promise.all(Array.from({ length: 200 }, () => fetch(`${h.url}${seg('seg1.ts')}`).then(async (r) => [r.status, (await r.arrayBuffer()).byteLength])));
    expect(same.every(([s, n]) => s === 200 && n === 188)).toBe(true);
    expect(peak).toBe(1);
    peak = 0;
    const many = await Promise.all(Array.from({ length: 10 }, (_, i) => fetch(`${h.url}${seg(`slow${i}.ts`)}`).then((r) => r.status)));
    expect(many.every((s) => s === 200)).toBe(true);
    expect(peak).toBeLessThanOrEqual(4);
  }, 30_000);
});

describe('M5: a revoked node loses its camera streams', () => {
  /** Opens the MJPEG stream as a fresh wall, runs `revoke`, and waits for the stream to end. */
  async function streamEndsOnRevoke(revoke: (nodeId: string) => Promise<unknown>): Promise<void> {
    const { h } = strict;
    const wall = await enroll(h, 'wall');
    const r = await proxied(h, '/cameras/mjpeg/main', wall.credential);
    expect(r.status).toBe(200);
    const reader = r.body!.getReader();
    await reader.read();
    await revoke(wall.nodeId);
    let ended = false;
    const drain = (async () => {
      try {
        for (;;) if ((await reader.read()).done) break;
      } catch {
        // a destroyed connection is an end too
      }
      ended = true;
    })();
    await vi.waitFor(() => expect(ended).toBe(true), { timeout: 5000, interval: 50 });
    await drain;
  }

  it('an MJPEG stream open when the node is revoked (nodes.revoke) ends', async () => {
    await streamEndsOnRevoke((id) => strict.h.dispatcher.call('nodes.revoke', { id }, 'test'));
  });

  it('... and when it is revoked by `ioc-wall nodes revoke` in another process', async () => {
    await streamEndsOnRevoke(async (id) => {
      const file = join(strict.dir, 'config.json');
      const code = await runCli(['nodes', 'revoke', id, '--config', file, '--data-dir', join(strict.dir, 'data')], { out: () => undefined, err: () => undefined } as never);
      expect(code).toBe(0);
    });
  });
});
