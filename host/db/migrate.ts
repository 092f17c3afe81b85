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
 * Versions that were never used. Installed databases carry their user_version for good, so the
 * numbers already given out stay as they are (renumbering would make one number mean two
 * schemas); only these old gaps are allowed, and every later version is the one before plus one.
 */
export const SKIPPED_VERSIONS: readonly number[] = [7, 8, 10];

/** Refuses a list whose versions do not run 1, 2, 3, … (apart from SKIPPED_VERSIONS). */
export function checkVersions(migrations: readonly Migration[]): void {
  let expected = 1;
  for (const m of migrations) {
    while (SKIPPED_VERSIONS.includes(expected)) expected++;
    if (m.version !== expected) {
      throw new Error(
        `Migration "${m.name}" has version ${m.version}, expected ${expected}: versions are consecutive (a migration added after another branch's is renumbered to follow it).`,
      );
    }
    expected++;
  }
}

/** The newest schema version these migrations make (0 for none). */
export const latestVersion = (migrations: readonly Migration[] = MIGRATIONS): number => migrations.at(-1)?.version ?? 0;

/**
 * Brings the database up to the newest schema. Each migration runs in its own transaction with
 * its user_version bump, so a crash leaves the database at a whole version.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  checkVersions(migrations);
  const known = latestVersion(migrations);
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

/**
 * Migrates up to `version` and no further (the idea of Signal Desktop's `updateToVersion`):
 * a migration's test brings a database to the version before it, writes rows as that schema
 * held them, then runs it. `version` must be one the migrations make.
 */
export function updateToVersion(db: Database.Database, version: number, migrations: readonly Migration[] = MIGRATIONS): number {
  if (!migrations.some((m) => m.version === version)) throw new Error(`No migration makes schema version ${version}.`);
  return migrate(
    db,
    migrations.filter((m) => m.version <= version),
  );
}
