import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import type { OutboxItem } from '../../sync/store';
import { open311Report } from './support/open311-report';

/**
 * What an answer of the actions endpoint means for an operator's action ("never lose an
 * operator's action"): only a real confirmation from the endpoint's own origin marks it delivered;
 * a refusal keeps the endpoint's words and status; a failure of the endpoint itself pauses the
 * whole outbox with backoff (and Retry-After), which only an operator's retry may go through.
 */

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
interface Endpoint {
  url: string;
  port: number;
  server: Server;
  /** `at`: when the POST arrived (ms since the epoch). */
  posts: { key: string; id: string; action: string; body: Record<string, unknown>; at: number }[];
}

const open: Server[] = [];
const dirs: string[] = [];
const hosts: HostService[] = [];

function listen(handler: Handler): Promise<Endpoint> {
  const posts: Endpoint['posts'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      if (req.method === 'POST') {
        const b = JSON.parse(body) as Record<string, unknown>;
        posts.push({ at: Date.now(), key: String(req.headers['idempotency-key']), id: String(b['service_request_id']), action: String(b['action']), body: b });
      }
      handler(req, body, res);
    });
  });
  open.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}`, port, server, posts });
    }),
  );
}


const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** When the feed server was asked for its reports (ms since the epoch), for the host started last. */
let feedHits: number[] = [];

async function host(actions: Endpoint, reports = 5, o: { interval?: number; timeout?: number } = {}): Promise<HostService> {
  const list = Array.from({ length: reports }, (_, i) => open311Report(String(i + 1)));
  const hits: number[] = (feedHits = []);
  const feeds = await listen((_q, _b, res) => {
    hits.push(Date.now());
    json(res, 200, list);
  });
  const dir = mkdtempSync(join(tmpdir(), 'ioc-outbox-answers-'));
  dirs.push(dir);
  const config = configSchema.parse({
    demo: false,
    server: { port: 0 },
    feeds: [{ id: 'hotline', domain: 'hotline', adapter: 'open311', url: `${feeds.url}/requests.json`, interval: o.interval ?? 3_600_000, retries: 0, options: { statusMap: { open: 'received' } } }],
    sync: { actionsEndpoint: { url: `${actions.url}/actions.json`, timeout: o.timeout ?? 1000, feed: 'hotline' } },
  });
  const h = await startHost({ config, dataDir: dir, serveHttp: false });
  hosts.push(h);
  await h.dispatcher.call('feeds.runNow', { id: 'hotline' }, 'test');
  return h;
}

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const call = <T>(h: HostService, method: string, params: unknown) => h.dispatcher.call(method, params, 'console:op1') as Promise<T>;
const act = (h: HostService, id: string, action = 'acknowledge', extra: Record<string, unknown> = {}) =>
  call<{ seq: number; idempotencyKey: string }>(h, 'hotline.act', { eventId: `hotline:${id}`, action, ...extra });
const all = (h: HostService) => call<OutboxItem[]>(h, 'outbox.list', { includeDelivered: true });
const row = async (h: HostService, seq: number) => (await all(h)).find((i) => i.seq === seq)!;
const response = (h: HostService, seq: number) => h.db.prepare(`SELECT response FROM outbox WHERE seq = ?`).pluck().get(seq) as string | null;

async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** An action's try is over (delivered, refused, or failed with its backoff set). */
const settled = (i: OutboxItem | undefined) => !!i && (i.deliveredAt !== null || i.rejectedAt !== null || i.lastError !== null);

/**
 * Waits for the first try of the action at the head of the outbox to fail, and gives the POSTs the
 * endpoint received before the pause that failure set ended. The pause is the backoff, 1–3 s (1 s
 * + full jitter of 2 s, no Retry-After): a feed run slower than that (1.8 s seen under load) ends
 * after it, when the outbox rightly asks again. The pause's end is the one written with the
 * failure; should the first look come after a second try, its shortest length from the first POST.
 */
async function pauseOfFirstFailure(h: HostService, ep: Endpoint, seq: number): Promise<() => Endpoint['posts']> {
  let head: OutboxItem | undefined;
  await until(async () => settled((head = await row(h, seq))));
  const ends = head!.attempts === 1 ? Date.parse(head!.nextAttemptAt!) : ep.posts[0]!.at + 1_000;
  return () => ep.posts.filter((p) => p.at < ends);
}

describe('the actions endpoint answers with its own error document', () => {
  it('HTTP 200 carrying an Open311 error list is a refusal in its words, not a delivery', async () => {
    const ep = await listen((_q, _b, res) => json(res, 200, [{ code: 400, description: 'service_request_id 1 không tồn tại' }]));
    const h = await host(ep);
    const { seq } = await act(h, '1', 'resolve', { note: 'xong' });
    await until(async () => settled(await row(h, seq)));
    const item = await row(h, seq);
    expect(item.deliveredAt).toBeNull();
    expect(item.rejectedAt).not.toBeNull();
    expect(item.lastError).toMatchObject({ code: 'delivery_rejected', en: expect.stringContaining('(HTTP 400): "service_request_id 1 không tồn tại"') });
    expect(item.lastError!.vi).toContain('service_request_id 1 không tồn tại');
  });

  it('HTTP 200 carrying an Open311 403 is the endpoint refusing us: a failure with backoff, not a refusal of the action', async () => {
    const ep = await listen((_q, _b, res) => json(res, 200, [{ code: 403, description: 'Tài khoản không có quyền' }]));
    const h = await host(ep);
    const { seq } = await act(h, '1');
    await until(async () => settled(await row(h, seq)));
    const item = await row(h, seq);
    expect(item).toMatchObject({ deliveredAt: null, rejectedAt: null, lastError: { code: 'forbidden' } });
    expect(item.lastError!.en).toContain('Tài khoản không có quyền');
    // Paused past the failure (against the try's own time: the pause is 1–3 s, and "now" after a
    // busy machine's poll may already be past it).
    expect(Date.parse(item.nextAttemptAt!)).toBeGreaterThan(ep.posts[0]!.at);
  });
});

describe('an answer that is not the endpoint confirming', () => {
  it('a 200 web page (a proxy login, a captive portal) is an endpoint failure: not delivered, the outbox pauses', async () => {
    const ep = await listen((_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><title>Đăng nhập mạng</title></head><body>Network login</body></html>');
    });
    const h = await host(ep);
    const { seq } = await act(h, '1');
    await act(h, '2');
    const duringPause = await pauseOfFirstFailure(h, ep, seq);
    const item = await row(h, seq);
    expect(item).toMatchObject({ deliveredAt: null, rejectedAt: null, lastError: { code: 'web_page', en: expect.stringContaining('Đăng nhập mạng') } });
    // The pause holds the other report's action too: one POST, not one per action.
    await call(h, 'feeds.runNow', { id: 'hotline' });
    expect(duringPause()).toHaveLength(1);
    expect(ep.posts.map((p) => p.id).filter((id) => id !== '1')).toEqual([]);
    expect((await all(h)).every((i) => i.deliveredAt === null)).toBe(true);
  });

  it('a redirect to another origin is not followed: the note never reaches it, and nothing is marked delivered', async () => {
    const stranger = await listen((_q, _b, res) => json(res, 200, { ok: true }));
    const ep = await listen((_q, _b, res) => {
      res.writeHead(307, { location: `http://localhost:${stranger.port}/collect` });
      res.end();
    });
    const h = await host(ep);
    const { seq } = await act(h, '2', 'note', { note: 'SĐT người phản ánh 0912345678' });
    await until(async () => settled(await row(h, seq)));
    expect(stranger.posts).toEqual([]);
    const item = await row(h, seq);
    expect(item).toMatchObject({ deliveredAt: null, rejectedAt: null, lastError: { code: 'bad_redirect' } });
    expect(item.lastError!.en).toContain(`localhost:${stranger.port}`);
  });

  it('a same-origin redirect is still followed', async () => {
    const ep = await listen((req, _b, res) => {
      if (req.url === '/actions.json') {
        res.writeHead(307, { location: '/v2/actions.json' });
        return res.end();
      }
      json(res, 200, [{ service_request_id: '1', status: 'accepted' }]);
    });
    const h = await host(ep);
    const { seq } = await act(h, '1');
    await until(async () => (await row(h, seq)).deliveredAt !== null);
    expect(ep.posts.map((p) => p.key)).toHaveLength(2);
  });
});

describe('a confirmation with a body over the 1 MB cap', () => {
  it('is delivered once, its body kept cut short, and the next actions go', async () => {
    const ep = await listen((_q, _b, res) => json(res, 200, { ok: true, echo: 'x'.repeat(2 * 1024 * 1024) }));
    const h = await host(ep);
    const a = await act(h, '1');
    const b = await act(h, '2');
    await until(async () => (await row(h, b.seq)).deliveredAt !== null);
    expect((await row(h, a.seq)).deliveredAt).not.toBeNull();
    expect(ep.posts.map((p) => p.key)).toEqual([a.idempotencyKey, b.idempotencyKey]);
    expect(JSON.parse(response(h, a.seq)!)).toMatchObject({ cut: true });
    expect(response(h, a.seq)!.length).toBeLessThan(4096);
  });
});

describe('409 to a resent key', () => {
  it('after a try whose answer was lost, means already applied: delivered, noted, the key unchanged', async () => {
    const applied = new Set<string>();
    const ep = await listen((req, _b, res) => {
      const key = String(req.headers['idempotency-key']);
      if (applied.has(key)) return json(res, 409, [{ code: 409, description: 'duplicate idempotency key: already applied' }]);
      applied.add(key);
      req.socket.destroy(); // applied, then the connection drops before the answer
    });
    const h = await host(ep);
    const { seq, idempotencyKey } = await act(h, '1');
    await until(async () => settled(await row(h, seq)));
    expect((await row(h, seq)).lastError).toMatchObject({ mayHaveArrived: true });
    // Sent again when the backoff's pause (1–3 s) ends. An operator's outbox.retry does the same
    // sooner, but raced with the pause's end: a retry of an action the scheduler had just
    // delivered is refused.
    await until(async () => (await row(h, seq)).deliveredAt !== null);
    expect(ep.posts.map((p) => p.key)).toEqual([idempotencyKey, idempotencyKey]);
    expect(JSON.parse(response(h, seq)!)).toMatchObject({ alreadyApplied: true, status: 409, said: 'duplicate idempotency key: already applied' });
  });

  it('to a first try is a refusal like any other', async () => {
    const ep = await listen((_q, _b, res) => json(res, 409, [{ code: 409, description: 'phản ánh đã đóng' }]));
    const h = await host(ep);
    const { seq } = await act(h, '1');
    await until(async () => settled(await row(h, seq)));
    expect(await row(h, seq)).toMatchObject({ deliveredAt: null, rejectedAt: expect.any(String), lastError: { code: 'delivery_rejected' } });
  });
});

describe('refusals keep the endpoint’s words and status; a wrong URL is the endpoint’s failure', () => {
  it('422, 410 and a 404 naming the report are refusals with their own status and words', async () => {
    const ep = await listen((_q, body, res) => {
      const id = (JSON.parse(body) as { service_request_id: string }).service_request_id;
      if (id === '1') return json(res, 422, [{ code: 422, description: 'Không thể giao: phản ánh đã đóng' }]);
      if (id === '2') return json(res, 410, { message: 'request 2 was deleted' });
      if (id === '3') return json(res, 404, [{ code: 404, description: 'service_request_id 3 not found' }]);
      json(res, 200, { ok: true });
    });
    const h = await host(ep);
    const seqs: number[] = [];
    for (const id of ['1', '2', '3', '4']) seqs.push((await act(h, id)).seq);
    await until(async () => (await all(h)).every(settled));
    const items = await all(h);
    const bySeq = (s: number) => items.find((i) => i.seq === s)!;
    expect(bySeq(seqs[0]!).lastError!.en).toContain('(HTTP 422): "Không thể giao: phản ánh đã đóng"');
    expect(bySeq(seqs[1]!).lastError!.en).toContain('(HTTP 410): "request 2 was deleted"');
    expect(bySeq(seqs[2]!).lastError!.en).toContain('(HTTP 404): "service_request_id 3 not found"');
    expect(seqs.slice(0, 3).every((s) => bySeq(s).rejectedAt !== null)).toBe(true);
    expect(bySeq(seqs[3]!).deliveredAt).not.toBeNull();
  });

  it('a 404 page for every POST pauses the outbox once, saying the URL looks wrong, instead of refusing each action', async () => {
    // The first answer is held until all ten actions are queued: each asks for a delivery while the
    // first POST is out, and none may start a second one beside it.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const ep = await listen((_q, _b, res) =>
      void held.then(() => {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>Not Found</h1>');
      }),
    );
    const h = await host(ep, 10, { timeout: 20_000 });
    const seqs: number[] = [];
    for (let i = 1; i <= 10; i++) seqs.push((await act(h, String(i))).seq);
    await until(() => ep.posts.length >= 1);
    release();
    const duringPause = await pauseOfFirstFailure(h, ep, seqs[0]!);
    await call(h, 'feeds.runNow', { id: 'hotline' });
    const items = await all(h);
    expect(items.filter((i) => i.rejectedAt !== null)).toEqual([]);
    expect(items[items.length - 1]!.lastError).toMatchObject({ code: 'not_found', en: expect.stringContaining('sync.actionsEndpoint.url') });
    // One POST while the pause lasts, for all of the ten actions, the run now and the scheduler;
    // after it, the outbox asks again with the head action only, never the ones behind it.
    expect(duringPause()).toHaveLength(1);
    expect(ep.posts.map((p) => p.id).filter((id) => id !== '1')).toEqual([]);
  });
});

describe('the endpoint’s pause holds', () => {
  it('Retry-After holds against new actions and feed runs; only an operator’s retry of the action goes through it', async () => {
    let answer = 429;
    const ep = await listen((_q, _b, res) => (answer === 429 ? json(res, 429, { message: 'slow down' }, { 'retry-after': '120' }) : json(res, 200, { ok: true })));
    const h = await host(ep);
    const { seq } = await act(h, '1');
    await until(async () => settled(await row(h, seq)));
    const head = await row(h, seq);
    expect(Date.parse(head.nextAttemptAt!) - Date.now()).toBeGreaterThan(100_000);
    for (const id of ['2', '3', '4']) await act(h, id);
    await call(h, 'feeds.runNow', { id: 'hotline' }); // delivers what it may, awaited
    await call(h, 'feeds.runNow', {});
    expect(ep.posts).toHaveLength(1);

    // The operator's retry goes through the pause, that action only; still refused, the pause is renewed.
    await call(h, 'outbox.retry', { seq });
    await until(() => ep.posts.length === 2);
    await until(async () => settled(await row(h, seq)));
    await call(h, 'feeds.runNow', { id: 'hotline' });
    expect(ep.posts).toHaveLength(2);
    expect(ep.posts.map((p) => p.id)).toEqual(['1', '1']);

    // Retried again and confirmed: the endpoint takes actions again, the others follow.
    answer = 200;
    await call(h, 'outbox.retry', { seq });
    await until(async () => (await call<OutboxItem[]>(h, 'outbox.list', {})).length === 0);
    expect(ep.posts.map((p) => p.id)).toEqual(['1', '1', '1', '2', '3', '4']);
  });
});

describe('delivery beside the feeds, in bounded batches', () => {
  it('a slow endpoint does not hold up the feeds’ schedule', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const ep = await listen((_q, _b, res) => void held.then(() => json(res, 200, { ok: true })));
    const h = await host(ep, 5, { interval: 1_000, timeout: 20_000 });
    try {
      await act(h, '1');
      await until(() => ep.posts.length === 1);
      const since = Date.now();
      // The POST hangs; the scheduler's ticks keep running the feed on its 1 s interval beside it.
      await until(() => feedHits.filter((t) => t > since).length >= 2, 8_000);
      expect(ep.posts).toHaveLength(1);
    } finally {
      release();
    }
  });

  it('reads the backlog in batches, not once per action', async () => {
    const ep = await listen((_q, _b, res) => json(res, 200, { ok: true }));
    const h = await host(ep, 250);
    const store = h.services.sync.scheduler.store;
    const reads: number[] = [];
    const real = store.deliverableOutbox.bind(store);
    store.deliverableOutbox = (limit?: number) => {
      reads.push(limit ?? 100);
      return real(limit);
    };
    // Queued without delivery rounds between them (as a backlog built while the endpoint was away).
    const { applyHotlineAction } = await import('../../host/sync/hotline-actions');
    for (let i = 1; i <= 250; i++) applyHotlineAction(h.db, { eventId: `hotline:${i}`, action: 'acknowledge' }, 'console:op1', new Date(), 'hotline');
    await h.services.sync.scheduler.pushOutbox();
    await until(async () => (await call<OutboxItem[]>(h, 'outbox.list', {})).length === 0);
    expect(ep.posts).toHaveLength(250);
    expect(Math.max(...reads)).toBeLessThanOrEqual(100); // OUTBOX_BATCH
    expect(reads.filter((l) => l > 1).length).toBeLessThan(20);
  });
});
