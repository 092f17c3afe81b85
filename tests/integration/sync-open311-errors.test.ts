// An Open311 server that refuses a request with GeoReport's error list under HTTP 200: the run
// ends with the server's words, the key it echoes taken out, and what was stored stays.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb } from './sync/helpers';

const KEY = 'K-7f3a91c2-secret';
let server: Server;
let base: string;
let refuse = false;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      refuse
        ? JSON.stringify([{ code: 403, description: `api_key ${KEY} has expired` }])
        : JSON.stringify([{ service_request_id: 'r1', service_code: 'x', status: 'open', requested_datetime: '2026-12-01T08:00:00+07:00', lat: 11.53, long: 106.88 }]),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('an Open311 error list under HTTP 200', () => {
  it('fails the run as the server\'s refusal, without the key it echoes, keeping the stored reports', async () => {
    const t = testDb();
    try {
      const feed = feedConfigSchema.parse({ id: 'hl', adapter: 'open311', domain: 'hotline', url: `${base}/requests.json`, retries: 0, auth: { type: 'apiKey', header: 'X-Api-Key', value: KEY } });
      refuse = false;
      expect((await t.run(feed)).ok).toBe(true);
      refuse = true;
      const r = await t.run(feed);
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('forbidden');
      expect(r.error?.en).toBe('The Open311 server answered with an error: "api_key *** has expired" (403). Check the feed\'s API key or access. Old data is kept.');
      expect(JSON.stringify(t.db.prepare(`SELECT * FROM feed_state`).all())).not.toContain(KEY);
      expect(t.count('events')).toBe(1);
      expect(t.count('quarantine')).toBe(0);
    } finally {
      refuse = false;
      await t.close();
    }
  });
});
