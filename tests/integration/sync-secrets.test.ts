import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../host/cli/commands';
import { getCommand } from '../../host/cli/registry';
import { loadConfig } from '../../host/config/load';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { moveInlineSecrets } from '../../host/sync/inline-secrets';
import type { FeedRunResult, FeedsList, FeedTryResult, FeedView, SecretView } from '../../host/api/contract';
import { feedConfigSchema } from '../../sync/feeds/config';
import { HttpClient } from '../../sync/http/client';
import { SyncError } from '../../sync/http/errors';
import { testDb } from './sync/helpers';

/**
 * Secrets stay where they belong: an edit that points a feed elsewhere does not take the stored
 * key along, a secret: reference goes only to its origins, redirects shed every credential, and
 * secrets are set, listed and deleted without ever being shown. Real HTTP on 127.0.0.1, real SQLite.
 */
let dir: string;
let good: Server;
let evil: Server;
let goodUrl: string;
let evilUrl: string;
const seen: { server: string; headers: IncomingMessage['headers']; url: string }[] = [];

function listen(name: string, s: Server): Promise<string> {
  s.on('request', (req, res) => {
    seen.push({ server: name, headers: req.headers, url: req.url! });
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/cap-index.atom') {
      // A warning index whose entries name documents on this server and on another one.
      const entry = (href: string) => `<entry><id>${href}</id><updated>2026-06-14T07:00:00Z</updated><link rel="alternate" type="application/cap+xml" href="${href}"/></entry>`;
      res.setHeader('content-type', 'application/atom+xml');
      return res.end(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>i</id>${entry('own.xml')}${entry(`${evilUrl}/elsewhere.xml`)}</feed>`);
    }
    if (path.endsWith('.xml')) {
      res.setHeader('content-type', 'application/cap+xml');
      return res.end(readFileSync(join(__dirname, '..', 'fixtures', 'cap', 'bp-storm-alert.xml')));
    }
    if (path === '/hop') {
      res.statusCode = 302;
      res.setHeader('location', `${evilUrl}/requests.json`);
      return res.end();
    }
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as { port: number }).port}`)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-secrets-'));
  good = createServer();
  evil = createServer();
  goodUrl = await listen('good', good);
  evilUrl = await listen('evil', evil);
});
afterAll(async () => {
  await new Promise((r) => good.close(r));
  await new Promise((r) => evil.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function cli(name: string, argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await getCommand(name)!.run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => stdin });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('feeds.save and secret: references', () => {
  let host: HostService;
  let data: string;
  const call = <T>(m: string, p: unknown) => host.dispatcher.call(m, p, 'admin') as Promise<T>;
  const base = () => ({ id: 'hotline', domain: 'hotline', adapter: 'open311', url: `${goodUrl}/requests.json`, retries: 0 });

  beforeAll(async () => {
    data = join(dir, 'host');
    host = await startHost({ config: configSchema.parse({ demo: false, server: { port: 0 }, feeds: [] }), dataDir: data, serveHttp: false });
  });
  afterAll(() => host.close());

  it('a value typed in the form moves to the store as a secret: reference; feeds.list and the audit log never show it', async () => {
    const saved = await call<FeedView>('feeds.save', { feed: { ...base(), url: `${goodUrl}/requests.json?api_key=Q-999`, auth: { type: 'apiKey', header: 'X-Api-Key', value: 'K-SECRET-1' } } });
    expect(saved.config.auth).toEqual({ type: 'apiKey', header: 'X-Api-Key', value: 'secret:feed.hotline.apiKey' });
    const row = host.db.prepare(`SELECT config FROM feeds`).pluck().get() as string;
    expect(row).not.toContain('K-SECRET-1');
    expect(JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8'))).toEqual({ 'feed.hotline.apiKey': 'K-SECRET-1' });
    const audit = host.db.prepare(`SELECT detail FROM audit_log`).pluck().all().join('\n');
    expect(audit).not.toContain('Q-999');
    expect(audit).not.toContain('K-SECRET-1');
    const [r] = await call<FeedRunResult[]>('feeds.runNow', { id: 'hotline' });
    expect(r!.ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ server: 'good', headers: { 'x-api-key': 'K-SECRET-1' } });
    const list = await call<SecretView[]>('secrets.list', {});
    expect(list).toEqual([{ name: 'feed.hotline.apiKey', stored: true, origins: [goodUrl], configOrigins: [], usedBy: ['hotline'] }]);
    expect(JSON.stringify(list)).not.toContain('K-SECRET-1');
  });

  it('a masked value comes back only while URL, token URL and proxy origins stay; pointing it elsewhere needs the secret again', async () => {
    const masked = { ...base(), auth: { type: 'bearer', token: '***' } };
    await call('feeds.save', { feed: { ...base(), auth: { type: 'bearer', token: 'B-1' } } });
    const same = await call<FeedView>('feeds.save', { feed: { ...masked, url: `${goodUrl}/other.json` } });
    expect(same.config.auth).toEqual({ type: 'bearer', token: 'secret:feed.hotline.token' });
    // The stored reference now would be refused anyway; a masked value is not carried to evil.
    await expect(call('feeds.save', { feed: { ...masked, url: `${evilUrl}/requests.json` } })).rejects.toThrow(/server address changed|Enter the secret/);
    await expect(call('feeds.save', { feed: { ...masked, proxy: evilUrl } })).rejects.toThrow(/server address changed/);
  });

  it('a secret: reference goes only to its origins: an edit pointing the feed elsewhere fails with a plain reason and sends nothing', async () => {
    await call('feeds.save', { feed: { ...base(), url: `${evilUrl}/requests.json`, auth: { type: 'apiKey', header: 'X-Api-Key', value: 'secret:feed.hotline.apiKey' } } });
    const before = seen.filter((s) => s.server === 'evil').length;
    const [r] = await call<FeedRunResult[]>('feeds.runNow', { id: 'hotline' });
    expect(r!.ok).toBe(false);
    expect(r!.error!.code).toBe('secret_origin');
    expect(r!.error!.en).toContain(`may not be sent to ${evilUrl}`);
    expect(seen.filter((s) => s.server === 'evil').length).toBe(before);
    // An administrator lists the origin: now it may go there.
    await call('secrets.set', { name: 'feed.hotline.apiKey', value: 'K-SECRET-2', origins: [evilUrl] });
    const [ok] = await call<FeedRunResult[]>('feeds.runNow', { id: 'hotline' });
    expect(ok!.ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ server: 'evil', headers: { 'x-api-key': 'K-SECRET-2' } });
    expect(await call('secrets.delete', { name: 'feed.hotline.apiKey' })).toEqual({ name: 'feed.hotline.apiKey', deleted: true });
    const [gone] = await call<FeedRunResult[]>('feeds.runNow', { id: 'hotline' });
    expect(gone!.error!.code).toBe('secret_origin');
  });

  it('caFile cannot come from feeds.save', async () => {
    writeFileSync(join(dir, 'ca.pem'), 'not a CA');
    await expect(call('feeds.save', { feed: { ...base(), caFile: '/etc/shadow' } })).rejects.toThrow(/caFile/);
  });
});

describe('links a server hands over', () => {
  it("a CAP index's document on another host is fetched without the feed's key; those on the feed's own server with it", async () => {
    const t = testDb();
    try {
      const from = seen.length;
      const feed = feedConfigSchema.parse({
        id: 'warnings',
        domain: 'environment',
        adapter: 'cap',
        url: `${goodUrl}/cap-index.atom`,
        retries: 0,
        auth: { type: 'apiKey', header: 'X-Api-Key', value: 'K-CAP-1' },
      });
      const r = await t.run(feed);
      expect(r.error).toBeNull();
      const asked = seen.slice(from).map((x) => ({ server: x.server, path: new URL(x.url, 'http://x').pathname, key: x.headers['x-api-key'] }));
      expect(asked).toEqual([
        { server: 'good', path: '/cap-index.atom', key: 'K-CAP-1' },
        { server: 'good', path: '/own.xml', key: 'K-CAP-1' },
        { server: 'evil', path: '/elsewhere.xml', key: undefined },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('HTTP redirects', () => {
  it('drop every auth header (API-key header too) on an origin change', async () => {
    const http = new HttpClient();
    try {
      await http.fetch({ url: `${goodUrl}/hop` }, { timeout: 2000, maxBytes: 1e6, retries: 0, auth: { type: 'apiKey', header: 'X-Api-Key', value: 'K-RED' }, authOrigin: new URL(goodUrl).origin });
      const last = seen.at(-1)!;
      expect(last.server).toBe('evil');
      expect(last.headers['x-api-key']).toBeUndefined();
      expect(last.headers.authorization).toBeUndefined();
      expect(seen.at(-2)!.headers['x-api-key']).toBe('K-RED');
    } finally {
      await http.close();
    }
  });

  const haveOpenssl = existsSync('/usr/bin/openssl');
  it.skipIf(!haveOpenssl)('refuse https → http', async () => {
    const tls = join(dir, 'tls');
    mkdirSync(tls, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(tls, 'key.pem'), '-out', join(tls, 'ca.pem')], { stdio: 'ignore' });
    const s = createHttpsServer({ key: readFileSync(join(tls, 'key.pem')), cert: readFileSync(join(tls, 'ca.pem')) }, (_q, res) => {
      res.statusCode = 301;
      res.setHeader('location', `${goodUrl}/requests.json`);
      res.end();
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const http = new HttpClient();
    try {
      const err = await http
        .fetch({ url: `https://127.0.0.1:${(s.address() as { port: number }).port}/x` }, { timeout: 2000, maxBytes: 1e6, retries: 0, caFile: join(tls, 'ca.pem') })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncError);
      expect((err as SyncError).code).toBe('insecure_redirect');
      expect((err as SyncError).vi).toMatch(/không mã hoá/);
    } finally {
      await http.close();
      await new Promise((r) => s.close(r));
    }
  });
});

describe('ioc-wall secret and inline secrets', () => {
  it('set reads the value from stdin, list shows names only, delete removes it; the file is 0600', async () => {
    const data = join(dir, 'cli');
    const set = await cli('secret', ['set', 'lgsp.clientSecret', '--origin', 'https://lgsp.binhphuoc.gov.vn/token', '--data-dir', data], 'S3CRET\n');
    expect(set.code).toBe(0);
    expect(JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8'))).toEqual({ 'lgsp.clientSecret': 'S3CRET' });
    expect(statSync(join(data, 'secrets.json')).mode & 0o777).toBe(0o600);
    const list = await cli('secret', ['list', '--data-dir', data]);
    expect(list.out).toContain('lgsp.clientSecret');
    expect(list.out).toContain('https://lgsp.binhphuoc.gov.vn');
    expect(list.out).not.toContain('S3CRET');
    expect((await cli('secret', ['set', 'x', '--data-dir', data], '')).code).toBe(2);
    expect((await cli('secret', ['delete', 'lgsp.clientSecret', '--data-dir', data])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8'))).toEqual({});
  });

  it('inline secrets in the config file move to the store, the file is rewritten with secret: references, and sync still sends them', async () => {
    const folder = join(dir, 'inline');
    mkdirSync(join(folder, 'certs'), { recursive: true });
    const file = join(folder, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ demo: false, feeds: [{ id: 'h', domain: 'hotline', adapter: 'open311', url: `${goodUrl}/requests.json`, retries: 0, auth: { type: 'apiKey', header: 'X-Key', value: 'INLINE-1' } }] }),
    );
    const r = await cli('sync', ['--once', '--config', file, '--data-dir', join(folder, 'data')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/moved 1 inline secret/);
    expect(readFileSync(file, 'utf8')).not.toContain('INLINE-1');
    expect(JSON.parse(readFileSync(file, 'utf8')).feeds[0].auth.value).toBe('secret:feed.h.apiKey');
    expect(seen.at(-1)!.headers['x-key']).toBe('INLINE-1');
    // A relative caFile resolves against the config file's folder.
    writeFileSync(file, JSON.stringify({ feeds: [{ id: 'h', domain: 'hotline', adapter: 'open311', url: `${goodUrl}/r`, caFile: 'certs/gov-ca.pem' }] }));
    expect(loadConfig({ file, env: {} }).feeds[0]!.caFile).toBe(join(folder, 'certs/gov-ca.pem'));
  });

  it('two feeds with one id in the config file are refused before any secret moves: no token serves the other server', async () => {
    const folder = join(dir, 'dup-ids');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'config.json');
    const feed = (url: string, token: string) => ({ id: 'a', domain: 'hotline', adapter: 'open311', url, retries: 0, auth: { type: 'bearer', token } });
    const text = JSON.stringify({ demo: false, feeds: [feed(`${goodUrl}/requests.json`, 'TOK-ONE'), feed(`${evilUrl}/requests.json`, 'TOK-TWO')] }, null, 2);
    writeFileSync(file, text);
    const before = seen.length;
    const r = await cli('sync', ['--once', '--config', file, '--data-dir', join(folder, 'data')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('feeds.1.id: id "a" đã có ở feeds.0: mỗi nguồn dữ liệu cần một id riêng / duplicate feed id "a" (feeds.0 has it too): give each feed its own id');
    expect(readFileSync(file, 'utf8')).toBe(text); // not rewritten: both tokens where the installer wrote them
    expect(existsSync(join(folder, 'data', 'secrets.json'))).toBe(false);
    expect(seen.length).toBe(before);

    // A config that did not come through the config check (built in code) is refused as well,
    // before the first secret is stored.
    const config = configSchema.parse({ feeds: [feed(`${goodUrl}/r`, 'TOK-ONE')] });
    config.feeds.push({ ...config.feeds[0]!, url: `${evilUrl}/r`, auth: { type: 'bearer', token: 'TOK-TWO' } });
    const { db } = testDb();
    const secrets = FileSecretStore.inDataDir(join(folder, 'data2'));
    try {
      await expect(moveInlineSecrets({ db, config, secrets, configFile: file, notice: () => undefined })).rejects.toThrow(/feeds\.1\.id: .*duplicate feed id "a"/);
      expect(secrets.get('feed.a.token')).toBeNull();
      expect(readFileSync(file, 'utf8')).toBe(text);
    } finally {
      db.close();
    }
  });

  /** A host whose config file has feed "a" on the good server, its token stored as secret feed.a.token. */
  async function hostWithConfigFeed(name: string) {
    const data = join(dir, name);
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'secrets.json'), JSON.stringify({ 'feed.a.token': 'TOK-ONE' }), { mode: 0o600 });
    const feed = { id: 'a', domain: 'hotline', adapter: 'open311', url: `${goodUrl}/requests.json`, retries: 0, auth: { type: 'bearer', token: 'secret:feed.a.token' } };
    const host = await startHost({ config: configSchema.parse({ demo: false, server: { port: 0, priority: 'normal' }, feeds: [feed] }), dataDir: data, serveHttp: false });
    return { data, feed, host };
  }

  it("a console edit of a config feed keeps its typed token apart: reverting the edit never sends it to the config feed's server", async () => {
    const { data, feed, host } = await hostWithConfigFeed('edit-revert');
    try {
      // The edit moves the feed to another server with a token typed for that server.
      const saved = (await host.dispatcher.call('feeds.save', { feed: { ...feed, url: `${evilUrl}/requests.json`, auth: { type: 'bearer', token: 'TOK-TWO' } } }, 'admin')) as { config: { auth: unknown } };
      expect(saved.config.auth).toEqual({ type: 'bearer', token: 'secret:feed.a.console.token' });
      expect(JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8'))).toEqual({ 'feed.a.token': 'TOK-ONE', 'feed.a.console.token': 'TOK-TWO' });
      const list = (await host.dispatcher.call('secrets.list', {}, 'admin')) as SecretView[];
      expect(list.find((x) => x.name === 'feed.a.console.token')?.origins).toEqual([evilUrl]);
      // Back to the config file's version: its own token, to its own server.
      await host.dispatcher.call('feeds.revert', { id: 'a' }, 'admin');
      seen.length = 0;
      const [run] = (await host.dispatcher.call('feeds.runNow', { id: 'a' }, 'admin')) as { ok: boolean }[];
      expect(run!.ok).toBe(true);
      expect(seen.map((x) => [x.server, x.headers.authorization])).toEqual([['good', 'Bearer TOK-ONE']]);
    } finally {
      await host.close();
    }
  });

  it("feeds.save cannot create a feed with a config feed's id: the config feed's secret keeps its value and servers", async () => {
    const { data, feed, host } = await hostWithConfigFeed('save-dup');
    try {
      await expect(
        host.dispatcher.call('feeds.save', { feed: { ...feed, url: `${evilUrl}/requests.json`, auth: { type: 'bearer', token: 'TOK-TWO' } }, create: true }, 'admin'),
      ).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'feed.id', message: 'already used by a feed' }] });
      expect(JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8'))).toEqual({ 'feed.a.token': 'TOK-ONE' });
      const list = (await host.dispatcher.call('secrets.list', {}, 'admin')) as SecretView[];
      expect(list).toEqual([{ name: 'feed.a.token', stored: true, origins: [], configOrigins: [goodUrl], usedBy: ['a'] }]);
    } finally {
      await host.close();
    }
  });
});

describe('OAuth2 client credentials: the access token a secret buys goes where the secret may go', () => {
  // A token endpoint (T) that hands out an access token for the province's client secret, and the
  // feed's own server (the `good` one). `evil` stands for a server someone with the console points
  // the feed at: the token bought with the province's secret must never reach it.
  let tokens: Server;
  let tokenUrl: string;
  let host: HostService;
  const ACCESS = 'LGSP-ACCESS-TOKEN-7781';
  const call = <T>(m: string, p: unknown) => host.dispatcher.call(m, p, 'admin') as Promise<T>;
  const oauth = (clientSecret: string) => ({ type: 'oauth2ClientCredentials', tokenUrl: `${tokenUrl}/token`, clientId: 'ioc', clientSecret });
  const feed = (url: string, clientSecret: string) => ({ id: 'lgsp', domain: 'hotline', adapter: 'open311', url, retries: 0, auth: oauth(clientSecret) });
  const sawToken = (server: string) => seen.filter((s) => s.server === server && s.headers.authorization === `Bearer ${ACCESS}`).length;

  beforeAll(async () => {
    tokens = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: ACCESS, expires_in: 3600 }));
    });
    tokenUrl = await new Promise<string>((r) => tokens.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(tokens.address() as { port: number }).port}`)));
    const data = join(dir, 'oauth-host');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'secrets.json'), JSON.stringify({ 'lgsp.clientSecret': 'CLIENT-SECRET' }), { mode: 0o600 });
    // The installer's config file: its own feed sends the secret to the token endpoint and buys a
    // token for the feed's server. No secret_origins row exists for it (an installation upgraded
    // from a build that recorded the token endpoint only must keep working).
    const config = configSchema.parse({ demo: false, server: { port: 0 }, feeds: [{ ...feed(`${goodUrl}/requests.json`, 'secret:lgsp.clientSecret'), id: 'lgsp-config' }] });
    host = await startHost({ config, dataDir: data, serveHttp: false });
  });
  afterAll(async () => {
    await host.close();
    await new Promise((r) => tokens.close(r));
  });

  it("a secret allowed for the token endpoint only does not buy a token for another server's feed", async () => {
    await call('secrets.set', { name: 'lgsp-secret', value: 'CLIENT-SECRET-2', origins: [tokenUrl] });
    const before = sawToken('evil');
    const r = await call<FeedTryResult>('feeds.try', { feed: feed(`${evilUrl}/requests.json`, 'secret:lgsp-secret') });
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('secret_origin');
    expect(r.error!.en).toContain(`may not be sent to ${evilUrl}`);
    expect(sawToken('evil')).toBe(before);
  });

  it("the config file's own OAuth2 feed keeps working: its secret may go to the token endpoint and the feed's server", async () => {
    expect(host.db.prepare(`SELECT count(*) FROM secret_origins WHERE name = 'lgsp.clientSecret'`).pluck().get()).toBe(0);
    const before = sawToken('good');
    const [r] = await call<FeedRunResult[]>('feeds.runNow', { id: 'lgsp-config' });
    expect(r!.error).toBeNull();
    expect(sawToken('good')).toBe(before + 1);
    const list = await call<SecretView[]>('secrets.list', {});
    expect(list.find((s) => s.name === 'lgsp.clientSecret')!.configOrigins.sort()).toEqual([goodUrl, tokenUrl].sort());
  });

  it("a console edit of the config feed to another server does not take the config's secret along", async () => {
    await call('feeds.save', { feed: { ...feed(`${evilUrl}/requests.json`, 'secret:lgsp.clientSecret'), id: 'lgsp-config' } });
    const before = sawToken('evil');
    const [r] = await call<FeedRunResult[]>('feeds.runNow', { id: 'lgsp-config' });
    expect(r!.error!.code).toBe('secret_origin');
    expect(sawToken('evil')).toBe(before);
    await call('feeds.revert', { id: 'lgsp-config' });
  });

  it('a client secret typed in the form is allowed for the token endpoint and the feed server, and runs', async () => {
    await call('feeds.save', { feed: feed(`${goodUrl}/requests.json`, 'TYPED-SECRET'), create: true });
    const origins = host.db.prepare(`SELECT origin FROM secret_origins WHERE name = 'feed.lgsp.clientSecret' ORDER BY origin`).pluck().all();
    expect(origins).toEqual([goodUrl, tokenUrl].sort());
    const [r] = await call<FeedRunResult[]>('feeds.runNow', { id: 'lgsp' });
    expect(r!.error).toBeNull();
  });

  it("a console feed's secret stored before the upgrade (token endpoint only) is not widened: it fails naming the origin until an administrator allows it", async () => {
    // As an earlier build recorded a value typed in the form: the token endpoint's origin only.
    // Nothing proves which server the feed pointed at when the value was typed (an edit could
    // since have pointed it elsewhere, keeping the reference), so no migration adds one.
    host.db.prepare(`DELETE FROM secret_origins WHERE name = 'feed.lgsp.clientSecret' AND origin = ?`).run(goodUrl);
    const before = sawToken('good');
    const [r] = await call<FeedRunResult[]>('feeds.runNow', { id: 'lgsp' });
    expect(r!.error!.code).toBe('secret_origin');
    expect(r!.error!.en).toContain(`ioc-wall secret set feed.lgsp.clientSecret --origin ${goodUrl}`);
    expect(sawToken('good')).toBe(before);
    await call('secrets.set', { name: 'feed.lgsp.clientSecret', value: 'TYPED-SECRET', origins: [goodUrl] });
    const [ok] = await call<FeedRunResult[]>('feeds.runNow', { id: 'lgsp' });
    expect(ok!.error).toBeNull();
  });
});

describe('what a feed carries stays out of views, feed state and the audit log', () => {
  // A server that refuses and says why, echoing what it was sent: the OAuth2 access token (which
  // the feed config never holds) and a key under a name no list of key-like names knew.
  let api: Server;
  let apiUrl: string;
  let host: HostService;
  const ACCESS = 'ECHOED-ACCESS-TOKEN-4411';
  const call = <T>(m: string, p: unknown) => host.dispatcher.call(m, p, 'admin') as Promise<T>;
  const mapping = { kind: 'event', fields: {} };

  beforeAll(async () => {
    api = createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (u.pathname === '/token') return res.end(JSON.stringify({ access_token: ACCESS, expires_in: 3600 }));
      // CKAN's refusal, read by the adapter itself (not the HTTP client): it echoes the token too.
      if (u.pathname.endsWith('/datastore_search')) {
        res.statusCode = 409;
        return res.end(JSON.stringify({ success: false, error: { message: `token ${String(req.headers.authorization).slice(7)} may not read this resource` } }));
      }
      res.statusCode = u.pathname === '/oauth' ? 403 : 400;
      if (u.pathname === '/oauth') return res.end(JSON.stringify({ error: `token ${String(req.headers.authorization).slice(7)} lacks scope traffic.read` }));
      res.end(JSON.stringify({ message: `api key ${u.searchParams.get('subscription-key')} is not valid for ${req.url}` }));
    });
    apiUrl = await new Promise<string>((r) => api.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(api.address() as { port: number }).port}`)));
    const data = join(dir, 'echo-host');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'secrets.json'), JSON.stringify({ 'echo.clientSecret': 'ECHO-CLIENT-SECRET' }), { mode: 0o600 });
    const feeds = [
      { id: 'oauth', domain: 'traffic', adapter: 'geojson', url: `${apiUrl}/oauth`, retries: 0, auth: { type: 'oauth2ClientCredentials', tokenUrl: `${apiUrl}/token`, clientId: 'ioc', clientSecret: 'secret:echo.clientSecret' }, mapping },
      { id: 'qkey', domain: 'traffic', adapter: 'geojson', url: `${apiUrl}/q?subscription-key=PROVINCE-QUERY-KEY&format=json`, retries: 0, mapping },
      { id: 'ckan', domain: 'traffic', adapter: 'ckan', url: `${apiUrl}/api/3/action/datastore_search?resource_id=r1`, retries: 0, auth: { type: 'oauth2ClientCredentials', tokenUrl: `${apiUrl}/token`, clientId: 'ioc', clientSecret: 'secret:echo.clientSecret' }, mapping },
    ];
    host = await startHost({ config: configSchema.parse({ demo: false, server: { port: 0 }, feeds }), dataDir: data, serveHttp: false });
  });
  afterAll(async () => {
    await host.close();
    await new Promise((r) => api.close(r));
  });

  it("a server's refusal that echoes the access token or a query key is kept and shown without them", async () => {
    const runs = await call<FeedRunResult[]>('feeds.runNow', {});
    expect(runs.map((r) => r.error?.code).sort()).toEqual(['client_error', 'client_error', 'forbidden']);
    const state = host.db.prepare(`SELECT * FROM feed_state`).all();
    const list = await call<FeedsList>('feeds.list', {});
    for (const text of [JSON.stringify(runs), JSON.stringify(state), JSON.stringify(list)]) {
      expect(text).not.toContain(ACCESS);
      expect(text).not.toContain('PROVINCE-QUERY-KEY');
    }
    const oauth = list.feeds.find((f) => f.id === 'oauth')!;
    expect(oauth.lastError!.en).toContain('token *** lacks scope traffic.read');
    expect(list.feeds.find((f) => f.id === 'ckan')!.lastError!.en).toContain('token *** may not read this resource');
    const qkey = list.feeds.find((f) => f.id === 'qkey')!;
    // Names stay, so the administrator sees which parameters there are; every value is hidden.
    expect(qkey.url).toBe(`${apiUrl}/q?subscription-key=***&format=***`);
    expect(qkey.config.url).toBe(qkey.url);
  });

  it('feeds.save keeps no query value in the audit log, whatever the parameter is called', async () => {
    const url = `${apiUrl}/gis?subscription-key=APIM-KEY-123&sig=SIG-456&x-api-key=XK-789&appid=APP-1011&access-token=AT-1213`;
    await call('feeds.save', { feed: { id: 'named', domain: 'traffic', adapter: 'geojson', url, mapping }, create: true });
    const audit = host.db.prepare(`SELECT detail FROM audit_log WHERE action = 'feeds.save'`).pluck().all().join('\n');
    for (const v of ['APIM-KEY-123', 'SIG-456', 'XK-789', 'APP-1011', 'AT-1213']) expect(audit).not.toContain(v);
    expect(audit).toContain(`${apiUrl}/gis?subscription-key=***&sig=***&x-api-key=***&appid=***&access-token=***`);
  });

  it("the console's edit form still edits such a feed: a *** sent back is the stored value, a typed one replaces it, another server gets none", async () => {
    const shown = (await call<FeedsList>('feeds.list', {})).feeds.find((f) => f.id === 'qkey')!.config;
    // The administrator changes one parameter and the path, leaves the key as ***.
    const edited = { ...shown, url: shown.url.replace('/q?', '/q2?').replace('format=***', 'format=geojson') };
    await call('feeds.save', { feed: edited });
    const stored = JSON.parse(host.db.prepare(`SELECT config FROM feeds WHERE id = 'qkey'`).pluck().get() as string) as { url: string };
    expect(stored.url).toBe(`${apiUrl}/q2?subscription-key=PROVINCE-QUERY-KEY&format=geojson`);
    // Pointed at another server, the *** stands for nothing: refused, never sent.
    await expect(call('feeds.save', { feed: { ...edited, url: edited.url.replace(apiUrl, evilUrl) } })).rejects.toThrow(/enter the secret/i);
    await expect(call('feeds.try', { feed: { ...edited, url: edited.url.replace(apiUrl, evilUrl) } })).rejects.toThrow(/enter the secret/i);
  });
});
