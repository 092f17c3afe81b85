import type { Migration } from '../migration';

/**
 * events_search: a full-text index of every event's id, title and address (FTS5, external content
 * on `events`, so the text is stored once), for the desk's search ("tìm phản ánh"): a caller's
 * report found by its number, a few words of its title or its street, typed with or without
 * diacritics (the unicode61 tokenizer drops the marks; "đ" it keeps, which the query side
 * spells both ways: host/views/search.ts). The description is left out: it is long, and indexing
 * it tripled the cost of writing an event, where number, title and address add about 19 µs.
 *
 * Kept by triggers on `events`, in whatever transaction writes them; an upsert that leaves the
 * indexed text as it was (most re-synced reports) does not touch the index. Positions are kept
 * (the default detail): a word the tokenizer cuts in two, where its character tables and the
 * query's differ, is then asked as a phrase, which an index without them cannot answer.
 * `columnsize = 0`: no ranking by length, so no sizes are written. Self-contained SQL
 * on purpose: a migration must not change when live code does.
 */
export const migration015: Migration = {
  version: 15,
  name: 'event text search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE events_search USING fts5(
        id, title, address,
        content = 'events', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2',
        columnsize = 0
      );
      CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_search (rowid, id, title, address) VALUES (new.rowid, new.id, new.title, new.address);
      END;
      CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_search (events_search, rowid, id, title, address) VALUES ('delete', old.rowid, old.id, old.title, old.address);
      END;
      CREATE TRIGGER events_search_update AFTER UPDATE OF id, title, address ON events
        WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.address IS NOT new.address BEGIN
        INSERT INTO events_search (events_search, rowid, id, title, address) VALUES ('delete', old.rowid, old.id, old.title, old.address);
        INSERT INTO events_search (rowid, id, title, address) VALUES (new.rowid, new.id, new.title, new.address);
      END;
      INSERT INTO events_search (events_search) VALUES ('rebuild');
    `);
  },
};
