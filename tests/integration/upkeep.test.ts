import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StorageStatus } from '../../host/api/contract';
import { checkDisk } from '../../host/cli/doctor-checks';
import { configSchema } from '../../host/config/schema';
import { DiskWatch, diskMessage } from '../../host/db/disk';
import { openDatabase } from '../../host/db/open';
import { lastSweep, sweep, sweepDue, DEFAULT_RETENTION } from '../../host/db/retention';
import { openLog } from '../../host/log';
import { startHost, type HostService } from '../../host/service';
import { RecordWriter } from '../../host/store/records';
import { canMountTmpfs } from './support/tmpfs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-upkeep-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-12-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

describe('retention', () => {
  it('forgets old quarantine, finished outbox, audit and readings; keeps undone actions and monthly aggregates', async () => {
    const { db } = openDatabase(dir);
    const q = db.prepare(
      `INSERT INTO quarantine (feed_id, item_key, reason, raw, count, first_seen, last_seen) VALUES ('f', ?, 'r', '', 1, ?, ?)`,
    );
    q.run('id:old', daysAgo(100), daysAgo(31));
    q.run('id:seen-again', daysAgo(100), daysAgo(2));
    const o = db.prepare(
      `INSERT INTO outbox (idempotency_key, event_id, action, actor, created_at, delivered_at, discarded_at) VALUES (?, 'e', 'note', 'op', ?, ?, ?)`,
    );
    o.run('delivered-old', daysAgo(60), daysAgo(40), null);
    o.run('discarded-old', daysAgo(60), null, daysAgo(40));
    o.run('undone-old', daysAgo(60), null, null);
    o.run('delivered-new', daysAgo(60), daysAgo(3), null);
    const a = db.prepare(`INSERT INTO audit_log (at, actor, action) VALUES (?, 'op', 'x')`);
    a.run(daysAgo(400));
    a.run(daysAgo(300));
    // 12,000 hourly readings: 500 days back to now. The oldest 100 days go, in slices.
    const w = new RecordWriter(db);
    db.transaction(() => {
      for (let h = 0; h < 12_000; h++) w.reading({ stationId: 's1', param: 'pm25', time: new Date(NOW.getTime() - h * 3_600_000).toISOString(), value: 10 });
    })();
    const monthly = () => db.prepare(`SELECT month, sum, n FROM reading_monthly ORDER BY month`).all();
    const before = monthly();
    expect(sweepDue(db, NOW)).toBe(true);

    const r = await sweep(db, DEFAULT_RETENTION, NOW);
    expect(r).toEqual({ quarantine: 1, outbox: 2, audit: 1, readings: 12_000 - 400 * 24 - 1 });
    expect(db.prepare(`SELECT item_key FROM quarantine`).pluck().all()).toEqual(['id:seen-again']);
    expect(db.prepare(`SELECT idempotency_key FROM outbox ORDER BY seq`).pluck().all()).toEqual(['undone-old', 'delivered-new']);
    expect(db.prepare(`SELECT count(*) FROM audit_log`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT min(time) FROM readings`).pluck().get()).toBe(daysAgo(400).replace('.000Z', 'Z'));
    // The environment panel's period views still have every month.
    expect(monthly()).toEqual(before);
    expect(lastSweep(db)).toBe(NOW.toISOString());
    expect(sweepDue(db, new Date(NOW.getTime() + 3_600_000))).toBe(false);
    // New readings still feed the aggregates (the delete trigger is back).
    db.prepare(`DELETE FROM readings WHERE time = (SELECT max(time) FROM readings)`).run();
    expect((monthly().at(-1) as { n: number }).n).toBe((before.at(-1) as { n: number }).n - 1);
    db.close();
  });
});

describe('log file', () => {
  it('rotates at its size cap and keeps a bounded number of files', () => {
    const log = openLog(dir, { maxBytes: 2_000, files: 3, stderr: false });
    for (let i = 0; i < 300; i++) log.write(i % 2 ? 'sync' : 'host', 'info', `line ${i} ${'x'.repeat(40)}`);
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['ioc-wall.log', 'ioc-wall.log.1', 'ioc-wall.log.2']);
    for (const f of files) expect(statSync(join(dir, 'logs', f)).size).toBeLessThanOrEqual(2_000);
    const current = readFileSync(log.file, 'utf8').trim().split('\n');
    expect(current.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT.*Z sync {4}info  line 299 x+$/);
    const older = readFileSync(`${log.file}.1`, 'utf8').trim().split('\n');
    expect(Number(/line (\d+)/.exec(older.at(-1)!)![1]) + 1).toBe(Number(/line (\d+)/.exec(current[0]!)![1]));
    log.write('host', 'warn', 'two\nlines');
    expect(readFileSync(log.file, 'utf8')).toMatch(/two ⏎ lines\n$/);
  });
});

describe('disk watch', () => {
  it('warns under the threshold, pauses on a full disk, and lifts it once space is back', () => {
    let free = 5 * 1024 ** 3;
    const changes: string[] = [];
    const w = new DiskWatch(dir, 1024 ** 3, (s) => changes.push(`${s.full ? 'full' : 'ok'}/${s.low ? 'low' : 'room'}`), () => NOW, () => free);
    expect(w.status()).toMatchObject({ full: false, low: false, freeBytes: 5 * 1024 ** 3 });
    free = 500 * 1024 ** 2;
    w.check();
    expect(diskMessage(w.status())!.vi).toMatch(/^Ổ đĩa sắp đầy: còn 0\.5 GB/);
    w.markFull('SQLITE_FULL database or disk is full');
    expect(w.full).toBe(true);
    expect(diskMessage(w.status())!.vi).toMatch(/^Ổ đĩa đầy/);
    w.check(); // still under the threshold: stays full
    expect(w.full).toBe(true);
    free = 3 * 1024 ** 3;
    w.check();
    expect(w.full).toBe(false);
    expect(changes).toEqual(['ok/low', 'full/low', 'ok/room']);
    expect(checkDisk(dir, null, () => 10 * 1024 ** 2)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/^Ổ đĩa đầy/) });
    expect(checkDisk(dir, null, () => 200 * 1024 ** 2)).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/^Ổ đĩa sắp đầy/) });
    expect(checkDisk(dir, null, () => 20 * 1024 ** 3)).toMatchObject({ verdict: 'ok' });
  });
});

/** A feed of `n` Open311 reports on 127.0.0.1. */
function reportsServer(n: number): Promise<{ url: string; server: Server }> {
  const body = JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      service_request_id: `D-${i}`,
      status: 'open',
      service_code: 'hotline.infrastructure',
      description: `Phản ánh ${i} ${'chi tiết '.repeat(20)}`,
      requested_datetime: '2026-11-20T08:00:00+07:00',
      updated_datetime: '2026-11-20T08:00:00+07:00',
      lat: 11.5,
      long: 106.9,
    })),
  );
  const server = createServer((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

describe('disk full', () => {
  let feed: { url: string; server: Server };
  beforeAll(async () => {
    feed = await reportsServer(4_000);
  });
  afterAll(() => feed.server.close());

  const config = (dataDir: string) =>
    configSchema.parse({
      demo: false,
      dataDir,
      server: { port: 0 },
      disk: { warnBelowMB: 0 },
      feeds: [{ id: 'h', domain: 'hotline', adapter: 'open311', url: `${feed.url}/r.json`, retries: 0, interval: 3_600_000, options: { statusMap: { open: 'received' }, pageSize: 10_000 } }],
    });

  async function expectFullButServing(h: HostService) {
    const [r] = (await h.dispatcher.call('feeds.runNow', { id: 'h' }, 'test')) as { ok: boolean; error: { code: string; vi: string } | null }[];
    expect(r!.ok).toBe(false);
    expect(r!.error).toMatchObject({ code: 'disk_full', vi: expect.stringMatching(/^Ổ đĩa đầy/) });
    const status = (await h.dispatcher.call('storage.status', {}, 'test')) as StorageStatus;
    expect(status.disk.full).toBe(true);
    expect(status.message!.vi).toMatch(/^Ổ đĩa đầy/);
    // Sync is paused (the outbox waits too); the screens keep being served.
    expect(await h.services.sync.scheduler.pushOutbox()).toBeNull();
    expect(((await fetch(`${h.url}/healthz`)).status)).toBe(200);
    expect(Array.isArray(await h.dispatcher.call('freshness.list', {}, 'test'))).toBe(true);
  }

  it('a database at its size limit (PRAGMA max_page_count): clear error, banner, sync paused, screens served', async () => {
    const dataDir = join(dir, 'data');
    const h = await startHost({ config: config(dataDir), dataDir, rendererDir: null });
    const events: string[] = [];
    h.connect((m) => {
      if (m.type === 'event') events.push(m.event);
    }).receive({ type: 'subscribe', event: 'storage.changed' });
    try {
      const pages = h.db.pragma('page_count', { simple: true }) as number;
      h.db.pragma(`max_page_count = ${pages + 8}`);
      await expectFullButServing(h);
      expect(events).toContain('storage.changed');
      expect(readFileSync(h.log.file, 'utf8')).toMatch(/error Disk full/);
      expect(h.db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0);
    } finally {
      await h.close();
    }
  });

  let mounted: string | null = null;
  const canMount = canMountTmpfs;
  afterEach(() => {
    if (mounted) execFileSync('umount', ['-l', mounted], { stdio: 'ignore' });
    mounted = null;
  });

  // CI runs as root: a real 24 MB file system that fills up (skipped where mounting is not allowed).
  it.skipIf(!canMount)('a real full file system (tmpfs): SQLITE_FULL is caught, and sync resumes when space is freed', async () => {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt]);
    mounted = mnt;
    const dataDir = join(mnt, 'data');
    const h = await startHost({ config: config(dataDir), dataDir, rendererDir: null });
    try {
      // Fill what is left with a file, leaving a few pages.
      const filler = join(mnt, 'filler');
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch {
        // ENOSPC: the disk is full
      } finally {
        closeSync(fd);
      }
      await expectFullButServing(h);
      rmSync(filler);
      h.services.maintenance!.disk.check();
      expect((h.services.maintenance!.status()).disk.full).toBe(false);
      const [again] = (await h.dispatcher.call('feeds.runNow', { id: 'h' }, 'test')) as { ok: boolean; error: unknown }[];
      expect(again!.error).toBeNull();
      expect(again!.ok).toBe(true);
      expect(h.db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(4_000);
    } finally {
      await h.close();
    }
    expect(existsSync(join(dataDir, 'ioc-wall.db'))).toBe(true);
    const db = new Database(join(dataDir, 'ioc-wall.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
