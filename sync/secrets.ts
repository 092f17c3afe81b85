import type { AuthConfig } from './feeds/config';
import type { SecretStore } from './store';

/**
 * Auth values written as `secret:NAME` in the config are looked up in the SecretStore at run time
 * (safeStorage in Electron, a 0600 file in plain Node), so the config file itself holds no secrets.
 */
export const SECRET_PREFIX = 'secret:';

export async function resolveAuth(auth: AuthConfig | undefined, secrets?: SecretStore): Promise<AuthConfig | undefined> {
  if (!auth || !secrets) return auth;
  const out: Record<string, unknown> = { ...auth };
  for (const [k, v] of Object.entries(auth)) {
    if (typeof v === 'string' && v.startsWith(SECRET_PREFIX)) {
      const value = await secrets.get(v.slice(SECRET_PREFIX.length));
      if (value === null) throw new Error(`secret "${v.slice(SECRET_PREFIX.length)}" is not set`);
      out[k] = value;
    }
  }
  return out as AuthConfig;
}
