import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseFileError, DB_FILE, openDatabase } from '../../host/db/open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase on a bad file', () => {
  it('names the damaged file and what to do, and leaves it untouched', () => {
    const file = join(dir, DB_FILE);
    const junk = 'not sqlite at all\n'.repeat(300);
    writeFileSync(file, junk);
    let caught: unknown;
    try {
      openDatabase(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DatabaseFileError);
    expect((caught as DatabaseFileError).code).toBe('SQLITE_NOTADB');
    expect((caught as Error).message).toContain(file);
    expect((caught as Error).message).toMatch(/restore the last backup or move it away/);
    expect(readFileSync(file, 'utf8')).toBe(junk);
  });

  it('passes a healthy database through', () => {
    const first = openDatabase(dir);
    first.db.close();
    const again = openDatabase(dir);
    expect(again.foundSchema).toBe(again.schema);
    const reader = new Database(again.path, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    reader.close();
    again.db.close();
  });
});
