import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkVersions, latestVersion, migrate, SKIPPED_VERSIONS, updateToVersion } from '../../../host/db/migrate';
import type { Migration } from '../../../host/db/migration';
import { MIGRATIONS } from '../../../host/db/migrations';
import { openDatabase } from '../../../host/db/open';
import { listPresets } from '../../../host/layouts/store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-versions-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const step = (version: number): Migration => ({ version, name: `m${version}`, up: (db) => db.exec(`CREATE TABLE t${version} (x)`) });
const steps = (...versions: number[]) => versions.map(step);

describe('migration versions', () => {
  it('run 1, 2, 3, … apart from the old gaps, each once, in order', () => {
    expect(() => checkVersions(MIGRATIONS)).not.toThrow();
    const all = MIGRATIONS.map((m) => m.version);
    expect(new Set([...all, ...SKIPPED_VERSIONS]).size).toBe(all.length + SKIPPED_VERSIONS.length);
    // Every number up to the newest is either a migration or a skipped one.
    expect([...all, ...SKIPPED_VERSIONS].sort((a, b) => a - b)).toEqual(Array.from({ length: latestVersion() }, (_, i) => i + 1));
  });

  it('refuse a gap, a repeat or a wrong order, and accept the next number after the newest', () => {
    expect(() => checkVersions(steps(1, 2, 4))).toThrow(/version 4, expected 3/);
    expect(() => checkVersions(steps(1, 2, 2))).toThrow(/version 2, expected 3/);
    expect(() => checkVersions(steps(2, 1))).toThrow(/version 2, expected 1/);
    // A new gap after the old ones is refused too: the next one is the newest plus one.
    const next = latestVersion() + 1;
    expect(() => checkVersions([...MIGRATIONS, step(next + 1)])).toThrow(new RegExp(`version ${next + 1}, expected ${next}`));
    expect(() => checkVersions([...MIGRATIONS, step(next)])).not.toThrow();
    // migrate() checks before it touches the database.
    const db = new Database(':memory:');
    expect(() => migrate(db, steps(1, 3))).toThrow(/expected 2/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });

  it('a migration added after the merge runs on a database of the newest version', () => {
    const { db } = openDatabase(dir);
    const next = latestVersion() + 1;
    expect(migrate(db, [...MIGRATIONS, step(next)])).toBe(next);
    expect(db.prepare(`SELECT count(*) FROM t${next}`).pluck().get()).toBe(0);
    db.close();
  });

  it('updateToVersion stops at the version asked for, and refuses one no migration makes', () => {
    const db = new Database(join(dir, 'a.db'));
    expect(updateToVersion(db, 6)).toBe(6);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'alerts'`).pluck().get()).toBe(0);
    expect(updateToVersion(db, 9)).toBe(9);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'alerts'`).pluck().get()).toBe(1);
    for (const v of [7, 10, latestVersion() + 1]) expect(() => updateToVersion(db, v)).toThrow(`No migration makes schema version ${v}`);
    db.close();
  });

  it.each([9, 11])('a database an earlier release left at version %i opens and migrates to the newest', (v) => {
    const old = new Database(join(dir, 'ioc-wall.db'));
    updateToVersion(old, v);
    old.close();
    const opened = openDatabase(dir);
    expect(opened.foundSchema).toBe(v);
    expect(opened.schema).toBe(latestVersion());
    opened.db.close();
  });
});

describe('start-up layouts seed', () => {
  it('fills a new database once; deleted presets stay deleted on the next start', () => {
    let { db } = openDatabase(dir);
    expect(listPresets(db).map((p) => p.id)).toContain('emergency');
    db.prepare(`DELETE FROM presets WHERE id = 'emergency'`).run();
    db.close();
    ({ db } = openDatabase(dir));
    expect(listPresets(db).map((p) => p.id)).not.toContain('emergency');
    expect(listPresets(db).length).toBeGreaterThan(0);
    db.close();
  });

  it('leaves a database an earlier release seeded (through migration 002) as it was', () => {
    const old = new Database(join(dir, 'ioc-wall.db'));
    updateToVersion(old, 6);
    // What the old 002 left: a wall and its own presets.
    old.prepare(`INSERT INTO walls (id, name, body, active, updated_at) VALUES ('main', 'Old wall', '{}', 1, 't')`).run();
    old.close();
    const { db } = openDatabase(dir);
    expect(db.prepare(`SELECT name FROM walls`).pluck().all()).toEqual(['Old wall']);
    expect(db.prepare(`SELECT count(*) FROM presets`).pluck().get()).toBe(0);
    db.close();
  });
});
