// `npm start`: the desktop app. Launches Electron on this checkout when its binary is installed
// (building dist/ first if it is missing); where it is not (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD, as on CI), says so in one line and exits non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const exe = electronBinary();
if (!exe) {
  console.error(
    'Chưa cài Electron / The Electron binary is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD): get it with `npx install-electron` or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD on a machine that can reach the Electron download host — or run the browser mode instead: `npx ioc-wall serve`.',
  );
  process.exit(1);
}

const needed = ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
if (process.env.IOC_WALL_START_NO_BUILD !== '1' && needed.some((p) => !existsSync(join(root, p)))) {
  console.log('[start] dist/ is incomplete: building first (npm run build)…');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// The app folder (package.json "main" = dist/electron/main.js), then the user's own flags
// (--config=…, --data-dir=…).
const child = spawn(exe, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  console.error(`[start] could not launch Electron (${exe}): ${err.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
