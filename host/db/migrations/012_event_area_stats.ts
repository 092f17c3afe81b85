import type { Migration } from '../migration';

/**
 * event_area_stats: event_stats (migration 004) added up over kind and status, per domain, local
 * month and district. The figures that do not split by kind — a period's totals (kpis, map), a
 * trend's months, and above all byArea's districts — read a dozen rows a month here instead of
 * one per kind × status (some 160 a month for the hotline), so those views cost less when the
 * machine is busy (issue 12 §4).
 *
 * Kept by triggers on event_stats itself, not on events: whatever keeps event_stats right (its
 * own triggers on events, or bulkLoad's rebuild after a large load, which empties and refills
 * event_stats) keeps this right too, with one more small upsert per aggregate row changed.
 * Self-contained SQL on purpose: a migration must not change when live code does.
 */

const COLS = ['n', 'closed', 'late', 'online', 'deaths', 'injuries'] as const;
const add = (r: 'new' | 'old', sign: '+' | '-') => COLS.map((c) => `${c} = ${c} ${sign} ${r}.${c}`).join(', ');
const key = (r: 'new' | 'old') => `domain = ${r}.domain AND month = ${r}.month AND area_id = ${r}.area_id`;

export const migration012: Migration = {
  version: 12,
  name: 'event totals per district and month',
  up(db) {
    db.exec(`
      CREATE TABLE event_area_stats (
        domain   TEXT NOT NULL,
        month    TEXT NOT NULL,   -- local 'YYYY-MM' of opened_at, as in event_stats
        area_id  TEXT NOT NULL,   -- '' when the event has no area
        n        INTEGER NOT NULL,
        closed   INTEGER NOT NULL,
        late     INTEGER NOT NULL,
        online   INTEGER NOT NULL,
        deaths   INTEGER NOT NULL,
        injuries INTEGER NOT NULL,
        PRIMARY KEY (domain, month, area_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER event_area_stats_insert AFTER INSERT ON event_stats BEGIN
        INSERT INTO event_area_stats (domain, month, area_id, ${COLS.join(', ')})
        VALUES (new.domain, new.month, new.area_id, ${COLS.map((c) => `new.${c}`).join(', ')})
        ON CONFLICT (domain, month, area_id) DO UPDATE SET ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};
      END;
      CREATE TRIGGER event_area_stats_update AFTER UPDATE ON event_stats BEGIN
        UPDATE event_area_stats SET ${add('old', '-')} WHERE ${key('old')};
        INSERT INTO event_area_stats (domain, month, area_id, ${COLS.join(', ')})
        VALUES (new.domain, new.month, new.area_id, ${COLS.map((c) => `new.${c}`).join(', ')})
        ON CONFLICT (domain, month, area_id) DO UPDATE SET ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};
        DELETE FROM event_area_stats WHERE ${key('old')} AND n = 0;
      END;
      CREATE TRIGGER event_area_stats_delete AFTER DELETE ON event_stats BEGIN
        UPDATE event_area_stats SET ${add('old', '-')} WHERE ${key('old')};
        DELETE FROM event_area_stats WHERE ${key('old')} AND n = 0;
      END;

      INSERT INTO event_area_stats (domain, month, area_id, ${COLS.join(', ')})
      SELECT domain, month, area_id, ${COLS.map((c) => `sum(${c})`).join(', ')} FROM event_stats GROUP BY 1, 2, 3;
    `);
  },
};
