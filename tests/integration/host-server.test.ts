import { canonicalTime } from '../../domains/time';
import { get } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';

// One real host on 127.0.0.1:0 with a real SQLite file; a tiny stand-in renderer build so the
// static side is tested without depending on Vite having run.
let dir: string;
let host: HostService;
const TOKEN = 'integration-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>IOC Wall</title><div id="root"></div>');
  writeFileSync(join(renderer, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(renderer, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const config = loadConfig({
    env: {},
    flags: { port: '0', token: TOKEN, demo: false },
  });
  host = await startHost({ config, dataDir: join(dir, 'data'), rendererDir: renderer });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

const wsUrl = (query = `?token=${TOKEN}`) => host.url!.replace('http', 'ws') + '/api' + query;

/** Resolves with the HTTP status of a refused upgrade, or 101 when it opens. */
function upgradeStatus(url: string, opts: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, opts);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (e) => reject(e));
  });
}

interface Client {
  ws: WebSocket;
  messages: ServerMessage[];
  request(method: string, params?: unknown): Promise<ServerMessage>;
  next(pred: (m: ServerMessage) => boolean): Promise<ServerMessage>;
}

async function client(origin?: string): Promise<Client> {
  const ws = new WebSocket(wsUrl(), origin ? { origin } : {});
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const messages: ServerMessage[] = [];
  const waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as ServerMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(m));
  });
  let id = 0;
  const next = (pred: (m: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve) => {
      const seen = messages.find(pred);
      if (seen) resolve(seen);
      else waiters.push({ pred, resolve });
    });
  return {
    ws,
    messages,
    next,
    request(method, params) {
      const myId = ++id;
      ws.send(JSON.stringify({ type: 'request', id: myId, method, params }));
      return next((m) => m.type !== 'event' && m.id === myId);
    },
  };
}

describe('HTTP', () => {
  it('answers /healthz without a token', async () => {
    const res = await fetch(host.url + '/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, version: expect.any(String), schema: host.schema });
    expect(typeof body.uptime).toBe('number');
  });

  it('serves the renderer with MIME types, a CSP, and the SPA routes', async () => {
    for (const path of ['/wall', '/console', '/kiosk', '/wall/anything']) {
      const res = await fetch(host.url + path + '?display=d1');
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<div id="root">');
    }
    const js = await fetch(host.url + '/assets/app-1234.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(host.url + '/assets/app-1234.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const csp = js.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(js.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves the service worker at /sw.js for scope / and never from a cache without asking', async () => {
    const res = await fetch(host.url + '/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    expect((await fetch(host.url + '/assets/app-1234.js')).headers.get('service-worker-allowed')).toBeNull();
  });

  it('does not serve files outside the renderer, nor unknown paths', async () => {
    // Raw requests: fetch() would normalise the dots away before they reach the server.
    for (const path of ['/../secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/..%5csecret.txt']) {
      const status = await new Promise<number>((resolve, reject) =>
        get(host.url + '/', { path }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject),
      );
      expect(status, path).toBe(404);
    }
    expect((await fetch(host.url + '/nope.js')).status).toBe(404);
    // A path through a file (ENOTDIR) and one too long for the file system (ENAMETOOLONG).
    expect((await fetch(host.url + '/assets/app-1234.js/x')).status).toBe(404);
    expect((await fetch(host.url + '/assets/' + 'a'.repeat(5000) + '.js')).status).toBe(404);
    expect((await fetch(host.url + '/healthz')).status).toBe(200);
    expect((await fetch(host.url + '/favicon.ico')).status).toBe(204);
    expect((await fetch(host.url + '/healthz', { method: 'POST' })).status).toBe(405);
  });
});

/** Sends raw bytes; resolves with all the server wrote once it closes the connection. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(host.url!).port), '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    // A reset after the answer still leaves the answer; none at all leaves ''.
    socket.on('error', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.write(request);
  });
}

describe('enrollment over HTTP', () => {
  it('answers a body too large for a code with 413 and words, declared or chunked, then closes', async () => {
    const post = 'POST /api/enroll HTTP/1.1\r\nHost: x\r\n';
    // A length declared beyond the limit (and only part of it sent: the answer does not wait), and
    // a chunked body that passes it while it is read.
    for (const request of [
      `${post}Content-Length: 99999999\r\n\r\n${'x'.repeat(5000)}`,
      `${post}Transfer-Encoding: chunked\r\n\r\n2000\r\n${'x'.repeat(0x2000)}\r\n0\r\n\r\n`,
    ]) {
      const answer = await rawExchange(request);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toMatch(/connection: close/i);
      expect(answer).toMatch(/"error":"too_large".*Yêu cầu quá lớn.*request too large/s);
    }
    // A short body is still read: a wrong code is 401.
    const small = await rawExchange(`${post}Content-Length: 20\r\nConnection: close\r\n\r\n{"code":"AAAA-AAAA"}`);
    expect(small).toMatch(/^HTTP\/1\.1 401 /);
    expect(await rawExchange(`${post}Content-Length: 9\r\nConnection: close\r\n\r\ntoo_large`)).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('WebSocket /api', () => {
  it('refuses a missing or wrong token, accepts the right one (query or sub-protocol)', async () => {
    expect(await upgradeStatus(wsUrl(''))).toBe(401);
    expect(await upgradeStatus(wsUrl('?token=wrong'))).toBe(401);
    expect(await upgradeStatus(wsUrl())).toBe(101);
    expect(await upgradeStatus(wsUrl(''), {}, ['ioc-wall', `ioc-wall.token.${TOKEN}`])).toBe(101);
    expect(await upgradeStatus(wsUrl(''), {}, ['ioc-wall', 'ioc-wall.token.nope'])).toBe(401);
  });

  it('refuses a foreign Origin even with the token; allows same-origin', async () => {
    expect(await upgradeStatus(wsUrl(), { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl(), { origin: host.url! })).toBe(101);
  });

  it('lists every invalid param by path', async () => {
    const c = await client(host.url!);
    const m = await c.request('observation.put', { domain: 'weather', indicator: '', areaId: '70', period: 'x', value: 1 });
    expect(m.type).toBe('error');
    if (m.type !== 'error') throw new Error();
    expect(m.error.code).toBe('invalid_params');
    expect(m.error.issues!.map((i) => i.path).sort()).toEqual(['domain', 'indicator', 'period', 'source', 'updatedAt']);
    c.ws.close();
  });

  it('host.info, areas.list, and observation.put → `changed` reaches a second subscribed client', async () => {
    const a = await client();
    const b = await client(host.url!);
    const info = await a.request('host.info', {});
    expect(info).toMatchObject({ type: 'response', result: { role: 'all-in-one', demo: false } });
    expect(JSON.stringify(info)).toContain('daohoangson/dvhcvn (GPL-3.0)');

    const areas = await a.request('areas.list', { withGeometry: false });
    if (areas.type !== 'response') throw new Error(JSON.stringify(areas));
    const list = areas.result as { id: string; level: string; geometry: unknown }[];
    expect(list.filter((x) => x.level === 'district')).toHaveLength(11);
    expect(list.every((x) => x.geometry === null)).toBe(true);
    // With geometry, each boundary comes with its detail levels: one per position, as nested.
    const full = await a.request('areas.list', {});
    if (full.type !== 'response') throw new Error(JSON.stringify(full));
    const bounded = full.result as { level: string; geometry: { type: string; coordinates: number[][][] }; detail: number[][] | null }[];
    expect(bounded.filter((x) => x.level === 'district')).toHaveLength(11);
    for (const x of bounded.filter((y) => y.geometry?.type === 'Polygon')) {
      expect(x.detail!.map((r) => r.length)).toEqual(x.geometry.coordinates.map((r) => r.length));
    }
    expect(bounded.some((x) => x.geometry?.type === 'Polygon')).toBe(true);

    b.ws.send(JSON.stringify({ type: 'subscribe', event: 'changed' }));
    await b.request('freshness.list', {}); // same socket, in order: the subscribe is now in effect
    const obs = {
      domain: 'health',
      indicator: 'health.beds',
      areaId: '70',
      period: '2025',
      value: 4321,
      source: 'Sở Y tế',
      updatedAt: '2025-06-30T08:15:00+07:00',
    };
    const put = await a.request('observation.put', obs);
    expect(put).toMatchObject({ type: 'response', result: obs });
    const ev = await b.next((m) => m.type === 'event');
    expect(ev).toEqual({ type: 'event', event: 'changed', data: { domains: ['health'] } });

    // Written through: value, freshness, audit row.
    expect(host.db.prepare(`SELECT value FROM observations WHERE indicator='health.beds'`).pluck().get()).toBe(4321);
    const fresh = await a.request('freshness.list', {});
    expect(fresh).toMatchObject({ result: [{ domain: 'health', updatedAt: canonicalTime(obs.updatedAt), source: 'Sở Y tế' }] });
    const audit = host.db.prepare(`SELECT actor, action FROM audit_log ORDER BY id DESC LIMIT 1`).get();
    expect(audit).toEqual({ actor: expect.stringMatching(/^ws:/), action: 'observation.put' });
    a.ws.close();
    b.ws.close();
  });

  it('answers non-JSON messages with an error instead of dropping the connection', async () => {
    const c = await client();
    c.ws.send('not json');
    const m = await c.next((x) => x.type === 'error');
    expect(m).toMatchObject({ error: { code: 'bad_message' } });
    expect((await c.request('freshness.list')).type).toBe('response');
    c.ws.close();
  });

  it('closes only the connection that sends a message over the 1 MB limit (1009); others keep working', async () => {
    const big = await client();
    const other = await client();
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.on('error', () => {}); // the close is the expected outcome
    big.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'host.info', params: { pad: 'x'.repeat(1024 * 1024 + 1) } }));
    expect(await closed).toBe(1009);
    expect((await other.request('host.info')).type).toBe('response');
    other.ws.close();
  });
});
