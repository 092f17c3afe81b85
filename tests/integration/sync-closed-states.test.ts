// A source that closes reports in its own words: the feed maps them to a closed state of the
// catalog, and the report must stop counting as open (and overdue) on the wall.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb } from './sync/helpers';

let server: Server;
let base: string;
let body = '[]';

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  service_request_id: id,
  service_code: 'den-duong',
  status,
  requested_datetime: '2026-11-20T08:00:00+07:00',
  updated_datetime: '2026-11-25T09:30:00+07:00',
  // Due long ago: still open, it is overdue.
  expected_datetime: '2026-11-22T08:00:00+07:00',
  lat: 11.53,
  long: 106.88,
  ...extra,
});

describe('a report closed in the source\'s own words', () => {
  it('is closed at its last update when the statusMap maps its word to a closed state, and counted so', async () => {
    const t = testDb();
    try {
      body = JSON.stringify([request('a', 'Đã giải quyết'), request('b', 'Đang xử lý'), request('c', 'closed'), request('d', 'lạ')]);
      const feed = feedConfigSchema.parse({
        id: 'hl',
        adapter: 'open311',
        domain: 'hotline',
        url: `${base}/requests.json`,
        retries: 0,
        options: { statusMap: { 'Đã giải quyết': 'resolved', 'Đang xử lý': 'inProgress', closed: 'resolved' } },
      });
      const r = await t.run(feed);
      expect(r.ok, r.error?.en).toBe(true);
      const rows = t.db.prepare(`SELECT id, status, closed_at FROM events ORDER BY id`).all();
      expect(rows).toEqual([
        { id: 'hl:a', status: 'resolved', closed_at: '2026-11-25T02:30:00Z' },
        { id: 'hl:b', status: 'inProgress', closed_at: null },
        { id: 'hl:c', status: 'resolved', closed_at: '2026-11-25T02:30:00Z' },
        // A word no state is: kept as it came, and open.
        { id: 'hl:d', status: 'lạ', closed_at: null },
      ]);
      // The open-report counts the panels read: two open (b, d), not three.
      const open = t.db.prepare(`SELECT count(*) FROM events WHERE domain = 'hotline' AND closed_at IS NULL`).pluck().get();
      expect(open).toBe(2);
    } finally {
      await t.close();
    }
  });
});
