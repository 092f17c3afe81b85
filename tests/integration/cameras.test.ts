import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { runCli } from '../../host/cli/run';
import type { CameraList, CameraView } from '../../host/api/contract/cameras';
import { CAMERA_PASSWORD, deadUrl, startHlsCamera, startMjpegCamera, type TestCamera } from './support/camera-sources';
import { enrolledClient, waitFor, type NodeClient } from './support/room';

let dir: string;
let host: HostService;
let hls: TestCamera;
let mjpeg: TestCamera;
let frozen: TestCamera;
let dead: string;
const clients: NodeClient[] = [];

function configFile(): string {
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      demo: false,
      server: { port: 0 },
      camera: { checkIntervalSec: 3600 },
      cameras: [
        // Credentials pasted into the URL: moved to the secret store at start.
        { id: 'cam-hls', name: 'Ngã tư Sóc Xoài', lat: 11.53, lon: 106.88, streams: [{ role: 'main', protocol: 'hls', url: hls.urlWithCredentials }] },
        // Credentials named by reference: the secret was put there by the installer.
        {
          id: 'cam-mjpeg',
          name: 'Chợ Đồng Xoài',
          lat: 11.54,
          lon: 106.89,
          streams: [
            { role: 'main', protocol: 'mjpeg', url: mjpeg.url, auth: 'secret:cam-mjpeg-login' },
            { role: 'sub', protocol: 'mjpeg', url: mjpeg.url, auth: 'secret:cam-mjpeg-login' },
          ],
        },
        { id: 'cam-dead', name: 'Cầu Bến Đá', lat: 11.5, lon: 106.9, streams: [{ protocol: 'hls', url: dead }] },
        { id: 'cam-frozen', name: 'QL14 km 102', lat: 11.6, lon: 106.9, streams: [{ protocol: 'mjpeg', url: frozen.urlWithCredentials }] },
      ],
    }),
  );
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-cameras-'));
  [hls, mjpeg, frozen, dead] = await Promise.all([startHlsCamera(), startMjpegCamera(), startMjpegCamera(), deadUrl()]);
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'secrets.json'), JSON.stringify({ 'cam-mjpeg-login': `admin:${CAMERA_PASSWORD}` }), { mode: 0o600 });
  host = await startHost({ config: loadConfig({ file: configFile(), env: {} }), dataDir: join(dir, 'data'), rendererDir: null });
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await host?.close();
  await Promise.all([hls?.close(), mjpeg?.close(), frozen?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const proxied = (path: string, token: string | null) => fetch(`${host.url}${path}${token ? `${path.includes('?') ? '&' : '?'}ioc_token=${encodeURIComponent(token)}` : ''}`);

describe('camera config', () => {
  it('a wrong camera entry is refused with its path', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ cameras: [{ id: 'x', name: 'X', lat: 1, lon: 2, streams: [{ protocol: 'rtsp', url: 'rtsp://10.0.0.1/live' }] }] }));
    let err: unknown;
    try {
      loadConfig({ file, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/cameras\.0\.streams\.0\.protocol: must be hls or mjpeg/);
    expect(problems).toMatch(/cameras\.0\.streams\.0\.url: must be an http\(s\) URL/);
  });

  it('a login with a bad % escape, or an id "..", is refused by path at the config check and by cameras.add, not as "internal"', async () => {
    const file = join(dir, 'bad-login.json');
    writeFileSync(
      file,
      JSON.stringify({ cameras: [{ id: 'c1', name: 'C', lat: 11, lon: 106, streams: [{ protocol: 'hls', url: 'http://admin:p%ZZw@10.0.0.9/cam.m3u8' }] }] }),
    );
    expect(() => loadConfig({ file, env: {} })).toThrow(/cameras\.0\.streams\.0\.url: đăng nhập \(user:pass@\) trong URL có dấu % sai .* \/ the login in the URL has a bad % escape/);
    const cam = { name: 'C', lat: 11, lon: 106 };
    await expect(
      host.dispatcher.call('cameras.add', { id: 'c1', ...cam, streams: [{ protocol: 'hls', url: 'http://admin:p%ZZw@10.0.0.9/cam.m3u8' }] }, 'test'),
    ).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'streams.0.url', message: expect.stringMatching(/bad % escape .*give it in "credentials" instead$/) }] });
    await expect(
      host.dispatcher.call('cameras.add', { id: '..', ...cam, streams: [{ protocol: 'hls', url: 'http://10.0.0.9/cam.m3u8' }] }, 'test'),
    ).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'id', message: expect.stringMatching(/must not be "\." or "\.\."/) }] });
    const { cameras: list } = (await host.dispatcher.call('cameras.list', {}, 'test')) as CameraList;
    expect(list.map((c) => c.id)).not.toContain('c1');
    expect(list.map((c) => c.id)).not.toContain('..');
  });

  it('one camera that cannot be stored does not stop the host from starting; the others are there', async () => {
    // A config that did not come through the config check (built in code).
    const config = loadConfig({ file: configFile(), env: {} });
    config.server.priority = 'normal';
    config.cameras[0]!.streams[0]!.url = 'http://admin:p%ZZw@10.0.0.9/cam.m3u8';
    const other = await startHost({ config, dataDir: join(dir, 'data-one-bad'), serveHttp: false, rendererDir: null });
    try {
      const { cameras: list } = (await other.dispatcher.call('cameras.list', {}, 'test')) as CameraList;
      expect(list.map((c) => c.id).sort()).toEqual(['cam-dead', 'cam-frozen', 'cam-mjpeg']);
    } finally {
      await other.close();
    }
  });

  it('credentials from a URL go to the secret store; the database and the list keep none', async () => {
    const secrets = JSON.parse(readFileSync(join(dir, 'data', 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(secrets['camera:cam-hls:main']).toBe(`admin:${CAMERA_PASSWORD}`);
    const rows = host.db.prepare(`SELECT attrs FROM places WHERE kind = 'camera'`).pluck().all() as string[];
    expect(rows.join('\n')).not.toContain(CAMERA_PASSWORD);
    const { cameras: list, signalLostSec } = (await host.dispatcher.call('cameras.list', {}, 'test')) as CameraList;
    expect(signalLostSec).toBe(8);
    expect(list.map((c) => c.id).sort()).toEqual(['cam-dead', 'cam-frozen', 'cam-hls', 'cam-mjpeg']);
    const text = JSON.stringify(list);
    expect(text).not.toContain(CAMERA_PASSWORD);
    expect(text).not.toContain('127.0.0.1'); // not even the camera's address
    expect(list.find((c) => c.id === 'cam-mjpeg')!.streams).toEqual([
      { role: 'main', protocol: 'mjpeg', path: '/cameras/cam-mjpeg/main' },
      { role: 'sub', protocol: 'mjpeg', path: '/cameras/cam-mjpeg/sub' },
    ]);
    expect(((await host.dispatcher.call('cameras.list', { search: 'chợ' }, 'test')) as CameraList).cameras.map((c) => c.id)).toEqual(['cam-mjpeg']);
    // As people type it too: without diacritics, or with the letters decomposed.
    for (const search of ['cho', 'CHỢ'.normalize('NFD'), '  chợ  ']) {
      expect(((await host.dispatcher.call('cameras.list', { search }, 'test')) as CameraList).cameras.map((c) => c.id), search).toEqual(['cam-mjpeg']);
    }
  });
});

describe('camera proxy', () => {
  it('refuses a request without a credential, or with a wrong one', async () => {
    expect((await proxied('/cameras/cam-hls/main', null)).status).toBe(401);
    expect((await proxied('/cameras/cam-hls/main', 'not-the-token-at-all')).status).toBe(401);
    expect((await proxied('/cameras/nope/main', host.token)).status).toBe(404);
  });

  it('HLS: the playlist comes back with every segment behind the proxy, and the segments play through it', async () => {
    const wall = await enrolledClient(host, 'wall', 'Tường 1');
    clients.push(wall);
    const res = await proxied('/cameras/cam-hls/main', wall.credential);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/mpegurl/);
    const text = await res.text();
    const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris.length).toBeGreaterThanOrEqual(3);
    for (const u of uris) expect(u).toMatch(/^\/cameras\/cam-hls\/main\/p\/index\d+\.ts\?ioc_token=/);
    expect(text).not.toContain(CAMERA_PASSWORD);
    expect(text).not.toMatch(/127\.0\.0\.1/);
    const seg = await fetch(`${host.url}${uris[uris.length - 1]}`);
    expect(seg.status).toBe(200);
    const bytes = new Uint8Array(await seg.arrayBuffer());
    expect(bytes[0]).toBe(0x47); // MPEG-TS sync byte
    // The camera (nginx) marks segments cacheable for an hour; live media must not be kept.
    expect(seg.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The camera's own challenge never reaches the browser (it would pop a password dialog).
    expect(seg.headers.get('www-authenticate')).toBeNull();
    // Nothing the playlist did not name: no GET of the page's choosing with the camera's login.
    const other = await proxied('/cameras/cam-hls/main/p/cgi-bin/reboot.cgi', wall.credential);
    expect(other.status).toBe(403);
    expect((await proxied('/cameras/cam-mjpeg/main/p/video.mjpg', wall.credential)).status).toBe(403);
  });

  it('MJPEG: frames arrive through the proxy with the camera password added on the host', async () => {
    const res = await proxied('/cameras/cam-mjpeg/sub', host.token);
    expect(res.headers.get('content-type')).toMatch(/multipart\/x-mixed-replace/);
    const reader = res.body!.getReader();
    let got = Buffer.alloc(0);
    while (got.indexOf(Buffer.from([0xff, 0xd9])) < 0) {
      const { value, done } = await reader.read();
      if (done) break;
      got = Buffer.concat([got, Buffer.from(value)]);
    }
    await reader.cancel();
    expect(got.indexOf(Buffer.from([0xff, 0xd8]))).toBeGreaterThanOrEqual(0);
  });

  it('MJPEG: many screens watching one camera make one connection to it, closed when the last leaves', async () => {
    await waitFor(() => mjpeg.clients!() === 0, 'the earlier test\'s connection to close');
    const readers = await Promise.all(
      ['main', 'main', 'sub'].map(async (role) => {
        const res = await proxied(`/cameras/cam-mjpeg/${role}`, host.token);
        expect(res.status).toBe(200);
        const reader = res.body!.getReader();
        let got = Buffer.alloc(0);
        // Each watcher gets whole frames from its first byte on: it starts at a part boundary.
        while (got.indexOf(Buffer.from([0xff, 0xd9])) < 0) got = Buffer.concat([got, Buffer.from((await reader.read()).value!)]);
        expect(got.subarray(0, 7).toString()).toBe('--frame');
        return reader;
      }),
    );
    expect(mjpeg.clients!()).toBe(1);
    for (const r of readers) await r.cancel();
    await waitFor(() => mjpeg.clients!() === 0, 'the camera connection to close');
  });

  it('MJPEG one frame at a time: …/frame?after=N answers the next whole JPEG and its number', async () => {
    const first = await proxied('/cameras/cam-mjpeg/main/frame?after=0', host.token);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    const seq = Number(first.headers.get('x-frame-seq'));
    const a = Buffer.from(await first.arrayBuffer());
    expect([a[0], a[1], a[a.length - 2], a[a.length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    const next = await proxied(`/cameras/cam-mjpeg/main/frame?after=${seq}`, host.token);
    expect(Number(next.headers.get('x-frame-seq'))).toBeGreaterThan(seq);
    await next.arrayBuffer();
    expect((await proxied('/cameras/cam-hls/main/frame', host.token)).status).toBe(404);
    expect((await proxied('/cameras/cam-mjpeg/main/frame', null)).status).toBe(401);
  });

  it('a dead camera answers 502 with words, not the camera address', async () => {
    const res = await proxied('/cameras/cam-dead/main', host.token);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).toMatch(/từ chối kết nối/);
    expect(text).not.toContain('127.0.0.1');
  });
});

describe('camera health', () => {
  it('checks on demand: live cameras ok, the dead one down with the reason', async () => {
    const list = (await host.dispatcher.call('cameras.check', {}, 'test')) as CameraView[];
    const by = Object.fromEntries(list.map((c) => [c.id, c]));
    expect(by['cam-hls']!.state).toBe('ok');
    expect(by['cam-mjpeg']!.state).toBe('ok');
    expect(by['cam-frozen']!.state).toBe('ok');
    expect(by['cam-hls']!.lastFrameAt).not.toBeNull();
    expect(by['cam-dead']!.state).toBe('down');
    expect(by['cam-dead']!.error).toMatch(/connection refused/);
  });

  it('a camera that stops sending frames turns down', async () => {
    frozen.stop();
    const c = await waitFor(async () => {
      const [cam] = (await host.dispatcher.call('cameras.check', { id: 'cam-frozen' }, 'test')) as CameraView[];
      return cam!.state === 'down' ? cam : null;
    }, 'the frozen camera to be down', 20_000);
    expect(c.error).toMatch(/no frame within 8 s/);
  }, 30_000);

  it('the wall may list and check; adding a camera is admin only and keeps its password inside', async () => {
    const wall = await enrolledClient(host, 'wall', 'Tường 2');
    clients.push(wall);
    await expect(wall.client.call('cameras.add', { id: 'x', name: 'X', lat: 1, lon: 1, streams: [{ protocol: 'mjpeg', url: mjpeg.url }] })).rejects.toMatchObject({ code: 'forbidden' });
    const added = (await host.dispatcher.call(
      'cameras.add',
      { id: 'cam-console', name: 'Camera thêm tay', lat: 11.5, lon: 106.8, streams: [{ protocol: 'mjpeg', url: mjpeg.url, credentials: `admin:${CAMERA_PASSWORD}` }] },
      'test',
    )) as CameraView;
    expect(JSON.stringify(added)).not.toContain(CAMERA_PASSWORD);
    const seen = await wall.client.call('cameras.list', {});
    expect(seen.cameras.map((c) => c.id)).toContain('cam-console');
    const res = await proxied('/cameras/cam-console/main', wall.credential);
    expect(res.status).toBe(200);
    await res.body!.cancel();
    await expect(host.dispatcher.call('cameras.remove', { id: 'cam-hls' }, 'test')).rejects.toMatchObject({ code: 'conflict' });
    expect(await host.dispatcher.call('cameras.remove', { id: 'cam-console' }, 'test')).toEqual({ removed: true });
  });

  it('ioc-wall cameras --json lists id, name, state, lastFrameAt, error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['cameras', '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data'), '--json'], {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
    } as never);
    const rows = JSON.parse(out.join('\n')) as { id: string; state: string; lastFrameAt: string | null; error: string | null; name: string }[];
    expect(Object.keys(rows[0]!).sort()).toEqual(['error', 'id', 'lastFrameAt', 'name', 'state']);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by['cam-hls']!.state).toBe('ok');
    expect(by['cam-dead']!.state).toBe('down');
    expect(by['cam-frozen']!.state).toBe('down');
    expect(code).toBe(1); // some camera is down: scripts can alert on it
    expect(out.join('\n')).not.toContain(CAMERA_PASSWORD);
  }, 30_000);
});
