import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_LISTED } from '../../../base/problems';
import { FILE_FORMAT, layoutFileJsonSchema, MAX_PRESETS, readLayoutFile, writeLayoutFile } from '../../../layouts/file';
import { displayViewport } from '../../../layouts/geometry';
import { FORMAT_VERSION, MAX_ID, MAX_TILES } from '../../../layouts/model';
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

  it("a file's wall can be left out (presets checked against the wall in use) or refuse the file before anything else", () => {
    const file = fresh();
    const small = gridWall({ cols: 1, rows: 1 });
    // Left out: not read (a broken wall does not matter), not in the result; presets meet the wall in use.
    const broken = { ...file, wall: { ...file.wall, cols: 'x' } };
    const left = readLayoutFile(broken, { wall: DEFAULT_WALL, fileWall: 'leave' });
    expect(left.ok).toBe(true);
    if (left.ok) expect(left.file).not.toHaveProperty('wall');
    const misfit = readLayoutFile(file, { wall: { ...small, id: 'main' }, fileWall: 'leave' });
    expect(!misfit.ok && misfit.problems.every((p) => p.path.startsWith('presets.'))).toBe(true);
    // Refused: the whole file, first, as an object or as JSON text, broken or not; a file without one passes.
    const refusal = { ok: false, refused: 'wall', problems: [{ path: 'wall', message: expect.stringMatching(/^tệp có cấu hình tường.* \/ .*only an administrator may change the wall's displays/) }] };
    expect(readLayoutFile(file, { wall: DEFAULT_WALL, fileWall: 'refuse' })).toEqual(refusal);
    expect(readLayoutFile(JSON.stringify(broken), { wall: DEFAULT_WALL, fileWall: 'refuse' })).toEqual(refusal);
    expect(readLayoutFile({ ...file, wall: undefined }, { wall: DEFAULT_WALL, fileWall: 'refuse' }).ok).toBe(true);
    // Taken (the default): the file's wall is checked and carried.
    expect(readLayoutFile(broken, { wall: DEFAULT_WALL }).ok).toBe(false);
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

  describe('a file gone wrong, or hostile, is refused in bounded work with a bounded answer', () => {
    /** `n` tiles on one spot: every pair overlaps. */
    const pile = (n: number) => {
      const file = fresh();
      const t = file.presets[0].tiles[0];
      file.presets[0].tiles = Array.from({ length: n }, (_, i) => ({ ...t, id: `t${i}` }));
      return file;
    };
    const problemsOf = (input: unknown) => {
      const r = readLayoutFile(input, { wall: DEFAULT_WALL });
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.problems;
    };
    const cut = (problems: { path: string }[]) => {
      expect(problems).toHaveLength(MAX_LISTED + 1);
      expect(problems.at(-1)).toMatchObject({ path: '(more)', message: expect.stringMatching(/more problems/) });
    };

    it('a pile of the most tiles a preset may hold: one problem per tile, the list cut at the limit', () => {
      // Every pair was a problem: 1,024 tiles gave 523,776 of them (a 60 MB answer), 3,000 more than
      // a reply can hold, and the host checked pairs for seconds.
      const problems = problemsOf(pile(MAX_TILES));
      cut(problems);
      expect(problems.slice(0, 3).map((p) => p.path)).toEqual(['presets.0.tiles.1.rect', 'presets.0.tiles.2.rect', 'presets.0.tiles.3.rect']);
      expect(problems[0]!.message).toMatch(/tile "t1" overlaps tile "t0"/);
    });

    it('past the limits: too many tiles, presets, entries, weekdays; ids and names too long', () => {
      const file = pile(MAX_TILES + 1);
      file.presets[1].id = 'x'.repeat(MAX_ID + 1);
      file.presets[2].tiles[0].options = { areaId: 'a'.repeat(100_000) };
      file.schedule.entries[0].days = Array.from({ length: 100_000 }, () => 1);
      file.wall.name = 'n'.repeat(100_000);
      const paths = problemsOf(file).map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining(['presets.0.tiles', 'presets.1.id', 'presets.2.tiles.0.options.areaId', 'schedule.entries.0.days', 'wall.name']),
      );
      const many = fresh();
      many.presets = Array.from({ length: MAX_PRESETS + 1 }, (_, i) => ({ ...many.presets[0], id: `p${i}` }));
      expect(problemsOf(many).map((p) => p.path)).toContain('presets');
    });

    it('any number of wrong items: the schema problems are cut at the limit too, with their count', () => {
      const file = fresh();
      file.presets[0].tiles = Array.from({ length: MAX_TILES }, () => ({ id: '', panel: 'weather', rect: { x: -1, y: 'a', w: 0, h: null } }));
      const problems = problemsOf(file);
      cut(problems);
      expect(problems.at(-1)!.message).toMatch(/^còn \d+ lỗi nữa \/ \d+ more problems not listed/);
      cut(problemsOf({ ...fresh(), presets: Array.from({ length: MAX_PRESETS }, () => 7) }));
    });

    it('many presets each wrong throughout: checking stops once the list is full', () => {
      const file = fresh();
      const t = file.presets[0].tiles[0];
      file.presets = Array.from({ length: MAX_PRESETS }, (_, p) => ({
        ...file.presets[0],
        id: `p${p}`,
        tiles: Array.from({ length: 200 }, (_, i) => ({ ...t, id: `t${i}` })),
      }));
      const problems = problemsOf(file);
      cut(problems);
      expect(new Set(problems.slice(0, -1).map((p) => p.path.split('.')[1])).size).toBeLessThanOrEqual(2);
      // Checking stopped, so no count is given that would not be true.
      expect(problems.at(-1)!.message).toMatch(/more problems, not all checked/);
    });

    it('repeated schedule ids are named, each after its first', () => {
      const file = fresh();
      const e = file.schedule.entries[0];
      file.schedule.entries = Array.from({ length: 400 }, () => ({ ...e }));
      const problems = problemsOf(file);
      cut(problems);
      expect(problems[0]).toMatchObject({ path: 'schedule.entries.1.id', message: expect.stringMatching(/appears twice/) });
    });
  });
});

describe('names in a layout file are cleaned like every outside text (L4)', () => {
  it('drops bidi overrides, NUL and lone surrogates from preset, wall and playlist names; a name of nothing printable is refused', () => {
    const file = fresh();
    file.presets[0].name = '\u202Egnp.exe Bố cục\u0000\uD800';
    file.wall.name = '\u2067Tường\u2069 chính\u0007';
    file.schedule.playlists[0].name = ' Xoay\u202D vòng ';
    const read = readLayoutFile(JSON.stringify(file), { wall: DEFAULT_WALL });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.file.presets[0]!.name).toBe('gnp.exe Bố cục');
    expect(read.file.wall!.name).toBe('Tường chính');
    expect(read.file.schedule!.playlists[0]!.name).toBe('Xoay vòng');
    // An emoji (a surrogate pair) is text and stays.
    file.presets[0].name = 'Bố cục 🚦';
    const emoji = readLayoutFile(JSON.stringify(file), { wall: DEFAULT_WALL });
    expect(emoji.ok && emoji.file.presets[0]!.name).toBe('Bố cục 🚦');
    file.presets[0].name = '\u202E\u0000';
    const empty = readLayoutFile(JSON.stringify(file), { wall: DEFAULT_WALL });
    expect(empty.ok).toBe(false);
  });
});
