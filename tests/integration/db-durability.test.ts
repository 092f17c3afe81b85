import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackups, checkDatabase, checkDataDir } from '../../host/cli/doctor-checks';
import { loadConfig } from '../../host/config/load';
import { backupDatabase, BackupError, nightlyBackup, nightlyDue, restoreDatabase, RestoreError, rotate } from '../../host/db/backup';
import { DiskWatch } from '../../host/db/disk';
import { DB_FILE } from '../../host/db/files';
import { DatabaseFileError, openDatabase } from '../../host/db/open';
import { openLog } from '../../host/log';
import { startMaintenance } from '../../host/maintenance';
import { startHost } from '../../host/service';
import { cli } from '../unit/support/run-cli';
import { addObservations, countObservations as count, vn, walDataFolder } from './support/wal-data-folder';
import { canMountTmpfs } from './support/tmpfs';

/**
 * Data safety of the database file itself: restore beside stray -wal files, undoing a restore,
 * rotation with a wrong clock, backups of a damaged database, an empty or missing database with
 * backups beside it, disk-full recovery, leftovers, and the words a person gets.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-durable-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dataFolder = (name: string, n: number, value = 1) => walDataFolder(dir, name, n, value, 'a');

/** What a power cut leaves: the main file and its -wal/-shm as they are on disk while `db` is open. */
function crashImage(dataDir: string, into: string): void {
  mkdirSync(into, { recursive: true });
  for (const s of ['', '-wal', '-shm']) {
    if (existsSync(join(dataDir, DB_FILE + s))) copyFileSync(join(dataDir, DB_FILE + s), join(into, DB_FILE + s));
  }
}

const caught = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
};

/** Overwrites 64 KB in the middle of a database file with bytes that are no b-tree. */
function damageMiddle(file: string): void {
  const bytes = readFileSync(file);
  const at = Math.floor(bytes.length / 4096 / 2) * 4096;
  let x = 12345;
  for (let i = at; i < Math.min(bytes.length, at + 65536); i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = x & 0xff;
  }
  writeFileSync(file, bytes);
}

const canMount = canMountTmpfs;
let mounted: string[] = [];
afterEach(() => {
  for (const m of mounted.reverse()) execFileSync('umount', ['-l', m], { stdio: 'ignore' });
  mounted = [];
});
function tmpfs(size: string): string {
  const mnt = join(dir, `mnt${mounted.length}`);
  mkdirSync(mnt);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt]);
  mounted.push(mnt);
  return mnt;
}
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // ENOSPC
  }
  try {
    for (;;) writeSync(fd, Buffer.alloc(512));
  } catch {
    // ENOSPC to the last block
  } finally {
    closeSync(fd);
  }
}

describe('1. restore beside a stray -wal', () => {
  it('moves the old -wal/-shm aside even when ioc-wall.db was moved away, so the host sees the backup alone', async () => {
    const { dataDir, db } = dataFolder('src', 300, 1);
    const backup = join(dir, 'b.db');
    await backupDatabase(db, backup);
    // The day goes on: rows change and the file's page layout drifts; then a power cut.
    db.prepare(`DELETE FROM observations WHERE period LIKE 'a1%'`).run();
    addObservations(db, 3000, 7, 'late');
    const crashed = join(dir, 'crashed');
    crashImage(dataDir, crashed);
    db.close();
    expect(existsSync(join(crashed, `${DB_FILE}-wal`))).toBe(true);
    // The damaged file is moved away as the start message says; its -wal and -shm stay.
    renameSync(join(crashed, DB_FILE), join(dir, 'damaged.db'));

    const r = restoreDatabase(crashed, backup);
    expect(existsSync(join(crashed, `${DB_FILE}-wal`))).toBe(false);
    expect(existsSync(join(crashed, `${DB_FILE}-shm`))).toBe(false);
    expect(r.setAside.some((f) => /before-restore-.*-wal$/.test(f))).toBe(true);
    expect(count(join(crashed, DB_FILE))).toEqual({ n: 300, s: 300 });
    const opened = openDatabase(crashed);
    expect(opened.db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(opened.db.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(300);
    opened.db.close();
  });

  it('openDatabase refuses a -wal without its database (missing or empty), saying what to do', () => {
    const { dataDir, db } = dataFolder('w', 50);
    const crashed = join(dir, 'crashed');
    crashImage(dataDir, crashed);
    db.close();
    rmSync(join(crashed, DB_FILE));
    let err = caught(() => openDatabase(crashed));
    expect(err).toBeInstanceOf(DatabaseFileError);
    expect(err.message).toContain(`${DB_FILE}-wal`);
    expect(err.message).toMatch(/move .*-wal.* away|restore/i);
    expect(existsSync(join(crashed, DB_FILE))).toBe(false);
    writeFileSync(join(crashed, DB_FILE), '');
    err = caught(() => openDatabase(crashed));
    expect(err).toBeInstanceOf(DatabaseFileError);
    expect(statSync(join(crashed, DB_FILE)).size).toBe(0);
    expect(checkDatabase(crashed)).toMatchObject({ verdict: 'fail' });
  });
});

describe('2. undoing a restore', () => {
  it('brings back the replaced database with what its -wal held', async () => {
    const { dataDir, db } = dataFolder('u', 200, 1);
    const backup = join(dir, 'b.db');
    await backupDatabase(db, backup);
    addObservations(db, 5000, 3, 'late');
    const crashed = join(dir, 'crashed');
    crashImage(dataDir, crashed);
    db.close();
    const before = count(join(crashed, DB_FILE));
    expect(before.n).toBe(5200);

    const r = restoreDatabase(crashed, backup);
    expect(count(join(crashed, DB_FILE)).n).toBe(200);
    const undo = restoreDatabase(crashed, r.previousSavedAs!);
    expect(count(join(crashed, DB_FILE))).toEqual(before);
    expect(undo.previousSavedAs).not.toBe(r.previousSavedAs);
  });
});

describe('3. rotation with a wrong clock', () => {
  it('never deletes the backup just made; names dated in the future go first; doctor warns', async () => {
    const { dataDir, db } = dataFolder('c', 20);
    const bdir = join(dataDir, 'backups');
    const policy = { daily: 7, weekly: 4 };
    // A week with the clock 11 years ahead: the OS stamps the files with that time too.
    for (let d = 1; d <= 7; d++) {
      const t = vn(2037, 11, d, 3);
      const r = await nightlyBackup(db, bdir, policy, t);
      utimesSync(r.file, t, t);
      if (r.weekly) utimesSync(r.weekly, t, t);
    }
    // The clock is corrected.
    for (let d = 15; d <= 30; d++) {
      const t = vn(2026, 11, d, 3);
      expect(nightlyDue(bdir, t, 2)).toBe(true);
      const r = await nightlyBackup(db, bdir, policy, t);
      expect(existsSync(r.file)).toBe(true);
      if (r.weekly) expect(existsSync(r.weekly)).toBe(true);
      utimesSync(r.file, t, t);
      if (r.weekly) utimesSync(r.weekly, t, t);
      // Ten minutes later: it is there, nothing more to do.
      expect(nightlyDue(bdir, new Date(t.getTime() + 600_000), 2)).toBe(false);
      if (d === 15) {
        expect(checkBackups(dataDir, null, new Date(t.getTime() + 3_600_000))).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/future|tương lai/) });
      }
    }
    expect(readdirSync(join(bdir, 'daily')).sort()).toEqual(
      ['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28', '2026-12-29', '2026-12-30'].map((d) => `ioc-wall-${d}.db`),
    );
    // Four weekly kept: the three new weeks, and of the two future-dated ones the one that went second.
    expect(readdirSync(join(bdir, 'weekly')).sort()).toEqual(['ioc-wall-2026-W51.db', 'ioc-wall-2026-W52.db', 'ioc-wall-2026-W53.db', 'ioc-wall-2037-W49.db']);
    db.close();
    const doc = checkBackups(dataDir, null, vn(2026, 11, 30, 12));
    // One future-dated weekly is still within the count: said as such, never as a negative age.
    expect(doc).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/future.*newest other: daily 9 h ago/) });
    expect(doc.detail).not.toMatch(/-\d+ h/);
    rmSync(join(bdir, 'weekly', 'ioc-wall-2037-W49.db'));
    expect(checkBackups(dataDir, null, vn(2026, 11, 30, 12))).toMatchObject({ verdict: 'ok' });
  });

  it('rotate keeps the named file even when it sorts first', () => {
    const d = join(dir, 'r');
    mkdirSync(d);
    for (const n of ['ioc-wall-2037-12-01.db', 'ioc-wall-2037-12-02.db', 'ioc-wall-2026-12-15.db']) writeFileSync(join(d, n), 'x');
    rotate(d, 2, { keep: join(d, 'ioc-wall-2026-12-15.db'), now: vn(2026, 11, 15, 3) });
    expect(readdirSync(d).sort()).toEqual(['ioc-wall-2026-12-15.db', 'ioc-wall-2037-12-01.db']);
  });
});

describe('4. a damaged database is never backed up over the good backups', () => {
  it('refuses the copy, keeps every backup, logs an error and says so in the storage status', async () => {
    const { dataDir, db } = dataFolder('x', 20_000);
    db.close();
    const bdir = join(dataDir, 'backups');
    mkdirSync(join(bdir, 'daily'), { recursive: true });
    const days = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
    for (const d of days) copyFileSync(join(dataDir, DB_FILE), join(bdir, 'daily', `ioc-wall-${d}.db`));
    // checkpoint and damage
    const c = new Database(join(dataDir, DB_FILE));
    c.pragma('wal_checkpoint(TRUNCATE)');
    c.close();
    damageMiddle(join(dataDir, DB_FILE));
    const damaged = new Database(join(dataDir, DB_FILE));

    await expect(nightlyBackup(damaged, bdir, { daily: 7, weekly: 4 }, vn(2026, 11, 3, 3))).rejects.toThrow(BackupError);
    expect(readdirSync(join(bdir, 'daily')).sort()).toEqual(days.map((d) => `ioc-wall-${d}.db`));
    expect(existsSync(join(bdir, 'weekly'))).toBe(existsSync(join(bdir, 'weekly')) && readdirSync(join(bdir, 'weekly')).length === 0);

    const config = loadConfig({ env: {}, flags: { dataDir } });
    const log = openLog(dataDir, { stderr: false });
    const changes: unknown[] = [];
    const m = startMaintenance({ db: damaged, config, dataDir, log, onChange: (s) => changes.push(s), now: () => vn(2026, 11, 3, 3), everyMs: { disk: 3_600_000, upkeep: 3_600_000 } });
    try {
      expect(await m.backups.check()).toBeNull();
      expect(readdirSync(join(bdir, 'daily')).sort()).toEqual(days.map((d) => `ioc-wall-${d}.db`));
      expect(readFileSync(log.file, 'utf8')).toMatch(/backup\s+error .*(damaged|hỏng)/);
      expect(m.status().message?.en).toMatch(/damaged/);
      expect(changes.length).toBeGreaterThan(0);
    } finally {
      await m.stop();
      damaged.close();
    }
  });
});

describe('5. an empty or missing database with backups beside it', () => {
  for (const kind of ['missing', 'empty'] as const) {
    it(`refuses to start (${kind}), naming the newest backup and the restore command, unless told to start empty`, async () => {
      const { dataDir, db } = dataFolder(kind, 30);
      const older = join(dataDir, 'backups', 'daily', 'ioc-wall-2026-12-01.db');
      const newest = join(dataDir, 'backups', 'daily', 'ioc-wall-2026-12-02.db');
      await backupDatabase(db, older);
      await backupDatabase(db, newest);
      utimesSync(older, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
      utimesSync(newest, new Date(Date.now() - 86_400_000), new Date(Date.now() - 86_400_000));
      db.close();
      for (const s of ['', '-wal', '-shm']) rmSync(join(dataDir, DB_FILE + s), { force: true });
      if (kind === 'empty') writeFileSync(join(dataDir, DB_FILE), '');

      const err = caught(() => openDatabase(dataDir));
      expect(err).toBeInstanceOf(DatabaseFileError);
      expect(err.message).toContain(`ioc-wall restore ${newest} --data-dir ${dataDir}`);
      expect(checkDatabase(dataDir)).toMatchObject({ verdict: 'fail', fix: expect.stringContaining(`ioc-wall restore ${newest}`) });
      const config = loadConfig({ env: {}, flags: { port: '0', demo: false } });
      await expect(startHost({ config, dataDir, serveHttp: false })).rejects.toThrow(/ioc-wall restore/);
      expect(readdirSync(join(dataDir, 'backups', 'daily'))).toHaveLength(2);

      const h = await startHost({ config, dataDir, serveHttp: false, startEmpty: true });
      expect(h.startup.createdDatabase).toBe(true);
      await h.close();
    });
  }

  it('a fresh folder without backups starts as before', () => {
    const opened = openDatabase(join(dir, 'fresh'));
    expect(opened.foundSchema).toBe(0);
    opened.db.close();
  });

  it('serve takes --start-empty', async () => {
    // Parsed (a missing config file is the next thing it meets), not refused as unknown.
    const r = await cli('serve', '--start-empty', '--config', join(dir, 'none.json'));
    expect(r.code).toBe(2);
    expect(r.out + r.err).not.toMatch(/Unknown option/);
    expect(await cli('serve', '--help')).toMatchObject({ out: expect.stringContaining('--start-empty') });
  });
});

describe('6. restore checks the tables of the schema', () => {
  it('refuses a SQLite file with a meta table and a version but not the tables', async () => {
    const { dataDir, db } = dataFolder('t', 10);
    db.close();
    const other = join(dir, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE meta (k, v); INSERT INTO meta VALUES (1, 2)');
    o.pragma('user_version = 3');
    o.close();
    expect(() => restoreDatabase(dataDir, other)).toThrow(/not an IOC Wall database.*nothing was changed/);
    expect(count(join(dataDir, DB_FILE)).n).toBe(10);
  });
});

describe('7. disk-full pause on a disk that is normally under the warning threshold', () => {
  it('lifts once free space exceeds the space at the failure by a margin, whatever the threshold', () => {
    let free = 100 * 1024 ** 2;
    const w = new DiskWatch(dir, 1024 ** 3, () => undefined, () => new Date(), () => free);
    w.markFull('SQLITE_FULL database or disk is full');
    free = 120 * 1024 ** 2;
    w.check();
    expect(w.full).toBe(true);
    free = 600 * 1024 ** 2;
    w.check();
    expect(w.full).toBe(false);
    expect(w.status().low).toBe(true);
  });

  it.skipIf(!canMount)('on a real 64 MB file system', () => {
    const mnt = tmpfs('64m');
    const data = join(mnt, 'data');
    mkdirSync(data);
    fill(join(mnt, 'filler'));
    const w = new DiskWatch(data, 1024 ** 3);
    w.markFull('SQLITE_FULL database or disk is full');
    rmSync(join(mnt, 'filler'));
    w.check();
    expect(w.full).toBe(false);
  });
});

describe('8. no unbounded growth', () => {
  it('removes stale partial copies at start and before a backup, not a live writer’s', async () => {
    const { dataDir, db } = dataFolder('p', 10);
    db.close();
    const pre = join(dataDir, 'backups', 'pre-migration');
    const manual = join(dataDir, 'backups', 'manual');
    mkdirSync(pre, { recursive: true });
    mkdirSync(manual, { recursive: true });
    const old = new Date(Date.now() - 3_600_000);
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    const stale = [
      join(pre, 'ioc-wall-schema014-20261201T000000Z.db.partial'),
      join(pre, 'ioc-wall-schema014-20261201T000000Z.db.partial-journal'),
      join(pre, `ioc-wall-schema014-20261201T000001Z.db.partial-${deadPid}`),
      join(pre, `ioc-wall-schema014-20261201T000001Z.db.partial-${deadPid}-journal`),
    ];
    for (const f of stale) writeFileSync(f, 'x'.repeat(1000));
    for (const f of stale.slice(0, 2)) utimesSync(f, old, old);
    const live = join(pre, `ioc-wall-schema014-20261201T000002Z.db.partial-${process.ppid}`);
    writeFileSync(live, 'x');
    openDatabase(dataDir).db.close();
    for (const f of stale) expect(existsSync(f)).toBe(false);
    expect(existsSync(live)).toBe(true);

    const m = join(manual, 'ioc-wall-20261201T000000Z.db.partial');
    writeFileSync(m, 'x');
    utimesSync(m, old, old);
    expect((await cli('backup', '--data-dir', dataDir)).code).toBe(0);
    expect(existsSync(m)).toBe(false);
  });

  it('keeps the newest 10 manual backups and the newest 3 before-restore copies', async () => {
    const { dataDir, db } = dataFolder('k', 10);
    db.close();
    const manual = join(dataDir, 'backups', 'manual');
    mkdirSync(manual, { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(manual, `ioc-wall-2026010${Math.floor(i / 10)}T0000${String(i % 10).padStart(2, '0')}Z.db`), 'x');
    const b = await cli('backup', '--data-dir', dataDir);
    expect(b.code).toBe(0);
    const file = /→ (.+\.db) \(/.exec(b.out)![1]!;
    const left = readdirSync(manual).filter((n) => n.endsWith('.db'));
    expect(left).toHaveLength(10);
    expect(existsSync(file)).toBe(true);

    for (let i = 0; i < 5; i++) restoreDatabase(dataDir, file);
    const kept = readdirSync(dataDir).filter((n) => /before-restore-[^-]+(-\d+)?$/.test(n));
    expect(kept).toHaveLength(3);
  });
});

describe('9. words for a person', () => {
  it('a folder in place of the database file', () => {
    const d = join(dir, 'dirdb');
    mkdirSync(join(d, DB_FILE), { recursive: true });
    const err = caught(() => openDatabase(d));
    expect(err).toBeInstanceOf(DatabaseFileError);
    expect(err.message).toContain(join(d, DB_FILE));
    expect(err.message).toMatch(/thư mục.*folder/i);
  });

  it('a damaged database: the message names the newest good backup and the restore command; doctor too', async () => {
    const { dataDir, db } = dataFolder('dmg', 10);
    const good = join(dataDir, 'backups', 'daily', 'ioc-wall-2026-12-02.db');
    await backupDatabase(db, good);
    db.close();
    writeFileSync(join(dataDir, DB_FILE), 'not sqlite at all\n'.repeat(300));
    const err = caught(() => openDatabase(dataDir));
    expect(err.message).toContain(`ioc-wall restore ${good} --data-dir ${dataDir}`);
    const doc = checkDatabase(dataDir);
    expect(doc.verdict).toBe('fail');
    expect(doc.fix).toContain(`ioc-wall restore ${good} --data-dir ${dataDir}`);
  });

  it.skipIf(!canMount)('a full disk at start, a read-only folder, restore onto a full disk, doctor on a full disk', async () => {
    const { dataDir, db } = dataFolder('src', 20_000);
    const backup = join(dir, 'b.db');
    await backupDatabase(db, backup);
    db.close();

    // Full at start: the database is there, not a byte left for its -wal/-shm.
    const mnt = tmpfs('8m');
    const data = join(mnt, 'data');
    mkdirSync(data);
    copyFileSync(join(dataDir, DB_FILE), join(data, DB_FILE));
    fill(join(mnt, 'filler'));
    const full = caught(() => openDatabase(data));
    expect(full).toBeInstanceOf(DatabaseFileError);
    expect(full.message).toContain(data);
    expect(full.message).toMatch(/Ổ đĩa đầy.*disk .*full/i);

    // Restore onto the full disk: nothing changes.
    const before = readFileSync(join(data, DB_FILE));
    const listed = readdirSync(data).sort();
    const r = caught(() => restoreDatabase(data, backup));
    expect(r).toBeInstanceOf(RestoreError);
    expect(r.message).toMatch(/nothing was changed/);
    expect(readFileSync(join(data, DB_FILE)).equals(before)).toBe(true);
    expect(readdirSync(data).sort()).toEqual(listed);

    // Doctor's write probe leaves nothing behind.
    checkDataDir(data);
    expect(readdirSync(data).filter((n) => n.startsWith('.doctor-'))).toEqual([]);

    // A read-only folder.
    const ro = tmpfs('8m');
    mkdirSync(join(ro, 'data'));
    copyFileSync(join(dataDir, DB_FILE), join(ro, 'data', DB_FILE));
    execFileSync('mount', ['-o', 'remount,ro', ro]);
    const roErr = caught(() => openDatabase(join(ro, 'data')));
    expect(roErr).toBeInstanceOf(DatabaseFileError);
    expect(roErr.message).toContain(join(ro, 'data'));
    expect(roErr.message).toMatch(/chỉ đọc.*read-only/i);
  });
});
