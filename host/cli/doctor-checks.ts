import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError, loadConfig, type LoadOptions } from '../config/load';
import { defaultDataDir } from '../config/paths';
import type { HostConfig } from '../config/schema';
import { backupsDir, listBackups, newestGoodBackup, restoreCommand } from '../db/backup';
import { freeBytes, gb } from '../db/disk';
import { DB_FILE } from '../db/files';
import { notAFolder } from '../db/open';
import { logFileOf } from '../log';

/** Less free space than this and SQLite's next page or a backup will fail: "full". */
const FULL_BELOW = 64 * 1024 * 1024;
import { latestVersion } from '../db/migrate';
import { loadBoundaries } from '../geo/boundaries';
import { demoMismatch } from '../prepare-data';
import { applyHostPriority, type PriorityOs } from '../priority';
import { findRendererDir } from '../server/static';

export type Verdict = 'ok' | 'fail' | 'warn';

export interface CheckResult {
  /** Vietnamese / English, short. */
  label: string;
  verdict: Verdict;
  detail: string;
  /** What to do; only for fail and warn. */
  fix?: string;
}

const NODE_RANGE = { major: 22, minMinor: 12 };

export function checkNode(version: string = process.versions.node): CheckResult {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const ok = major === NODE_RANGE.major && minor >= NODE_RANGE.minMinor;
  return {
    label: 'Phiên bản Node / Node version',
    verdict: ok ? 'ok' : 'fail',
    detail: `Node ${version} (needs 22.12 or later 22.x)`,
    fix: ok ? undefined : 'Run through npm/npx (`npx ioc-wall doctor`) so the project’s own Node 22 is used.',
  };
}

export function checkConfig(opts: LoadOptions): { result: CheckResult; config: HostConfig | null } {
  try {
    const config = loadConfig(opts);
    return {
      config,
      result: { label: 'Cấu hình / Configuration', verdict: 'ok', detail: opts.file ?? opts.env?.IOC_WALL_CONFIG ?? 'defaults + environment' },
    };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return {
      config: null,
      result: {
        label: 'Cấu hình / Configuration',
        verdict: 'fail',
        detail: err.problems.join('\n'),
        fix: 'Fix the items above in the config file, environment or flags.',
      },
    };
  }
}

export function checkDataDir(dataDir: string): CheckResult {
  const label = 'Thư mục dữ liệu / Data folder';
  try {
    mkdirSync(dataDir, { recursive: true });
    const probe = join(dataDir, `.doctor-${process.pid}`);
    try {
      writeFileSync(probe, 'ok');
    } finally {
      // A full disk creates the file and then fails the write: never leave it behind.
      rmSync(probe, { force: true });
    }
    return { label, verdict: 'ok', detail: `${dataDir} (writable)` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A file where the folder should be: mkdir says EEXIST (or ENOTDIR below it), and no access
    // right would help; said as serve says it.
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const { problem, fix } = notAFolder(dataDir, (err as Error).message);
      return { label, verdict: 'fail', detail: problem, fix };
    }
    return {
      label,
      verdict: 'fail',
      detail: `${dataDir}: ${code ?? (err as Error).message}`,
      fix: 'Give this user write access to the folder, or choose another with --data-dir.',
    };
  }
}

const sizeOf = (file: string): number | null => {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
};

/** "Stop IOC Wall, then `ioc-wall restore <newest good> --data-dir <dir>`", or what to do without a backup. */
function restoreAdvice(dataDir: string, config: HostConfig | null): string {
  const good = newestGoodBackup(backupsDir(dataDir, config?.backups));
  return good
    ? `Stop IOC Wall, then restore the newest good backup (${good.at.toISOString()}): \`${restoreCommand(good.file, dataDir)}\` ` +
        '(it keeps the replaced file beside it as ioc-wall.db.before-restore-…, with its -wal and -shm).'
    : `No good backup found in ${backupsDir(dataDir, config?.backups)}: stop IOC Wall, keep a copy of ${DB_FILE} with its -wal and -shm, ` +
        'and restore a backup from elsewhere (`ioc-wall restore FILE --data-dir …`); only without any, move them away to start empty.';
}

/** Read-only: doctor never creates or migrates the database, it only looks. */
export function checkDatabase(dataDir: string, config: HostConfig | null = null): CheckResult {
  const label = 'Cơ sở dữ liệu / Database';
  const file = join(dataDir, DB_FILE);
  const size = sizeOf(file);
  if (!size) {
    const stray = ['-wal', '-journal'].map((x) => file + x).filter((f) => (sizeOf(f) ?? 0) > 0);
    if (stray.length > 0) {
      return {
        label,
        verdict: 'fail',
        detail: `${stray.join(', ')} without its database (${file} is ${size === null ? 'missing' : 'empty'}): serve refuses to start`,
        fix: `If the database was moved away, put it back with its -wal and -shm; otherwise move ${stray.map((f) => f.slice(dataDir.length + 1)).join(', ')} and ${DB_FILE}-shm away (keep them). ${restoreAdvice(dataDir, config)}`,
      };
    }
    if (listBackups(backupsDir(dataDir, config?.backups)).length > 0) {
      return {
        label,
        verdict: 'fail',
        detail: `${file} is ${size === null ? 'missing' : 'empty (0 bytes)'} while backups are there: the database was lost (serve refuses to start)`,
        fix: `${restoreAdvice(dataDir, config)} To start empty instead: \`ioc-wall serve --start-empty\`.`,
      };
    }
    if (size === null) return { label, verdict: 'ok', detail: `${file} not created yet (serve creates it)` };
  }
  const known = latestVersion();
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (integrity !== 'ok') {
      return {
        label,
        verdict: 'fail',
        detail: `${file}: integrity_check says ${integrity}`,
        fix: restoreAdvice(dataDir, config),
      };
    }
    if (version > known) {
      return {
        label,
        verdict: 'fail',
        detail: `${file}: schema ${version}, this build knows up to ${known}`,
        fix: 'It was written by a newer IOC Wall: install that version again, or use another --data-dir.',
      };
    }
    const note = version < known ? `; will migrate ${version} → ${known} on next start` : '';
    return { label, verdict: 'ok', detail: `${file} (integrity ok, schema ${version}${note})` };
  } catch (err) {
    return {
      label,
      verdict: 'fail',
      detail: `${file}: ${(err as Error).message}`,
      fix: /NOTADB|CORRUPT/.test(String((err as { code?: unknown }).code))
        ? restoreAdvice(dataDir, config)
        : 'If another program holds it, close that; if the folder or the disk is the problem, see the lines above and below.',
    };
  } finally {
    db?.close();
  }
}

const hoursText = (h: number) => (h < 48 ? `${Math.round(h)} h` : `${Math.round(h / 24)} days`);

/** The newest backup's age: a warning when there is none or it is over two days old. */
export function checkBackups(dataDir: string, config: HostConfig | null, now: Date = new Date()): CheckResult {
  const label = 'Sao lưu / Backups';
  const dir = backupsDir(dataDir, config?.backups);
  const [newest] = listBackups(dir);
  if (!newest) {
    if (!existsSync(join(dataDir, DB_FILE))) return { label, verdict: 'ok', detail: `none yet (no database yet); they go to ${dir}` };
    return {
      label,
      verdict: 'warn',
      detail: `Chưa có bản sao lưu nào / no backup in ${dir}`,
      fix: 'Run `ioc-wall backup`; a running host makes one each night (config "backups").',
    };
  }
  const hours = (now.getTime() - newest.at.getTime()) / 3_600_000;
  if (hours < -0.25) {
    const real = listBackups(dir).find((b) => b.at.getTime() <= now.getTime() + 15 * 60_000);
    const other = real ? `; the newest other: ${real.kind} ${hoursText((now.getTime() - real.at.getTime()) / 3_600_000)} ago, ${real.file}` : '';
    return {
      label,
      verdict: 'warn',
      detail: `Bản sao lưu ghi ngày trong tương lai / a ${newest.kind} backup is dated in the future (${newest.at.toISOString()}): ${newest.file}${other}`,
      fix: "The machine's clock was (or is) wrong: set it right (NTP). Nightly backups replace the future-dated ones first; check that new ones appear.",
    };
  }
  const detail = `last ${newest.kind} backup ${hoursText(hours)} ago: ${newest.file}`;
  if (hours > 48) {
    return {
      label,
      verdict: 'warn',
      detail: `Bản sao lưu đã cũ / ${detail}`,
      fix: 'Is the host running at night, and is the disk full? Run `ioc-wall backup` now.',
    };
  }
  return { label, verdict: 'ok', detail };
}

/** Free space of the data folder's disk: full (a write would fail) or under the warning threshold. */
export function checkDisk(dataDir: string, config: HostConfig | null, free: (dir: string) => number | null = freeBytes): CheckResult {
  const label = 'Dung lượng ổ đĩa / Disk space';
  const bytes = free(existsSync(dataDir) ? dataDir : dirname(dataDir));
  if (bytes === null) return { label, verdict: 'warn', detail: `cannot read the free space of ${dataDir}` };
  const warnBelow = (config?.disk.warnBelowMB ?? 1024) * 1024 * 1024;
  if (bytes < FULL_BELOW) {
    return {
      label,
      verdict: 'fail',
      detail: `Ổ đĩa đầy / Disk full: ${gb(bytes)} free for ${dataDir}; IOC Wall cannot store new data (sync pauses)`,
      fix: 'Free disk space (old files, the backups folder), or move the data folder to a larger disk.',
    };
  }
  if (bytes < warnBelow) {
    return {
      label,
      verdict: 'warn',
      detail: `Ổ đĩa sắp đầy / Disk almost full: ${gb(bytes)} free, under ${gb(warnBelow)}`,
      fix: 'Free disk space before sync and backups run out of room.',
    };
  }
  return { label, verdict: 'ok', detail: `${gb(bytes)} free for ${dataDir}` };
}

/** Where the log file is (and how big), so a person knows where to look. */
export function checkLog(dataDir: string): CheckResult {
  const file = logFileOf(dataDir);
  let size = 'not written yet';
  try {
    size = `${(statSync(file).size / 1048576).toFixed(1)} MB`;
  } catch {
    // no log yet
  }
  return { label: 'Nhật ký / Log file', verdict: 'ok', detail: `${file} (${size}; rotated, 5 × 10 MB by default)` };
}

export async function checkPort(host: string, port: number): Promise<CheckResult> {
  const label = 'Cổng mạng / Network port';
  if (port === 0) return { label, verdict: 'ok', detail: 'port 0: the OS picks a free one at start' };
  const free = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    s.listen(port, host, () => s.close(() => resolve(null)));
  });
  if (!free) return { label, verdict: 'ok', detail: `${host}:${port} is free` };
  // A busy port is often our own host already running: say so rather than just "in use".
  let ours = false;
  try {
    const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    ours = res.ok && ((await res.json()) as { ok?: unknown }).ok === true;
  } catch {
    ours = false;
  }
  return {
    label,
    verdict: 'fail',
    detail: `${host}:${port}: ${free.code === 'EADDRINUSE' ? 'in use' : free.code}${ours ? ' — an IOC Wall host is already running there' : ''}`,
    fix: ours ? 'Use the running host, or stop it first.' : 'Stop the program using it, or choose another with --port.',
  };
}

export function checkRenderer(dir: string | null = findRendererDir()): CheckResult {
  return dir
    ? { label: 'Giao diện / Renderer', verdict: 'ok', detail: `${dir} (built)` }
    : { label: 'Giao diện / Renderer', verdict: 'fail', detail: 'dist/renderer not found', fix: 'Run `npm run build`.' };
}

/**
 * Electron is optional for `serve`, so its absence is a warning, not a failure. The package is
 * inspected, never required: its index.js starts a download when the binary is missing.
 */
export function checkElectron(): CheckResult {
  const label = 'Electron';
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const binary = rel ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist'), rel) : '';
    if (binary && existsSync(binary)) return { label, verdict: 'ok', detail: binary };
  } catch {
    // Not even the package: same advice as a missing binary.
  }
  return {
    label,
    verdict: 'warn',
    detail: 'the Electron binary is not installed (desktop app unavailable here)',
    fix: 'Use `ioc-wall serve` with a browser, or install on a machine that can download Electron.',
  };
}

/** The map needs district boundaries: the bundled file, or the installer's from config. */
export function checkBoundaries(file: string | undefined, demo = false): CheckResult {
  const label = 'Ranh giới hành chính / Boundaries';
  try {
    const areas = loadBoundaries(file);
    const districts = areas.filter((a) => a.level === 'district').length;
    // With the demo on, a file of other district codes starts without the demo (prepare-data.ts):
    // warned here, before the first start, in the words the start log uses.
    const mismatch = demo ? demoMismatch(areas, file) : null;
    if (mismatch) return { label, verdict: 'warn', detail: `${file}: ${districts} districts. ${mismatch}`, fix: 'Set "demo": false in the config, or use boundaries with the GSO codes 688–698.' };
    return { label, verdict: 'ok', detail: `${file ?? 'bundled data/geo (GPL-3.0, dvhcvn)'}: ${districts} districts` };
  } catch (err) {
    return {
      label,
      verdict: 'fail',
      detail: (err as Error).message,
      fix: file ? 'Fix or replace the file named in "boundaries.file".' : 'Reinstall IOC Wall (data/geo/ is missing).',
    };
  }
}

/**
 * Whether `serve` will get the serving thread's priority (host/priority.ts): tried here and put
 * back at once, so an installer learns before the first start that the service needs `Nice=`.
 */
export function checkPriority(config: HostConfig, os?: PriorityOs): CheckResult {
  const label = 'Ưu tiên luồng phục vụ / Serving thread priority';
  if (config.server.priority === 'normal') return { label, verdict: 'ok', detail: 'normal (server.priority)' };
  const tried = applyHostPriority(config.server.priority, os);
  tried.restore();
  if (tried.refused) {
    return {
      label,
      verdict: 'warn',
      detail: `above-normal asked, the system refused (${tried.refusedCode}): niceness stays ${tried.before}`,
      fix: `Start the service with systemd's "Nice=${tried.wanted}" (or CAP_SYS_NICE), or set server.priority to "normal".`,
    };
  }
  return { label, verdict: 'ok', detail: `above-normal: niceness ${tried.now} can be set (was ${tried.before})` };
}

export async function runChecks(opts: LoadOptions & { dataDir?: string }): Promise<CheckResult[]> {
  const results: CheckResult[] = [checkNode()];
  const { result, config } = checkConfig(opts);
  results.push(result);
  const dataDir = opts.dataDir ?? config?.dataDir ?? defaultDataDir();
  const dir = checkDataDir(dataDir);
  results.push(dir);
  results.push(checkDatabase(dataDir, config));
  results.push(checkBackups(dataDir, config));
  results.push(checkDisk(dataDir, config));
  results.push(checkLog(dataDir));
  if (config) results.push(await checkPort(config.server.host, config.server.port));
  if (config) results.push(checkBoundaries(config.boundaries.file, config.demo));
  if (config) results.push(checkPriority(config));
  results.push(checkRenderer());
  results.push(checkElectron());
  return results;
}
