import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../host/cli/commands';
import { getCommand } from '../../host/cli/registry';
import { openDatabase } from '../../host/db/open';
import { loadBoundaries } from '../../host/geo/boundaries';
import { backfillDistricts } from '../../host/store/district-backfill';
import { RecordWriter } from '../../host/store/records';
import { configSchema } from '../../host/config/schema';
import { startHost } from '../../host/service';

/** `sync --once` prepares the database as `serve` does, and records stored before the boundaries get a district. */
let dir: string;
let server: Server;
let url: string;
const requests = [
  { service_request_id: 'dx', status: 'open', service_code: '1', requested_datetime: '2026-11-20T08:00:00+07:00', lat: 11.535, long: 106.885 },
  { service_request_id: 'none', status: 'open', service_code: '1', requested_datetime: '2026-11-20T08:00:00+07:00' },
];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-backfill-'));
  server = createServer((_q, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(requests));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/requests.json`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const event = (id: string, lat: number | null, lon: number | null, areaId: string | null = null) => ({
  id, domain: 'hotline' as const, kind: 'k', status: 'received', areaId, lat, lon, title: '', description: '', address: '', agency: null,
  openedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', dueAt: null, closedAt: null, source: 's', attrs: {},
});

describe('districts for synced records', () => {
  it('sync --once on a fresh data folder loads the boundaries first, so the points find their district', async () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ demo: false, feeds: [{ id: 'h', domain: 'hotline', adapter: 'open311', url, retries: 0 }] }));
    const out: string[] = [];
    const code = await getCommand('sync')!.run(['--once', '--config', file, '--data-dir', join(dir, 'fresh')], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    const { db } = openDatabase(join(dir, 'fresh'));
    try {
      expect(db.prepare(`SELECT count(*) FROM areas WHERE level = 'district'`).pluck().get()).toBeGreaterThan(5);
      expect(db.prepare(`SELECT area_id, area_located FROM events WHERE id = 'h:dx'`).get()).toEqual({ area_id: '689', area_located: 1 });
    } finally {
      db.close();
    }
  });

  it('records stored before the boundaries get a district in one pass; a redraw moves located ones only; unchanged boundaries cost nothing', () => {
    const { db } = openDatabase(join(dir, 'old'));
    try {
      const w = new RecordWriter(db);
      db.transaction(() => {
        w.event(event('a', 11.535, 106.885)); // Đồng Xoài, stored before any boundary
        w.event(event('b', 11.535, 106.885, '698')); // the source said 698: never touched
        w.event(event('c', null, null));
      })();
      expect(backfillDistricts(db)).toMatchObject({ changed: 0 }); // no boundaries yet: nothing found
      const areas = loadBoundaries();
      db.transaction(() => areas.forEach((a) => w.area(a)))();
      expect(backfillDistricts(db)).toMatchObject({ checked: 1, changed: 1 });
      const rows = () => db.prepare(`SELECT id, area_id AS areaId, area_located AS located FROM events ORDER BY id`).all();
      expect(rows()).toEqual([
        { id: 'a', areaId: '689', located: 1 },
        { id: 'b', areaId: '698', located: 0 },
        { id: 'c', areaId: null, located: 0 },
      ]);
      expect(backfillDistricts(db)).toBeNull();
      // Redraw: Đồng Xoài's polygon moves away; the located record leaves it, the given one stays.
      const dx = areas.find((a) => a.id === '689')!;
      w.area({ ...dx, geometry: { type: 'Polygon', coordinates: [[[100, 10], [100.1, 10], [100.1, 10.1], [100, 10]]] } });
      const r = backfillDistricts(db)!;
      expect(r.changed).toBe(1);
      expect(rows()[0]).toMatchObject({ id: 'a', located: expect.any(Number) });
      expect(db.prepare(`SELECT area_id FROM events WHERE id = 'a'`).pluck().get()).not.toBe('689');
      expect(rows()[1]).toEqual({ id: 'b', areaId: '698', located: 0 });
    } finally {
      db.close();
    }
  });

  it('a host serves first and back-fills between requests: records stored before the boundaries get their district', async () => {
    const data = join(dir, 'serve');
    const { db } = openDatabase(data);
    const w = new RecordWriter(db);
    db.transaction(() => {
      for (let i = 0; i < 1_200; i++) w.event(event(`e${i}`, 11.535, 106.885));
    })();
    db.close();
    const host = await startHost({ config: configSchema.parse({ demo: false, server: { port: 0 } }), dataDir: data, serveHttp: false });
    try {
      const left = () => host.db.prepare(`SELECT count(*) FROM events WHERE area_id IS NULL`).pluck().get() as number;
      // startHost returned before the pass ended (pages of 100 rows between turns of the event loop).
      expect(left()).toBeGreaterThan(0);
      const until = Date.now() + 10_000;
      while (left() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      expect(left()).toBe(0);
      expect(host.db.prepare(`SELECT DISTINCT area_id FROM events`).pluck().all()).toEqual(['689']);
    } finally {
      await host.close();
    }
  });
});
