import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../scripts/electron-binary.mjs';

export { electronBinary };

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

