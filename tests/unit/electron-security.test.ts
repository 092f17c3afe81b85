import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { APP_SCHEME_PRIVILEGES, appUrl, createAppProtocolHandler, resolveInside } from '../../electron/app-protocol';
import { CONTENT_SECURITY_POLICY, denyPermissions, hardenWebContents, isAppUrl, isTrustedSender } from '../../electron/security';
import { FakeSession, FakeWebContents } from './electron-fake';

const harden = () => {
  const wc = new FakeWebContents();
  wc.url = 'app://ioc/wall?display=d1';
  const logs: string[] = [];
  hardenWebContents(wc as unknown as WebContents, (l) => logs.push(l));
  return { wc, logs };
};

describe('navigation and new windows are denied', () => {
  it('blocks navigation to the web, to file: and to other app pages', () => {
    const { wc, logs } = harden();
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'http://127.0.0.1:8080/wall', 'app://evil/x', 'app://ioc/console']) {
      expect(wc.fire('will-navigate', url).defaultPrevented, url).toBe(true);
    }
    expect(logs.filter((l) => l.includes('navigation'))).toHaveLength(5);
  });

  it('lets the page reload itself (same URL) but not redirect off the app', () => {
    const { wc } = harden();
    expect(wc.fire('will-navigate', 'app://ioc/wall?display=d1').defaultPrevented).toBe(false);
    expect(wc.fire('will-redirect', 'https://example.com/').defaultPrevented).toBe(true);
  });

  it('refuses every window.open', () => {
    const { wc } = harden();
    expect(wc.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'app://ioc/console' })).toEqual({ action: 'deny' });
  });

  it('refuses <webview> and closes one that got attached', () => {
    const { wc } = harden();
    expect(wc.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
    const webview = new FakeWebContents();
    let closed = false;
    (webview as unknown as { close(): void }).close = () => {
      closed = true;
    };
    wc.fire('did-attach-webview', webview);
    expect(closed).toBe(true);
  });
});

describe('permissions are denied by default', () => {
  const ses = new FakeSession();
  denyPermissions(ses as unknown as Session);
  const app = { getURL: () => 'app://ioc/kiosk' };
  const web = { getURL: () => 'https://example.com/' };

  it('refuses camera, microphone, geolocation, notifications, USB, ...', async () => {
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'display-capture']) {
      expect(await ses.request(app, p), p).toBe(false);
      expect(ses.permissionCheckHandler!(app, p, 'app://ioc', {}), p).toBe(false);
    }
    expect(ses.devicePermissionHandler!({})).toBe(false);
  });

  it('allows fullscreen for our own pages only', async () => {
    expect(await ses.request(app, 'fullscreen')).toBe(true);
    expect(await ses.request(web, 'fullscreen')).toBe(false);
    expect(ses.permissionCheckHandler!(null, 'fullscreen', 'app://ioc', {})).toBe(true);
    expect(ses.permissionCheckHandler!(null, 'fullscreen', 'https://example.com', {})).toBe(false);
  });

  it('refuses downloads', () => {
    const ev = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    ses.emit('will-download', ev, {}, {});
    expect(ev.defaultPrevented).toBe(true);
  });
});

describe('IPC senders', () => {
  it('trusts only top-level frames of app://ioc', () => {
    expect(isTrustedSender({ senderFrame: { url: 'app://ioc/wall?display=d1', parent: null } })).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'app://ioc/kiosk', parent: { url: 'app://ioc/' } } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'https://ioc/', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'file:///app/index.html', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://iocx/', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'ioc-renderer-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'secret.txt'), 'nope');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const handle = createAppProtocolHandler(root);
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('is registered as a standard, secure scheme with fetch support', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('serves the renderer with the strict CSP on every response', async () => {
    const res = await get('app://ioc/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect((await get('app://ioc/nothing.js')).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers app routes with index.html (single-page app)', async () => {
    for (const u of ['app://ioc/', 'app://ioc/wall?display=d1', 'app://ioc/kiosk', 'app://ioc/console']) {
      const res = await get(u);
      expect(res.status, u).toBe(200);
      expect(await res.text()).toContain('id="root"');
    }
  });

  it("gives a wall window the wall's chunks up front, as the host does for browsers", async () => {
    const built = mkdtempSync(join(tmpdir(), 'ioc-renderer-built-'));
    try {
      mkdirSync(join(built, '.vite'));
      writeFileSync(join(built, 'index.html'), '<!doctype html><head><script type="module" src="/assets/index-1.js"></script></head><div id="root"></div>');
      writeFileSync(join(built, '.vite', 'manifest.json'), JSON.stringify({ 'wall/WallPage.tsx': { file: 'assets/WallPage-2.js' }, 'console/ConsolePage.tsx': { file: 'assets/ConsolePage-3.js' } }));
      const h = createAppProtocolHandler(built);
      const wall = await (await h(new Request('app://ioc/wall?display=d1'))).text();
      expect(wall).toContain('<link rel="modulepreload" crossorigin href="/assets/WallPage-2.js">');
      expect(wall).not.toContain('ConsolePage');
      expect(await (await h(new Request('app://ioc/console'))).text()).not.toContain('modulepreload');
    } finally {
      rmSync(built, { recursive: true, force: true });
    }
  });

  it('never serves outside the renderer folder', async () => {
    expect(resolveInside(root, '/../secret.txt')).toBeNull();
    expect(resolveInside(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveInside(root, '/assets/../index.html')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/a%00b')).toBeNull();
    for (const u of ['app://ioc/../secret.txt', 'app://ioc/%2e%2e/secret.txt', 'app://ioc/%2e%2e%2fsecret.txt', 'app://ioc/..%5csecret.txt']) {
      const res = await get(u);
      expect(await res.text(), u).not.toBe('nope');
    }
  });

  it('refuses other hosts and non-GET methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://ioc/index.html', 'POST')).status).toBe(404);
  });

  it('builds app URLs with query parameters', () => {
    expect(appUrl('/wall', { display: 'd 1', x: undefined })).toBe('app://ioc/wall?display=d+1');
  });
});
