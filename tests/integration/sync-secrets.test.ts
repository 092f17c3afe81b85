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
import type { FeedRunResult, FeedView, SecretView } from '../../host/api/contract';
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
