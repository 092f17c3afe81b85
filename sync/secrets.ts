import type { AuthConfig } from './feeds/config';
import { errors } from './http/errors';
import { originOf } from './http/url';
import type { SecretStore } from './store';

/**
 * Auth values written as `secret:NAME` in the config are looked up in the SecretStore at run time
 * (safeStorage in Electron, a 0600 file in plain Node), so the config file itself holds no secrets.
 */
export const SECRET_PREFIX = 'secret:';

export const isSecretRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith(SECRET_PREFIX);
export const secretName = (ref: string) => ref.slice(SECRET_PREFIX.length);

/** Says whether the secret NAME may be sent to an origin (`https://host:port`). */
export interface SecretGuard {
  allows(name: string, origin: string): boolean | Promise<boolean>;
}

/** The OAuth2 client fields: they go to the token endpoint and buy the token the feed's server gets. */
const TOKEN_FIELDS = new Set(['clientId', 'clientSecret', 'scope']);

/**
 * Where each auth field's value is sent, or what it buys is sent: the feed URL's origin, and the
 * proxy's too when that request goes in clear text through it. An OAuth2 client secret travels to
 * the token endpoint, but the access token it buys there is sent to the feed's server (and through
 * a clear-text proxy): that token is the secret's power, so the secret must be allowed for both.
 * Checked against the token endpoint alone, a secret entered for the province's endpoint bought a
 * token for any server an editor pointed the feed at.
 */
export function destinationsOf(auth: AuthConfig, url: string, proxy?: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const to = (target: string) => [originOfSetting(target), ...(proxy && target.startsWith('http:') ? [originOfSetting(proxy)] : [])];
  for (const k of Object.keys(auth)) {
    if (k === 'type') continue;
    const list = TOKEN_FIELDS.has(k) && auth.type === 'oauth2ClientCredentials' ? [...to(auth.tokenUrl), ...to(url)] : to(url);
    out[k] = [...new Set(list)];
  }
  return out;
}

/** A configured address must parse before a secret is matched to it; it is the feed's setting that is wrong. */
function originOfSetting(url: string): string {
  const origin = originOf(url);
  if (origin === null) throw errors.badSetting(`"${url.slice(0, 200)}" is not a URL`);
  return origin;
}

export async function resolveAuth(
  auth: AuthConfig | undefined,
  secrets?: SecretStore,
  where?: { url: string; proxy?: string; guard?: SecretGuard },
): Promise<AuthConfig | undefined> {
  if (!auth || !secrets) return auth;
  const out: Record<string, unknown> = { ...auth };
  const dest = where ? destinationsOf(auth, where.url, where.proxy) : {};
  for (const [k, v] of Object.entries(auth)) {
    if (!isSecretRef(v)) continue;
    const name = secretName(v);
    if (where?.guard) {
      for (const origin of dest[k] ?? []) if (!(await where.guard.allows(name, origin))) throw errors.secretNotAllowed(name, origin);
    }
    const value = await secrets.get(name);
    if (value === null) throw errors.secretMissing(name);
    out[k] = value;
  }
  return out as AuthConfig;
}
