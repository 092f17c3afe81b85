import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration011 } from '../../../host/db/migrations/011_room';

const db = freshDatabase('ioc-mig011-');

describe('migration 011 room', () => {
  it('is registered after every lower version', () => {
    const i = MIGRATIONS.indexOf(migration011);
    expect(i).toBeGreaterThan(3);
    expect(MIGRATIONS.slice(0, i).every((m) => m.version < 11)).toBe(true);
  });

  it('creates nodes, enrollment codes and wall requests, with their checks', () => {
    expect(updateToVersion(db(), 11)).toBe(11);
    const insert = (role: string) =>
      db().prepare(`INSERT INTO nodes (id, name, role, created_at, created_by) VALUES (?, 'n', ?, '2026-01-01T00:00:00Z', 'test')`).run(`n-${role}`, role);
    insert('wall');
    insert('kiosk');
    expect(() => insert('admin')).toThrow(/CHECK/);
    db().prepare(`INSERT INTO enrollment_codes (code_hash, node_id, expires_at) VALUES ('h', 'n-wall', 'x')`).run();
    db().pragma('foreign_keys = ON');
    db().prepare(`DELETE FROM nodes WHERE id = 'n-wall'`).run();
    expect(db().prepare(`SELECT count(*) FROM enrollment_codes`).pluck().get()).toBe(0);
    expect(() =>
      db()
        .prepare(`INSERT INTO wall_requests (id, node_name, domain, layout, state, created_at) VALUES ('r', 'k', 'health', '{}', 'shown', 'x')`)
        .run(),
    ).toThrow(/CHECK/);
  });
});
