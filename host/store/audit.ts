import type Database from 'better-sqlite3';

/** One audit row: who (an actor string from host/room/caller.ts), what, and the details as JSON. */
export function audit(db: Database.Database, actor: string, action: string, detail: unknown, at = new Date()): void {
  db.prepare(`INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)`).run(at.toISOString(), actor, action, JSON.stringify(detail ?? null));
}
