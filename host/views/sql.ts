import type Database from 'better-sqlite3';

/**
 * Prepared statements cached per database and SQL text: preparing costs more than running
 * these small queries, and views run on every tile refresh.
 */
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

/** Why a view could not answer, for the person who asked (mapped to ApiError by the handler). */
export class ViewError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_params',
    message: string,
  ) {
    super(message);
    this.name = 'ViewError';
  }
}
