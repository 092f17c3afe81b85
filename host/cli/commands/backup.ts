import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, BackupError, backupsDir, MANUAL_KEEP, restoreDatabase, RestoreError, rotate, stamp } from '../../db/backup';
import { DB_FILE } from '../../db/files';
import { configFromArgs, DATA_FOLDER_OPTIONS } from '../options';
import { registerCommand } from '../registry';
import { humanBytes } from '../size';

const BACKUP_USAGE = `Usage: ioc-wall backup [--out FILE [--force]] [--config FILE] [--data-dir DIR]

Writes a consistent copy of the database while IOC Wall keeps running (SQLite's online backup).
The copy is one file; \`ioc-wall restore FILE\` puts it back.

Options:
  --out FILE        where to write it (default: <backups>/manual/ioc-wall-<time>.db; the newest
                    ${MANUAL_KEEP} there are kept). A new file: a folder, FIFO, device, link or
                    the database itself is never replaced, an existing file only with --force
  --force           replace the file already at --out
  --config FILE     JSON config file (also IOC_WALL_CONFIG)
  --data-dir DIR    where ioc-wall.db lives`;

const RESTORE_USAGE = `Usage: ioc-wall restore FILE [--config FILE] [--data-dir DIR]

Replaces the database of the data folder with the backup FILE. Refused while IOC Wall (serve, the
desktop app or sync) runs on that folder. The backup is checked first (integrity, schema); the
database it replaces is kept beside it as ioc-wall.db.before-restore-<time> (with its -wal, -shm;
the newest 3 are kept). A -wal or -shm left without its database is moved aside the same way.`;

registerCommand({
  name: 'backup',
  summary: 'sao lưu cơ sở dữ liệu / back up the database (online, consistent)',
  usage: BACKUP_USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, force: { type: 'boolean', default: false }, ...DATA_FOLDER_OPTIONS },
      strict: true,
    });
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    const file = join(loaded.dataDir, DB_FILE);
    if (!existsSync(file)) {
      io.err(`Chưa có cơ sở dữ liệu / No database at ${file}: nothing to back up.`);
      return 1;
    }
    // Opened as is, never migrated: a running host of another version keeps its schema.
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const out = values.out ?? join(backupsDir(loaded.dataDir, loaded.config.backups), 'manual', `ioc-wall-${stamp()}.db`);
      let r: { file: string; bytes: number };
      try {
        // A name the operator typed may be anything of his: kept unless --force. The default name
        // is ours (a stamp to the second) and is replaced like the nightly ones.
        r = await backupDatabase(db, out, { existing: values.out !== undefined && !values.force ? 'refuse' : 'replace' });
      } catch (err) {
        if (!(err instanceof BackupError)) throw err;
        io.err(err.message);
        return 1;
      }
      io.out(`✓ Đã sao lưu / Backed up ${file} → ${r.file} (${humanBytes(r.bytes)})`);
      // Manual backups into the default folder: the newest MANUAL_KEEP stay (an --out elsewhere is the operator's).
      if (values.out === undefined) rotate(dirname(r.file), MANUAL_KEEP, { keep: r.file });
      return 0;
    } finally {
      db.close();
    }
  },
});

registerCommand({
  name: 'restore',
  summary: 'khôi phục từ bản sao lưu / restore the database from a backup (IOC Wall stopped)',
  usage: RESTORE_USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...DATA_FOLDER_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) {
      io.err(`Cần đúng một tệp sao lưu / Give exactly one backup file.\n\n${RESTORE_USAGE}`);
      return 2;
    }
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    try {
      const r = restoreDatabase(loaded.dataDir, positionals[0]!);
      io.out(`✓ Đã khôi phục / Restored ${r.restoredFrom} → ${join(loaded.dataDir, DB_FILE)}`);
      if (r.previousSavedAs) io.out(`  Cơ sở dữ liệu cũ giữ tại / The replaced database is kept as ${r.previousSavedAs}`);
      else if (r.setAside.length > 0) io.out(`  Tệp nhật ký cũ được chuyển sang / Leftover journal files moved aside: ${r.setAside.join(', ')}`);
      io.out('  Khởi động lại IOC Wall / Start IOC Wall again.');
      return 0;
    } catch (err) {
      if (!(err instanceof RestoreError)) throw err;
      io.err(err.message);
      return 1;
    }
  },
});
