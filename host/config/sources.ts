/**
 * Turns the environment and command-line flags into partial config objects, so one schema
 * validates all three sources. Values are converted only when unambiguous ("8080" → 8080);
 * anything else is passed through for the schema to reject with its path.
 */

export type ConfigObject = Record<string, unknown>;

/** Where each config path may come from in the environment. */
export const ENV_VARS: Record<string, string> = {
  IOC_WALL_ROLE: 'role',
  IOC_WALL_DATA_DIR: 'dataDir',
  IOC_WALL_HOST: 'server.host',
  IOC_WALL_PORT: 'server.port',
  IOC_WALL_TOKEN: 'server.token',
  IOC_WALL_ALLOWED_ORIGINS: 'server.allowedOrigins',
  IOC_WALL_BOUNDARIES_FILE: 'boundaries.file',
  IOC_WALL_DEMO: 'demo',
  IOC_WALL_UPDATES_URL: 'updates.url',
  IOC_WALL_UPDATES_CHANNEL: 'updates.channel',
  IOC_WALL_CONNECT_URL: 'connect.url',
};

export interface Flags {
  dataDir?: string;
  host?: string;
  port?: string;
  token?: string;
  role?: string;
  demo?: boolean;
}

const FLAG_PATHS: Record<keyof Flags, string> = {
  dataDir: 'dataDir',
  host: 'server.host',
  port: 'server.port',
  token: 'server.token',
  role: 'role',
  demo: 'demo',
};

function convert(path: string, value: string): unknown {
  if (path === 'server.port') return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (path === 'demo') {
    const v = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    return value;
  }
  if (path === 'server.allowedOrigins') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return value;
}

export function setPath(target: ConfigObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    node = (next && typeof next === 'object' && !Array.isArray(next) ? next : (node[k] = {})) as ConfigObject;
  }
  node[keys[keys.length - 1]!] = value;
}

export interface Layer {
  /** For messages: 'config.json', 'IOC_WALL_PORT', '--port'. Keyed by config path. */
  origins: Map<string, string>;
  values: ConfigObject;
}

export function fromEnv(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = { origins: new Map(), values: {} };
  for (const [name, path] of Object.entries(ENV_VARS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(layer.values, path, convert(path, raw));
    layer.origins.set(path, name);
  }
  return layer;
}

export function fromFlags(flags: Flags): Layer {
  const layer: Layer = { origins: new Map(), values: {} };
  for (const [key, path] of Object.entries(FLAG_PATHS) as [keyof Flags, string][]) {
    const raw = flags[key];
    if (raw === undefined) continue;
    setPath(layer.values, path, typeof raw === 'string' ? convert(path, raw) : raw);
    layer.origins.set(path, `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
  }
  return layer;
}
