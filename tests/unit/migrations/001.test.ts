import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateToVersion, NewerDatabaseError } from '../../../host/db/migrate';
import { openDatabase } from '../../../host/db/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-mig001-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const names = (db: Database.Database, type: 'table' | 'index') =>
  db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all(type) as string[];

describe('migration 001 core', () => {
  it('creates the record tables and indexes on an empty database', () => {
    const db = new Database(join(dir, 'a.db'));
    expect(updateToVersion(db, 1)).toBe(1);
    expect(names(db, 'table')).toEqual(
      expect.arrayContaining(['meta', 'areas', 'observations', 'events', 'stations', 'readings', 'places', 'domain_freshness', 'audit_log']),
    );
    expect(names(db, 'index')).toEqual(
      expect.arrayContaining(['observations_domain', 'events_domain_opened', 'events_domain_area', 'readings_param_time', 'places_domain_kind']),
    );
    // STRICT tables refuse a wrong type instead of storing it.
    expect(() =>
      db.prepare(`INSERT INTO observations VALUES ('i','70','2024','economy','not a number','s','t')`).run(),
    ).toThrow(/cannot store TEXT value in REAL column/);
    db.close();
  });

  it('is idempotent: running again changes nothing', () => {
    const db = new Database(join(dir, 'b.db'));
    updateToVersion(db, 1);
    db.prepare(`INSERT INTO meta VALUES ('k','v')`).run();
    expect(updateToVersion(db, 1)).toBe(1);
    expect(db.prepare(`SELECT value FROM meta WHERE key='k'`).pluck().get()).toBe('v');
    db.close();
  });

  it('refuses a database from a newer version, leaving it untouched', () => {
    const db = new Database(join(dir, 'c.db'));
    db.pragma('user_version = 99');
    expect(() => updateToVersion(db, 1)).toThrow(NewerDatabaseError);
    expect(() => updateToVersion(db, 1)).toThrow(/schema version 99.*up to 1.*newer IOC Wall/);
    expect(names(db, 'table')).toEqual([]);
    db.close();
  });

  it('openDatabase creates the data dir and file in WAL with foreign keys, and reopens', () => {
    const dataDir = join(dir, 'nested', 'IOC Wall');
    const first = openDatabase(dataDir);
    expect(first.foundSchema).toBe(0);
    expect(first.schema).toBeGreaterThanOrEqual(1);
    expect(first.path).toBe(join(dataDir, 'ioc-wall.db'));
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    first.db.close();
    const again = openDatabase(dataDir);
    expect(again.foundSchema).toBe(first.schema);
    again.db.close();
  });

  it('openDatabase refuses a newer database with the clear message and closes it', () => {
    const raw = new Database(join(dir, 'ioc-wall.db'));
    raw.pragma('user_version = 1000');
    raw.close();
    expect(() => openDatabase(dir)).toThrow(/newer IOC Wall: install that version again, or point --data-dir/);
  });
});
