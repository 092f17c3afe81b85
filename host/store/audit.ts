import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';

/**
 * The one way an audit row is written: who (an actor string from host/room/caller.ts), what,
 * and the details as JSON. Callers inside a transaction get the row in that transaction.
 */
export function audit(db: Database.Database, actor: string, action: string, detail: unknown, at: Date | string = new Date()): void {
  stmt(db, `INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)`).run(
    typeof at === 'string' ? at : at.toISOString(),
    actor,
    action,
    JSON.stringify(detail ?? null),
  );
}
