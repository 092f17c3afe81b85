import { Room } from '../../host/room/room';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveLayout, PresetRecord } from '../../host/api/contract';
import { createDispatcher, type Dispatcher } from '../../host/api/dispatcher';
import { ApiError } from '../../host/api/errors';
import { HANDLERS } from '../../host/api/handlers';
import { loadConfig } from '../../host/config/load';
import { openDatabase } from '../../host/db/open';
import { createServices, stopServices } from '../../host/service';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { RecordWriter } from '../../host/store/records';
import { canvasSize, checkLayout, displayViewport } from '../../layouts/geometry';
import type { Layout, Wall } from '../../layouts/model';
import { gridWall } from '../../layouts/presets';
import type { Caller } from '../../host/room/caller';
import { refusedForItsWall } from '../../renderer/console/layout-editor/import-refusal';

let dir: string;
let d: Dispatcher;
let close: () => Promise<void>;
let events: { event: string; data: ActiveLayout }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-layouts-api-'));
  const { db } = openDatabase(dir);
  const config = loadConfig({ env: {} });
  // The HostApi without a server: the host's own composition root, no maintenance.
  const services = createServices({ db, config, dataDir: dir, emit: (e, data) => d.emit(e, data), secrets: FileSecretStore.inDataDir(dir), maintenance: null });
  d = createDispatcher({ db, records: new RecordWriter(db), config, dataDir: dir, room: new Room(db), services }, HANDLERS);
  events = [];
  d.on('layout.changed', (event, data) => events.push({ event, data: data as ActiveLayout }));
  close = async () => {
    await stopServices(services);
    db.close();
  };
});
afterEach(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

const call = <T>(m: string, p: unknown = {}) => d.call(m, p, 'test') as Promise<T>;

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('layouts HostApi', () => {
  it('serves the bundled wall and the default preset as the active layout', async () => {
    const wall = await call<Wall>('wall.get');
    expect(wall.displays.map((x) => x.id)).toEqual(['d1', 'd2']);
    const active = await call<ActiveLayout>('layout.active');
    expect(active.layout?.name).toBe('Tổng quan tỉnh');
    expect(active.resolution.reason).toBe('default');
  });

  it('saves a preset and refuses an invalid one, listing every problem by path', async () => {
    const wall = await call<Wall>('wall.get');
    const vp = displayViewport(wall, 'd1');
    const ok: Layout = {
      id: 'mine',
      name: 'Của tôi',
      wallId: wall.id,
      tiles: [{ id: 't1', panel: 'traffic', view: '', options: {}, rect: { x: vp.x, y: vp.y, w: 2000, h: 500 } }],
    };
    const rec = await call<PresetRecord>('preset.save', { layout: ok });
    expect(rec.bundled).toBe(false);
    expect((await call<PresetRecord[]>('preset.list')).map((p) => p.id)).toContain('mine');

    const bad: Layout = {
      ...ok,
      tiles: [
        ...ok.tiles,
        { id: 't2', panel: 'health', view: '', options: {}, rect: { x: 100, y: 100, w: 300, h: 300 } },
        { id: 't3', panel: 'clock', view: '', options: {}, rect: { x: 3800, y: 0, w: 500, h: 200 } },
      ],
    };
    const err = await rejection(call('preset.save', { layout: bad }));
    expect(err.code).toBe('invalid_params');
    expect(err.issues!.map((i) => i.path).sort()).toEqual(['layout.tiles.1.rect', 'layout.tiles.2.rect']);
    expect(err.issues!.map((i) => i.message).join(' ')).toMatch(/overlaps.*|leaves the/);
    // Nothing changed.
    expect((await call<PresetRecord>('preset.get', { id: 'mine' })).tiles).toHaveLength(1);
  });

  it('"show on wall" switches the wall for every display via layout.changed', async () => {
    await call('layout.active');
    events = [];
    const active = await call<ActiveLayout>('preset.activate', { id: 'emergency' });
    expect(active.layout?.id).toBe('emergency');
    expect(active.resolution.reason).toBe('manual');
    expect(events).toHaveLength(1);
    expect(events[0]!.data.layout?.id).toBe('emergency');
    expect(events[0]!.data.wall.id).toBe('main');
    const released = await call<ActiveLayout>('layout.release');
    expect(released.layout?.id).toBe('overview');
    expect(events.at(-1)!.data.layout?.id).toBe('overview');
  });

  it('cueing a preset tells the displays to prepare it and changes nothing on screen', async () => {
    const cues: unknown[] = [];
    d.on('layout.cued', (_e, data) => cues.push(data));
    await call('layout.active');
    events = [];
    await call('preset.cue', { id: 'emergency' });
    expect(cues).toEqual([expect.objectContaining({ layout: expect.objectContaining({ id: 'emergency' }), wall: expect.objectContaining({ id: 'main' }) })]);
    expect(events).toEqual([]);
    expect((await call<ActiveLayout>('layout.active')).layout?.id).toBe('overview');
    expect((await rejection(call('preset.cue', { id: 'nope' }))).code).toBe('not_found');
  });

  it('names the presets a display prepares ahead, and says when they may have changed', async () => {
    const changes: unknown[] = [];
    d.on('presets.changed', (_e, data) => changes.push(data));
    const before = await call<{ wall: Wall; layouts: Layout[] }>('layout.ahead');
    expect(before.wall.id).toBe('main');
    // The default preset first, then the bundled ones; never more than PREPARE_AHEAD.
    const ids = before.layouts.map((l) => l.id);
    expect(ids[0]).toBe('overview');
    expect([...ids].sort()).toEqual(['emergency', 'morning-briefing', 'overview', 'traffic-order']);
    expect(before.layouts[0]).not.toHaveProperty('bundled');
    const { bundled: _b, updatedAt: _u, ...copy } = await call<PresetRecord>('preset.get', { id: 'emergency' });
    await call('preset.save', { layout: { ...copy, id: 'extra', name: 'Extra' } });
    expect(changes).toHaveLength(1);
    expect((await call<{ layouts: Layout[] }>('layout.ahead')).layouts.map((l) => l.id)).not.toContain('extra');
    // Named by the schedule: now among the presets ahead (before the bundled ones it displaces).
    const cfg = await call<Record<string, unknown>>('schedule.get');
    await call('schedule.save', { ...cfg, entries: [{ id: 'noon', days: [1, 2, 3, 4, 5], at: '12:00', target: { kind: 'preset', id: 'extra' } }] });
    expect(changes).toHaveLength(2);
    expect((await call<{ layouts: Layout[] }>('layout.ahead')).layouts.map((l) => l.id)).toEqual(['overview', 'extra', ids[1], ids[2]]);
  });

  it('editing the wall carries every preset over to the new grid', async () => {
    const wall3x2 = gridWall({ cols: 3, rows: 2, width: 1280, height: 720, bezel: 10 });
    const { presets } = await call<{ wall: Wall; presets: PresetRecord[] }>('wall.save', { wall: wall3x2 });
    expect(presets.length).toBe(4);
    for (const p of presets) expect(checkLayout(wall3x2, p)).toEqual([]);
    const overview = presets.find((p) => p.id === 'overview')!;
    const right = Math.max(...overview.tiles.map((t) => t.rect.x + t.rect.w));
    expect(right).toBe(displayViewport(wall3x2, 'd3').x + 1280);
    expect(canvasSize(wall3x2)).toEqual({ width: 3 * 1300, height: 2 * 740 });
    expect(events.at(-1)!.data.wall.cols).toBe(3);
  });

  it('removing a display drops the tiles that would show nowhere, and the presets stay valid', async () => {
    const irregular = gridWall({ cols: 3, rows: 2, missing: [[2, 1]] });
    const { presets } = await call<{ wall: Wall; presets: PresetRecord[] }>('wall.save', { wall: irregular });
    for (const p of presets) expect(checkLayout(irregular, p)).toEqual([]);
    const overview = presets.find((p) => p.id === 'overview')!;
    // Education and tourism were on the removed d6 (bottom right); the other eight stay.
    expect(overview.tiles.map((t) => t.panel).sort()).toEqual(['economy', 'environment', 'health', 'hotline', 'land', 'publicAdmin', 'traffic', 'urbanOrder']);
  });

  it('refuses a wall with problems the schema cannot see', async () => {
    const w = gridWall({ cols: 2, rows: 1 });
    w.displays[1] = { ...w.displays[1]!, id: 'd1', col: 0 };
    const err = await rejection(call('wall.save', { wall: w }));
    expect(err.issues!.map((i) => i.path)).toEqual(['wall.displays.1.id', 'wall.displays.1']);
  });

  it('keeps a preset the schedule uses, and checks the schedule’s references', async () => {
    const err = await rejection(
      call('schedule.save', {
        defaultPresetId: 'nope',
        entries: [{ id: 'e1', days: [1], at: '07:30', target: { kind: 'playlist', id: 'pl' } }],
        playlists: [],
      }),
    );
    expect(err.issues!.map((i) => i.path)).toEqual(['defaultPresetId', 'entries.0.target.id']);
    await call('schedule.save', {
      defaultPresetId: 'overview',
      entries: [{ id: 'e1', days: [1, 2, 3, 4, 5], at: '07:30', target: { kind: 'preset', id: 'morning-briefing' } }],
      playlists: [{ id: 'pl', name: 'Xoay vòng', items: [{ presetId: 'emergency', dwellSec: 30 }] }],
    });
    const del = await rejection(call('preset.delete', { id: 'morning-briefing' }));
    expect(del.code).toBe('conflict');
    await call('preset.delete', { id: 'traffic-order' });
    expect((await call<PresetRecord[]>('preset.list')).map((p) => p.id)).not.toContain('traffic-order');
  });

  it('exports a file and imports it back; an invalid file changes nothing', async () => {
    const file = await call<Record<string, unknown>>('layouts.export', {});
    expect(file.format).toBe('ioc-wall/layouts');
    expect(file.formatVersion).toBe(1);
    await call('preset.delete', { id: 'emergency' });
    const sum = await call('layouts.import', { file });
    expect(sum).toEqual({ wall: true, presets: 4, schedule: true });
    expect((await call<PresetRecord[]>('preset.list')).map((p) => p.id)).toContain('emergency');

    const broken = structuredClone(file) as { presets: Layout[]; wall: Wall };
    broken.presets[0]!.tiles[0]!.rect.x = 99999;
    broken.presets[1]!.tiles[1]!.panel = 'weather' as never;
    broken.wall.displays[0]!.width = 10;
    const err = await rejection(call('layouts.import', { file: broken, replace: true }));
    expect(err.issues!.map((i) => i.path).sort()).toEqual(['presets.1.tiles.1.panel', 'wall.displays.0.width']);
    expect((await call<PresetRecord[]>('preset.list')).length).toBe(4);
  });

  it("an operator's file that carries a wall is refused whole (only admin changes the displays); without its wall it comes in", async () => {
    const desk: Caller = { role: 'console', nodeId: 'n-desk', name: 'Bàn trực 2' };
    const asDesk = <T>(m: string, p: unknown) => d.call(m, p, desk) as Promise<T>;
    const before = await call<Wall>('wall.get');
    const file = await call<{ wall: Wall; presets: Layout[]; schedule: Record<string, unknown> }>('layouts.export', {});
    const vp = displayViewport(before, 'd1');
    const mine: Layout = { id: 'desk-new', name: 'Của bàn trực', wallId: before.id, tiles: [{ id: 't1', panel: 'clock', view: '', options: {}, rect: { x: vp.x, y: vp.y, w: 400, h: 300 } }] };
    // 4K displays: every preset of the file still fits, so only the role can stop the file.
    const other = { ...before, name: 'Đổi từ bàn trực', displays: before.displays.map((x) => ({ ...x, width: 3840, height: 2160 })) };
    const withWall = { ...file, wall: other, presets: [...file.presets, mine] };

    // wall.save is refused by role; the same change in a file is refused as well, whole: no preset
    // of the file comes in either, and the words say who may do it and what this desk may do instead.
    expect((await rejection(asDesk('wall.save', { wall: other }))).code).toBe('forbidden');
    const err = await rejection(asDesk('layouts.import', { file: withWall }));
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/^Tệp không được nhập, không có gì thay đổi: tệp có cấu hình tường/);
    expect(err.message).toMatch(/The file was not imported, nothing changed: it carries a wall/);
    expect(err.message).toMatch(/Import presets only", or the parameter wall: false/);
    expect(err.issues).toEqual([{ path: 'wall', message: expect.stringMatching(/^tệp có cấu hình tường.* \/ the file carries a wall/) }]);
    // The console's import flow recognises this refusal and offers "Chỉ nhập bố cục" (wall: false).
    expect(refusedForItsWall(err)).toBe(true);
    expect(refusedForItsWall(await rejection(asDesk('layouts.import', { file: { ...withWall, presets: 'x' }, wall: false })))).toBe(false);
    // Also when the file is JSON text, or otherwise broken: the wall is refused before anything else.
    expect((await rejection(asDesk('layouts.import', { file: JSON.stringify(withWall) }))).code).toBe('forbidden');
    expect((await rejection(asDesk('layouts.import', { file: { ...withWall, presets: 'x' }, replace: true }))).code).toBe('forbidden');
    expect(await call('wall.get')).toEqual(before);
    expect((await call<PresetRecord[]>('preset.list')).map((p) => p.id)).not.toContain('desk-new');

    // Left out, the wall is not even read (a broken one does not matter); the presets and the
    // schedule are checked against the wall as it is, and come in.
    const broken = { ...withWall, wall: { ...other, cols: 'x' } };
    expect(await asDesk('layouts.import', { file: broken, wall: false })).toEqual({ wall: false, presets: file.presets.length + 1, schedule: true });
    expect(await call('wall.get')).toEqual(before);
    expect((await call<PresetRecord>('preset.get', { id: 'desk-new' })).tiles).toEqual(mine.tiles);
    const audit = d.base.db.prepare(`SELECT actor, detail FROM audit_log WHERE action = 'layouts.import' ORDER BY id DESC LIMIT 1`).get() as { actor: string; detail: string };
    expect(audit.actor).toBe('node:n-desk (Bàn trực 2)');
    expect(JSON.parse(audit.detail)).toMatchObject({ wall: false, wallLeftOut: true });

    // An administrator's import takes the wall, as before.
    const renamed = { ...withWall, wall: { ...before, name: 'Đổi từ máy chủ' } };
    expect(await call('layouts.import', { file: renamed })).toEqual({ wall: true, presets: file.presets.length + 1, schedule: true });
    expect((await call<Wall>('wall.get')).name).toBe('Đổi từ máy chủ');
  });

  it('checks and imports a 32×32 wall with a 1,024-tile preset at once (it held the event loop for 29 s)', { timeout: 10_000 }, async () => {
    // What the auditor's repro sent: a tile on every display of the largest wall the schema allows.
    // The deterministic guard is the step count in tests/unit/layouts/geometry.test.ts; this one
    // is the whole HostApi path, bounded by the test's timeout far above the ~0.1 s it takes now.
    const big = gridWall({ cols: 32, rows: 32, width: 320, height: 240, bezel: 0 });
    const file = await call<Record<string, unknown>>('layouts.export', { wall: false, schedule: false });
    const tiles = big.displays.map((x, i) => ({ id: `t${i}`, panel: 'clock', rect: { x: x.col * 320 + 10, y: x.row * 240 + 10, w: 100, h: 100 } }));
    const t0 = performance.now();
    const sum = await call('layouts.import', { file: { ...file, wall: big, presets: [{ id: 'bulk', name: 'Bulk', wallId: big.id, tiles }] } });
    expect(sum).toEqual({ wall: true, presets: 1, schedule: false });
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect((await call<PresetRecord>('preset.get', { id: 'bulk' })).tiles).toHaveLength(1024);
  });

  it('a preset or file wrong in a thousand places gets the first hundred problems and a count, in one bounded answer', async () => {
    const file = await call<{ presets: Layout[] }>('layouts.export', {});
    const t = file.presets[0]!.tiles[0]!;
    const pile = Array.from({ length: 1000 }, (_, i) => ({ ...t, id: `t${i}` }));
    const imported = await rejection(call('layouts.import', { file: { ...file, presets: [{ ...file.presets[0]!, tiles: pile }] } }));
    expect(imported.code).toBe('invalid_params');
    expect(imported.issues).toHaveLength(101);
    // The file's own cut (checking stopped) passes the HostApi's unchanged.
    expect(imported.issues!.at(-1)).toMatchObject({ path: '(more)', message: expect.stringMatching(/not all checked/) });
    expect(imported.message.length).toBeLessThan(30_000);

    const saved = await rejection(call('preset.save', { layout: { ...file.presets[0]!, id: 'pile', tiles: pile } }));
    // 999 tiles each overlap the first: 100 listed, 899 counted.
    expect(saved.issues).toHaveLength(101);
    expect(saved.issues!.at(-1)).toMatchObject({ path: '(more)', message: expect.stringMatching(/899 more problems/) });

    const bad = Array.from({ length: 1000 }, () => ({ id: '', panel: 'weather', rect: {} }));
    const params = await rejection(call('preset.save', { layout: { ...file.presets[0]!, tiles: bad } }));
    expect(params.code).toBe('invalid_params');
    expect(params.issues).toHaveLength(101);
    expect(params.message.length).toBeLessThan(30_000);
    expect((await call<PresetRecord[]>('preset.list')).map((p) => p.id)).not.toContain('pile');
  });
});
