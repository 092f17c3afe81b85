import { z } from 'zod';
import { listed, MAX_LISTED } from '../base/problems';
import { checkLayout, wallGeometry } from './geometry';
import { FORMAT_VERSION, layoutSchema, wallSchema, type Layout, type Wall } from './model';
import { scheduleConfigSchema, type ScheduleConfig } from './schedule';

/**
 * The versioned JSON file of walls, presets and the schedule: what the console exports and
 * imports, and what installers write by hand (layouts/schema/ has its JSON Schema). A file is
 * taken whole or not at all: `readLayoutFile` lists every problem, by path, before anything is
 * stored.
 */

export const FILE_FORMAT = 'ioc-wall/layouts';

/** Presets in one file: far above a real control room's. */
export const MAX_PRESETS = 500;

export const layoutFileSchema = z
  .object({
    $schema: z.string().max(2000).optional(),
    format: z.literal(FILE_FORMAT),
    /** Bumped when a change would make an older IOC Wall misread the file. */
    formatVersion: z.number().int().min(1).max(FORMAT_VERSION),
    exportedAt: z.string().max(64).optional(),
    wall: wallSchema.optional(),
    presets: z.array(layoutSchema).max(MAX_PRESETS).default([]),
    schedule: scheduleConfigSchema.optional(),
  })
  .meta({
    title: 'IOC Wall — walls, layouts and schedule',
    description:
      'A video wall (displays with resolution and bezels), its presets (tiles on the wall canvas, in canvas pixels) and the schedule and playlists that pick the preset on the wall.',
  });

export type LayoutFile = z.output<typeof layoutFileSchema>;
export type LayoutFileInput = z.input<typeof layoutFileSchema>;

export interface FileProblem {
  path: string;
  message: string;
}

export interface ImportSummary {
  wall: boolean;
  presets: number;
  schedule: boolean;
}

/** `refused: 'wall'`: the file carries a wall and the reader was told to refuse such a file. */
export type ReadResult = { ok: true; file: LayoutFile } | { ok: false; problems: FileProblem[]; refused?: 'wall' };

/**
 * What becomes of a wall the file carries: it is `take`n (it will replace the wall in use), `leave`
 * (left out, unread: the presets are checked against the wall in use), or `refuse` (the whole file
 * is refused before anything else is looked at: its reader may not change the wall's displays).
 */
export type FileWall = 'take' | 'leave' | 'refuse';

export interface ReadContext {
  /** The wall presets are checked against when the file carries none (or its wall is left out). */
  wall: Wall;
  /** Default 'take'. */
  fileWall?: FileWall;
  /** Presets already stored that schedule entries may name (ignored when replacing). */
  existingPresetIds?: readonly string[];
  existingPlaylistIds?: readonly string[];
}

const pathOf = (p: readonly PropertyKey[]) => (p.length === 0 ? '(root)' : p.map(String).join('.'));

/** Parses and checks a file; every schema and semantic problem, or the file. */
export function readLayoutFile(input: unknown, ctx: ReadContext): ReadResult {
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch (err) {
      return { ok: false, problems: [{ path: '(root)', message: `không phải JSON / not JSON: ${(err as Error).message}` }] };
    }
  }
  const mode = ctx.fileWall ?? 'take';
  if (mode !== 'take' && isObject(input) && input.wall !== undefined) {
    if (mode === 'refuse') {
      return {
        ok: false,
        refused: 'wall',
        problems: [{ path: 'wall', message: 'tệp có cấu hình tường; chỉ quản trị viên được thay đổi màn hình của tường / the file carries a wall; only an administrator may change the wall\'s displays' }],
      };
    }
    // Left out before the schema looks at it: a wall that does not matter cannot refuse the file.
    const { wall: _left, ...rest } = input;
    input = rest;
  }
  const v = (input as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof v === 'number' && v > FORMAT_VERSION) {
    return {
      ok: false,
      problems: [
        {
          path: 'formatVersion',
          message: `tệp ở phiên bản định dạng ${v}, bản IOC Wall này chỉ đọc tới ${FORMAT_VERSION}: hãy cập nhật IOC Wall / the file is format version ${v}, this IOC Wall reads up to ${FORMAT_VERSION}: update IOC Wall to import it`,
        },
      ],
    };
  }
  const parsed = layoutFileSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: listed(parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message }))) };
  }
  const file = parsed.data;
  const problems: FileProblem[] = [];
  if (file.wall) problems.push(...checkWall(file.wall, 'wall'));
  // Worked out once for every preset of the file, not per preset (or, as before, per tile and display).
  const wall = wallGeometry(file.wall ?? ctx.wall);

  const presetIds = new Set(ctx.existingPresetIds ?? []);
  const seenPreset = new Set<string>();
  // A file wrong throughout (written for another wall): checking stops once the list is full.
  let stopped = false;
  file.presets.forEach((layout, i) => {
    if (seenPreset.has(layout.id)) {
      problems.push({ path: `presets.${i}.id`, message: `mã bố cục "${layout.id}" xuất hiện hai lần / preset id "${layout.id}" appears twice in the file` });
    }
    seenPreset.add(layout.id);
    presetIds.add(layout.id);
    if (problems.length > MAX_LISTED) {
      stopped = true;
      return;
    }
    for (const p of checkLayout(wall, layout, `presets.${i}`)) problems.push({ path: p.path, message: p.message });
  });

  if (file.schedule) {
    if (problems.length > MAX_LISTED) stopped = true;
    else problems.push(...checkSchedule(file.schedule, presetIds, new Set(ctx.existingPlaylistIds ?? [])));
  }
  return problems.length ? { ok: false, problems: listed(problems, stopped) } : { ok: true, file };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of a wall the schema cannot see: ids, cells outside the grid, two displays in a cell. */
export function checkWall(wall: Wall, prefix = ''): FileProblem[] {
  const p = (s: string) => (prefix ? `${prefix}.${s}` : s);
  const out: FileProblem[] = [];
  const ids = new Set<string>();
  const cells = new Map<string, string>();
  wall.displays.forEach((d, i) => {
    if (ids.has(d.id)) out.push({ path: p(`displays.${i}.id`), message: `mã màn hình "${d.id}" bị trùng / display id "${d.id}" is used twice` });
    ids.add(d.id);
    if (d.col >= wall.cols) {
      out.push({ path: p(`displays.${i}.col`), message: `cột ${d.col} nằm ngoài tường ${wall.cols} cột / column ${d.col} is outside a wall of ${wall.cols} columns (0…${wall.cols - 1})` });
    }
    if (d.row >= wall.rows) {
      out.push({ path: p(`displays.${i}.row`), message: `hàng ${d.row} nằm ngoài tường ${wall.rows} hàng / row ${d.row} is outside a wall of ${wall.rows} rows (0…${wall.rows - 1})` });
    }
    const key = `${d.col},${d.row}`;
    const other = cells.get(key);
    if (other) out.push({ path: p(`displays.${i}`), message: `màn hình "${d.id}" trùng ô với "${other}" / display "${d.id}" is in the same cell as "${other}"` });
    cells.set(key, d.id);
  });
  return out;
}

function checkSchedule(s: ScheduleConfig, presets: ReadonlySet<string>, existingPlaylists: ReadonlySet<string>): FileProblem[] {
  const out: FileProblem[] = [];
  const playlistIds = new Set(existingPlaylists);
  const inFile = new Set<string>();
  s.playlists.forEach((pl, i) => {
    if (inFile.has(pl.id)) out.push({ path: `schedule.playlists.${i}.id`, message: `playlist id "${pl.id}" appears twice` });
    inFile.add(pl.id);
    playlistIds.add(pl.id);
    pl.items.forEach((item, j) => {
      if (!presets.has(item.presetId)) {
        out.push({ path: `schedule.playlists.${i}.items.${j}.presetId`, message: `không có bố cục "${item.presetId}" / unknown preset "${item.presetId}"` });
      }
    });
  });
  if (s.defaultPresetId !== null && !presets.has(s.defaultPresetId)) {
    out.push({ path: 'schedule.defaultPresetId', message: `không có bố cục "${s.defaultPresetId}" / unknown preset "${s.defaultPresetId}"` });
  }
  const entryIds = new Set<string>();
  s.entries.forEach((e, i) => {
    if (entryIds.has(e.id)) out.push({ path: `schedule.entries.${i}.id`, message: `schedule entry id "${e.id}" appears twice` });
    entryIds.add(e.id);
    const known = e.target.kind === 'preset' ? presets.has(e.target.id) : playlistIds.has(e.target.id);
    if (!known) out.push({ path: `schedule.entries.${i}.target.id`, message: `không có ${e.target.kind === 'preset' ? 'bố cục' : 'danh sách phát'} "${e.target.id}" / unknown ${e.target.kind} "${e.target.id}"` });
  });
  return out;
}

/** A file of the given wall, presets and schedule, in the current format. */
export function writeLayoutFile(parts: { wall?: Wall; presets: Layout[]; schedule?: ScheduleConfig; now?: Date }): LayoutFile {
  const file: LayoutFile = {
    $schema: 'https://ioc-wall.local/schemas/ioc-wall-layouts.schema.json',
    format: FILE_FORMAT,
    formatVersion: FORMAT_VERSION,
    exportedAt: (parts.now ?? new Date()).toISOString(),
    presets: parts.presets.map((l) => ({ id: l.id, name: l.name, wallId: l.wallId, tiles: l.tiles })),
  };
  if (parts.wall) file.wall = parts.wall;
  if (parts.schedule) file.schedule = parts.schedule;
  return file;
}

/** The file's JSON Schema (draft 2020-12), as installers validate against it. */
export function layoutFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(layoutFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
