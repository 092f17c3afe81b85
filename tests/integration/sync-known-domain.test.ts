import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runView } from '../../host/views';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb } from './sync/helpers';

/**
 * A count before any data is unknown, not 0: a new installation without feeds, or whose hotline
 * feed has never answered, showed "0 reports, no change on last year". A feed that answers with
 * nothing to report makes the domain's counts 0 from then on (marked once: later empty runs write
 * nothing, so they do not drop every kept view answer).
 */

let server: Server;
let base = '';
let failing = false;
beforeAll(async () => {
  server = createServer((_req, res) => {
    if (failing) {
      res.statusCode = 503;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('counts before any data', () => {
  it('are unknown until a feed of the domain has run to the end, then 0', async () => {
    const t = testDb();
    try {
      const feed = feedConfigSchema.parse({ id: 'hl', domain: 'hotline', adapter: 'open311', url: `${base}/requests.json`, retries: 0 });
      const now = new Date();
      const received = () => runView(t.db, 'hotline', 'kpis', {}, { now }).items.find((i) => i.id === 'hotline.received')!;
      const trend = () => runView(t.db, 'hotline', 'trend', {}, { now }).series[0]!.points.map((p) => p.value);
      const freshness = () => t.db.prepare(`SELECT updated_at, source FROM domain_freshness WHERE domain = 'hotline'`).get();

      expect(received()).toMatchObject({ value: null, previous: null, change: null });
      expect(new Set(trend())).toEqual(new Set([null]));

      // A feed that fails does not make them known.
      failing = true;
      expect((await t.run(feed)).ok).toBe(false);
      expect(received().value).toBeNull();

      failing = false;
      const first = await t.run(feed);
      expect(first).toMatchObject({ ok: true, domains: ['hotline'] });
      expect(freshness()).toMatchObject({ source: 'hl' });
      expect(received()).toMatchObject({ value: 0, previous: 0 });
      expect(new Set(trend())).toEqual(new Set([0]));

      // Known once: the next empty run changes nothing and tells no client anything.
      const before = freshness();
      const second = await t.run(feed);
      expect(second).toMatchObject({ ok: true, domains: [] });
      expect(freshness()).toEqual(before);
    } finally {
      await t.close();
    }
  });
});
