import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { logFileOf } from '../../host/log';
import { startHost } from '../../host/service';
import type { Flags } from '../../host/config/sources';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (flags: Flags = {}, file?: string) =>
  loadConfig({ env: {}, file, flags: { port: '0', ...flags } });

const writeJson = (value: unknown) => {
  const file = join(dir, 'host.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
};

const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('startHost', () => {
  it('seeds the demo dataset on the first start only, and keeps data across restarts', async () => {
    const now = new Date('2025-06-15T03:00:00Z');
    const first = await startHost({ config: config(), dataDir: dir, serveHttp: false, now });
    expect(first.startup).toMatchObject({ createdDatabase: true, seeded: true });
    expect(first.url).toBeNull();
    expect(count(first.db, 'observations')).toBeGreaterThan(0);
    expect(count(first.db, 'events')).toBeGreaterThan(0);
    const link: unknown[] = [];
    const session = first.connect((m) => link.push(m), 'test');
    session.receive({ type: 'request', id: 1, method: 'host.info', params: {} });
    // The answer comes when the handler has run, not after any fixed time.
    await vi.waitFor(() => expect(link[0]).toMatchObject({ type: 'response', result: { demo: true } }), { timeout: 10_000 });
    const rows = count(first.db, 'observations');
    await first.close();

    const again = await startHost({ config: config(), dataDir: dir, serveHttp: false, now });
    expect(again.startup).toMatchObject({ createdDatabase: false, seeded: false, seedMs: null });
    expect(count(again.db, 'observations')).toBe(rows);
    await again.close();
  });

  it.skipIf(process.platform !== 'linux' || process.getuid?.() !== 0)('raises its serving thread to above-normal (server.priority), logs it, and puts it back on close', async () => {
    const start = getPriority(0);
    const host = await startHost({ config: config({ demo: false }), dataDir: dir, serveHttp: false });
    expect(host.priority).toMatchObject({ wanted: -7, now: -7, refused: null });
    expect(getPriority(0)).toBe(-7);
    await host.close();
    expect(getPriority(0)).toBe(start);
    expect(readFileSync(logFileOf(dir), 'utf8')).toContain(`serving thread niceness -7 (was ${start})`);
    const normal = await startHost({ config: loadConfig({ env: {}, file: writeJson({ server: { port: 0, priority: 'normal' } }) }), dataDir: dir, serveHttp: false });
    expect(normal.priority.now).toBe(start);
    expect(getPriority(0)).toBe(start);
    await normal.close();
  });

  it('with demo off, loads only the boundaries so the map still draws', async () => {
    const host = await startHost({ config: config({ demo: false }), dataDir: dir, serveHttp: false });
    expect(host.startup.seeded).toBe(false);
    expect(count(host.db, 'observations')).toBe(0);
    expect(count(host.db, 'areas')).toBeGreaterThanOrEqual(11);
    await host.close();
  });

  it("re-applies an installer's boundaries file on every start", async () => {
    const square = (x: number) => ({
      type: 'Polygon',
      coordinates: [[[x, 11], [x + 0.1, 11], [x + 0.1, 11.1], [x, 11.1], [x, 11]]],
    });
    const geo = join(dir, 'official.geojson');
    writeFileSync(
      geo,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { gso_code: '689', name: 'Đồng Xoài (official)', kind: 'thành phố' }, geometry: square(106.8) }],
      }),
    );
    const first = await startHost({ config: config({ demo: false }), dataDir: join(dir, 'data'), serveHttp: false });
    await first.close();
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ boundaries: { file: geo }, demo: false }));
    const host = await startHost({ config: config({}, file), dataDir: join(dir, 'data'), serveHttp: false });
    expect(host.db.prepare(`SELECT name FROM areas WHERE id='689'`).pluck().all()).toContain('Đồng Xoài (official)');
    await host.close();
  });

  it('refuses a newer database and a busy port with what to do', async () => {
    const raw = new Database(join(dir, 'ioc-wall.db'));
    raw.pragma('user_version = 999');
    raw.close();
    await expect(startHost({ config: config(), dataDir: dir })).rejects.toThrow(/newer IOC Wall/);

    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startHost({ config: config({ port: String(port), demo: false }), dataDir: join(dir, 'other') })).rejects.toThrow(
        new RegExp(`Port ${port} on 127.0.0.1 is already in use.*--port`),
      );
    } finally {
      blocker.close();
    }
  });
});
