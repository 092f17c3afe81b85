import type Database from 'better-sqlite3';

/**
 * Runs `work` with the named triggers lifted, in one transaction, and puts back exactly the SQL
 * the database held before: the live schema, whatever migration last wrote it. Re-creating a
 * trigger from a migration's constants instead would undo a later migration that changed it.
 * A name the database does not have is skipped (and not created afterwards).
 */
export function withoutTriggers<T>(db: Database.Database, names: readonly string[], work: () => T): T {
  const read = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck();
  return db.transaction(() => {
    const lifted: { name: string; sql: string }[] = [];
    for (const name of names) {
      const sql = read.get(name) as string | undefined;
      if (sql === undefined) continue;
      lifted.push({ name, sql });
      db.exec(`DROP TRIGGER "${name.replaceAll('"', '""')}"`);
    }
    const result = work();
    for (const t of lifted) db.exec(t.sql);
    return result;
  })();
}
