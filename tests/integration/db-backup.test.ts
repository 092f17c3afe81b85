import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackups } from '../../host/cli/doctor-checks';
import { loadConfig } from '../../host/config/load';
import {
  backupDatabase,
  isoWeek,
  listBackups,
  localDay,
  nightlyDue,
  restoreDatabase,
  RestoreError,
  startNightlyBackups,
} from '../../host/db/backup';
import { DB_FILE } from '../../host/db/files';
import { updateToVersion } from '../../host/db/migrate';
import { openDatabase } from '../../host/db/open';
import { runningOn } from '../../host/db/running';
import { startHost } from '../../host/service';
import { cli } from '../unit/support/run-cli';
import { countObservations as count, vn, walDataFolder } from './support/wal-data-folder';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-backup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dataFolder = (name: string, n: number, value = 1) => walDataFolder(dir, name, n, value, 'p');

describe('backupDatabase', () => {
  it('copies a live WAL database consistently, as one file, while writes go on', async () => {
    const { db } = dataFolder('live', 20_000);
    const out = join(dir, 'out', 'b.db');
    // Writes keep committing between the backup's steps; the copy is one consistent state.
    let writes = 0;
    const writer = setInterval(() => {
      db.prepare(`UPDATE observations SET value = value + 1`).run();
      writes++;
    }, 1);
    const r = await backupDatabase(db, out);
    clearInterval(writer);
    db.close();
    expect(r.file).toBe(out);
    expect(r.bytes).toBeGreaterThan(100_000);
    expect(existsSync(`${out}-wal`)).toBe(false);
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    const { n, s } = copy.prepare('SELECT count(*) n, min(value) lo, max(value) hi, sum(value) s FROM observations').get() as {
      n: number;
      s: number;
    };
    // Every row has the same value: no update was half-copied.
    const spread = copy.prepare('SELECT max(value) - min(value) FROM observations').pluck().get();
    copy.close();
    expect(n).toBe(20_000);
    expect(spread).toBe(0);
    expect(s % 20_000).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['b.db']);
    expect(writes).toBeGreaterThanOrEqual(0);
  });
});

describe('restoreDatabase', () => {
  it('refuses while a host runs on the folder, then restores, keeping the replaced database', async () => {
    const { dataDir, db } = dataFolder('d', 100, 1);
    const backup = join(dir, 'b.db');
    await backupDatabase(db, backup);
    db.prepare('UPDATE observations SET value = 5').run();
    db.close();

    const config = loadConfig({ env: {}, flags: { port: '0', demo: false } });
    const host = await startHost({ config, dataDir, serveHttp: false });
    expect(runningOn(dataDir).map((p) => p.kind)).toEqual(['host']);
    expect(() => restoreDatabase(dataDir, backup)).toThrow(RestoreError);
    expect(() => restoreDatabase(dataDir, backup)).toThrow(/IOC Wall is running on .*host pid/);
    const refused = await cli('restore', backup, '--data-dir', dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/đang chạy/);
    expect(count(join(dataDir, DB_FILE)).s).toBe(500);
    await host.close();
    expect(runningOn(dataDir)).toEqual([]);

    const r = restoreDatabase(dataDir, backup);
    expect(r.restoredFrom).toBe(backup);
    expect(count(join(dataDir, DB_FILE))).toEqual({ n: 100, s: 100 });
    expect(count(r.previousSavedAs!)).toEqual({ n: 100, s: 500 });
    // The restored file opens as a host database again.
    const again = openDatabase(dataDir);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.db.close();
  });

  it('ignores the mark of a process that is gone, but not of one that lives', async () => {
    const { dataDir, db } = dataFolder('stale', 10);
    const backup = join(dir, 'b.db');
    await backupDatabase(db, backup);
    db.close();
    mkdirSync(join(dataDir, 'running'), { recursive: true });
    // A child that exits: its pid is surely not alive afterwards.
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(join(dataDir, 'running', `${hostname()}-${pid}-1.json`), JSON.stringify({ pid, hostname: hostname(), kind: 'host', startedAt: '2026-01-01T00:00:00Z' }));
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(
        join(dataDir, 'running', `${hostname()}-${live.pid}-1.json`),
        JSON.stringify({ pid: live.pid, hostname: hostname(), kind: 'sync', startedAt: '2026-01-01T00:00:00Z' }),
      );
      expect(() => restoreDatabase(dataDir, backup)).toThrow(/sync pid/);
    } finally {
      live.kill();
      await new Promise((r) => live.once('exit', r));
    }
    expect(restoreDatabase(dataDir, backup).previousSavedAs).toMatch(/before-restore-/);
    expect(readdirSync(join(dataDir, 'running'))).toEqual([]);
  });

  it('checks the backup first: a damaged file, a non-database or a foreign one changes nothing', async () => {
    const { dataDir, db } = dataFolder('d', 5000);
    const good = join(dir, 'good.db');
    await backupDatabase(db, good);
    db.close();
    const before = count(join(dataDir, DB_FILE));

    const damaged = join(dir, 'damaged.db');
    const bytes = readFileSync(good);
    // Garble the pages after the schema page: the b-trees no longer hold together.
    for (let i = 4096 * 2; i < bytes.length; i += 97) bytes[i] = (bytes[i]! + 91) & 0xff;
    writeFileSync(damaged, bytes);
    expect(() => restoreDatabase(dataDir, damaged)).toThrow(/nothing was changed/);

    const text = join(dir, 'text.db');
    writeFileSync(text, 'not a database '.repeat(500));
    expect(() => restoreDatabase(dataDir, text)).toThrow(/cannot be read as a database|not an IOC Wall/);

    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE x (a)');
    f.close();
    expect(() => restoreDatabase(dataDir, foreign)).toThrow(/not an IOC Wall database/);

    const newer = join(dir, 'newer.db');
    const nw = new Database(good);
    nw.close();
    const copy = new Database(newer);
    copy.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    copy.pragma('user_version = 999');
    copy.close();
    expect(() => restoreDatabase(dataDir, newer)).toThrow(/schema 999/);
    expect(() => restoreDatabase(dataDir, join(dir, 'missing.db'))).toThrow(/No backup file/);

    expect(count(join(dataDir, DB_FILE))).toEqual(before);
    expect(readdirSync(dataDir).filter((n) => n.includes('restoring') || n.includes('before-restore'))).toEqual([]);
  });
});

describe('nightly backups', () => {
  it('makes one per night, one per ISO week, and keeps 7 daily + 4 weekly', async () => {
    const { dataDir, db } = dataFolder('n', 50);
    const bdir = join(dataDir, 'backups');
    let now = vn(2026, 0, 1, 3, 0); // the province's time, after the 02:00 hour
    const nightly = startNightlyBackups({
      db,
      dir: bdir,
      policy: { enabled: true, daily: 7, weekly: 4, hour: 2 },
      now: () => now,
      firstCheckMs: 3_600_000,
      everyMs: 3_600_000,
      onError: (e) => {
        throw e;
      },
    });
    try {
      const made: string[] = [];
      for (let day = 0; day < 40; day++) {
        now = vn(2026, 0, 1 + day, 3, 0);
        const r = await nightly.check();
        expect(r).not.toBeNull();
        made.push(r!.file);
        // A second look the same night does nothing.
        now = vn(2026, 0, 1 + day, 23, 0);
        expect(await nightly.check()).toBeNull();
      }
      const daily = readdirSync(join(bdir, 'daily')).sort();
      expect(daily).toEqual(['2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06', '2026-02-07', '2026-02-08', '2026-02-09'].map((d) => `ioc-wall-${d}.db`));
      const weekly = readdirSync(join(bdir, 'weekly')).sort();
      expect(weekly).toEqual(['2026-W04', '2026-W05', '2026-W06', '2026-W07'].map((w) => `ioc-wall-${w}.db`));
      expect(count(join(bdir, 'weekly', weekly[3]!)).n).toBe(50);
    } finally {
      await nightly.stop();
      db.close();
    }
  });

  it('is due before the hour only when the last daily one is over a day old', () => {
    const bdir = join(dir, 'b');
    expect(nightlyDue(bdir, vn(2026, 5, 10, 1, 0), 2)).toBe(true);
    mkdirSync(join(bdir, 'daily'), { recursive: true });
    const f = join(bdir, 'daily', 'ioc-wall-2026-06-09.db');
    writeFileSync(f, 'x');
    utimesSync(f, vn(2026, 5, 9, 2, 30), vn(2026, 5, 9, 2, 30));
    expect(nightlyDue(bdir, vn(2026, 5, 10, 1, 0), 2)).toBe(false);
    expect(nightlyDue(bdir, vn(2026, 5, 10, 2, 0), 2)).toBe(true);
    expect(nightlyDue(bdir, vn(2026, 5, 10, 3, 0), 2)).toBe(true);
    expect(isoWeek(vn(2026, 11, 31))).toBe('2026-W53');
    expect(isoWeek(vn(2027, 0, 4))).toBe('2027-W01');
  });
});

describe('nightly backups keep the province’s clock', () => {
  for (const tz of ['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh']) {
    it(`runs at 02:00 in the province and names its files by the province's date and ISO week (machine zone ${tz})`, () => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        const bdir = join(dir, `z-${tz.replace('/', '-')}`);
        mkdirSync(join(bdir, 'daily'), { recursive: true });
        const f = join(bdir, 'daily', 'ioc-wall-2026-12-05.db');
        writeFileSync(f, 'x');
        utimesSync(f, vn(2026, 11, 5, 2, 0), vn(2026, 11, 5, 2, 0));
        // 01:50 in the province (18:50 UTC the day before): last night's backup is there, not yet the hour.
        expect(nightlyDue(bdir, vn(2026, 11, 6, 1, 50), 2)).toBe(false);
        expect(nightlyDue(bdir, vn(2026, 11, 6, 2, 0), 2)).toBe(true);
        expect(nightlyDue(bdir, vn(2026, 11, 5, 23, 50), 2)).toBe(false);
        expect(localDay(vn(2026, 11, 6, 2, 0))).toBe('2026-12-06');
        expect(localDay(vn(2026, 11, 6, 23, 59))).toBe('2026-12-06');
        // Sunday 3 Jan 2027 is in 2026-W53; Monday 4 Jan (from its first minute in the province) starts 2027-W01.
        expect(isoWeek(vn(2027, 0, 3, 23, 59))).toBe('2026-W53');
        expect(isoWeek(vn(2027, 0, 4, 0, 0))).toBe('2027-W01');
        expect(isoWeek(vn(2026, 11, 28, 0, 30))).toBe('2026-W53');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  }
});

describe('backup before a migration', () => {
  it('copies the database at its old schema before migrating it', () => {
    const dataDir = join(dir, 'm');
    mkdirSync(dataDir);
    const old = new Database(join(dataDir, DB_FILE));
    old.pragma('journal_mode = WAL');
    updateToVersion(old, 3);
    old.prepare(`INSERT INTO meta (key, value) VALUES ('k', 'v')`).run();
    old.close();
    const opened = openDatabase(dataDir);
    opened.db.close();
    const [b] = listBackups(join(dataDir, 'backups'));
    expect(b!.kind).toBe('pre-migration');
    expect(b!.file).toMatch(/ioc-wall-schema003-.*\.db$/);
    const copy = new Database(b!.file, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(3);
    expect(copy.prepare(`SELECT value FROM meta WHERE key = 'k'`).pluck().get()).toBe('v');
    copy.close();
    // Opening at the current schema again makes no new one.
    openDatabase(dataDir).db.close();
    expect(listBackups(join(dataDir, 'backups'))).toHaveLength(1);
  });
});

describe('ioc-wall backup / restore / doctor', () => {
  it('backs up a data folder, restores it, and doctor tells the last backup’s age', async () => {
    const { dataDir, db } = dataFolder('c', 300, 2);
    db.close();
    const config = loadConfig({ env: {}, flags: { dataDir } });
    expect(checkBackups(dataDir, config)).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/no backup/) });

    const b = await cli('backup', '--data-dir', dataDir);
    expect(b.code).toBe(0);
    const file = /→ (.+\.db) \(/.exec(b.out)![1]!;
    expect(file).toContain(join(dataDir, 'backups', 'manual'));
    expect(checkBackups(dataDir, config)).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/last manual backup 0 h ago/) });
    expect(checkBackups(dataDir, config, new Date(Date.now() + 72 * 3_600_000))).toMatchObject({
      verdict: 'warn',
      detail: expect.stringMatching(/cũ.*3 days ago/),
    });
    const out = join(dir, 'explicit.db');
    expect((await cli('backup', '--data-dir', dataDir, '--out', out)).code).toBe(0);

    const w = new Database(join(dataDir, DB_FILE));
    w.prepare('DELETE FROM observations').run();
    w.close();
    const r = await cli('restore', out, '--data-dir', dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/before-restore/);
    expect(count(join(dataDir, DB_FILE))).toEqual({ n: 300, s: 600 });
    expect((await cli('restore', '--data-dir', dataDir)).code).toBe(2);
    expect((await cli('backup', '--data-dir', join(dir, 'empty'))).code).toBe(1);

    const doc = await cli('doctor', '--data-dir', dataDir, '--port', '0');
    expect(doc.out).toMatch(/✓ Sao lưu \/ Backups: last manual backup/);
  });
});

describe('backup --out never replaces what is not a backup (M6)', () => {
  it('refuses a FIFO, a folder, a symbolic link and the database itself; an existing file only with --force', async () => {
    const { dataDir, db } = dataFolder('out', 20);
    db.close();
    const fifo = join(dir, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'a folder');
    mkdirSync(folder);
    const link = join(dir, 'link.db');
    symlinkSync(join(dir, 'elsewhere.db'), link);
    for (const [target, vi, en] of [
      [fifo, 'FIFO', 'a FIFO'],
      [folder, 'thư mục', 'a folder'],
      [link, 'liên kết', 'a symbolic link'],
    ] as const) {
      const r = await cli('backup', '--data-dir', dataDir, '--out', target);
      expect(r.code, target).toBe(1);
      expect(r.err).toContain(vi);
      expect(r.err).toContain(en);
      expect(r.err).toMatch(/choose a new file name/);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(folder).isDirectory()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);

    // The data folder's own database (and the files beside it), however the path is written.
    const live = join(dataDir, DB_FILE);
    const ino = statSync(live).ino;
    for (const target of [live, `${live}-wal`, `${live}-shm`, join(dataDir, '.', 'backups', '..', DB_FILE)]) {
      const r = await cli('backup', '--data-dir', dataDir, '--out', target);
      expect(r.code, target).toBe(1);
      expect(r.err).toMatch(/cơ sở dữ liệu đang dùng.*the database being backed up/s);
    }
    expect(statSync(live).ino).toBe(ino);

    // An existing file: kept, unless --force says to replace it.
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'important notes');
    const kept = await cli('backup', '--data-dir', dataDir, '--out', notes);
    expect(kept.code).toBe(1);
    expect(kept.err).toMatch(/đã có.*already exists: add --force to replace it, or choose a new file name/s);
    expect(readFileSync(notes, 'utf8')).toBe('important notes');
    expect((await cli('backup', '--data-dir', dataDir, '--out', notes, '--force')).code).toBe(0);
    expect(count(notes)).toEqual({ n: 20, s: 20 });
    // --force replaces a file, never a FIFO or a device.
    expect((await cli('backup', '--data-dir', dataDir, '--out', fifo, '--force')).code).toBe(1);
  });

  it('nightly backups still replace their own file of the night', async () => {
    const { dataDir, db } = dataFolder('night', 5);
    const backups = join(dataDir, 'backups');
    const now = vn(2026, 11, 5, 3);
    const first = await backupDatabase(db, join(backups, 'daily', `ioc-wall-${localDay(now)}.db`));
    const again = await backupDatabase(db, first.file);
    expect(again.file).toBe(first.file);
    db.close();
  });
});

describe('restore from a folder (L1)', () => {
  it('says the path is a folder, not that the disk is full', async () => {
    const { dataDir, db } = dataFolder('rf', 5);
    db.close();
    const folder = join(dir, 'dir with space ü');
    mkdirSync(folder);
    const r = await cli('restore', folder, '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/là thư mục.*is a folder: give the path of an ioc-wall-\*\.db file/s);
    expect(r.err).not.toMatch(/disk space|Ổ đĩa đầy/);
    expect(count(join(dataDir, DB_FILE))).toEqual({ n: 5, s: 5 });
  });
});
