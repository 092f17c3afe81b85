import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';

/**
 * Conditional GET against a real web server: Debian's nginx serving fixture files on a free
 * loopback port, from a temporary prefix. Proves the sync sends If-None-Match / If-Modified-Since,
 * gets 304s, counts them, and moves (almost) no bytes when nothing changed.
 */
const NGINX = '/usr/sbin/nginx';
const haveNginx = existsSync(NGINX);
if (!haveNginx) console.warn(`sync-conditional-nginx: SKIPPED — ${NGINX} is not installed (apt-get install nginx-light; .ci/run installs it).`);

const FIX = join(__dirname, '../fixtures/sync');
let dir: string;
let port: number;
let nginx: ChildProcess;
let t: TestDb;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(p: number, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${p}/`).then(() => true, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not start on ${p}: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
}

const access304 = () => readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter((l) => / 304 /.test(l)).length;

/** nginx logs a request after it has sent the answer, so the line may land just after we read it. */
async function waitFor304s(n: number, ms = 20_000): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const seen = access304();
    if (seen >= n || Date.now() > until) return seen;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!haveNginx)('conditional GET against nginx', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-nginx-'));
    const www = join(dir, 'www');
    mkdirSync(www);
    copyFileSync(join(FIX, 'sdmx/v2.1/exr-time-series.json'), join(www, 'exr.json'));
    copyFileSync(join(FIX, 'open311/georeport-v2-spec/requests.json'), join(www, 'requests.json'));
    writeFileSync(
      join(www, 'places.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [106.885, 11.535] }, properties: { id: 'BV1', name: 'Bệnh viện Đa khoa tỉnh', kind: 'hospital.provincial' } },
          { type: 'Feature', geometry: { type: 'Point', coordinates: [106.995, 11.835] }, properties: { id: 'BV2', name: 'Trung tâm Y tế Phước Long', kind: 'hospital.district' } },
        ],
      }),
    );
    // nginx workers drop to "nobody" when started as root: the temp tree must be world-readable.
    chmodSync(dir, 0o755);
    port = await freePort();
    for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { application/json json; application/geo+json geojson; }
  server {
    listen 127.0.0.1:${port};
    root ${www};
  }
}
`,
    );
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
    await waitForPort(port);
    t = testDb();
  });

  afterAll(async () => {
    await t?.close();
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('GeoJSON: 200, then 304 with the ETag (counted), then 200 again when the file changes', async () => {
    const feed = feedConfigSchema.parse({
      id: 'nginx-places',
      domain: 'health',
      adapter: 'geojson',
      url: `http://127.0.0.1:${port}/places.geojson`,
      mapping: { kind: 'place', fields: { id: 'properties.id', name: 'properties.name', kind: 'properties.kind' } },
    });
    const first = await t.run(feed);
    expect(first.error).toBeNull();
    expect(first.counts.inserted).toBe(2);
    const st = t.store.getFeedState(feed.id);
    expect(st.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/); // nginx's mtime-size ETag
    expect(st.lastModified).toMatch(/GMT$/);

    const before = access304();
    const second = await t.run(feed);
    expect(second.notModified).toBe(true);
    expect(second.counts.notModified).toBe(1);
    expect(second.counts.fetched).toBe(0);
    expect(second.counts.bytes).toBe(0); // a 304 has no body
    expect(await waitFor304s(before + 1)).toBe(before + 1); // nginx itself answered 304
    expect(t.store.getFeedState(feed.id).totalCounts.notModified).toBe(1);

    const file = join(dir, 'www/places.geojson');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.features[0].properties.name = 'Bệnh viện Đa khoa tỉnh Bình Phước';
    writeFileSync(file, JSON.stringify(doc));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const third = await t.run(feed);
    expect(third.notModified).toBe(false);
    expect(third.counts.updated).toBe(2);
    expect(t.db.prepare(`SELECT name FROM places WHERE id = 'nginx-places:BV1'`).pluck().get()).toBe('Bệnh viện Đa khoa tỉnh Bình Phước');
  });

  it('SDMX and Open311 files: the second sync is a 304 each, counted per feed', async () => {
    const sdmx = feedConfigSchema.parse({
      id: 'nginx-sdmx',
      domain: 'economy',
      adapter: 'sdmx',
      url: `http://127.0.0.1:${port}/exr.json`,
      mapping: { kind: 'observation', constants: { areaId: '70' } },
    });
    const o311 = feedConfigSchema.parse({ id: 'nginx-311', domain: 'hotline', adapter: 'open311', url: `http://127.0.0.1:${port}/requests.json` });
    expect((await t.run(sdmx)).counts.inserted).toBe(4);
    expect((await t.run(o311)).counts.inserted).toBe(2);
    const before = access304();
    // SDMX asks ?updatedAfter=<prepared>; nginx ignores the query and the file's validators match.
    const s2 = await t.run(sdmx);
    const o2 = await t.run(o311);
    expect([s2.notModified, o2.notModified]).toEqual([true, true]);
    expect(await waitFor304s(before + 2)).toBe(before + 2);
    expect(t.store.getFeedState('nginx-311').totalCounts.notModified).toBe(1);
    expect(t.count('observations')).toBe(4);
  });
});
