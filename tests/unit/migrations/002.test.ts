import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateToVersion } from '../../../host/db/migrate';
import { migration001 } from '../../../host/db/migrations/001_core';
import { migration002 } from '../../../host/db/migrations/002_layouts';
import { MIGRATIONS } from '../../../host/db/migrations';
import { getWall, listPresets, getState } from '../../../host/layouts/store';
import { seedLayouts } from '../../../host/layouts/seed';
import { checkLayout } from '../../../layouts/geometry';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-mig002-'));
  db = new Database(join(dir, 'a.db'));
  db.pragma('foreign_keys = ON');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 002 layouts', () => {
  it('is registered as version 2 after 001', () => {
    expect(MIGRATIONS[0]).toBe(migration001);
    expect(MIGRATIONS[1]).toBe(migration002);
    expect(migration002.version).toBe(2);
  });

  it('creates the tables and nothing in them: the bundled layouts are start-up data, not the migration’s', () => {
    expect(updateToVersion(db, 2)).toBe(2);
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['walls', 'presets', 'playlists', 'schedules', 'layout_state']));
    for (const t of ['walls', 'presets', 'layout_state']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
  });

  it('start-up seeds the bundled 2x1 wall and four presets that fit it into a version-2 database', () => {
    updateToVersion(db, 2);
    expect(seedLayouts(db)).toBe(true);
    const wall = getWall(db);
    expect(wall.cols).toBe(2);
    expect(wall.rows).toBe(1);
    expect(wall.displays.map((d) => [d.id, d.width, d.height])).toEqual([
      ['d1', 1920, 1080],
      ['d2', 1920, 1080],
    ]);
    const presets = listPresets(db);
    expect(presets.map((p) => p.name).sort()).toEqual(
      ['Giao ban sáng', 'Giao thông – Trật tự đô thị', 'Tổng quan tỉnh', 'Ứng phó khẩn cấp'].sort(),
    );
    for (const p of presets) {
      expect(p.bundled).toBe(true);
      expect(checkLayout(wall, p)).toEqual([]);
    }
    const overview = presets.find((p) => p.name === 'Tổng quan tỉnh')!;
    expect(new Set(overview.tiles.map((t) => t.panel)).size).toBe(10);
    expect(getState(db).defaultPresetId).toBe(overview.id);
  });

  it('enforces its constraints: one active wall, known wall for a preset, HH:MM times', () => {
    updateToVersion(db, 2);
    seedLayouts(db);
    expect(() =>
      db.prepare(`INSERT INTO walls (id, name, body, active, updated_at) VALUES ('w2', 'x', '{}', 1, 't')`).run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare(`INSERT INTO presets (id, wall_id, name, body, updated_at) VALUES ('p', 'nope', 'x', '{}', 't')`).run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO schedules (id, wall_id, position, days, at, target_kind, target_id) VALUES ('s', 'main', 0, '[1]', '7:30', 'preset', 'overview')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('re-running changes nothing and keeps the operator’s edits', () => {
    updateToVersion(db, 2);
    seedLayouts(db);
    db.prepare(`DELETE FROM presets WHERE id = 'emergency'`).run();
    expect(updateToVersion(db, 2)).toBe(2);
    expect(seedLayouts(db)).toBe(false);
    expect(listPresets(db).map((p) => p.id)).not.toContain('emergency');
  });
});
