import type Database from 'better-sqlite3';

/**
 * Prepared statements kept per database and SQL text. Preparing costs more than running the
 * small queries the host repeats (views on every tile refresh, heartbeats, alert rules), and
 * better-sqlite3 compiles a new JS row builder for every statement it prepares, so preparing
 * per call also grows V8's code space.
 *
 * Bounded, least recently used out first: a few texts are built from configuration (an alert
 * rule's kinds and attributes), so months of rule edits must not keep every old text.
 */
export const MAX_STATEMENTS = 512;

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (s) {
    cache.delete(sql);
  } else {
    s = db.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, s);
  return s;
}

/** How many statements are kept for this database (tests). */
export const statementCount = (db: Database.Database): number => caches.get(db)?.size ?? 0;
