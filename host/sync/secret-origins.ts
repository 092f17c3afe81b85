import type Database from 'better-sqlite3';
import type { ActionsEndpoint, AuthConfig, FeedConfig } from '../../sync/feeds/config';
import { destinationsOf, isSecretRef, secretName, type SecretGuard } from '../../sync/secrets';
import type { HostConfig } from '../config/schema';

/**
 * Which origins a stored secret may travel to. The config file is the installer's: the origins
 * its own feeds and actions endpoint send a `secret:NAME` to are allowed for NAME. Any other origin
 * must be listed for that name (`ioc-wall secret set NAME --origin …`, or the console's form), so
 * someone who may edit a feed cannot point it, with the province's key, at a server of their own.
 */

/** Every `secret:NAME` an auth config refers to, with the origins each is sent to. */
export function secretDestinations(auth: AuthConfig | undefined, url: string, proxy?: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!auth) return out;
  const dest = destinationsOf(auth, url, proxy);
  for (const [k, v] of Object.entries(auth)) {
    if (!isSecretRef(v)) continue;
    const name = secretName(v);
    out.set(name, [...(out.get(name) ?? []), ...(dest[k] ?? [])]);
  }
  return out;
}

/** name → origins the config file itself sends it to. */
export function configFileOrigins(feeds: readonly FeedConfig[], endpoint: ActionsEndpoint | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (auth: AuthConfig | undefined, url: string, proxy?: string) => {
    for (const [name, origins] of secretDestinations(auth, url, proxy)) {
      const set = out.get(name) ?? new Set<string>();
      origins.forEach((o) => set.add(o));
      out.set(name, set);
    }
  };
  for (const f of feeds) add(f.auth, f.url, f.proxy);
  if (endpoint) add(endpoint.auth, endpoint.url, endpoint.proxy);
  return out;
}

export function listedOrigins(db: Database.Database, name: string): string[] {
  return db.prepare<[string], string>(`SELECT origin FROM secret_origins WHERE name = ? ORDER BY origin`).pluck().all(name);
}

export function allListedOrigins(db: Database.Database): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of db.prepare(`SELECT name, origin FROM secret_origins ORDER BY name, origin`).all() as { name: string; origin: string }[]) {
    out.set(r.name, [...(out.get(r.name) ?? []), r.origin]);
  }
  return out;
}

export function addOrigins(db: Database.Database, name: string, origins: readonly string[], actor: string, now = new Date()): void {
  const ins = db.prepare(`INSERT INTO secret_origins (name, origin, added_at, added_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  db.transaction(() => origins.forEach((o) => ins.run(name, new URL(o).origin, now.toISOString(), actor)))();
}

export function forgetOrigins(db: Database.Database, name: string): void {
  db.prepare(`DELETE FROM secret_origins WHERE name = ?`).run(name);
}

export function hostSecretGuard(db: Database.Database, config: Pick<HostConfig, 'feeds' | 'sync'>): SecretGuard {
  const stmt = db.prepare<[string, string], number>(`SELECT 1 FROM secret_origins WHERE name = ? AND origin = ?`).pluck();
  return {
    allows(name, origin) {
      if (configFileOrigins(config.feeds, config.sync.actionsEndpoint).get(name)?.has(origin)) return true;
      return stmt.get(name, origin) !== undefined;
    },
  };
}
