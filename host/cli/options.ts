import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import { defaultDataDir } from '../config/paths';
import type { HostConfig } from '../config/schema';
import type { Io } from './registry';

/** The two flags of every command that works on a data folder (parseArgs options). */
export const DATA_FOLDER_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** Flags every host-starting command accepts; they override the config file and environment. */
export const HOST_OPTIONS = {
  ...DATA_FOLDER_OPTIONS,
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'no-demo': { type: 'boolean' },
} as const;

export const HOST_OPTIONS_USAGE = [
  '  --config FILE     JSON config file (also IOC_WALL_CONFIG)',
  '  --data-dir DIR    where ioc-wall.db lives (default: the OS app-data folder "IOC Wall")',
  '  --port N          HTTP port, 0 = any free port (default 8080)',
  '  --host H          address to bind (default 127.0.0.1; 0.0.0.0 exposes it on the LAN)',
  '  --token T         WebSocket token, ≥ 16 characters (default: generated at each start)',
  '  --no-demo         do not seed the demo dataset into an empty database',
].join('\n');

export function parseHostArgs(argv: string[], extra: Record<string, { type: 'string' | 'boolean' }> = {}) {
  return parseArgs({ args: argv, options: { ...HOST_OPTIONS, ...extra }, allowPositionals: false, strict: true });
}

export type HostArgs = ReturnType<typeof parseHostArgs>['values'];

/** Config from file + env + flags; on a ConfigError prints every problem and returns null. */
export function configFromArgs(
  values: HostArgs,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): { config: HostConfig; dataDir: string; file?: string } | null {
  try {
    const file = (values.config as string | undefined) ?? (env.IOC_WALL_CONFIG || undefined);
    const config = loadConfig({
      file: values.config as string | undefined,
      env,
      flags: {
        dataDir: values['data-dir'] as string | undefined,
        port: values.port as string | undefined,
        host: values.host as string | undefined,
        token: values.token as string | undefined,
        demo: values['no-demo'] ? false : undefined,
      },
    });
    return { config, dataDir: config.dataDir ?? defaultDataDir(), file };
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return null;
    }
    throw err;
  }
}
