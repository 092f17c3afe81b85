// Where the Electron executable is, or null when the package was installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD (CI). Shared by `npm start` and the Electron specs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Mirrors node_modules/electron/index.js without calling it: `require('electron')` starts a
 * download when the binary is missing, which on this network only hangs and then throws.
 * @returns {string | null}
 */
export function electronBinary() {
  let pkgDir;
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
