import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallRequestInfo } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { canvasSize } from '../../layouts/geometry';
import type { Layout, Wall } from '../../layouts/model';
import { gridWall } from '../../layouts/presets';

let dir: string;
let host: HostService;
const kiosk = { role: 'kiosk' as const, nodeId: 'n-kiosk', name: 'Kiosk UBND' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-wallreq-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir: join(dir, 'data'), serveHttp: false });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

const active = async () => ((await host.dispatcher.call('layout.active', {}, 'test')) as { layout: { id: string } | null }).layout?.id ?? null;

describe('wall requests', () => {
  it('wait for an operator; approved, the wall shows the kiosk preset; a second one from the same kiosk replaces the first', async () => {
    const before = await active();
    const first = (await host.dispatcher.call('wallRequest.create', { domain: 'health', note: 'Y tế' }, kiosk)) as WallRequestInfo;
    expect(first).toMatchObject({ state: 'pending', automatic: false, nodeId: 'n-kiosk', nodeName: 'Kiosk UBND' });
    expect(await active()).toBe(before);
    const second = (await host.dispatcher.call('wallRequest.create', { domain: 'land', areaId: '689', note: 'Đất đai — Đồng Xoài' }, kiosk)) as WallRequestInfo;
    const list = (await host.dispatcher.call('wallRequest.list', { include: 'recent' }, 'test')) as WallRequestInfo[];
    expect(list.find((r) => r.id === first.id)?.state).toBe('expired');
    const decided = (await host.dispatcher.call('wallRequest.decide', { id: second.id, approve: true }, { role: 'console', nodeId: 'n-desk', name: 'Bàn trực' })) as WallRequestInfo;
    expect(decided).toMatchObject({ state: 'approved', automatic: false, decidedBy: 'node:n-desk (Bàn trực)' });
    expect(await active()).toBe('kiosk-request');
    await expect(host.dispatcher.call('wallRequest.decide', { id: second.id, approve: false }, 'test')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a request asked for before the wall was re-gridded is shown over the whole wall as it is when approved', async () => {
    const asked = (await host.dispatcher.call('wallRequest.create', { domain: 'traffic', note: 'Giao thông' }, kiosk)) as WallRequestInfo;
    // The administrator adds a column of displays while the request waits.
    const wall = (await host.dispatcher.call('wall.get', {}, 'test')) as Wall;
    await host.dispatcher.call('wall.save', { wall: gridWall({ cols: 3, rows: 1, id: wall.id, name: wall.name }) }, 'test');
    await host.dispatcher.call('wallRequest.decide', { id: asked.id, approve: true }, 'test');
    const shown = (await host.dispatcher.call('layout.active', {}, 'test')) as { layout: Layout; wall: Wall };
    const { width, height } = canvasSize(shown.wall);
    expect(shown.layout.tiles.map((t) => t.rect)).toEqual([{ x: 0, y: 0, w: width, h: height }]);
  });

  it('a kiosk sees only its own requests', async () => {
    await host.dispatcher.call('wallRequest.create', { domain: 'economy' }, { role: 'kiosk', nodeId: 'n-other', name: 'Kiosk khác' });
    const mine = (await host.dispatcher.call('wallRequest.list', { include: 'recent' }, kiosk)) as WallRequestInfo[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.nodeId === 'n-kiosk')).toBe(true);
  });
});

describe('wall requests without approval', () => {
  it('kiosk.requireApproval false: shown at once and marked automatic', async () => {
    const file = join(dir, 'auto.json');
    writeFileSync(file, JSON.stringify({ kiosk: { requireApproval: false } }));
    const h = await startHost({ config: loadConfig({ file, env: {}, flags: { port: '0', demo: false } }), dataDir: join(dir, 'auto'), serveHttp: false });
    try {
      const r = (await h.dispatcher.call('wallRequest.create', { domain: 'tourism' }, kiosk)) as WallRequestInfo;
      expect(r).toMatchObject({ state: 'approved', automatic: true });
      expect(((await h.dispatcher.call('layout.active', {}, 'test')) as { layout: { id: string } }).layout.id).toBe('kiosk-request');
    } finally {
      await h.close();
    }
  });
});
