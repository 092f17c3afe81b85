import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration009 } from '../../../host/db/migrations/009_alerts';
import { getSchedule, saveSchedule } from '../../../host/layouts/store';
import { seedLayouts } from '../../../host/layouts/seed';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-mig009-'));
  db = new Database(join(dir, 'a.db'));
  db.pragma('foreign_keys = ON');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 009 alerts', () => {
  it('is registered as version 9, after every lower version', () => {
    const i = MIGRATIONS.indexOf(migration009);
    expect(migration009.version).toBe(9);
    expect(MIGRATIONS.slice(0, i).every((m) => m.version < 9)).toBe(true);
    expect(MIGRATIONS.slice(i + 1).every((m) => m.version > 9)).toBe(true);
  });

  it('upgrades a version-4 database with a schedule: existing entries apply on holidays too', () => {
    updateToVersion(db, 4);
    seedLayouts(db);
    db.prepare(
      `INSERT INTO schedules (id, wall_id, position, days, at, target_kind, target_id, enabled) VALUES ('e1', 'main', 0, '[1,2,3,4,5]', '07:30', 'preset', 'morning-briefing', 1)`,
    ).run();
    expect(updateToVersion(db, 9)).toBe(9);
    expect(getSchedule(db).entries).toEqual([
      { id: 'e1', days: [1, 2, 3, 4, 5], at: '07:30', target: { kind: 'preset', id: 'morning-briefing' }, enabled: true, holidays: 'any' },
    ]);
    // The new column round-trips, and refuses values the schedule does not know.
    saveSchedule(db, { ...getSchedule(db), entries: [{ id: 'h', days: [], at: '08:00', target: { kind: 'preset', id: 'overview' }, enabled: true, holidays: 'only' }] });
    expect(getSchedule(db).entries[0]!.holidays).toBe('only');
    expect(() => db.prepare(`UPDATE schedules SET holidays = 'sometimes'`).run()).toThrow(/CHECK/);
  });

  it('allows one open alert per rule and area, any number of closed ones', () => {
    migrate(db);
    const ins = db.prepare(
      `INSERT INTO alerts (rule_id, area_id, state, kind, severity, rule_name, rule_name_en, raised_at, last_true_at) VALUES (?, ?, ?, 'count', 'warning', 'r', 'r', 't', 't')`,
    );
    ins.run('r', '689', 'cleared');
    ins.run('r', '689', 'resolved');
    ins.run('r', '689', 'raised');
    ins.run('r', '690', 'acknowledged');
    expect(() => ins.run('r', '689', 'acknowledged')).toThrow(/UNIQUE/);
    expect(() => ins.run('r', '691', 'snoozed')).toThrow(/CHECK/);
  });

  it('keys CAP messages by sender, identifier and sent', () => {
    migrate(db);
    const ins = db.prepare(
      `INSERT INTO cap_messages (identifier, sender, sent, feed_id, status, msg_type, severity, body, received_at) VALUES ('a', 's', ?, 'f', 'Actual', 'Alert', 'Severe', '{}', 'now')`,
    );
    ins.run('2026-01-01T00:00:00Z');
    ins.run('2026-01-01T01:00:00Z');
    expect(() => ins.run('2026-01-01T00:00:00Z')).toThrow(/UNIQUE/);
  });
});
