// A page of another site reaching the host through DNS rebinding (its name made to resolve to the
// host's address) sends the host that name in Host, and the same name in Origin: the Origin check
// alone takes it for the host's own page. A cross-site page in the operator's browser posts to
// /api/enroll from the operator's address. Neither may reach more than the public app code.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../host/config/load';
import { hostAllowed, hostNames } from '../../host/server/security';
import { startHost, type HostService } from '../../host/service';

let dir: string;
let host: HostService;
let port: number;
const TOKEN = 'integration-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-rebind-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><div id="root"></div>');
  const config = loadConfig({ env: { IOC_WALL_ALLOWED_ORIGINS: 'http://ioc-wall.phong-dieu-hanh.lan:8080' }, flags: { port: '0', token: TOKEN, demo: false } });
  host = await startHost({ config, dataDir: join(dir, 'data'), rendererDir: renderer });
  port = Number(new URL(host.url!).port);
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One request to 127.0.0.1 carrying the given headers as they are (Host included). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The HTTP status of a WebSocket upgrade with these headers (101 when it opens). */
function upgrade(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${TOKEN}`, { headers, ...(headers.origin ? { origin: headers.origin } : {}) });
    ws.on('open', () => (ws.close(), resolve(101)));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

describe('a Host header naming another site (DNS rebinding)', () => {
  it('gets no health facts, no enrollment and no WebSocket, only words that say what to configure', async () => {
    const evil = { host: `rebind.attacker.example:${port}` };
    const health = await send('GET', '/healthz', evil);
    expect(health.status).toBe(421);
    expect(health.body).not.toContain('version');
    expect(health.body).toContain('server.allowedOrigins');
    expect(health.body).toContain('rebind.attacker.example');
    expect((await send('GET', '/console', evil)).status).toBe(421);
    // A browser sends its page's Origin with every POST.
    expect((await send('POST', '/api/enroll', { ...evil, origin: `http://${evil.host}`, 'content-type': 'application/json' }, '{"code":"AAAA-AAAA"}')).status).toBe(421);
    // With the token, from a page whose Origin matches the Host it claims (what a rebound page sends).
    expect(await upgrade({ ...evil, origin: `http://${evil.host}` })).toBe(421);
  });

  it('IP literals, localhost, names without a dot, this machine\'s name and configured origins\' names are served as before', async () => {
    for (const name of [`127.0.0.1:${port}`, `[::1]:${port}`, `localhost:${port}`, `LOCALHOST`, `iocserver:${port}`, `${hostname()}:${port}`, `${hostname().split('.')[0]}.local:${port}`, 'ioc-wall.phong-dieu-hanh.lan:8080', '10.0.0.5.']) {
      expect((await send('GET', '/healthz', { host: name })).status, name).toBe(200);
    }
    expect(await upgrade({ host: 'ioc-wall.phong-dieu-hanh.lan:8080', origin: 'http://ioc-wall.phong-dieu-hanh.lan:8080' })).toBe(101);
    expect(await upgrade({ host: `localhost:${port}` })).toBe(101);
  });

  it('a program (a node, `ioc-wall enroll`) reaching the host by a name the host was not told is judged by its credential or code', async () => {
    const lan = { host: `ioc-host.so-tttt.binhphuoc.lan:${port}` };
    // No Origin: not a page. The node's credential opens the socket; a wrong code is a wrong code.
    expect(await upgrade(lan)).toBe(101);
    expect((await send('POST', '/api/enroll', { ...lan, 'content-type': 'application/json' }, '{"code":"AAAA-AAAA"}')).status).toBe(401);
    // A page's GET carries no Origin when same-origin: every GET is judged by the name.
    expect((await send('GET', '/healthz', lan)).status).toBe(421);
  });

  it("a desktop node's camera forwarder (a GET with its credential, no Origin) is answered by the camera proxy, not refused", async () => {
    const lan = { host: `ioc-host.so-tttt.binhphuoc.lan:${port}` };
    const camera = '/cameras/no-such-camera/main/frame';
    expect((await send('GET', camera, { ...lan, authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    // A credential that opens nothing, or an Origin (what a page sends), is judged by the name.
    expect((await send('GET', camera, { ...lan, authorization: 'Bearer not-a-credential' })).status).toBe(421);
    expect((await send('GET', '/healthz', { ...lan, authorization: 'Bearer not-a-credential' })).status).toBe(421);
    expect((await send('GET', '/healthz', { ...lan, authorization: `Bearer ${TOKEN}`, origin: `http://${lan.host}` })).status).toBe(421);
  });
});

describe('server.host given as a name', () => {
  const req = (name: string) => ({ headers: { host: name } }) as unknown as IncomingMessage;

  it('is a name the host answers to: the one it prints its own address with', () => {
    const names = hostNames([], undefined, 'ioc-wall.tinh.gov.vn');
    expect(hostAllowed(req('ioc-wall.tinh.gov.vn:8080'), names)).toBe(true);
    expect(hostAllowed(req('IOC-WALL.tinh.gov.vn.:8080'), names)).toBe(true);
    expect(hostAllowed(req('other.tinh.gov.vn:8080'), names)).toBe(false);
    expect([...hostNames([], undefined, '0.0.0.0').names, ...hostNames([], undefined, '::').names]).toEqual([]);
  });
});

describe('a cross-site page posting to /api/enroll', () => {
  it('is refused without counting against the address, so the console there can still enroll', async () => {
    // A no-cors POST is a "simple" request: the browser sends it with the page's Origin and no preflight.
    for (let i = 0; i < 15; i++) {
      const r = await send('POST', '/api/enroll', { host: `127.0.0.1:${port}`, origin: 'https://attacker.example', 'content-type': 'text/plain' }, '{"code":"AAAA-AAAA"}');
      expect(r.status).toBe(403);
    }
    const added = (await host.dispatcher.call('nodes.add', { role: 'wall', name: 'Tường 1' }, 'test')) as { code: string };
    // The console's own page (same origin) enrolls a browser display.
    const ok = await send('POST', '/api/enroll', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' }, JSON.stringify({ code: added.code }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ role: 'wall', credential: expect.any(String) });
  });
});
