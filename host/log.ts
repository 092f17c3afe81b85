import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The host's log file: `<dataDir>/logs/ioc-wall.log`, rotated when it passes `maxBytes` into
 * ioc-wall.log.1 … .(files-1), the oldest dropped: at most `files × maxBytes` on disk (default
 * 5 × 10 MB) however long the host runs. One line per entry: time, source (host, sync, backup,
 * updater…), level, message. Lines are also mirrored to stderr for warnings and errors.
 * A log that cannot be written (disk full, permissions) never takes the host down.
 */

export const LOG_DIR = 'logs';
export const LOG_FILE = 'ioc-wall.log';
export type LogLevel = 'info' | 'warn' | 'error';

export interface Log {
  readonly file: string;
  write(source: string, level: LogLevel, message: string): void;
}

export function logFileOf(dataDir: string): string {
  return join(dataDir, LOG_DIR, LOG_FILE);
}

export function openLog(
  dataDir: string,
  opts: { maxBytes?: number; files?: number; now?: () => Date; stderr?: boolean } = {},
): Log {
  const file = logFileOf(dataDir);
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const files = opts.files ?? 5;
  const now = opts.now ?? (() => new Date());
  let size = -1;
  let broken = false;
  const rotate = () => {
    rmSync(`${file}.${files - 1}`, { force: true });
    for (let i = files - 2; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    if (files > 1) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };
  return {
    file,
    write(source, level, message) {
      // One line per entry: a message's own line breaks are kept visible but do not split it.
      const line = `${now().toISOString()} ${source.padEnd(7)} ${level.padEnd(5)} ${message.replace(/\r?\n/g, ' ⏎ ')}\n`;
      if (opts.stderr !== false && level !== 'info') process.stderr.write(`ioc-wall ${source}: ${message}\n`);
      try {
        if (size < 0) {
          mkdirSync(join(dataDir, LOG_DIR), { recursive: true });
          try {
            size = statSync(file).size;
          } catch {
            size = 0;
          }
        }
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(file, line);
        size += bytes;
        broken = false;
      } catch (err) {
        // Say it once, not on every line, while the disk is full.
        if (!broken) process.stderr.write(`ioc-wall log: cannot write ${file}: ${(err as Error).message}\n`);
        broken = true;
        size = -1;
      }
    },
  };
}
