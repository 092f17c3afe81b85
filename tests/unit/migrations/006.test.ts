import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration006 } from '../../../host/db/migrations/006_located_and_secret_origins';

const db = freshDatabase('ioc-mig006-');

describe('migration 006 located areas, secret origins', () => {
  it('is registered as version 6, after 004', () => {
    const i = MIGRATIONS.indexOf(migration006);
    expect(i).toBeGreaterThan(0);
    expect(MIGRATIONS[i - 1]!.version).toBeLessThan(6);
    expect(migration006.version).toBe(6);
  });

  it('keeps rows written before it (area_located 0: a given area) and adds secret_origins', () => {
    updateToVersion(db(), 5);
    db().prepare(
      `INSERT INTO events (id, domain, kind, status, area_id, lat, lon, title, description, address, agency, opened_at, updated_at, due_at, closed_at, source, attrs)
       VALUES ('e', 'hotline', 'k', 'received', '689', 11.5, 106.9, '', '', '', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, NULL, 's', '{}')`,
    ).run();
    updateToVersion(db(), 6);
    expect(db().pragma('user_version', { simple: true })).toBe(6);
    expect(db().prepare(`SELECT area_id, area_located FROM events`).get()).toEqual({ area_id: '689', area_located: 0 });
    db().prepare(`INSERT INTO secret_origins VALUES ('k', 'https://a.example', 'now', 'cli')`).run();
    expect(() => db().prepare(`INSERT INTO secret_origins VALUES ('k', 'https://a.example', 'now', 'cli')`).run()).toThrow(/UNIQUE/);
    for (const t of ['places', 'stations']) expect(db().prepare(`SELECT count(*) FROM pragma_table_info('${t}') WHERE name = 'area_located'`).pluck().get()).toBe(1);
  });
});
