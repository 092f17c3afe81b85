import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewritePlaylist } from '../../../host/cameras/hls';
import { judge, probeStream } from '../../../host/cameras/health';
import { CameraStore, splitCredentials } from '../../../host/cameras/store';
import { cameraConfigSchema, type CameraConfig } from '../../../host/cameras/schema';
import { cameraAddSchema } from '../../../host/api/contract/cameras';
import { openDatabase } from '../../../host/db/open';
import { FileSecretStore } from '../../../host/sync/file-secrets';
import { cameraCells, streamRoleFor, tourAt } from '../../../layouts/cameras';
import { tileSchema } from '../../../layouts/model';
import { featuresToRecords, readFeatures } from '../../../sync/adapters/geojson';
import { feedConfigSchema } from '../../../sync/feeds/config';

describe('HLS playlist rewriting', () => {
  const base = new URL('http://10.0.0.9:8888/cam1/index.m3u8');
  it('sends every URI (segments, keys, init, variants) through the proxy with the page credential', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXT-X-KEY:METHOD=AES-128,URI="/keys/k1?x=1"',
      '#EXTINF:2.0,',
      'seg12.m4s',
      '#EXTINF:2.0,',
      'http://10.0.0.9:8888/cam1/seg13.m4s?sig=a',
    ].join('\n');
    const out = rewritePlaylist(text, base, '/cameras/c1/main', 'tok en');
    expect(out).toContain('#EXT-X-MAP:URI="/cameras/c1/main/p/cam1/init.mp4?ioc_token=tok+en"');
    expect(out).toContain('URI="/cameras/c1/main/p/keys/k1?x=1&ioc_token=tok+en"');
    expect(out).toContain('\n/cameras/c1/main/p/cam1/seg12.m4s?ioc_token=tok+en');
    expect(out).toContain('\n/cameras/c1/main/p/cam1/seg13.m4s?sig=a&ioc_token=tok+en');
    expect(out).not.toContain('10.0.0.9');
  });

  it('remembers what it named, a bounded number of names', async () => {
    const { NamedResources } = await import('../../../host/cameras/hls');
    const named = new NamedResources(2);
    rewritePlaylist('#EXTM3U\na.ts\nb.ts?x=1&y=%2F\nc.ts', base, '/p', 't', named);
    expect(named.has('/cam1/a.ts')).toBe(false); // the oldest went
    expect(named.has('/cam1/b.ts?x=1&y=%2F')).toBe(true);
    expect(named.has('/cam1/c.ts')).toBe(true);
  });

  it('a key on another origin takes the segments it decrypts with it, up to the next key', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1"',
      '#EXTINF:2,',
      'a.ts',
      '#EXT-X-KEY:METHOD=NONE',
      '#EXTINF:2,',
      'b.ts',
    ].join('\n');
    expect(rewritePlaylist(text, base, '/p', null)).toBe('#EXTM3U\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:2,\n/p/p/cam1/b.ts');
  });

  it('drops a URI on another origin with its #EXTINF (the proxy is no open relay)', () => {
    const out = rewritePlaylist('#EXTM3U\n#EXTINF:2,\nhttp://evil.example/a.ts\n#EXTINF:2,\nb.ts', base, '/p', null);
    expect(out).toBe('#EXTM3U\n#EXTINF:2,\n/p/p/cam1/b.ts');
  });
});

describe('stream health', () => {
  it('an MJPEG probe finds a frame sent a few bytes at a time, and calls a stream of no frame after 4 MB', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(3000, 0x42), Buffer.from([0xff, 0xd9])]);
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=f' });
      if (req.url === '/split') {
        // Seven bytes a write, so the markers fall across chunks.
        const body = Buffer.concat([Buffer.from('--f\r\ncontent-type: image/jpeg\r\n\r\n'), jpeg]);
        let at = 0;
        const next = () => {
          if (at >= body.length || res.destroyed) return;
          res.write(body.subarray(at, at + 7), next);
          at += 7;
        };
        next();
      } else {
        // H.264 said to be MJPEG: bytes, never a whole JPEG.
        const noise = Buffer.alloc(64 * 1024, 0x17);
        const more = () => {
          while (!res.destroyed && res.write(noise));
          if (!res.destroyed) res.once('drain', more);
        };
        more();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await probeStream({ role: 'main', protocol: 'mjpeg', url: `${base}/split` }, null)).toEqual({ ok: true, error: null });
      expect(await probeStream({ role: 'main', protocol: 'mjpeg', url: `${base}/noise` }, null)).toEqual({ ok: false, error: 'Không thấy khung hình JPEG / no JPEG frame in 4 MB' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('a live playlist that stops moving turns down after three target durations (at least 15 s)', () => {
    const p = { ok: true, error: null, progress: 'a', targetSec: 2 };
    const first = judge(p, undefined, 0);
    expect(first.health.state).toBe('ok');
    expect(judge(p, first.memory, 14_000).health.state).toBe('ok');
    const late = judge(p, first.memory, 16_000);
    expect(late.health.state).toBe('down');
    expect(late.health.lastFrameAt).toBe(new Date(0).toISOString());
    expect(judge({ ...p, progress: 'b' }, late.memory, 17_000).health.state).toBe('ok');
  });
  it('a failed probe is down with its reason and keeps the last frame time', () => {
    const ok = judge({ ok: true, error: null }, undefined, 1000);
    const down = judge({ ok: false, error: 'refused' }, ok.memory, 2000);
    expect(down.health).toEqual({ state: 'down', lastFrameAt: new Date(1000).toISOString(), error: 'refused' });
  });
});

describe('camera store', () => {
  it('moves user:pass out of a URL, and keeps it only in the secret store', async () => {
    expect(splitCredentials('http://ad%40m:p%3Ass@cam/x.m3u8')).toEqual({ url: 'http://cam/x.m3u8', credentials: 'ad@m:p:ss' });
    const dir = mkdtempSync(join(tmpdir(), 'ioc-cam-store-'));
    const { db } = openDatabase(dir);
    try {
      const secrets = FileSecretStore.inDataDir(dir);
      const store = new CameraStore(db, secrets);
      await store.applyConfig([
        { id: 'c1', name: 'Một', lat: 11, lon: 106, domain: 'traffic', streams: [{ role: 'main', protocol: 'hls', url: 'http://u:pw1@cam/a.m3u8' }] },
        { id: 'c2', name: 'Hai', lat: 11, lon: 106, domain: 'urbanOrder', streams: [{ role: 'main', protocol: 'mjpeg', url: 'http://cam/b', auth: 'secret:shared' }] },
      ]);
      expect(secrets.get('camera:c1:main')).toBe('u:pw1');
      expect(JSON.stringify(db.prepare('SELECT * FROM places').all())).not.toContain('pw1');
      expect(await store.authorization(store.get('c1')!, store.get('c1')!.streams[0]!)).toBe(`Basic ${Buffer.from('u:pw1').toString('base64')}`);
      expect(await store.authorization(store.get('c2')!, store.get('c2')!.streams[0]!)).toBeNull(); // secret not set yet
      secrets.set('shared', 'a:b');
      expect(await store.authorization(store.get('c2')!, store.get('c2')!.streams[0]!)).toBe(`Basic ${Buffer.from('a:b').toString('base64')}`);
      // A camera removed from the config leaves the table and its moved secret.
      await store.applyConfig([]);
      expect(store.list()).toEqual([]);
      expect(secrets.get('camera:c1:main')).toBeNull();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a login with a bad % escape throws what to fix; applyConfig leaves that camera out and stores the rest', async () => {
    expect(() => splitCredentials('http://admin:p%ZZw@10.0.0.9/cam.m3u8')).toThrow(/bad % escape .* write % as %25, or put it in a secret$/);
    const dir = mkdtempSync(join(tmpdir(), 'ioc-cam-store-'));
    const { db } = openDatabase(dir);
    try {
      const secrets = FileSecretStore.inDataDir(dir);
      const store = new CameraStore(db, secrets);
      const cam = (id: string, streams: CameraConfig['streams']): CameraConfig => ({ id, name: id, lat: 11, lon: 106, domain: 'traffic', streams });
      await store.applyConfig([cam('bad', [{ role: 'main', protocol: 'hls', url: 'http://x:ok@cam/a.m3u8' }])]);
      expect(store.get('bad')).not.toBeNull();
      // A config that did not pass the config check: its main stream would move a secret, its sub cannot.
      const warned: string[] = [];
      const skipped = await store.applyConfig(
        [
          cam('bad', [
            { role: 'main', protocol: 'hls', url: 'http://u:pw2@cam/a.m3u8' },
            { role: 'sub', protocol: 'hls', url: 'http://admin:p%ZZw@cam/b.m3u8' },
          ]),
          cam('good', [{ role: 'main', protocol: 'hls', url: 'http://u:pw3@cam/c.m3u8' }]),
        ],
        (l) => warned.push(l),
      );
      expect(skipped).toEqual(['bad']);
      expect(warned).toEqual([expect.stringMatching(/^camera "bad" bị bỏ qua \/ left out — .*bad % escape/)]);
      expect(store.list().map((c) => c.id)).toEqual(['good']);
      // Neither half of the camera left out is stored: not its old version, not a secret.
      expect(secrets.get('camera:bad:main')).toBeNull();
      expect(secrets.get('camera:bad:sub')).toBeNull();
      expect(secrets.get('camera:good:main')).toBe('u:pw3');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  void Database;
});

describe('camera ids and URLs (config file and cameras.add: one rule)', () => {
  const stream = (url: string) => ({ protocol: 'hls' as const, url });
  const add = (id: string, url = 'http://10.0.0.9/cam.m3u8') => cameraAddSchema.safeParse({ id, name: 'C', lat: 11, lon: 106, streams: [stream(url)] });
  const conf = (id: string, url = 'http://10.0.0.9/cam.m3u8') => cameraConfigSchema.safeParse({ id, name: 'C', lat: 11, lon: 106, streams: [stream(url)] });
  const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('refuses "." and "..", which a URL path drops (/cameras/../main is /main), and takes ids with dots inside', () => {
    expect(new URL('/cameras/../main', 'http://h').pathname).toBe('/main');
    for (const parse of [add, conf]) {
      for (const id of ['.', '..']) expect(issues(parse(id)), id).toEqual([expect.stringMatching(/^id: không được là "\." hay "\.\.".* \/ must not be "\." or "\.\."/)]);
      for (const id of ['...', 'cam.01', 'a..b', 'feed:..']) expect(parse(id).success, id).toBe(true);
      expect(issues(parse('a/b'))).toEqual(['id: letters, digits, . _ : -, at most 80']);
    }
  });

  it('cleans names of controls, bidi overrides and lone surrogates, and refuses one with nothing printable', () => {
    const named = (name: string) => [
      cameraAddSchema.safeParse({ id: 'c1', name, lat: 11, lon: 106, streams: [stream('http://10.0.0.9/cam.m3u8')] }),
      cameraConfigSchema.safeParse({ id: 'c1', name, lat: 11, lon: 106, streams: [stream('http://10.0.0.9/cam.m3u8')] }),
    ];
    for (const r of named('\u202ENgã tư Sóc Xoài\u0000\uD800 ')) expect(r.success && r.data.name).toBe('Ngã tư Sóc Xoài');
    for (const r of named('Cầu 🚦 số 2')) expect(r.success && r.data.name).toBe('Cầu 🚦 số 2');
    for (const r of named('\u202E\u0000 ')) expect(r.success).toBe(false);
  });

  it('refuses a login with a bad % escape by its path, saying where else the login may go', () => {
    expect(issues(add('c1', 'http://admin:p%ZZw@10.0.0.9/cam.m3u8'))).toEqual([
      expect.stringMatching(/^streams\.0\.url: đăng nhập \(user:pass@\) trong URL .* \/ the login in the URL has a bad % escape .*or give it in "credentials" instead$/),
    ]);
    expect(issues(conf('c1', 'http://admin%@10.0.0.9/cam.m3u8'))).toEqual([expect.stringMatching(/^streams\.0\.url: .*or put it in a secret \("auth": "secret:NAME"\)$/)]);
    expect(add('c1', 'http://ad%40m:p%25w@10.0.0.9/cam.m3u8').success).toBe(true);
    expect(conf('c1', 'http://10.0.0.9/a%ZZ.m3u8').success).toBe(true); // only the login is decoded
  });
});

describe('camera tiles (layouts)', () => {
  const tile = (o: object, w = 1920, h = 1080) =>
    tileSchema.parse({ id: 't', panel: 'cameraGrid', options: o, rect: { x: 0, y: 0, w, h } });
  it('a 3×3 grid has nine cells row by row, gaps between, empty cells null', () => {
    const cells = cameraCells(tile({ grid: 3, cameras: ['a', 'b', 'c', 'd'] }, 1928, 1088));
    expect(cells).toHaveLength(9);
    expect(cells[1]).toEqual({ camera: 'b', rect: { x: 644, y: 0, w: 640, h: 360 } });
    expect(cells[4]!.camera).toBeNull();
  });
  it('refuses a 5×5 grid and a dwell under 5 s', () => {
    expect(() => tile({ grid: 5 })).toThrow();
    expect(() => tile({ dwellSec: 2 })).toThrow();
  });
  it('small pictures take the sub-stream when there is one', () => {
    expect(streamRoleFor(480, 270, { sub: true })).toBe('sub');
    expect(streamRoleFor(480, 270, { sub: false })).toBe('main');
    expect(streamRoleFor(1920, 1080, { sub: true })).toBe('main');
  });
  it('a tour shows one camera per dwell, names the next to preload, and wraps', () => {
    expect(tourAt(['a', 'b', 'c'], 10, 0, 9_999)).toEqual({ index: 0, current: 'a', next: 'b', switchAtMs: 10_000 });
    expect(tourAt(['a', 'b', 'c'], 10, 0, 25_000)).toMatchObject({ current: 'c', next: 'a', switchAtMs: 30_000 });
    expect(tourAt(['a'], 10, 0, 25_000)).toMatchObject({ current: 'a', next: null });
    expect(tourAt([], 10, 0, 0).current).toBeNull();
  });
});

describe('cameras from a GeoJSON feed (mapping streams.*)', () => {
  it('takes stream URLs, names the secret, and drops credentials written into a URL', () => {
    const feed = feedConfigSchema.parse({
      id: 'cams',
      domain: 'traffic',
      adapter: 'geojson',
      url: 'http://x/cams.geojson',
      mapping: {
        kind: 'place',
        fields: { id: 'properties.ma', name: 'properties.ten', 'streams.main.hls': 'properties.hls', 'streams.sub.mjpeg': 'properties.mjpeg' },
        constants: { kind: 'camera', 'streams.auth': 'secret:cams-login' },
      },
    });
    const features = readFeatures({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [106.9, 11.5] },
          properties: { ma: 'C1', ten: 'Ngã tư', hls: 'http://gw:8888/c1/index.m3u8', mjpeg: 'http://user:secret@cam/c1.mjpg' },
        },
      ],
    });
    const r = featuresToRecords(features, feed, '2026-01-01T00:00:00Z');
    expect(r.quarantined).toEqual([]);
    const place = r.records.places![0]!;
    expect(place.attrs.streams).toEqual([
      { role: 'main', protocol: 'hls', url: 'http://gw:8888/c1/index.m3u8', secret: 'cams-login' },
      { role: 'sub', protocol: 'mjpeg', url: 'http://cam/c1.mjpg', secret: 'cams-login' },
    ]);
    expect(JSON.stringify(place)).not.toContain('secret@');
  });

  it('a source row chooses neither the secret (streams.auth from a field) nor the streams (attrs.streams)', () => {
    const feed = feedConfigSchema.parse({
      id: 'cams',
      domain: 'traffic',
      adapter: 'geojson',
      url: 'http://x/cams.geojson',
      mapping: {
        kind: 'place',
        fields: { id: 'properties.ma', name: 'properties.ten', 'streams.main.mjpeg': 'properties.url', 'streams.auth': 'properties.auth', 'attrs.streams': 'properties.s' },
        constants: { kind: 'camera' },
      },
    });
    const streams = [{ role: 'sub', protocol: 'mjpeg', url: 'http://evil/x', secret: 'lgsp-key' }];
    const features = readFeatures({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [106.9, 11.5] }, properties: { ma: 'C1', ten: 'A', url: 'http://cam/a.mjpg', auth: 'secret:lgsp-key' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [106.9, 11.5] }, properties: { ma: 'C2', ten: 'B', s: streams } },
      ],
    });
    const places = featuresToRecords(features, feed, '2026-01-01T00:00:00Z').records.places!;
    expect(places.find((p) => p.id === 'cams:C1')!.attrs.streams).toEqual([{ role: 'main', protocol: 'mjpeg', url: 'http://cam/a.mjpg' }]);
    expect(places.find((p) => p.id === 'cams:C2')?.attrs.streams).toBeUndefined();
  });
});

describe('sending a camera to a wall tile', () => {
  it('lists single tiles and grid cells, and puts a camera in the chosen one', async () => {
    const { cameraTargets, putCamera } = await import('../../../layouts/cameras');
    const layout = {
      id: 'l',
      name: 'L',
      wallId: 'w',
      tiles: [
        tileSchema.parse({ id: 'one', panel: 'camera', options: { cameras: ['a'] }, rect: { x: 0, y: 0, w: 10, h: 10 } }),
        tileSchema.parse({ id: 'grid', panel: 'cameraGrid', options: { grid: 2, cameras: ['b'] }, rect: { x: 10, y: 0, w: 10, h: 10 } }),
        tileSchema.parse({ id: 'tour', panel: 'cameraTour', options: { cameras: ['c'] }, rect: { x: 20, y: 0, w: 10, h: 10 } }),
        tileSchema.parse({ id: 'eco', panel: 'economy', rect: { x: 30, y: 0, w: 10, h: 10 } }),
      ],
    };
    expect(cameraTargets(layout).map((t) => `${t.tileId}:${t.cell}:${t.current}`)).toEqual(['one:0:a', 'grid:0:b', 'grid:1:null', 'grid:2:null', 'grid:3:null']);
    const next = putCamera(layout, { tileId: 'grid', cell: 2 }, 'z');
    expect(next.tiles[1]!.options.cameras).toEqual(['b', '', 'z']);
    expect(cameraCells(next.tiles[1]!).map((c) => c.camera)).toEqual(['b', null, 'z', null]);
    expect(layout.tiles[1]!.options.cameras).toEqual(['b']); // pure
  });
});
