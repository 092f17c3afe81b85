import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the Electron executable is, or null when the package was installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD (CI). Same rule as scripts/start.mjs; never calls
 * require('electron'), which would try to download the binary.
 */
export function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : null;
  return exe && existsSync(exe) ? exe : null;
}

export const hasElectronBinary = electronBinary() !== null;
export const SKIP_LINE = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): skipping Electron specs';
export const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh data folder and a config file with this role (host port 0: never clashes). */
export function machine(role: 'wall' | 'console' | 'kiosk' | 'all-in-one', extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), `ioc-electron-${role}-`));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ role, server: { port: 0 }, ...extra }, null, 2));
  return { dir, args: [appRoot, `--config=${config}`, `--data-dir=${dataDir}`] };
}

