import type Database from 'better-sqlite3';
import type { HostConfig } from './config/schema';
import { backupsDir, listBackups, startNightlyBackups, type NightlyBackups } from './db/backup';
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
  );
  const first = diskMessage(disk.status());
  if (first) log.write('host', 'warn', first.en);
  disk.start(opts.everyMs?.disk);
  const backups = startNightlyBackups({
    db,
    dir,
    policy: config.backups,
    now,
    paused: () => disk.full,
    onDone: (r) => log.write('backup', 'info', `nightly backup ${r.file} (${r.bytes} bytes)`),
    onError: (err) => {
      log.write('backup', 'error', err.message);
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
        message: diskMessage(d),
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
