import type Database from 'better-sqlite3';
import type { ActiveLayout, PresetRecord } from '../../layouts/records';
import { checkLayout, refitLayout, tileIsInvisible, wallGeometry } from '../../layouts/geometry';
import { checkWall, readLayoutFile, writeLayoutFile, type FileWall, type ImportSummary, type LayoutFile } from '../../layouts/file';
import { layoutSchema, MAX_ID, wallSchema, type Layout, type Wall } from '../../layouts/model';
import {
  activeStateSchema,
  overrideSchema,
  playlistSchema,
  resolveActive,
  type ActiveState,
  type IsHoliday,
  type Override,
  type ScheduleConfig,
} from '../../layouts/schedule';
import { holidayChecker } from '../../layouts/holidays';
import { presetsAhead } from '../../layouts/ahead';
import { activeTakeover } from '../alerts/lifecycle';
import { stmt } from '../db/statements';
import { LayoutError } from './errors';
import { listed } from '../../base/problems';

/**
 * Walls, presets, schedule and active state in SQLite (migration 002). Everything that goes in
 * is checked against the layouts/ model first, so what comes out parses.
 */

interface PresetRow {
  id: string;
  wall_id: string;
  name: string;
  body: string;
  bundled: number;
  updated_at: string;
}

interface StateRow {
  wall_id: string;
  default_preset_id: string | null;
  schedule_enabled: number;
  override: string | null;
  applied_preset_id: string | null;
  applied_at: string | null;
}

const nowIso = () => new Date().toISOString();

function problemsError(what: string, problems: { path: string; message: string }[]): LayoutError {
  const shown = listed(problems);
  return new LayoutError('invalid_params', `${what} — ${shown.map((p) => `${p.path}: ${p.message}`).join('; ')}`, shown);
}

export function getWall(db: Database.Database): Wall {
  const body = stmt(db, `SELECT body FROM walls WHERE active = 1`).pluck().get() as string | undefined;
  if (!body) throw new LayoutError('not_found', 'Chưa cấu hình tường / No wall is configured: start the host once to create the default wall.');
  return wallSchema.parse(JSON.parse(body));
}

function wallUpdatedAt(db: Database.Database): string {
  return stmt(db, `SELECT updated_at FROM walls WHERE active = 1`).pluck().get() as string;
}

function toRecord(r: PresetRow): PresetRecord {
  return { ...layoutSchema.parse(JSON.parse(r.body)), bundled: r.bundled === 1, updatedAt: r.updated_at };
}

export function listPresets(db: Database.Database): PresetRecord[] {
  const wall = getWall(db);
  const rows = stmt(db, `SELECT * FROM presets WHERE wall_id = ? ORDER BY bundled DESC, name`).all(wall.id) as PresetRow[];
  return rows.map(toRecord);
}

export function getPreset(db: Database.Database, id: string): PresetRecord {
  const row = stmt(db, `SELECT * FROM presets WHERE id = ?`).get(id) as PresetRow | undefined;
  if (!row) throw new LayoutError('not_found', `Không có bố cục "${id}" / No preset "${id}": it may have been deleted; reload the list.`);
  return toRecord(row);
}

/** Creates or replaces a preset after the geometry checks (overlap, off canvas, not on any display). */
export function savePreset(db: Database.Database, layout: Layout): PresetRecord {
  const wall = getWall(db);
  const problems = checkLayout(wall, layout, 'layout');
  if (problems.length) throw problemsError(`Bố cục chưa lưu được / The preset was not saved`, problems);
  const at = nowIso();
  db.prepare(
    `INSERT INTO presets (id, wall_id, name, body, bundled, updated_at) VALUES (@id, @wall, @name, @body, 0, @at)
     ON CONFLICT (id) DO UPDATE SET wall_id = @wall, name = @name, body = @body, updated_at = @at`,
  ).run({ id: layout.id, wall: wall.id, name: layout.name, body: JSON.stringify(layout), at });
  return getPreset(db, layout.id);
}

export function duplicatePreset(db: Database.Database, id: string, name: string): PresetRecord {
  const src = getPreset(db, id);
  const taken = new Set((db.prepare(`SELECT id FROM presets`).pluck().all() as string[]));
  // A copy of a copy of a copy… must still be an id the schema takes.
  const base = `${src.id.slice(0, MAX_ID - 12)}-copy`;
  let newId = base;
  for (let n = 2; taken.has(newId); n++) newId = `${base}-${n}`;
  const { bundled: _b, updatedAt: _u, ...layout } = src;
  return savePreset(db, { ...layout, id: newId, name });
}

/** Refuses while the schedule, a playlist or the default still names the preset. */
export function deletePreset(db: Database.Database, id: string): void {
  getPreset(db, id);
  const cfg = getSchedule(db);
  const uses: string[] = [];
  if (cfg.defaultPresetId === id) uses.push('bố cục mặc định / the default preset');
  cfg.entries.forEach((e) => {
    if (e.target.kind === 'preset' && e.target.id === id) uses.push(`lịch ${e.at} / schedule entry ${e.at}`);
  });
  cfg.playlists.forEach((p) => {
    if (p.items.some((i) => i.presetId === id)) uses.push(`danh sách phát "${p.name}" / playlist "${p.name}"`);
  });
  if (uses.length) {
    throw new LayoutError('conflict', `Bố cục đang được dùng / The preset is still used by: ${uses.join(', ')}. Change those first.`);
  }
  db.transaction(() => {
    db.prepare(`DELETE FROM presets WHERE id = ?`).run(id);
    const o = getState(db).override;
    if (o && o.target.kind === 'preset' && o.target.id === id) setOverride(db, null);
  })();
}

/**
 * Replaces the wall and carries every preset over to the new grid (geometry refit); tiles that
 * would be left only on a removed display are dropped.
 */
export function saveWall(db: Database.Database, wall: Wall): { wall: Wall; presets: PresetRecord[] } {
  const problems = checkWall(wall, 'wall');
  if (problems.length) throw problemsError('Tường màn hình chưa lưu được / The wall was not saved', problems);
  const old = getWall(db);
  if (wall.id !== old.id) throw new LayoutError('invalid_params', `Mã tường là "${old.id}", hãy giữ nguyên / The wall id is "${old.id}"; keep it when editing the wall.`, [{ path: 'wall.id', message: `expected "${old.id}"` }]);
  const at = nowIso();
  db.transaction(() => {
    db.prepare(`UPDATE walls SET name = ?, body = ?, updated_at = ? WHERE id = ?`).run(wall.name, JSON.stringify(wall), at, wall.id);
    const rows = db.prepare(`SELECT * FROM presets WHERE wall_id = ?`).all(wall.id) as PresetRow[];
    const update = db.prepare(`UPDATE presets SET body = ?, updated_at = ? WHERE id = ?`);
    // Both walls' geometry once for every tile of every preset (it was worked out again per tile).
    const [from, to] = [wallGeometry(old), wallGeometry(wall)];
    for (const r of rows) {
      const refit = refitLayout(layoutSchema.parse(JSON.parse(r.body)), from, to);
      // A tile left only on a display that was removed (irregular wall) would show nowhere.
      const moved = { ...refit, tiles: refit.tiles.filter((t) => !tileIsInvisible(to, t.rect)) };
      update.run(JSON.stringify(moved), at, r.id);
    }
  })();
  return { wall, presets: listPresets(db) };
}

// ---------------------------------------------------------------------------------------------
// Schedule, playlists, state

export function getState(db: Database.Database): ActiveState {
  const wall = getWall(db);
  const row = stmt(db, `SELECT * FROM layout_state WHERE wall_id = ?`).get(wall.id) as StateRow | undefined;
  const entries = (
    stmt(db, `SELECT * FROM schedules WHERE wall_id = ? ORDER BY position`).all(wall.id) as {
      id: string;
      days: string;
      at: string;
      target_kind: 'preset' | 'playlist';
      target_id: string;
      enabled: number;
      holidays: 'any' | 'skip' | 'only';
    }[]
  ).map((r) => ({
    holidays: r.holidays,
    id: r.id,
    days: JSON.parse(r.days) as number[],
    at: r.at,
    target: { kind: r.target_kind, id: r.target_id },
    enabled: r.enabled === 1,
  }));
  const playlists = (
    stmt(db, `SELECT id, name, items FROM playlists WHERE wall_id = ? ORDER BY name`).all(wall.id) as {
      id: string;
      name: string;
      items: string;
    }[]
  ).map((r) => playlistSchema.parse({ id: r.id, name: r.name, items: JSON.parse(r.items) }));
  return activeStateSchema.parse({
    enabled: row ? row.schedule_enabled === 1 : true,
    defaultPresetId: row?.default_preset_id ?? null,
    entries,
    playlists,
    override: row?.override ? overrideSchema.parse(JSON.parse(row.override)) : null,
  });
}

export function getSchedule(db: Database.Database): ScheduleConfig {
  const { override: _o, ...cfg } = getState(db);
  return cfg;
}

/** The wall and the presets its displays prepare ahead (layouts/ahead.ts), in that order. */
export function layoutsAhead(db: Database.Database): { wall: Wall; layouts: Layout[] } {
  const wall = getWall(db);
  const presets = listPresets(db);
  const byId = new Map(presets.map((p) => [p.id, p]));
  const layouts = presetsAhead(presets.map((p) => p.id), getSchedule(db)).map((id) => {
    const { bundled: _b, updatedAt: _u, ...layout } = byId.get(id)!;
    return layout;
  });
  return { wall, layouts };
}

/** Replaces the schedule and playlists; refused when an entry names a preset or playlist that does not exist. */
export function saveSchedule(db: Database.Database, cfg: ScheduleConfig): ScheduleConfig {
  const wall = getWall(db);
  const presets = new Set(db.prepare(`SELECT id FROM presets WHERE wall_id = ?`).pluck().all(wall.id) as string[]);
  const problems: { path: string; message: string }[] = [];
  const playlistIds = new Set<string>();
  cfg.playlists.forEach((p, i) => {
    if (playlistIds.has(p.id)) problems.push({ path: `playlists.${i}.id`, message: `mã danh sách phát "${p.id}" bị trùng / playlist id "${p.id}" is used twice` });
    playlistIds.add(p.id);
    p.items.forEach((it, j) => {
      if (!presets.has(it.presetId)) problems.push({ path: `playlists.${i}.items.${j}.presetId`, message: `không có bố cục "${it.presetId}" / unknown preset "${it.presetId}"` });
    });
  });
  if (cfg.defaultPresetId !== null && !presets.has(cfg.defaultPresetId)) {
    problems.push({ path: 'defaultPresetId', message: `không có bố cục "${cfg.defaultPresetId}" / unknown preset "${cfg.defaultPresetId}"` });
  }
  const entryIds = new Set<string>();
  cfg.entries.forEach((e, i) => {
    if (entryIds.has(e.id)) problems.push({ path: `entries.${i}.id`, message: `mã mốc lịch "${e.id}" bị trùng / entry id "${e.id}" is used twice` });
    entryIds.add(e.id);
    const ok = e.target.kind === 'preset' ? presets.has(e.target.id) : playlistIds.has(e.target.id);
    if (!ok) problems.push({ path: `entries.${i}.target.id`, message: `không có ${e.target.kind === 'preset' ? 'bố cục' : 'danh sách phát'} "${e.target.id}" / unknown ${e.target.kind} "${e.target.id}"` });
  });
  if (problems.length) throw problemsError('Lịch chưa lưu được / The schedule was not saved', problems);

  const at = nowIso();
  db.transaction(() => {
    db.prepare(`DELETE FROM schedules WHERE wall_id = ?`).run(wall.id);
    db.prepare(`DELETE FROM playlists WHERE wall_id = ?`).run(wall.id);
    const insPl = db.prepare(`INSERT INTO playlists (id, wall_id, name, items, updated_at) VALUES (?, ?, ?, ?, ?)`);
    for (const p of cfg.playlists) insPl.run(p.id, wall.id, p.name, JSON.stringify(p.items), at);
    const insE = db.prepare(
      `INSERT INTO schedules (id, wall_id, position, days, at, target_kind, target_id, enabled, holidays) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    cfg.entries.forEach((e, i) =>
      insE.run(e.id, wall.id, i, JSON.stringify([...new Set(e.days)].sort()), e.at, e.target.kind, e.target.id, e.enabled ? 1 : 0, e.holidays),
    );
    db.prepare(
      `INSERT INTO layout_state (wall_id, default_preset_id, schedule_enabled) VALUES (?, ?, ?)
       ON CONFLICT (wall_id) DO UPDATE SET default_preset_id = excluded.default_preset_id, schedule_enabled = excluded.schedule_enabled`,
    ).run(wall.id, cfg.defaultPresetId, cfg.enabled ? 1 : 0);
  })();
  return getSchedule(db);
}

export function setOverride(db: Database.Database, override: Override | null): void {
  const wall = getWall(db);
  db.prepare(
    `INSERT INTO layout_state (wall_id, override) VALUES (?, ?)
     ON CONFLICT (wall_id) DO UPDATE SET override = excluded.override`,
  ).run(wall.id, override ? JSON.stringify(override) : null);
}

export function markApplied(db: Database.Database, presetId: string | null, at = nowIso()): void {
  const wall = getWall(db);
  stmt(db, `UPDATE layout_state SET applied_preset_id = ?, applied_at = ? WHERE wall_id = ?`).run(presetId, at, wall.id);
}

const noExtraHolidays = holidayChecker([]);

/**
 * What the wall should show at `now`. Precedence: a manual choice > an alert's wall action >
 * the schedule (or the default preset). An alert's preset is shown drilled to the alert's area.
 */
export function activeLayout(db: Database.Database, now: Date = new Date(), isHoliday: IsHoliday = noExtraHolidays): ActiveLayout & { key: string } {
  const wall = getWall(db);
  const presets = new Set(stmt(db, `SELECT id FROM presets WHERE wall_id = ?`).pluck().all(wall.id) as string[]);
  let resolution = resolveActive(getState(db), now, { presets, isHoliday });
  const takeover = resolution.reason === 'manual' ? null : activeTakeover(db);
  let drillTo: string | null = null;
  if (takeover && presets.has(takeover.presetId)) {
    drillTo = takeover.areaId;
    resolution = {
      presetId: takeover.presetId,
      reason: 'alert',
      alert: { id: takeover.alertId, areaId: takeover.areaId },
      since: takeover.since,
      // What follows is the schedule's business once the alert lets go.
      next: takeover.until ? { at: takeover.until, presetId: resolution.presetId, reason: resolution.reason } : null,
    };
  }
  let layout: Layout | null = null;
  let updatedAt = '';
  if (resolution.presetId) {
    const rec = getPreset(db, resolution.presetId);
    const { bundled: _b, updatedAt: u, ...l } = rec;
    layout = drillTo ? drilled(l, drillTo) : l;
    updatedAt = u;
  }
  // Changes when what the displays must draw changes (another preset, an edited preset, a new
  // wall, an alert's area) or when why and what next change (the console's "live now / next" line).
  const r = resolution;
  const key = [r.presetId, updatedAt, wallUpdatedAt(db), r.reason, r.alert?.id, r.since, r.next?.at, r.next?.presetId].join('|');
  return { wall, layout, resolution, key };
}

/** A preset with every panel tile drilled to one area (the alert's district). */
function drilled(layout: Layout, areaId: string): Layout {
  const areaLess = new Set(['clock', 'text', 'alerts']);
  return {
    ...layout,
    tiles: layout.tiles.map((t) => (areaLess.has(t.panel) ? t : { ...t, options: { ...t.options, areaId } })),
  };
}

// ---------------------------------------------------------------------------------------------
// File import / export

export function exportFile(db: Database.Database, opts: { presetIds?: string[]; wall: boolean; schedule: boolean }): LayoutFile {
  const all = listPresets(db);
  const picked = opts.presetIds ? all.filter((p) => opts.presetIds!.includes(p.id)) : all;
  const parts: Parameters<typeof writeLayoutFile>[0] = {
    presets: picked.map(({ bundled: _b, updatedAt: _u, ...l }) => l),
  };
  if (opts.wall) parts.wall = getWall(db);
  if (opts.schedule) parts.schedule = getSchedule(db);
  return writeLayoutFile(parts);
}

/**
 * Imports a file whole or not at all. With a wall in the file, the stored presets are first
 * carried over to it; with `replace`, presets not in the file are removed. `fileWall` says what
 * becomes of the file's wall (layouts/file.ts): the HostApi decides it from the caller's role, so
 * a caller who may not change the wall's displays cannot change them with a file either.
 */
export function importFile(db: Database.Database, input: unknown, replace: boolean, fileWall: FileWall = 'take'): ImportSummary {
  const current = getWall(db);
  const stored = listPresets(db);
  const state = getState(db);
  const read = readLayoutFile(input, {
    wall: current,
    fileWall,
    existingPresetIds: replace ? [] : stored.map((p) => p.id),
    existingPlaylistIds: replace ? [] : state.playlists.map((p) => p.id),
  });
  if (!read.ok && read.refused === 'wall') {
    throw new LayoutError(
      'forbidden',
      'Tệp không được nhập, không có gì thay đổi: tệp có cấu hình tường (mục "wall") mà chỉ quản trị viên được thay đổi màn hình của tường. ' +
        'Hãy nhờ quản trị viên nhập tệp ở bảng điều khiển của máy chủ, hoặc chỉ nhập các bố cục và lịch của tệp, giữ nguyên tường ("Chỉ nhập bố cục", hay tham số wall: false) / ' +
        'The file was not imported, nothing changed: it carries a wall ("wall"), and only an administrator may change the wall\'s displays. ' +
        'Ask an administrator to import it from the host\'s console, or import only its presets and schedule, keeping the wall as it is ("Import presets only", or the parameter wall: false).',
      read.problems,
    );
  }
  if (!read.ok) throw problemsError('Tệp không được nhập, không có gì thay đổi / The file was not imported, nothing changed', read.problems);
  const file = read.file;
  db.transaction(() => {
    if (file.wall) {
      // The file's wall becomes this machine's wall, whatever id it was written with.
      const next: Wall = { ...file.wall, id: current.id };
      saveWall(db, next);
    }
    const wall = getWall(db);
    if (replace) {
      if (!file.schedule) {
        // Entries naming presets about to go would dangle: clear the schedule with them.
        saveSchedule(db, { enabled: state.enabled, defaultPresetId: null, entries: [], playlists: [] });
      }
      db.prepare(`DELETE FROM presets WHERE wall_id = ?`).run(wall.id);
      setOverride(db, null);
    }
    const at = nowIso();
    const up = db.prepare(
      `INSERT INTO presets (id, wall_id, name, body, bundled, updated_at) VALUES (@id, @wall, @name, @body, 0, @at)
       ON CONFLICT (id) DO UPDATE SET wall_id = @wall, name = @name, body = @body, updated_at = @at`,
    );
    for (const l of file.presets) up.run({ id: l.id, wall: wall.id, name: l.name, body: JSON.stringify({ ...l, wallId: wall.id }), at });
    if (file.schedule) saveSchedule(db, file.schedule);
  })();
  return { wall: !!file.wall, presets: file.presets.length, schedule: !!file.schedule };
}
