import type Database from 'better-sqlite3';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database is at schema version ${found}, but this IOC Wall knows versions up to ${known}. ` +
        `It was written by a newer IOC Wall: install that version again, or point --data-dir at another folder.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/**
 * Brings the database up to the newest schema. Each migration runs in its own transaction with
 * its user_version bump, so a crash leaves the database at a whole version.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new NewerDatabaseError(current, known);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
