import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from './config/schema';
import { BackupError, backupsDir, listBackups, newestGoodBackup, restoreCommand, startNightlyBackups, type NightlyBackups } from './db/backup';
import { DB_FILE } from './db/files';
import type { StorageStatus } from './api/contract/storage';
import { DiskWatch, diskMessage, failureText, isDiskFull } from './db/disk';
import { lastSweep, sweep, sweepDue } from './db/retention';
import type { Log } from './log';

/**
 * The host's upkeep for months of running: the disk watch (every minute), the nightly backup and
 * the daily retention sweep (looked at every ten minutes), each reported in the log file. The host
 * starts one (host/service.ts) and hands it to the HostApi's storage.status.
 */
export interface Maintenance {
  disk: DiskWatch;
  backups: NightlyBackups;
  status(): StorageStatus;
  /** Runs the retention sweep now if it is due (tests; the timer calls it too). */
  sweepIfDue(): Promise<void>;
  stop(): Promise<void>;
}

export function startMaintenance(opts: {
  db: Database.Database;
  config: HostConfig;
  dataDir: string;
  log: Log;
  /** The disk became full or low, or recovered (the host emits `storage.changed`). */
  onChange: (s: StorageStatus) => void;
  now?: () => Date;
  /** Free space of a folder (tests pass a fake one). */
  freeBytes?: (dir: string) => number | null;
  everyMs?: { disk?: number; upkeep?: number };
}): Maintenance {
  const { db, config, dataDir, log } = opts;
  const now = opts.now ?? (() => new Date());
  const dir = backupsDir(dataDir, config.backups);
  let m: Maintenance;
  /**
   * The nightly copy found the database damaged: no backup was made and none rotated out. Shown
   * where the disk warning is (the console's banner, storage.status); nightly backups stop until
   * the host is started again on a restored database (a new copy could only be damaged too).
   */
  let damaged: { vi: string; en: string } | null = null;
  const disk = new DiskWatch(
    dataDir,
    config.disk.warnBelowMB * 1024 * 1024,
    (s) => {
      const msg = diskMessage(s);
      log.write('host', msg ? 'error' : 'info', msg ? msg.en : `disk: ${s.freeBytes ?? '?'} bytes free again; sync resumes`);
      opts.onChange(m.status());
    },
    now,
    opts.freeBytes,
    {
      // The margin above the free space at a failure before writes are tried again.
      dbBytes: () => statSync(join(dataDir, DB_FILE)).size,
    },
  );
  const first = diskMessage(disk.status());
  if (first) log.write('host', 'warn', first.en);
  disk.start(opts.everyMs?.disk);
  const backups = startNightlyBackups({
    db,
    dir,
    policy: config.backups,
    now,
    // Only a full disk pauses backups; "low" alone never does.
    paused: () => disk.full || damaged !== null,
    onDone: (r) => log.write('backup', 'info', `nightly backup ${r.file} (${r.bytes} bytes)`),
    onError: (err) => {
      log.write('backup', 'error', err.message);
      if (err instanceof BackupError && err.damaged) {
        const good = newestGoodBackup(dir, now());
        const how = good ? restoreCommand(good.file, dataDir) : `ioc-wall restore FILE --data-dir ${dataDir}`;
        damaged = {
          vi: `Cơ sở dữ liệu bị hỏng: không sao lưu đêm nay, các bản sao lưu cũ được giữ nguyên. Dừng IOC Wall rồi khôi phục bản sao lưu tốt gần nhất: ${how}`,
          en: `The database is damaged: tonight's backup was not made and the existing backups are kept. Stop IOC Wall and restore the newest good backup: ${how}`,
        };
        log.write('backup', 'error', `${damaged.en} (nightly backups stop until the host starts again)`);
        opts.onChange(m.status());
        return;
      }
      if (isDiskFull(err.cause ?? err)) disk.markFull(failureText(err.cause ?? err));
    },
  });
  let sweeping: Promise<void> | null = null;
  const sweepIfDue = () => {
    if (sweeping || disk.full || !sweepDue(db, now())) return sweeping ?? Promise.resolve();
    sweeping = sweep(db, config.retention, now())
      .then((r) => log.write('host', 'info', `retention: removed ${r.quarantine} quarantine, ${r.outbox} outbox, ${r.audit} audit, ${r.readings} reading rows`))
      .catch((err: unknown) => {
        log.write('host', 'error', `retention sweep failed: ${failureText(err)}`);
        if (isDiskFull(err)) disk.markFull(failureText(err));
      })
      .finally(() => (sweeping = null));
    return sweeping;
  };
  const upkeep = setInterval(() => void sweepIfDue(), opts.everyMs?.upkeep ?? 10 * 60_000);
  upkeep.unref();
  m = {
    disk,
    backups,
    sweepIfDue,
    status() {
      const d = disk.status();
      const [b] = listBackups(dir);
      return {
        disk: d,
        message: damaged ?? diskMessage(d),
        logFile: log.file,
        lastBackup: b ? { file: b.file, kind: b.kind, at: b.at.toISOString() } : null,
        lastRetentionSweep: lastSweep(db),
      };
    },
    async stop() {
      clearInterval(upkeep);
      disk.stop();
      await backups.stop();
      await sweeping;
    },
  };
  return m;
}
