import { dirname, isAbsolute, resolve } from 'node:path';
import { listed, MORE, type Problem } from '../../base/problems';
import { issuePath } from '../api/errors';
import { configSchema, type HostConfig } from './schema';
import { fromEnv, fromFlags, setPath, type ConfigObject, type Flags, type Layer } from './sources';
import { MB, readRegularFile } from '../files';
import { unstorableJson } from '../../sync/text/bounded-json';

export interface LoadOptions {
  /** Path of a JSON config file (--config or IOC_WALL_CONFIG). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  flags?: Flags;
}

/**
 * Refused configuration. `problems` are one line each, path first ("server.port: must be ≤ 65535
 * (from --port)"); the message says what to do, so a caller can print it and exit.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        'Cấu hình không hợp lệ, chưa khởi động gì / Invalid configuration, nothing was started:',
        ...problems.map((p) => `  • ${p}`),
        'Sửa các mục trên rồi chạy lại / Fix the items above and run again (`ioc-wall doctor` checks the configuration without starting).',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const isPlain = (v: unknown): v is ConfigObject => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Later layers win; objects merge key by key, everything else (arrays too) is replaced. Keys are
 * defined, not assigned: JSON.parse makes "__proto__" an ordinary key, and `out[k] = v` would
 * set the prototype instead, dropping the key unseen (the schema then never reports it).
 */
function merge(base: ConfigObject, over: ConfigObject): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = Object.hasOwn(out, k) ? out[k] : undefined;
    Object.defineProperty(out, k, { value: isPlain(v) && isPlain(prev) ? merge(prev, v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function leafPaths(obj: ConfigObject, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (isPlain(v) ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const MAX_CONFIG_DEPTH = 32;

function fromFile(file: string, problems: string[]): Layer {
  const layer: Layer = { origins: new Map(), values: {} };
  let text: string;
  try {
    text = readRegularFile(file, 64 * MB, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(
      code === 'ENOENT'
        ? `${file}: the config file does not exist (check the --config path)`
        : `${file}: cannot read the config file (${code ?? String(err)})`,
    );
    return layer;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad on Windows saves a BOM
  } catch (err) {
    problems.push(`${file}: not valid JSON (${(err as Error).message})`);
    return layer;
  }
  if (!isPlain(parsed)) {
    problems.push(`${file}: must contain a JSON object ({ ... })`);
    return layer;
  }
  // The layers are merged and listed by walking them: a file nested thousands deep would overflow
  // that walk (a RangeError, not a problem by path). No setting is nested half as deep.
  const odd = unstorableJson(parsed, MAX_CONFIG_DEPTH);
  if (odd !== null) {
    problems.push(`${file}: ${odd} (no setting is nested more than ${MAX_CONFIG_DEPTH} levels)`);
    return layer;
  }
  // Paths inside the file are relative to the file, so a config folder can be copied as a whole.
  for (const p of ['dataDir', 'boundaries.file', 'backups.dir', 'server.tls.cert', 'server.tls.key', 'connect.caFile']) {
    const keys = p.split('.');
    const key = keys.pop()!;
    let holder: unknown = parsed;
    for (const k of keys) holder = isPlain(holder) ? holder[k] : undefined;
    if (isPlain(holder) && typeof holder[key] === 'string' && holder[key] !== '' && !isAbsolute(holder[key] as string)) {
      setPath(parsed, p, resolve(dirname(file), holder[key] as string));
    }
  }
  // A feed's (or the actions endpoint's) CA file too: it sits in the config folder as often as not.
  const resolveCa = (holder: unknown) => {
    if (isPlain(holder) && typeof holder.caFile === 'string' && holder.caFile !== '' && !isAbsolute(holder.caFile)) {
      holder.caFile = resolve(dirname(file), holder.caFile);
    }
  };
  if (Array.isArray(parsed.feeds)) parsed.feeds.forEach(resolveCa);
  if (isPlain(parsed.sync)) resolveCa(parsed.sync.actionsEndpoint);
  // trust.bundleKeys: file entries too (inline PEM text stays as it is).
  const trust = parsed.trust;
  if (isPlain(trust) && Array.isArray(trust.bundleKeys)) {
    trust.bundleKeys = trust.bundleKeys.map((k) =>
      typeof k === 'string' && k !== '' && !k.trimStart().startsWith('-----BEGIN') && !isAbsolute(k) ? resolve(dirname(file), k) : k,
    );
  }
  layer.values = parsed;
  for (const p of leafPaths(parsed)) layer.origins.set(p, file);
  return layer;
}

/**
 * Where each layer's settings came from, looked up by path. A problem's origin is the last layer
 * that set its path, one of its parents or one of its children. Scanning every origin for every
 * problem made a file of 40,000 unknown keys take 29 s to refuse; here a parent or the path itself
 * is a Map lookup per level of the path, and a child a binary search in the sorted paths (a child
 * of "a" sorts between "a." and "a/", '/' being the character after '.').
 */
class Origins {
  private readonly sorted: { layer: Layer; paths: string[] }[];
  constructor(layers: readonly Layer[]) {
    this.sorted = [...layers].reverse().map((layer) => ({ layer, paths: [...layer.origins.keys()].sort() }));
  }

  of(path: readonly PropertyKey[]): string | undefined {
    const parts = path.map(String);
    const full = parts.join('.');
    for (const { layer, paths } of this.sorted) {
      let prefix = '';
      for (const [i, part] of parts.entries()) {
        prefix = i === 0 ? part : `${prefix}.${part}`;
        const origin = layer.origins.get(prefix);
        if (origin !== undefined) return origin;
      }
      const child = paths[lowerBound(paths, `${full}.`)];
      if (child !== undefined && child.startsWith(`${full}.`)) return layer.origins.get(child);
    }
    return undefined;
  }
}

/** The index of the first of `sorted` not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The most of a path (or a feed's id) a problem line shows: a key of a million characters is named, not echoed. */
const PATH_CHARS = 200;
const shortPath = (p: string) => (p.length > PATH_CHARS ? `${p.slice(0, PATH_CHARS)}…` : p);

/** ' in feed "aqi"' for a problem inside feeds[i], so the installer finds it by name, not by index. */
function feedNamed(merged: ConfigObject, path: readonly PropertyKey[]): string {
  // A problem with the id itself names it already (or the id is what is wrong).
  if (path[0] !== 'feeds' || typeof path[1] !== 'number' || !Array.isArray(merged.feeds) || (path.length === 3 && path[2] === 'id')) return '';
  const feed: unknown = merged.feeds[path[1]];
  const id = isPlain(feed) && typeof feed.id === 'string' ? feed.id : null;
  return id ? ` in feed "${shortPath(id)}"` : '';
}

/**
 * Loads the config: JSON file, then IOC_WALL_* environment, then flags (each overrides the one
 * before). Throws ConfigError listing every problem at once, so an installer fixes them in one go.
 */
export function loadConfig(opts: LoadOptions = {}): HostConfig {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const file = opts.file ?? (env.IOC_WALL_CONFIG || undefined);
  const layers = [file ? fromFile(resolve(file), problems) : undefined, fromEnv(env), fromFlags(opts.flags ?? {})].filter(
    (l): l is Layer => !!l,
  );
  const merged = layers.reduce<ConfigObject>((acc, l) => merge(acc, l.values), {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    // Every problem is counted, but only the first MAX_LISTED are written out, with their origin
    // (base/problems.ts): a file wrong in a million places (a million bad feeds made a message of
    // 118 million characters) is wrong throughout, and the first ones say what to mend.
    // `path` stays empty here: a listed problem's line (path, feed, origin) is written below.
    const found: (Problem & { at: readonly PropertyKey[]; feedAt: readonly PropertyKey[] })[] = [];
    for (const issue of result.error.issues) {
      const keys = (issue as { keys?: string[] }).keys;
      if (issue.code === 'unrecognized_keys' && keys) {
        for (const k of keys) found.push({ path: '', message: 'unknown setting (misspelt?)', at: [...issue.path, k], feedAt: issue.path });
        continue;
      }
      found.push({ path: '', message: issue.message, at: issue.path, feedAt: issue.path });
    }
    const origins = new Origins(layers);
    const cut = listed(found);
    for (const [i, p] of cut.entries()) {
      if (p.path === MORE) {
        problems.push(p.message);
        continue;
      }
      const f = found[i]!;
      const origin = origins.of(f.at);
      problems.push(`${shortPath(issuePath(f.at))}: ${p.message}${feedNamed(merged, f.feedAt)}${origin ? ` (from ${origin})` : ''}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data!;
}
