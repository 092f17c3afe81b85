import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import type { FeedsList } from '../../host/api/contract/sync';
import type { OutboxItem } from '../../sync/store';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';

/**
 * Operator actions taken while the actions endpoint is unreachable are applied locally at once and
 * queued; the host restarts; the network comes back; every action reaches the endpoint exactly
 * once, in order — even when a crash lost the "delivered" mark after the endpoint had acknowledged.
 */
let feedsSim: Sim;
let actionsSim: Sim | null = null;
let dir: string;
let actionsPort: number;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  feedsSim = await startSim({ events: 30 });
  actionsPort = await freePort(); // nothing listens here yet: the "network" to the endpoint is down
  dir = mkdtempSync(join(tmpdir(), 'ioc-outbox-'));
});
afterAll(async () => {
  await feedsSim.close();
  await actionsSim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = () =>
  configSchema.parse({
    demo: false,
    server: { port: 0 },
    feeds: [
      {
        id: 'hotline',
        domain: 'hotline',
        adapter: 'open311',
        url: `${feedsSim.url}/open311/requests.json`,
        interval: 3_600_000,
        retries: 0,
        options: { statusMap: { open: 'received', closed: 'resolved' } },
      },
    ],
    sync: { actionsEndpoint: { url: `http://127.0.0.1:${actionsPort}/open311/actions.json`, timeout: 2000 } },
  });

const start = () => startHost({ config: config(), dataDir: join(dir, 'data'), serveHttp: false });
const call = <T>(h: HostService, method: string, params: unknown) => h.dispatcher.call(method, params, 'test:operator') as Promise<T>;

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

describe('outbox', () => {
  it('offline actions → restart → network back: each delivered exactly once, in order', async () => {
    const h1 = await start();
    await call(h1, 'feeds.runNow', { id: 'hotline' });
    const ids = (h1.db.prepare(`SELECT id FROM events ORDER BY id LIMIT 2`).pluck().all() as string[]);
    expect(ids).toHaveLength(2);
    const [e1, e2] = ids as [string, string];

    const acts = [
      { eventId: e1, action: 'acknowledge' },
      { eventId: e1, action: 'assign', agency: 'Sở Xây dựng' },
      { eventId: e2, action: 'note', note: 'Đã liên hệ người phản ánh' },
      { eventId: e1, action: 'resolve', note: 'Đã sửa xong' },
    ];
    const results: { idempotencyKey: string; status: string }[] = [];
    for (const a of acts) results.push(await call(h1, 'hotline.act', a));
    // Applied locally at once, without the network.
    expect(results.map((r) => r.status)).toEqual(['inProgress', 'assigned', 'received', 'resolved']);
    const row = h1.db.prepare(`SELECT status, agency, closed_at, attrs FROM events WHERE id = ?`).get(e1) as { status: string; agency: string; closed_at: string | null; attrs: string };
    expect(row.status).toBe('resolved');
    expect(row.agency).toBe('Sở Xây dựng');
    expect(row.closed_at).not.toBeNull();
    expect((JSON.parse(row.attrs).notes as { type: string }[]).map((n) => n.type)).toEqual(['acknowledge', 'assign', 'resolve']);

    await h1.dispatcher.call('feeds.runNow', {}, 'test'); // tries the outbox: the endpoint is unreachable
    const waiting = await call<OutboxItem[]>(h1, 'outbox.list', {});
    expect(waiting.map((w) => w.idempotencyKey)).toEqual(results.map((r) => r.idempotencyKey));
    expect(waiting[0]!.attempts).toBeGreaterThan(0);
    expect(waiting[0]!.lastError!.code).toBe('refused');
    const list = await call<FeedsList>(h1, 'feeds.list', {});
    expect(list.outbox).toMatchObject({ waiting: 4, endpointConfigured: true });
    expect(list.outbox.failing).toBeGreaterThan(0);
    await h1.close();

    // The network comes back, and the app is started again.
    actionsSim = await startSim({ port: actionsPort, events: 0 });
    const h2 = await start();
    await until(async () => (await call<OutboxItem[]>(h2, 'outbox.list', {})).length === 0);
    // Order is kept per report (the outbox's promise); across reports a batch may send another
    // report's action between two of e1's.
    expect([...actionsSim.applied].sort()).toEqual(results.map((r) => r.idempotencyKey).sort());
    expect(actionsSim.actions.filter((a) => a.duplicate)).toEqual([]);
    for (const a of actionsSim.actions) expect(a.body.idempotency_key).toBe(a.key);
    expect(actionsSim.actions.filter((a) => a.body.event_id === e1).map((a) => a.body.action)).toEqual(['acknowledge', 'assign', 'resolve']);
    expect(actionsSim.actions.filter((a) => a.body.event_id === e2).map((a) => a.body.action)).toEqual(['note']);

    // A crash after the endpoint acknowledged but before the row was marked: the resend carries the
    // same key, the endpoint recognises it, and the action is still applied once.
    h2.db.prepare(`UPDATE outbox SET delivered_at = NULL WHERE seq = (SELECT max(seq) FROM outbox)`).run();
    await h2.close();
    const h3 = await start();
    await until(async () => (await call<OutboxItem[]>(h3, 'outbox.list', {})).length === 0);
    expect([...actionsSim.applied].sort()).toEqual(results.map((r) => r.idempotencyKey).sort());
    expect(actionsSim.actions.filter((a) => a.duplicate).map((a) => a.key)).toEqual([results[3]!.idempotencyKey]);
    const delivered = await call<OutboxItem[]>(h3, 'outbox.list', { includeDelivered: true });
    expect(delivered.every((d) => d.deliveredAt !== null)).toBe(true);
    await h3.close();
  });

  it('hotline.act refuses an unknown report, an assign without agency, and an agency longer than the desk allows', async () => {
    const h = await start();
    try {
      await expect(call(h, 'hotline.act', { eventId: 'nope', action: 'acknowledge' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('No hotline report "nope"') });
      // The refusal quotes an id of any length cut short, not the whole of it back.
      const long = (await call(h, 'hotline.act', { eventId: 'w'.repeat(400_000), action: 'acknowledge' }).catch((e: unknown) => e)) as { message: string };
      expect(long.message).toMatch(/No hotline report "w{80}…"$/);
      await expect(call(h, 'hotline.act', { eventId: 'x', action: 'assign' })).rejects.toMatchObject({ code: 'invalid_params' });
      await expect(call(h, 'hotline.act', { eventId: 'x', action: 'assign', agency: 'Đ'.repeat(201) })).rejects.toMatchObject({ code: 'invalid_params', message: expect.stringMatching(/agency/) });
    } finally {
      await h.close();
    }
  });
});
