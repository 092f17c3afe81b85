import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { contentSecurityPolicy, mimeOf } from '../../host/server/web-policy';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));

describe('one web policy for the desktop app and the host', () => {
  it('the app:// CSP is the host CSP without the WebSocket hosts', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(contentSecurityPolicy());
    const host = directives(contentSecurityPolicy('10.0.0.5:8080'));
    const app = directives(CONTENT_SECURITY_POLICY);
    expect(host.get('connect-src')).toBe("'self' ws://10.0.0.5:8080 wss://10.0.0.5:8080");
    expect(app.get('connect-src')).toBe("'self'");
    host.delete('connect-src');
    app.delete('connect-src');
    expect([...host]).toEqual([...app]);
  });

  it('allows what the renderer needs and nothing else', () => {
    const csp = directives(contentSecurityPolicy('h:1'));
    expect(csp.get('script-src')).toBe("'self'"); // no inline, no eval
    expect(csp.get('worker-src')).toBe("'self' blob:"); // hls.js builds its worker from a blob: URL
    expect(csp.get('img-src')).toBe("'self' data: blob:");
    for (const d of ['object-src', 'base-uri', 'form-action', 'frame-src', 'frame-ancestors']) expect(csp.get(d), d).toBe("'none'");
    expect(csp.get('default-src')).toBe("'self'");
  });

  it('names the content type of every kind of file the renderer build has, and bytes for the rest', () => {
    expect(mimeOf('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeOf('/r/assets/app-1.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeOf('a.geojson')).toBe('application/geo+json; charset=utf-8');
    expect(mimeOf('a.woff2')).toBe('font/woff2');
    expect(mimeOf('a.wasm')).toBe('application/wasm');
    expect(mimeOf('a.jpeg')).toBe('image/jpeg');
    expect(mimeOf('a.exe')).toBe('application/octet-stream');
    expect(mimeOf('noext')).toBe('application/octet-stream');
  });

  describe('the app:// scheme serves with the same table', () => {
    const root = mkdtempSync(join(tmpdir(), 'ioc-web-policy-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const handle = createAppProtocolHandler(root);
    it.each(['photo.jpeg', 'codec.wasm', 'style.css'])('%s', async (name) => {
      writeFileSync(join(root, name), 'x');
      const res = await handle(new Request(`app://ioc/${name}`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(mimeOf(name));
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    });
  });
});
