import type Database from 'better-sqlite3';
import { isSecretRef, secretName } from '../../sync/secrets';
import type { SecretStore } from '../../sync/store';
import type { HostConfig } from '../config/schema';
import { effectiveFeeds } from './feeds';
import { addOrigins, allListedOrigins, configFileOrigins, forgetOrigins } from './secret-origins';
import { audit } from '../store/audit';

/** What an administrator sees of the secrets (names, where they may go, who uses them), never values. */
export interface SecretInfo {
  name: string;
  stored: boolean;
  origins: string[];
  configOrigins: string[];
  usedBy: string[];
}

export async function listSecrets(db: Database.Database, config: HostConfig, secrets: SecretStore): Promise<SecretInfo[]> {
  const stored = new Set(secrets.list ? await secrets.list() : []);
  const listed = allListedOrigins(db);
  const fromFile = configFileOrigins(config.feeds, config.sync.actionsEndpoint);
  const usedBy = new Map<string, string[]>();
  const use = (auth: object | undefined, who: string) => {
    for (const v of Object.values(auth ?? {})) {
      if (!isSecretRef(v)) continue;
      const n = secretName(v);
      usedBy.set(n, [...new Set([...(usedBy.get(n) ?? []), who])]);
    }
  };
  for (const f of effectiveFeeds(db, config.feeds)) use(f.auth, f.id);
  if (config.sync.actionsEndpoint) use(config.sync.actionsEndpoint.auth, 'actionsEndpoint');
  const names = new Set([...stored, ...listed.keys(), ...usedBy.keys()]);
  return [...names].sort().map((name) => ({
    name,
    stored: stored.has(name),
    origins: listed.get(name) ?? [],
    configOrigins: [...(fromFile.get(name) ?? [])].sort(),
    usedBy: usedBy.get(name) ?? [],
  }));
}

export async function setSecret(
  db: Database.Database,
  secrets: SecretStore,
  name: string,
  value: string,
  origins: readonly string[],
  actor: string,
  now = new Date(),
): Promise<void> {
  await secrets.set(name, value);
  addOrigins(db, name, origins, actor, now);
  audit(db, actor, 'secrets.set', { name, origins: origins.map((o) => new URL(o).origin) }, now);
}

export async function deleteSecret(db: Database.Database, secrets: SecretStore, name: string, actor: string, now = new Date()): Promise<boolean> {
  const had = (await secrets.get(name)) !== null;
  await secrets.set(name, null);
  forgetOrigins(db, name);
  audit(db, actor, 'secrets.delete', { name }, now);
  return had;
}


