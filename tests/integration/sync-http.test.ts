import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../sync/http/client';
import { SyncError, redact } from '../../sync/http/errors';
import type { AuthConfig } from '../../sync/feeds/config';
import { makeFaultyCertificates } from './support/test-ca';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections?.(), s.close(r)))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const profile = (auth?: AuthConfig, extra: Record<string, unknown> = {}) => ({ timeout: 3000, maxBytes: 1e6, retries: 0, auth, ...extra });
/** The origin credentials were entered for (RequestProfile.authOrigin). */
const enteredFor = (url: string) => ({ authOrigin: new URL(url).origin });

describe('HTTP client', () => {
  it('sends API-key, bearer and basic credentials', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const url = await serve((req, res) => {
      seen.push({ key: req.headers['x-api-key'] as string | undefined, auth: req.headers.authorization });
      res.end('{}');
    });
    const http = new HttpClient();
    await http.fetch({ url }, profile({ type: 'apiKey', header: 'X-Api-Key', value: 'k-123' }, enteredFor(url)));
    await http.fetch({ url }, profile({ type: 'bearer', token: 'tok-456' }, enteredFor(url)));
    await http.fetch({ url }, profile({ type: 'basic', username: 'ioc', password: 'mật khẩu' }, enteredFor(url)));
    expect(seen).toEqual([
      { key: 'k-123', auth: undefined },
      { key: undefined, auth: 'Bearer tok-456' },
      { key: undefined, auth: `Basic ${Buffer.from('ioc:mật khẩu').toString('base64')}` },
    ]);
    await http.close();
  });

  it('sends credentials only to the origin they were entered for, never to another a server names', async () => {
    const seen: { server: string; key?: string; auth?: string }[] = [];
    const record = (server: string) => (req: IncomingMessage, res: ServerResponse) => {
      seen.push({ server, key: req.headers['x-api-key'] as string | undefined, auth: req.headers.authorization });
      res.end('{}');
    };
    const own = await serve(record('own'));
    const other = await serve(record('other'));
    const http = new HttpClient();
    for (const auth of [{ type: 'apiKey', header: 'X-Api-Key', value: 'K-OWN' }, { type: 'bearer', token: 'B-OWN' }] as AuthConfig[]) {
      await http.fetch({ url: `${own}/index` }, profile(auth, enteredFor(own)));
      // A link in the answer (a CAP index's entry, a next page) to another host, same profile.
      await http.fetch({ url: `${other}/linked.xml` }, profile(auth, enteredFor(own)));
      // No origin given: sent nowhere (fails closed, as a 401 the feed shows).
      await http.fetch({ url: `${own}/index` }, profile(auth));
    }
    expect(seen).toEqual([
      { server: 'own', key: 'K-OWN', auth: undefined },
      { server: 'other', key: undefined, auth: undefined },
      { server: 'own', key: undefined, auth: undefined },
      { server: 'own', key: undefined, auth: 'Bearer B-OWN' },
      { server: 'other', key: undefined, auth: undefined },
      { server: 'own', key: undefined, auth: undefined },
    ]);
    await http.close();
  });

  it('OAuth2 client credentials: token cached, refreshed before expiry and after a 401', async () => {
    let issued = 0;
    const revoked = new Set<string>();
    const tokenForms: string[] = [];
    const base = await serve(async (req, res) => {
      if (req.url === '/token') {
        let body = '';
        for await (const c of req) body += String(c);
        tokenForms.push(`${req.headers.authorization} ${body}`);
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ access_token: `T${++issued}`, token_type: 'Bearer', expires_in: 3600 }));
      }
      const tok = (req.headers.authorization ?? '').replace('Bearer ', '');
      if (!tok || revoked.has(tok)) {
        res.statusCode = 401;
        return res.end();
      }
      res.end(JSON.stringify({ tok }));
    });
    let now = Date.parse('2026-06-01T00:00:00Z');
    const http = new HttpClient({ now: () => now });
    const auth: AuthConfig = { type: 'oauth2ClientCredentials', tokenUrl: `${base}/token`, clientId: 'ioc-wall', clientSecret: 's3cr3t!', scope: 'read' };
    const get = async () => JSON.parse((await http.fetch({ url: `${base}/data` }, profile(auth, enteredFor(base)))).body.toString()).tok;
    expect(await get()).toBe('T1');
    expect(await get()).toBe('T1'); // cached
    expect(issued).toBe(1);
    expect(tokenForms[0]).toBe(`Basic ${Buffer.from('ioc-wall:s3cr3t!').toString('base64')} grant_type=client_credentials&scope=read`);
    now += 3600_000 - 30_000; // within the last minute of its life: refreshed before it expires
    expect(await get()).toBe('T2');
    revoked.add('T2'); // revoked early: the 401 makes the client fetch a new token once
    expect(await get()).toBe('T3');
    expect(issued).toBe(3);
    await http.close();
  });

  it("a redirect to what is not a URL, or not http(s), is the server's error, said as such and not retried", async () => {
    const locations = ['http://[', 'http://a b/', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://127.0.0.1/x'];
    const url = await serve((req, res) => {
      res.statusCode = 302;
      res.setHeader('location', locations[Number(req.url!.slice(1))]!);
      res.end();
    });
    const http = new HttpClient();
    try {
      for (const [i, location] of locations.entries()) {
        const err = await http.fetch({ url: `${url}/${i}` }, profile(undefined, { retries: 2 })).catch((e: unknown) => e);
        expect(err, location).toBeInstanceOf(SyncError);
        expect((err as SyncError).code, location).toBe('bad_redirect');
        expect((err as SyncError).en).toContain(`redirected to "${location}"`);
        expect((err as SyncError).en).toMatch(location.startsWith('http') ? /not a URL/ : /not http\(s\)/);
      }
      expect(http.stats.retries).toBe(0);
    } finally {
      await http.close();
    }
  });

  it('a redirect to another address that then refuses says the credentials stayed behind and the URL to set, not "check the key"', async () => {
    const moved = await serve((req, res) => {
      if (req.headers['x-api-key'] !== 'K') return void res.writeHead(401).end();
      res.end('[]');
    });
    const old = await serve((_req, res) => res.writeHead(301, { location: `${moved}/requests.json` }).end());
    const http = new HttpClient();
    try {
      const err = await http.fetch({ url: `${old}/requests.json` }, profile({ type: 'apiKey', header: 'X-Api-Key', value: 'K' }, enteredFor(old))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncError);
      expect((err as SyncError).code).toBe('auth');
      expect((err as SyncError).en).toBe(
        `The server moved the feed from ${old} to ${moved} and refused it there (HTTP 401): the feed's credentials go only to the address they were entered for, not along a redirect. Set the feed URL to the new address (${moved}…).`,
      );
      // At the new address, entered for it, the key goes and the feed is read.
      expect((await http.fetch({ url: `${moved}/requests.json` }, profile({ type: 'apiKey', header: 'X-Api-Key', value: 'K' }, enteredFor(moved)))).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('decodes gzip and br, and counts the compressed bytes on the wire', async () => {
    const doc = JSON.stringify({ value: Array.from({ length: 500 }, (_, i) => ({ i, name: 'Trạm quan trắc Đồng Xoài' })) });
    const url = await serve((req, res) => {
      const enc = req.url === '/br' ? 'br' : 'gzip';
      res.setHeader('content-encoding', enc);
      res.end(enc === 'br' ? brotliCompressSync(doc) : gzipSync(doc));
    });
    const http = new HttpClient();
    for (const p of ['/gz', '/br']) {
      const r = await http.fetch({ url: url + p }, profile());
      expect(r.body.toString()).toBe(doc);
      expect(r.wireBytes).toBeLessThan(doc.length / 5);
    }
    await http.close();
  });

  it('reads content codings as servers send them: raw deflate, gzip with no header or twice, a chain; names one it cannot undo', async () => {
    const doc = JSON.stringify({ value: [{ name: 'Trạm quan trắc Đồng Xoài' }] });
    const answers: Record<string, [coding: string | null, body: Buffer]> = {
      '/zlib': ['deflate', deflateSync(doc)],
      '/raw-deflate': ['deflate', deflateRawSync(doc)], // IIS
      '/file.geojson.gz': [null, gzipSync(doc)], // a pre-compressed file, no Content-Encoding
      '/twice': ['gzip', gzipSync(gzipSync(doc))], // a proxy compressing a compressed file
      '/chain': ['gzip, br', brotliCompressSync(gzipSync(doc))],
      '/upper': [' GZIP ', gzipSync(doc)],
      '/compress': ['compress', Buffer.from('\x1f\x9d\x90')],
    };
    const url = await serve((req, res) => {
      const [coding, body] = answers[req.url!]!;
      if (coding) res.setHeader('content-encoding', coding);
      res.end(body);
    });
    const http = new HttpClient();
    try {
      for (const p of ['/zlib', '/raw-deflate', '/file.geojson.gz', '/twice', '/chain', '/upper']) expect((await http.fetch({ url: url + p }, profile())).body.toString(), p).toBe(doc);
      const err = await http.fetch({ url: `${url}/compress` }, profile()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncError);
      expect((err as SyncError).en).toMatch(/compressed the response with "compress", which IOC Wall cannot undo/);
    } finally {
      await http.close();
    }
  });

  it('a 304 that names a content coding but has no body is not modified, not cut short', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(304, { 'content-encoding': 'gzip', etag: '"a"' });
      res.end();
    });
    const http = new HttpClient();
    const r = await http.fetch({ url, etag: '"a"' }, profile());
    expect(r.notModified).toBe(true);
    await http.close();
  });

  it('goes through an HTTP proxy (CONNECT tunnel) when configured', async () => {
    const target = await serve((_req, res) => res.end('{"via":"target"}'));
    let tunnels = 0;
    const proxy = createServer((req, res) => {
      // Plain forward for clients that do not tunnel.
      tunnels++;
      const u = new URL(req.url!);
      const up = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    proxy.on('connect', (req, socket, head) => {
      tunnels++;
      const [host, port] = req.url!.split(':');
      const up = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(socket);
        socket.pipe(up);
      });
    });
    servers.push(proxy);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const http = new HttpClient();
    const r = await http.fetch({ url: `${target}/x` }, profile(undefined, { proxy: proxyUrl }));
    expect(r.body.toString()).toBe('{"via":"target"}');
    expect(tunnels).toBe(1);
    await http.close();
  });

  it("asks for an OAuth2 token through the feed's proxy, as for its data", async () => {
    // The feed's server and its token endpoint answer only through the proxy: their address is a
    // port nothing listens on, which the proxy maps to the real server (as a province's gateway).
    const seen: string[] = [];
    const real = await serve(async (req, res) => {
      if (req.url === '/token') {
        for await (const _ of req) void _;
        seen.push('token');
        return res.end(JSON.stringify({ access_token: 'T-via-proxy', expires_in: 3600 }));
      }
      seen.push(`${req.url} ${req.headers.authorization}`);
      res.end('{}');
    });
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const realPort = Number(new URL(real).port);
    const asked: string[] = [];
    // A plain forward (undici's way for http://) and a CONNECT tunnel (https://) both handled.
    const proxy = createServer((req, res) => {
      const u = new URL(req.url!);
      asked.push(u.host);
      const up = httpRequest({ host: '127.0.0.1', port: Number(u.port) === deadPort ? realPort : u.port, path: u.pathname, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    proxy.on('connect', (req, socket, head) => {
      asked.push(req.url!);
      const port = Number(req.url!.split(':')[1]);
      const up = connect(port === deadPort ? realPort : port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(socket);
        socket.pipe(up);
      });
      up.on('error', () => socket.destroy());
    });
    servers.push(proxy);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const behind = `http://127.0.0.1:${deadPort}`;
    const auth: AuthConfig = { type: 'oauth2ClientCredentials', tokenUrl: `${behind}/token`, clientId: 'ioc-wall', clientSecret: 's' };
    const http = new HttpClient();
    const r = await http.fetch({ url: `${behind}/data` }, profile(auth, { ...enteredFor(behind), proxy: proxyUrl }));
    expect(r.status).toBe(200);
    expect(seen).toEqual(['token', '/data Bearer T-via-proxy']);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.every((t) => t === `127.0.0.1:${deadPort}`)).toBe(true);
    await http.close();
  });

  const haveOpenssl = existsSync('/usr/bin/openssl');
  it.skipIf(!haveOpenssl)('trusts an extra CA certificate from caFile, and refuses the server without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-ca-'));
    try {
      execFileSync('/usr/bin/openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem'),
      ], { stdio: 'ignore' });
      const s = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'ca.pem')) }, (_q, res) => res.end('{"tls":true}'));
      servers.push(s as unknown as Server);
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
      const url = `https://127.0.0.1:${(s.address() as AddressInfo).port}/`;
      const http = new HttpClient();
      const err = await http.fetch({ url }, profile()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncError);
      expect((err as SyncError).code).toBe('tls');
      expect((err as SyncError).vi).toMatch(/chứng chỉ/);
      const ok = await http.fetch({ url }, profile(undefined, { caFile: join(dir, 'ca.pem') }));
      expect(ok.body.toString()).toBe('{"tls":true}');
      await http.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!haveOpenssl)('says what fixes a refused certificate: renew an expired one, set the clock, use the name it is for, serve the whole chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-certs-'));
    const http = new HttpClient();
    try {
      const certs = makeFaultyCertificates(dir);
      const serveTls = async (pair: { key: string; cert: string }) => {
        const s = createHttpsServer({ key: readFileSync(pair.key), cert: readFileSync(pair.cert) }, (_q, res) => res.end('{"tls":true}'));
        servers.push(s as unknown as Server);
        await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
        return `https://127.0.0.1:${(s.address() as AddressInfo).port}/`;
      };
      const refusal = async (url: string, caFile: string) => {
        const err = await http.fetch({ url }, profile(undefined, { caFile })).catch((e: unknown) => e);
        expect(err, url).toBeInstanceOf(SyncError);
        expect((err as SyncError).code).toBe('tls');
        return (err as SyncError).en;
      };
      expect(await refusal(await serveTls(certs.expired), certs.root)).toMatch(/127\.0\.0\.1:\d+ could not be verified \(CERT_HAS_EXPIRED\): the certificate has expired\. Ask the provider to renew it \(adding a CA certificate will not help\)/);
      expect(await refusal(await serveTls(certs.future), certs.root)).toMatch(/\(CERT_NOT_YET_VALID\): the certificate is not valid yet, most often because this machine's clock is behind/);
      expect(await refusal(await serveTls(certs.otherName), certs.root)).toMatch(/\(ERR_TLS_CERT_ALTNAME_INVALID\): the certificate is for another name\. Use in the feed URL the name/);
      // The server sends its own certificate without the intermediate that signed it.
      const leaf = await serveTls(certs.leaf);
      expect(await refusal(leaf, certs.root)).toMatch(/\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): the server does not send its intermediate certificate/);
      writeFileSync(join(dir, 'chain.pem'), readFileSync(certs.intermediate, 'utf8') + readFileSync(certs.root, 'utf8'));
      expect((await http.fetch({ url: leaf }, profile(undefined, { caFile: join(dir, 'chain.pem') }))).body.toString()).toBe('{"tls":true}');
      // An unknown issuer keeps the advice to add the agency's CA.
      expect(await refusal(leaf, certs.intermediate)).toMatch(/\(UNABLE_TO_GET_ISSUER_CERT\): it is signed by a CA this machine does not trust .* Add the agency's CA certificate to the feed's caFile\.$/);
    } finally {
      await http.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes what the server said when it refuses a request (CKAN, FROST, plain text), never an HTML page or a 5xx body, and never a secret', async () => {
    const answers: Record<string, [number, string, string]> = {
      ckan: [409, 'application/json', JSON.stringify({ success: false, error: { __type: 'Validation Error', message: "sort field 'cap_nhat' does not exist" } })],
      frost: [400, 'application/json', JSON.stringify({ code: 400, type: 'error', message: 'Invalid $filter:\n  near "eq"' })],
      text: [404, 'text/plain', 'No such resource\nat line 3'],
      echo: [401, 'application/json', JSON.stringify({ error: 'invalid_token', error_description: 'token K-SECRET-7 expired' })],
      html: [403, 'text/html', '<html><body><h1>Forbidden</h1></body></html>'],
      crash: [500, 'text/plain', 'NullPointerException at com.example.Foo'],
    };
    const url = await serve((req, res) => {
      const [status, type, body] = answers[req.url!.slice(1)]!;
      res.statusCode = status;
      res.setHeader('content-type', type);
      res.end(body);
    });
    const http = new HttpClient();
    const said = async (path: string) => ((await http.fetch({ url: `${url}/${path}` }, profile({ type: 'bearer', token: 'K-SECRET-7' }, enteredFor(url))).catch((e: unknown) => e)) as SyncError).en;
    expect(await said('ckan')).toBe(`The server did not accept the request (HTTP 409). Check the feed configuration. The server says: "sort field 'cap_nhat' does not exist".`);
    expect(await said('frost')).toMatch(/The server says: "Invalid \$filter: near "eq""\.$/);
    expect(await said('text')).toMatch(/HTTP 404\)\. Check the feed URL\. The server says: "No such resource"\.$/);
    expect(await said('echo')).toMatch(/The server says: "token \*\*\* expired"\.$/);
    expect(await said('html')).toBe('The server forbids access to this data (HTTP 403). Ask the provider for access.');
    expect(await said('crash')).toBe('The server failed (HTTP 500). Old data is kept; it will be retried.');
    await http.close();
  });

  it('never puts secrets in errors', async () => {
    const url = await serve((_q, res) => {
      res.statusCode = 401;
      res.end();
    });
    const http = new HttpClient();
    const err = (await http.fetch({ url: `${url}/?api_key=K-SECRET-9` }, profile({ type: 'basic', username: 'u', password: 'P-SECRET-8' }, enteredFor(url))).catch((e: unknown) => e)) as SyncError;
    expect(err.code).toBe('auth');
    expect(JSON.stringify({ m: err.message, vi: err.vi, en: err.en })).not.toMatch(/SECRET/);
    expect(redact('GET https://u:pw@host/x?api_key=abc&token=def&q=1 failed with K-SECRET-9', ['K-SECRET-9'])).toBe(
      // Every query value, not only key-like names: a key hides under any name.
      'GET https://***@host/x?api_key=***&token=***&q=*** failed with ***',
    );
    await http.close();
  });

  it('refuses a CA file that is a device, missing, huge or not PEM, at once and in plain words', async () => {
    const url = await serve((_q, res) => res.end('{}'));
    const dir = mkdtempSync(join(tmpdir(), 'ioc-ca-'));
    try {
      writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
      writeFileSync(join(dir, 'huge.pem'), Buffer.alloc(2 * 1024 * 1024, 0x41));
      const http = new HttpClient();
      for (const [caFile, why] of [
        ['/dev/zero', 'not a regular file'],
        [dir, 'not a regular file'],
        [join(dir, 'missing.pem'), 'ENOENT'],
        [join(dir, 'huge.pem'), 'larger than 1024 KB'],
        [join(dir, 'notes.txt'), 'no PEM certificate'],
      ] as const) {
        const err = (await http.fetch({ url }, profile(undefined, { caFile, retries: 3 })).catch((e: unknown) => e)) as SyncError;
        expect(err, caFile).toBeInstanceOf(SyncError);
        expect(err.code).toBe('bad_setting');
        expect(err.retryable).toBe(false);
        expect(err.en).toContain(why);
        expect(err.en).toContain('Fix caFile in the config');
      }
      expect(http.stats.retries).toBe(0);
      await http.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a key that cannot go in a header (a secret pasted with a line break) is a setting to fix, not a retry', async () => {
    let hits = 0;
    const url = await serve((_q, res) => {
      hits++;
      res.end('{}');
    });
    const http = new HttpClient();
    const err = (await http.fetch({ url }, profile({ type: 'bearer', token: 'T-SECRET-7\n' }, { retries: 3, ...enteredFor(url) })).catch((e: unknown) => e)) as SyncError;
    expect(err.code).toBe('bad_setting');
    expect(err.en).toMatch(/line break/);
    expect(err.en).not.toMatch(/SECRET/);
    expect(hits).toBe(0);
    expect(http.stats.retries).toBe(0);
    await http.close();
  });
});
