import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb } from './sync/helpers';

/**
 * A feed's incremental place belongs to the server it came from. Two Open311 servers that honour
 * `updated_after` as the spec says: the old one's newest report is from December, the new one's
 * reports are from November. A feed moved from the first to the second (an address edited in the
 * console, or a feed deleted and added again under its id) asked the new server for what changed
 * since December, and never stored its reports.
 */

interface Report {
  service_request_id: string;
  service_code: string;
  status: string;
  requested_datetime: string;
  updated_datetime: string;
}
const report = (id: string, at: string): Report => ({ service_request_id: id, service_code: 'den', status: 'open', requested_datetime: at, updated_datetime: at });
const SERVERS: Record<string, Report[]> = {
  '/old/requests.json': [report('o1', '2026-12-01T08:00:00+07:00'), report('o2', '2026-12-02T08:00:00+07:00')],
  '/new/requests.json': [report('n1', '2026-11-01T08:00:00+07:00'), report('n2', '2026-11-02T08:00:00+07:00')],
};
const asked: string[] = [];

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    asked.push(url.pathname + url.search);
    const since = url.searchParams.get('updated_after');
    const list = (SERVERS[url.pathname] ?? []).filter((r) => !since || Date.parse(r.updated_datetime) >= Date.parse(since));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(list));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('a feed pointed at another source', () => {
  it('starts afresh there, then goes on incrementally; the same feed written again keeps its place', async () => {
    const t = testDb();
    try {
      const feed = (path: string, extra: object = {}) => feedConfigSchema.parse({ id: 'hl', domain: 'hotline', adapter: 'open311', url: `${base}${path}`, retries: 0, ...extra });
      const stored = () => (t.db.prepare(`SELECT id FROM events ORDER BY id`).pluck().all() as string[]).map((id) => id.replace('hl:', ''));
      // The first request of a run says where it starts (later ones page on from what came).
      let mark = 0;
      const run = async (f: ReturnType<typeof feed>) => {
        mark = asked.length;
        return (await t.run(f)).ok;
      };
      const firstAsk = () => asked[mark]!;

      expect(await run(feed('/old/requests.json'))).toBe(true);
      expect(stored()).toEqual(['o1', 'o2']);
      expect(await run(feed('/old/requests.json'))).toBe(true);
      expect(firstAsk()).toContain('updated_after=');

      // Moved: the old watermark is not sent to the new server, so its older reports come in.
      expect(await run(feed('/new/requests.json'))).toBe(true);
      expect(firstAsk()).not.toContain('updated_after=');
      expect(stored()).toEqual(['n1', 'n2', 'o1', 'o2']);
      // And from then on it is incremental against the new server's own newest report.
      expect(await run(feed('/new/requests.json'))).toBe(true);
      expect(decodeURIComponent(firstAsk())).toMatch(/updated_after=2026-11-0[12]/);

      // What is not the source (interval, name, retries) keeps the place.
      expect(await run(feed('/new/requests.json', { name: 'Đường dây nóng', interval: 60_000, retries: 1 }))).toBe(true);
      expect(firstAsk()).toContain('updated_after=');
    } finally {
      await t.close();
    }
  });

  it('state written before the source was recorded keeps its place once', async () => {
    const t = testDb();
    try {
      const feed = feedConfigSchema.parse({ id: 'hl', domain: 'hotline', adapter: 'open311', url: `${base}/old/requests.json`, retries: 0 });
      expect((await t.run(feed)).ok).toBe(true);
      t.db.prepare(`UPDATE feed_state SET source = NULL`).run();
      const mark = asked.length;
      expect((await t.run(feed)).ok).toBe(true);
      expect(asked[mark]).toContain('updated_after=');
      expect(t.db.prepare(`SELECT source FROM feed_state`).pluck().get()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await t.close();
    }
  });
});
