import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'IOC Wall';

/**
 * The folder Electron's app.getPath('userData') gives for app name 'IOC Wall', so `serve` and the
 * desktop app share one database on the same machine without Electron being loaded here.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}
