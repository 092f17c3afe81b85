import type Database from 'better-sqlite3';

/**
 * Runs `fn` in a transaction committed with synchronous=FULL: the WAL is fsynced at COMMIT, so
 * what an operator saw confirmed (a hotline action, its outbox row, a retry or discard) survives
 * a power cut. The rest of the database stays at NORMAL (durable across crashes of the app, and
 * much cheaper for sync's bulk writes); the cost is measured in bench/ingest.bench.ts.
 */
export function durably<T>(db: Database.Database, fn: () => T): T {
  // The level cannot change inside a transaction; an outer one decides for both.
  if (db.inTransaction) return fn();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
