import type Database from 'better-sqlite3';
import { bundledLayouts, DEFAULT_WALL, OVERVIEW_PRESET_ID } from '../../layouts/presets';
import type { Wall } from '../../layouts/model';

/**
 * The bundled wall and presets of this version, written when the database opens with no wall
 * yet (a new data folder; host/db/open.ts calls this after migrating). A database that has a wall was seeded already: an operator's edits and deletions are never
 * undone, and presets bundled by a later release are not pushed into a room that has its own.
 * Returns whether it wrote anything.
 */
export function seedLayouts(db: Database.Database, wall: Wall = DEFAULT_WALL, now = new Date()): boolean {
  if ((db.prepare(`SELECT count(*) FROM walls`).pluck().get() as number) > 0) return false;
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare(`INSERT INTO walls (id, name, body, active, updated_at) VALUES (?, ?, ?, 1, ?)`).run(wall.id, wall.name, JSON.stringify(wall), at);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO presets (id, wall_id, name, body, bundled, updated_at) VALUES (?, ?, ?, ?, 1, ?)`,
    );
    if ((db.prepare(`SELECT count(*) FROM presets`).pluck().get() as number) === 0) {
      for (const layout of bundledLayouts(wall)) insert.run(layout.id, wall.id, layout.name, JSON.stringify(layout), at);
    }
    db.prepare(`INSERT OR IGNORE INTO layout_state (wall_id, default_preset_id, schedule_enabled) VALUES (?, ?, 1)`).run(wall.id, OVERVIEW_PRESET_ID);
  })();
  return true;
}
