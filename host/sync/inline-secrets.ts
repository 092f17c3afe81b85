import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { AuthConfig, FeedConfig } from '../../sync/feeds/config';
import { SECRET_PREFIX, isSecretRef } from '../../sync/secrets';
import type { SecretStore } from '../../sync/store';
import { ConfigError } from '../config/load';
import type { HostConfig } from '../config/schema';
import { FEED_LIST, duplicateIdMessage, duplicateIds } from '../config/unique-ids';
import { addOrigins, secretDestinations } from './secret-origins';

/** Auth fields that hold a secret, and the word used in the secret's name. */
const SECRET_FIELDS: Record<string, string> = { value: 'apiKey', token: 'token', password: 'password', clientSecret: 'clientSecret' };

export const SECRET_FIELD_NAMES = Object.keys(SECRET_FIELDS);

export const secretNameFor = (owner: string, field: string) => `${owner}.${SECRET_FIELDS[field] ?? field}`;

/**
 * Puts the inline secret values of an auth config in the store and answers the auth with
 * `secret:NAME` references instead, and the names moved. Nothing is written when nothing is inline.
 */
export async function moveAuthSecrets(
  auth: AuthConfig,
  owner: string,
  secrets: SecretStore,
): Promise<{ auth: AuthConfig; moved: string[] }> {
  const out: Record<string, unknown> = { ...auth };
  const moved: string[] = [];
  for (const field of SECRET_FIELD_NAMES) {
    const v = out[field];
    if (typeof v !== 'string' || v === '' || isSecretRef(v)) continue;
    const name = secretNameFor(owner, field);
    await secrets.set(name, v);
    out[field] = `${SECRET_PREFIX}${name}`;
    moved.push(name);
  }
  return { auth: out as AuthConfig, moved };
}

export const hasInlineSecret = (auth: AuthConfig | undefined) =>
  !!auth && SECRET_FIELD_NAMES.some((f) => {
    const v = (auth as Record<string, unknown>)[f];
    return typeof v === 'string' && v !== '' && !isSecretRef(v);
  });

export interface InlineSecretField {
  feed: string;
  field: string;
  /** The reference that belongs in its place. */
  ref: string;
}

/**
 * Each inline secret value (not a `secret:NAME` reference) in these feeds, read as plain JSON so a
 * file not yet checked (a bundle's config part) can be told too: `feed "hotline": auth.token`.
 */
export function inlineSecretFields(feeds: unknown): InlineSecretField[] {
  const out: InlineSecretField[] = [];
  if (!Array.isArray(feeds)) return out;
  for (const f of feeds as unknown[]) {
    if (!f || typeof f !== 'object') continue;
    const { id, auth } = f as { id?: unknown; auth?: unknown };
    if (!auth || typeof auth !== 'object') continue;
    const feed = typeof id === 'string' ? id : '?';
    for (const field of SECRET_FIELD_NAMES) {
      const v = (auth as Record<string, unknown>)[field];
      if (typeof v === 'string' && v !== '' && !isSecretRef(v)) out.push({ feed, field, ref: `${SECRET_PREFIX}${secretNameFor(`feed.${feed}`, field)}` });
    }
  }
  return out;
}

export const describeInlineSecrets = (list: readonly InlineSecretField[]) => list.map((s) => `feed "${s.feed}": auth.${s.field} (→ "${s.ref}")`).join('; ');

/**
 * Moves inline secrets out of the config file and the feeds saved in the database into the secret
 * store, leaving `secret:NAME` references, with one notice line per feed. The config file is
 * rewritten in place (write-then-rename) when it is given and writable; if it is not, the running
 * host still uses the store and the notice says to edit the file.
 */
export async function moveInlineSecrets(opts: {
  db: Database.Database;
  config: HostConfig;
  secrets: SecretStore;
  configFile?: string;
  notice: (line: string) => void;
}): Promise<string[]> {
  const { db, config, secrets, notice } = opts;
  // Secret names and the file's rewrite go by feed id: with two feeds of one id, one's token would
  // serve the other's server and one would stay in clear text in the file. The config check
  // refuses such a file; a config that did not pass it is refused here, before anything moves.
  const repeated = duplicateIds(config.feeds);
  if (repeated.length) throw new ConfigError(repeated.map((d) => `feeds.${d.index}.id: ${duplicateIdMessage(d, FEED_LIST)}`));
  const movedAll: string[] = [];
  const fromFile: { id: string; auth: AuthConfig }[] = [];
  for (const [index, f] of config.feeds.entries()) {
    if (!hasInlineSecret(f.auth)) continue;
    const { auth, moved } = await moveAuthSecrets(f.auth, `feed.${f.id}`, secrets);
    (config.feeds[index] as FeedConfig).auth = auth;
    fromFile.push({ id: f.id, auth });
    movedAll.push(...moved);
  }
  let endpointAuth: AuthConfig | null = null;
  const ep = config.sync.actionsEndpoint;
  if (ep && hasInlineSecret(ep.auth)) {
    const { auth, moved } = await moveAuthSecrets(ep.auth, 'actionsEndpoint', secrets);
    ep.auth = auth;
    endpointAuth = auth;
    movedAll.push(...moved);
  }
  if (fromFile.length || endpointAuth) {
    const where = opts.configFile ? rewriteConfigFile(opts.configFile, fromFile, endpointAuth) : 'no config file to rewrite';
    notice(
      `Đã chuyển ${movedAll.length} bí mật ghi thẳng trong cấu hình vào kho bí mật (${movedAll.join(', ')}) / moved ${movedAll.length} inline secret(s) from the config into the secret store as secret: references (${where}).`,
    );
  }

  const rows = db.prepare(`SELECT id, config FROM feeds`).all() as { id: string; config: string }[];
  for (const r of rows) {
    let feed: FeedConfig;
    try {
      feed = JSON.parse(r.config) as FeedConfig;
    } catch {
      continue;
    }
    if (!hasInlineSecret(feed.auth)) continue;
    const { auth, moved } = await moveAuthSecrets(feed.auth, `feed.${feed.id}`, secrets);
    // The value was saved for this feed: it may keep going where this feed sends it.
    for (const [name, origins] of secretDestinations(auth, feed.url, feed.proxy)) if (moved.includes(name)) addOrigins(db, name, origins, 'inline-secret-move');
    db.prepare(`UPDATE feeds SET config = ? WHERE id = ?`).run(JSON.stringify({ ...feed, auth }), r.id);
    movedAll.push(...moved);
    notice(`Đã chuyển bí mật của nguồn "${feed.id}" vào kho bí mật / moved feed "${feed.id}"'s inline secret into the secret store (${moved.join(', ')}).`);
  }
  return movedAll;
}

function rewriteConfigFile(file: string, feeds: { id: string; auth: AuthConfig }[], endpointAuth: AuthConfig | null): string {
  try {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const json = JSON.parse(text) as { feeds?: { id?: string; auth?: Record<string, unknown> }[]; sync?: { actionsEndpoint?: { auth?: Record<string, unknown> } } };
    for (const { id, auth } of feeds) {
      const f = json.feeds?.find((x) => x?.id === id);
      if (!f?.auth) continue;
      for (const field of SECRET_FIELD_NAMES) {
        const v = (auth as Record<string, unknown>)[field];
        if (isSecretRef(v) && typeof f.auth[field] === 'string' && !isSecretRef(f.auth[field])) f.auth[field] = v;
      }
    }
    const epa = json.sync?.actionsEndpoint?.auth;
    if (endpointAuth && epa) {
      for (const field of SECRET_FIELD_NAMES) {
        const v = (endpointAuth as Record<string, unknown>)[field];
        if (isSecretRef(v) && typeof epa[field] === 'string') epa[field] = v;
      }
    }
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(json, null, 2)}\n`);
    renameSync(tmp, file);
    return `${file} rewritten`;
  } catch (err) {
    return `could not rewrite ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): replace the values there with the secret: references by hand`;
  }
}
