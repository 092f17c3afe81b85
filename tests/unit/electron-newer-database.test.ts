import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restorableBackup, StartAbandoned, startOrOfferRestore } from '../../electron/newer-database';
import { backupDatabaseSync, backupsDir, stamp } from '../../host/db/backup';
import { DB_FILE } from '../../host/db/files';
import { NewerDatabaseError } from '../../host/db/migrate';
import { MIGRATIONS } from '../../host/db/migrations';
import { openDatabase } from '../../host/db/open';

/**
 * An app that finds a database newer than itself offers the backup the newer version made before
 * migrating (real files: a database at this schema, its pre-migration backup, then a "newer app"
 * bumping the schema).
 */

const known = MIGRATIONS[MIGRATIONS.length - 1]!.version;
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ioc-newer-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** This version's database, backed up "before migrating", then upgraded by a newer IOC Wall. */
function upgradedByNewerApp(withBackup = true) {
  const { db } = openDatabase(dataDir);
  db.prepare(`INSERT INTO meta (key, value) VALUES ('marker', 'before upgrade')`).run();
  if (withBackup) backupDatabaseSync(db, join(backupsDir(dataDir), 'pre-migration', `ioc-wall-schema${String(known).padStart(3, '0')}-${stamp()}.db`));
  db.prepare(`UPDATE meta SET value = 'after upgrade' WHERE key = 'marker'`).run();
  db.pragma(`user_version = ${known + 1}`);
  db.close();
}

const dialog = (response: number) => ({ showMessageBox: vi.fn(async () => ({ response, checkboxChecked: false })), showErrorBox: vi.fn() });
const start = async () => openDatabase(dataDir);

describe('database newer than the app', () => {
  it('offers the pre-migration backup; restoring starts the app on it and keeps the newer database', async () => {
    upgradedByNewerApp();
    expect(restorableBackup(backupsDir(dataDir), known)?.schema).toBe(known);
    const d = dialog(0);
    const opened = await startOrOfferRestore(start, { dataDir, backupsDir: backupsDir(dataDir), dialog: d as never });
    try {
      expect(d.showMessageBox).toHaveBeenCalledOnce();
      const shown = (d.showMessageBox.mock.calls[0] as unknown as [{ detail: string; buttons: string[] }])[0];
      expect(shown.buttons[0]).toMatch(/Khôi phục bản sao lưu \/ Restore the backup/);
      expect(shown.detail).toMatch(new RegExp(`schema ${known + 1}.*knows up to ${known}`));
      expect(opened.db.prepare(`SELECT value FROM meta WHERE key = 'marker'`).pluck().get()).toBe('before upgrade');
    } finally {
      opened.db.close();
    }
    expect(readdirSync(dataDir).some((f) => f.startsWith(`${DB_FILE}.before-restore-`))).toBe(true);
  });

  it('"Quit" changes nothing and exits without a second message', async () => {
    upgradedByNewerApp();
    const d = dialog(1);
    await expect(startOrOfferRestore(start, { dataDir, backupsDir: backupsDir(dataDir), dialog: d as never })).rejects.toBeInstanceOf(StartAbandoned);
    expect(readdirSync(dataDir).some((f) => f.includes('before-restore'))).toBe(false);
    await expect(start()).rejects.toBeInstanceOf(NewerDatabaseError);
  });

  it('without a backup it says what to do and quits', async () => {
    upgradedByNewerApp(false);
    const d = dialog(0);
    await expect(startOrOfferRestore(start, { dataDir, backupsDir: backupsDir(dataDir), dialog: d as never })).rejects.toBeInstanceOf(StartAbandoned);
    expect(d.showMessageBox).not.toHaveBeenCalled();
    expect(d.showErrorBox.mock.calls[0]![1]).toMatch(/Install the newer version again/);
    expect(existsSync(join(dataDir, DB_FILE))).toBe(true);
  });

  it('other start failures pass through untouched', async () => {
    const d = dialog(0);
    await expect(startOrOfferRestore(() => Promise.reject(new Error('disk full')), { dataDir, backupsDir: backupsDir(dataDir), dialog: d as never })).rejects.toThrow('disk full');
    expect(d.showMessageBox).not.toHaveBeenCalled();
  });
});
