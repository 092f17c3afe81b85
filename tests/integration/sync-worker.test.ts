import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyHostPriority } from '../../host/priority';
import { runFeed } from '../../sync/engine';
import { feedConfigSchema } from '../../sync/feeds/config';
import { SyncError } from '../../sync/http/errors';
import { sliceBatch } from '../../sync/worker/slices';
import { testDb, type TestDb } from './sync/helpers';

/** Sync off the screens' thread: the adapter runs in a worker, the host stores slices. */

const N = 3_000;
const item = (i: number) => ({
  service_request_id: `W-${i}`,
  status: 'open',
  service_code: 'hotline.infrastructure',
  description: `Phản ánh ${i}`,
  requested_datetime: '2026-11-20T08:00:00+07:00',
  updated_datetime: '2026-11-20T08:00:00+07:00',
  lat: 11.5,
  long: 106.9,
});
const body = JSON.stringify(Array.from({ length: N }, (_, i) => item(i)));

let server: Server;
let url: string;
let hold: (() => void) | null = null;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url!.startsWith('/fail')) {
      res.writeHead(503, { 'retry-after': '120' }).end('down');
      return;
    }
    if (req.url!.startsWith('/slow')) {
      // Headers go at once, the body never: the run is stuck inside the worker until stopped.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      hold = () => res.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  hold?.();
  server.close();
});

let t: TestDb;
afterEach(() => t?.close());

const feed = (path: string) =>
  feedConfigSchema.parse({
    id: 'w',
    domain: 'hotline',
    adapter: 'open311',
    url: `${url}${path}`,
    retries: 0,
    timeout: 60_000,
    options: { pageSize: N + 1, statusMap: { open: 'received' } },
  });

describe('sync worker', () => {
  it('parses the answer in the worker: this thread’s JSON.parse never sees the body', async () => {
    t = testDb();
    const parse = JSON.parse;
    let bigParses = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
      if (typeof text === 'string' && text.length > 100_000) bigParses++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    let batches = 0;
    try {
      const r = await runFeed(feed('/requests.json'), { store: t.store, http: t.http, worker: {}, onBatch: () => batches++ });
      expect(r.error).toBeNull();
      // Three asks of a server that ignores every parameter: a short page that moved the keyset is
      // followed by one more (a server may cap page_size); that one is as long as the longest of
      // the run, so full, and brings only what was seen: the next page of it (a group sharing one
      // time may be longer than a page) brings the same again, which ends the run.
      expect(r.counts).toMatchObject({ fetched: N, inserted: N, requests: 3 });
      expect(r.counts.bytes).toBeGreaterThan(body.length / 2);
    } finally {
      JSON.parse = parse;
    }
    expect(bigParses).toBe(0);
    // Stored in slices of 250 events, each its own short transaction.
    expect(batches).toBe(N / 250);
    expect(t.count('events')).toBe(N);

    // The same run on this thread is the baseline: its JSON.parse does see the body.
    const local = testDb();
    try {
      JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
        if (typeof text === 'string' && text.length > 100_000) bigParses++;
        return parse(text, reviver);
      }) as typeof JSON.parse;
      const r = await runFeed(feed('/requests.json'), { store: local.store, http: local.http });
      expect(r.counts.inserted).toBe(N);
    } finally {
      JSON.parse = parse;
      await local.close();
    }
    // The run's three asks (this server answers every ask with the whole list).
    expect(bigParses).toBe(3);
  });

  it('carries the endpoint’s error (code, Retry-After) back from the worker', async () => {
    t = testDb();
    const r = await runFeed(feed('/fail'), { store: t.store, http: t.http, worker: {} });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'unavailable' });
    expect(r.retryAfterMs).toBe(120_000);
    expect(t.store.getFeedState('w').lastError?.code).toBe('unavailable');
  });

  it('stopping the host ends a run stuck in the worker at once', async () => {
    t = testDb();
    const stop = new AbortController();
    const run = runFeed(feed('/slow'), { store: t.store, http: t.http, worker: {}, signal: stop.signal });
    const end = Date.now() + 10_000;
    while (!hold && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(hold).not.toBeNull();
    stop.abort(new Error('sync stopped'));
    const r = await run;
    expect(r.ok).toBe(false);
    expect(r.error?.en).toMatch(/sync stopped/);
  });
});

/** Each thread of this process and its niceness (Linux: field 19 of /proc/self/task/TID/stat). */
function threadNiceness(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      out.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

// Raising a priority needs root (or CAP_SYS_NICE) on Linux; CI runs as root.
const canRaise = process.platform === 'linux' && process.getuid?.() === 0;

describe('sync worker priority', () => {
  it.skipIf(!canRaise)('runs at normal priority while the host’s serving thread is raised', async () => {
    t = testDb();
    const raised = applyHostPriority('above-normal');
    const stop = new AbortController();
    let run: ReturnType<typeof runFeed> | null = null;
    try {
      expect(raised.now).toBe(-7);
      // libuv makes its whole thread pool at the first queued job: made now, not counted as the worker's.
      await readFile(import.meta.filename);
      const before = new Set(threadNiceness().keys());
      hold = null;
      run = runFeed(feed('/slow'), { store: t.store, http: t.http, worker: {}, signal: stop.signal });
      // The worker asked for the body: its code is loaded and running.
      const end = Date.now() + 10_000;
      while (!hold && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(hold).not.toBeNull();
      const now = threadNiceness();
      const fresh = [...now].filter(([tid]) => !before.has(tid));
      // A new thread inherits its maker's niceness (-7 here): the worker's must have put itself back.
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh.map(([, nice]) => nice)).toEqual(fresh.map(() => 0));
      expect(now.get(String(process.pid))).toBe(-7);
    } finally {
      stop.abort(new Error('sync stopped'));
      await run;
      raised.restore();
    }
    expect(threadNiceness().get(String(process.pid))).toBe(raised.before);
  });
});

describe('sliceBatch', () => {
  it('cuts across kinds by cost, keeps every record once, and moves the state only with the last slice', () => {
    const obs = Array.from({ length: 7 }, (_, i) => ({ i }));
    const ev = Array.from({ length: 5 }, (_, i) => ({ e: i }));
    const q = Array.from({ length: 3 }, (_, i) => ({ externalId: String(i), reason: 'r', raw: null }));
    const batch = { records: { observations: obs, events: ev } as never, quarantined: q, fetched: 15, state: { watermark: 'w' }, notModified: false };
    // An observation costs 1, an event 4 (district lookup, aggregates): 8 per slice.
    const slices = sliceBatch(batch, 8);
    expect(slices.map((s) => [s.records.observations?.length ?? 0, s.records.events?.length ?? 0, s.quarantined.length])).toEqual([
      [7, 1, 0],
      [0, 2, 0],
      [0, 2, 0],
      [0, 0, 3],
    ]);
    expect(slices.flatMap((s) => s.records.observations ?? [])).toEqual(obs);
    expect(slices.flatMap((s) => s.records.events ?? [])).toEqual(ev);
    expect(slices.flatMap((s) => s.quarantined)).toEqual(q);
    expect(slices.slice(0, -1).every((s) => s.fetched === 0 && Object.keys(s.state).length === 0)).toBe(true);
    expect(slices.at(-1)).toMatchObject({ fetched: 15, state: { watermark: 'w' } });
    expect(sliceBatch(batch, 100)).toEqual([batch]);
  });

  it('puts deletes in the slices before the observations, as the store applies them within a batch', () => {
    // An SDMX message that deletes a series and sends it anew: the adapter kept only the new
    // figures, so a slice of the deletes written after them would remove them again.
    const obs = Array.from({ length: 4 }, (_, i) => ({ i }));
    const del = [{ indicator: 'FDI', areaId: '70' }];
    const batch = { records: { observations: obs, deleteObservations: del } as never, quarantined: [], fetched: 5, state: {} };
    const slices = sliceBatch(batch, 2);
    expect(slices[0]!.records.deleteObservations).toEqual(del);
    expect(slices.flatMap((s) => s.records.observations ?? [])).toEqual(obs);
  });
});
