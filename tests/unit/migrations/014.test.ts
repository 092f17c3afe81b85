import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database';
import { updateToVersion } from '../../../host/db/migrate';
import { MIGRATIONS } from '../../../host/db/migrations';
import { migration014 } from '../../../host/db/migrations/014_feed_source';

const db = freshDatabase('ioc-mig014-');

describe('migration 014 what each feed state was fetched from', () => {
  it('is registered as version 14 after every lower version', () => {
    expect(migration014.version).toBe(14);
    expect(MIGRATIONS.indexOf(migration014)).toBeGreaterThan(0);
    expect(MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration014)).every((m) => m.version < 14)).toBe(true);
  });

  it('keeps every feed state a database held, its source unknown (null)', () => {
    expect(updateToVersion(db(), 13)).toBe(13);
    db().prepare(`INSERT INTO feed_state (feed_id, watermark, cursor) VALUES ('hl', '2026-12-01T00:00:00Z', NULL)`).run();
    expect(updateToVersion(db(), 14)).toBe(14);
    expect(db().prepare(`SELECT feed_id, watermark, source FROM feed_state`).all()).toEqual([{ feed_id: 'hl', watermark: '2026-12-01T00:00:00Z', source: null }]);
  });
});
