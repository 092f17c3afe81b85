import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_FORMAT, layoutFileJsonSchema, readLayoutFile, writeLayoutFile } from '../../../layouts/file';
import { displayViewport } from '../../../layouts/geometry';
import { FORMAT_VERSION } from '../../../layouts/model';
import { bundledLayouts, DEFAULT_WALL, gridWall } from '../../../layouts/presets';
import { renderSchema, SCHEMA_PATH } from '../../../tools/write-layouts-schema';

const schedule = {
  enabled: true,
  defaultPresetId: 'overview',
  entries: [{ id: 'm', days: [1, 2, 3, 4, 5], at: '07:30', target: { kind: 'preset' as const, id: 'morning-briefing' }, enabled: true, holidays: 'any' as const }],
  playlists: [{ id: 'rot', name: 'Xoay vòng', items: [{ presetId: 'overview', dwellSec: 60 }] }],
};

const fresh = () =>
  JSON.parse(
    JSON.stringify(writeLayoutFile({ wall: DEFAULT_WALL, presets: bundledLayouts(DEFAULT_WALL), schedule, now: new Date('2026-11-25T00:00:00Z') })),
  );

describe('layout file format', () => {
  it('the committed JSON Schema is up to date (npx tsx tools/write-layouts-schema.ts)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(renderSchema());
    const s = layoutFileJsonSchema() as { properties: Record<string, unknown>; required: string[]; title: string };
    expect(s.title).toMatch(/IOC Wall/);
    expect(s.required).toEqual(expect.arrayContaining(['format', 'formatVersion']));
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['wall', 'presets', 'schedule']));
  });

  it('writes a versioned file that reads back unchanged (also as a JSON string)', () => {
    const file = fresh();
    expect(file.format).toBe(FILE_FORMAT);
    expect(file.formatVersion).toBe(FORMAT_VERSION);
    const read = readLayoutFile(JSON.stringify(file), { wall: DEFAULT_WALL });
    expect(read).toEqual({ ok: true, file });
  });

  it('refuses the whole file listing every schema problem by path', () => {
    const file = fresh();
    file.wall.displays[1].bezel.left = -1;
    file.presets[0].tiles[2].panel = 'weather';
    file.presets[2].name = '';
    file.schedule.entries[0].at = '7h30';
    delete file.format;
    const r = readLayoutFile(file, { wall: DEFAULT_WALL });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual(
      ['format', 'presets.0.tiles.2.panel', 'presets.2.name', 'schedule.entries.0.at', 'wall.displays.1.bezel.left'].sort(),
    );
  });

  it('refuses semantic problems too: overlap, off canvas, no display, unknown preset, bad display grid', () => {
    const file = fresh();
    const vp = displayViewport(DEFAULT_WALL, 'd1');
    const t0 = file.presets[1].tiles[0].rect;
    file.presets[1].tiles[1].rect = { x: t0.x + 10, y: t0.y + 10, w: 50, h: 50 }; // inside tile 0
    file.presets[3].tiles[0].rect.x = 5000; // off canvas
    file.schedule.entries[0].target.id = 'gone';
    file.schedule.playlists[0].items[0].presetId = 'gone-too';
    file.wall.displays.push({ ...file.wall.displays[0], id: 'd1', col: 5 });
    const r = readLayoutFile(file, { wall: DEFAULT_WALL });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'wall.displays.2.id',
        'wall.displays.2.col',
        'presets.1.tiles.1.rect',
        'presets.3.tiles.0.rect',
        'schedule.playlists.0.items.0.presetId',
        'schedule.entries.0.target.id',
      ].sort(),
    );
    expect(byPath['presets.1.tiles.1.rect']).toMatch(/overlaps/);
    expect(byPath['presets.3.tiles.0.rect']).toMatch(/leaves the/);
    expect(byPath['schedule.entries.0.target.id']).toMatch(/unknown preset "gone"/);
    expect(vp.x).toBeGreaterThan(0);
  });

  it('checks presets against the current wall when the file has none', () => {
    const small = gridWall({ cols: 1, rows: 1 });
    const file = fresh();
    delete file.wall;
    delete file.schedule;
    const r = readLayoutFile(file, { wall: { ...small, id: 'main' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.every((p) => /presets\.\d+\.tiles\.\d+\.rect/.test(p.path))).toBe(true);
    expect(readLayoutFile(file, { wall: DEFAULT_WALL }).ok).toBe(true);
  });

  it('refuses a file from a newer IOC Wall, and text that is not JSON', () => {
    const file = { ...fresh(), formatVersion: FORMAT_VERSION + 1 };
    expect(readLayoutFile(file, { wall: DEFAULT_WALL })).toEqual({
      ok: false,
      problems: [{ path: 'formatVersion', message: expect.stringMatching(/update IOC Wall/) }],
    });
    const r = readLayoutFile('{"format": ', { wall: DEFAULT_WALL });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/not JSON/);
  });
});
