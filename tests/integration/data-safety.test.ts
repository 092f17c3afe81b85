import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../host/api/contract';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import { initialFeedState } from '../../sync/store';
import { feedConfigSchema } from '../../sync/feeds/config';
import { testDb, type TestDb } from './sync/helpers';
import { open311Report } from './support/open311-report';

/** Quarantine without growth, figures scoped by source, the outbox ordered per report. */

function listen(handler: (req: IncomingMessage, body: string) => { status: number; body: unknown }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      const r = handler(req, body);
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}


describe('quarantine', () => {
  let t: TestDb;
  let srv: { url: string; server: Server };
  beforeAll(async () => {
    srv = await listen(() => ({ status: 200, body: [open311Report('1'), open311Report('2', { requested_datetime: '20/11/2026 08:00' }), 42] }));
    t = testDb();
  });
  afterAll(async () => {
    srv.server.close();
    await t.close();
  });

  it('keeps one row per (feed, item, reason): a broken item seen on every run only counts up', async () => {
    const feed = feedConfigSchema.parse({
      id: 'h',
      domain: 'hotline',
      adapter: 'open311',
      url: `${srv.url}/requests.json`,
      retries: 0,
      options: { statusMap: { open: 'received' } },
    });
    for (let i = 0; i < 5; i++) {
      const r = await t.run(feed);
      expect(r.ok).toBe(true);
      expect(r.counts.quarantined).toBe(2);
    }
    const rows = t.db.prepare(`SELECT item_key, count, first_seen <= last_seen AS ordered FROM quarantine ORDER BY item_key`).all();
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { item_key: 'id:2', count: 5, ordered: 1 },
        { item_key: expect.stringMatching(/^sha1:/), count: 5, ordered: 1 },
      ]),
    );
    expect(t.count('events')).toBe(1);
  });
});

describe('figures are scoped by source', () => {
  let t: TestDb;
  beforeAll(() => {
    t = testDb();
  });
  afterAll(() => t.close());
  const obs = (source: string, value: number, period = '2025') => ({
    domain: 'economy' as const,
    indicator: 'economy.grdp',
    areaId: '70',
    period,
    value,
    source,
    updatedAt: '2026-01-01T00:00:00Z',
  });
  const value = (period = '2025') =>
    t.db.prepare(`SELECT value, source, manual FROM observations WHERE indicator = 'economy.grdp' AND period = ?`).get(period);

  it('a feed neither overwrites nor deletes another feed’s figure or an operator’s; its own, it does', async () => {
    const st = (f: string) => initialFeedState(f);
    expect(t.store.applyBatch('a', { observations: [obs('a', 1)] }, [], st('a')).inserted).toBe(1);
    // Feed b sends the same key: kept as a's, noted in b's quarantine with the owner's name.
    const b = t.store.applyBatch('b', { observations: [obs('b', 2)] }, [], st('b'));
    expect(b).toMatchObject({ inserted: 0, updated: 0, quarantined: 1 });
    expect(value()).toEqual({ value: 1, source: 'a', manual: 0 });
    expect(t.db.prepare(`SELECT reason FROM quarantine WHERE feed_id = 'b'`).pluck().get()).toMatch(/belongs to source "a"/);
    // b's SDMX Delete of that key removes nothing.
    const del = { deleteObservations: [{ indicator: 'economy.grdp', areaId: '70', period: '2025' }] };
    expect(t.store.applyBatch('b', del, [], st('b')).deleted).toBe(0);
    expect(value()).toMatchObject({ value: 1 });
    // a updates and deletes its own.
    expect(t.store.applyBatch('a', { observations: [obs('a', 3)] }, [], st('a')).updated).toBe(1);
    expect(t.store.applyBatch('a', del, [], st('a')).deleted).toBe(1);
    expect(value()).toBeUndefined();

    // An operator's figure (observation.put) wins over every feed, its owner included.
    const config = configSchema.parse({ demo: false, server: { port: 0 } });
    t.store.applyBatch('a', { observations: [obs('a', 5, '2024')] }, [], st('a'));
    const h = await startHost({ config, dataDir: t.dir, serveHttp: false });
    try {
      await h.dispatcher.call('observation.put', obs('Sở Tài chính', 7, '2024'), 'admin');
    } finally {
      await h.close();
    }
    expect(value('2024')).toEqual({ value: 7, source: 'Sở Tài chính', manual: 1 });
    expect(t.store.applyBatch('a', { observations: [obs('a', 8, '2024')] }, [], st('a')).quarantined).toBe(1);
    expect(t.store.applyBatch('a', { deleteObservations: [{ indicator: 'economy.grdp', areaId: '70', period: '2024' }] }, [], st('a')).deleted).toBe(0);
    expect(value('2024')).toEqual({ value: 7, source: 'Sở Tài chính', manual: 1 });
    expect(t.db.prepare(`SELECT reason FROM quarantine WHERE feed_id = 'a'`).pluck().get()).toMatch(/operator entered/);
  });
});

describe('outbox in order per report, with operator retry and discard', () => {
  let dir: string;
  let feeds: { url: string; server: Server };
  let actions: { url: string; server: Server };
  const received: { key: string; id: string; action: string }[] = [];
  /** Reports the endpoint refuses (422), by service_request_id. */
  const refuse = new Set<string>(['2']);
  let h: HostService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-outbox-order-'));
    feeds = await listen(() => ({ status: 200, body: [open311Report('1'), open311Report('2'), open311Report('3')] }));
    actions = await listen((req, body) => {
      const b = JSON.parse(body) as { service_request_id: string; action: string };
      if (refuse.has(b.service_request_id)) return { status: 422, body: { error: 'unknown request' } };
      received.push({ key: String(req.headers['idempotency-key']), id: b.service_request_id, action: b.action });
      return { status: 200, body: { ok: true } };
    });
    const config = configSchema.parse({
      demo: false,
      server: { port: 0 },
      feeds: [
        { id: 'hotline', domain: 'hotline', adapter: 'open311', url: `${feeds.url}/requests.json`, interval: 3_600_000, retries: 0, options: { statusMap: { open: 'received' } } },
        { id: 'other', domain: 'hotline', adapter: 'geojson', url: `${feeds.url}/x.geojson`, enabled: false, mapping: { kind: 'event', id: 'id' } },
      ],
      sync: { actionsEndpoint: { url: `${actions.url}/actions.json`, timeout: 2000, feed: 'hotline' } },
    });
    h = await startHost({ config, dataDir: dir, serveHttp: false });
    await h.dispatcher.call('feeds.runNow', { id: 'hotline' }, 'test');
  });
  afterAll(async () => {
    await h.close();
    feeds.server.close();
    actions.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = <T>(method: string, params: unknown) => h.dispatcher.call(method, params, 'console:op1') as Promise<T>;
  const outbox = () => call<OutboxItem[]>('outbox.list', {});
  async function until(check: () => Promise<boolean> | boolean, ms = 10_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('a refused action waits for an operator and blocks only its own report', async () => {
    await call('hotline.act', { eventId: 'hotline:2', action: 'acknowledge' });
    await call('hotline.act', { eventId: 'hotline:2', action: 'resolve', note: 'xong' });
    await call('hotline.act', { eventId: 'hotline:1', action: 'acknowledge' });
    await call('hotline.act', { eventId: 'hotline:3', action: 'note', note: 'đã gọi' });
    // The endpoint has an action before the host marks it delivered (and report 2's refusal is
    // recorded on its own schedule): wait for the outbox to settle, not for the endpoint.
    await until(async () => {
      const rows = await outbox();
      return rows.length === 2 && rows.every((w) => w.eventId === 'hotline:2') && rows[0]!.rejectedAt !== null;
    });
    expect(received.map((r) => [r.id, r.action])).toEqual([
      ['1', 'acknowledge'],
      ['3', 'note'],
    ]);
    const waiting = await outbox();
    expect(waiting.map((w) => [w.eventId, w.action, w.rejectedAt !== null])).toEqual([
      ['hotline:2', 'acknowledge', true],
      ['hotline:2', 'resolve', false],
    ]);
    expect(waiting[0]!.lastError!.en).toMatch(/refused the action \(HTTP 422\).*retry or discard/);

    // Retry while the endpoint still refuses: refused again, nothing else moves.
    await call('outbox.retry', { seq: waiting[0]!.seq });
    await until(async () => (await outbox())[0]!.rejectedAt !== null);
    // The endpoint learns the report; the operator retries; both of report 2's actions go, in order.
    refuse.delete('2');
    await call('outbox.retry', { seq: waiting[0]!.seq });
    await until(async () => (await outbox()).length === 0);
    expect(received.slice(2).map((r) => [r.id, r.action])).toEqual([
      ['2', 'acknowledge'],
      ['2', 'resolve'],
    ]);
    const audit = h.db.prepare(`SELECT actor, action FROM audit_log WHERE action LIKE 'outbox.%' ORDER BY id`).all();
    expect(audit).toEqual([
      { actor: 'console:op1', action: 'outbox.retry' },
      { actor: 'console:op1', action: 'outbox.retry' },
    ]);
  });

  it('discarding a refused action lets the report’s next one go; both stay on record', async () => {
    refuse.add('3');
    await call('hotline.act', { eventId: 'hotline:3', action: 'assign', agency: 'Sở GTVT' });
    await call('hotline.act', { eventId: 'hotline:3', action: 'resolve', note: 'xong' });
    await until(async () => (await outbox())[0]?.rejectedAt != null);
    const [head] = await outbox();
    refuse.delete('3');
    const discarded = await call<OutboxItem>('outbox.discard', { seq: head!.seq });
    expect(discarded).toMatchObject({ discardedBy: 'console:op1' });
    await until(async () => (await outbox()).length === 0);
    expect(received.at(-1)).toMatchObject({ id: '3', action: 'resolve' });
    expect(received.some((r) => r.id === '3' && r.action === 'assign')).toBe(false);
    const all = await call<OutboxItem[]>('outbox.list', { includeDelivered: true });
    expect(all.find((i) => i.seq === head!.seq)).toMatchObject({ discardedAt: expect.any(String), deliveredAt: null });
    await expect(call('outbox.discard', { seq: head!.seq })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('outbox.retry', { seq: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
    expect(h.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'outbox.discard'`).pluck().get()).toBe(1);
  });

  it('refuses actions on reports that did not come from the feed tied to the endpoint', async () => {
    h.db
      .prepare(
        `INSERT INTO events (id, domain, kind, status, title, description, address, opened_at, updated_at, source)
         VALUES ('other:9', 'hotline', 'hotline.infrastructure', 'received', 't', '', '', '2026-11-20T01:00:00Z', '2026-11-20T01:00:00Z', 'other')`,
      )
      .run();
    await expect(call('hotline.act', { eventId: 'other:9', action: 'acknowledge' })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/not from "hotline", the feed tied to the actions endpoint/),
    });
    expect(h.db.prepare(`SELECT status FROM events WHERE id = 'other:9'`).pluck().get()).toBe('received');
    expect(h.db.prepare(`SELECT count(*) FROM outbox WHERE event_id = 'other:9'`).pluck().get()).toBe(0);
  });
});

describe('the feed tied to the actions endpoint', () => {
  it('is actionsEndpoint.feed, else the only enabled Open311 feed, else none (and every action says what to set)', async () => {
    const { tiedFeed } = await import('../../host/sync/outbox');
    const { applyHotlineAction } = await import('../../host/sync/hotline-actions');
    const f = (id: string, adapter = 'open311', enabled = true) =>
      feedConfigSchema.parse({ id, domain: 'hotline', adapter, url: 'http://127.0.0.1:9/x', enabled, ...(adapter === 'geojson' ? { mapping: { kind: 'event', id: 'id' } } : {}) });
    const ep = { url: 'http://127.0.0.1:9/a', auth: { type: 'none' as const }, timeout: 1000 };
    expect(tiedFeed({ ...ep, feed: 'x' }, [f('a'), f('b')])).toBe('x');
    expect(tiedFeed(ep, [f('a'), f('b', 'open311', false), f('c', 'geojson')])).toBe('a');
    expect(tiedFeed(ep, [f('a'), f('b')])).toBeNull();
    const t = testDb();
    try {
      t.db
        .prepare(
          `INSERT INTO events (id, domain, kind, status, title, description, address, opened_at, updated_at, source)
           VALUES ('a:1', 'hotline', 'k', 'received', 't', '', '', '2026-11-20T01:00:00Z', '2026-11-20T01:00:00Z', 'a')`,
        )
        .run();
      expect(() => applyHotlineAction(t.db, { eventId: 'a:1', action: 'acknowledge' }, 'op', new Date(), null)).toThrow(
        /set sync\.actionsEndpoint\.feed/,
      );
      expect(applyHotlineAction(t.db, { eventId: 'a:1', action: 'acknowledge' }, 'op', new Date(), 'a').status).toBe('inProgress');
      expect(t.db.prepare(`SELECT feed_id FROM outbox`).pluck().get()).toBe('a');
    } finally {
      await t.close();
    }
  });
});
