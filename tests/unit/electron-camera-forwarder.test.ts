import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCameraForwarder } from '../../electron/camera-proxy';

/**
 * The desktop app's camera forwarder (electron/camera-proxy.ts) passes on only media: a window's
 * app://ioc is the app's own origin, and an HTML answer there (a hostile camera behind an older
 * host) would run as the app.
 */
let host: Server;
let base: string;

beforeAll(async () => {
  host = createServer((req, res) => {
    const types: Record<string, string> = {
      '/cameras/html/main': 'text/html; charset=utf-8',
      '/cameras/svg/main/frame': 'image/svg+xml',
      '/cameras/hls/main': 'application/vnd.apple.mpegurl',
      '/cameras/hls/main/p/seg.ts': 'video/mp2t',
      '/cameras/mj/main/frame': 'image/jpeg',
    };
    const t = types[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(t ? 200 : 404, t ? { 'content-type': t } : {});
    res.end(t?.startsWith('text/html') ? '<script>alert(1)</script>' : 'media');
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => host.close(() => r())));

const SECURITY = { 'Content-Security-Policy': "default-src 'self'; media-src 'self' blob:", 'X-Content-Type-Options': 'nosniff' };

describe('electron camera forwarder', () => {
  const forward = () => createCameraForwarder(() => ({ base, credential: 'c' }), SECURITY);

  it('an answer that is not media (HTML, SVG) is 502 and its body is not passed on', async () => {
    for (const path of ['/cameras/html/main', '/cameras/svg/main/frame']) {
      const r = await forward()(new Request(`app://ioc${path}`));
      expect([path, r.status]).toEqual([path, 502]);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await r.text()).not.toContain('<script>');
    }
  });

  it('media passes, as a sandboxed download if navigated to, with the app CSP kept', async () => {
    for (const [path, type] of [
      ['/cameras/hls/main', 'application/vnd.apple.mpegurl'],
      ['/cameras/hls/main/p/seg.ts', 'video/mp2t'],
      ['/cameras/mj/main/frame', 'image/jpeg'],
    ] as const) {
      const r = await forward()(new Request(`app://ioc${path}`));
      expect([path, r.status, r.headers.get('content-type')]).toEqual([path, 200, type]);
      expect(r.headers.get('content-security-policy')).toBe("default-src 'self'; media-src 'self' blob:; sandbox");
      expect(r.headers.get('content-disposition')).toBe('attachment');
      expect(await r.text()).toBe('media');
    }
  });
});
