import type { AuthConfig } from '../feeds/config';
import { SyncError, errors } from './errors';

/** The secret strings of an auth config, for redaction. */
export function authSecrets(auth: AuthConfig | undefined): string[] {
  if (!auth) return [];
  switch (auth.type) {
    case 'apiKey':
      return [auth.value];
    case 'bearer':
      return [auth.token];
    case 'basic':
      return [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
    case 'oauth2ClientCredentials':
      return [auth.clientSecret, Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString('base64')];
    default:
      return [];
  }
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** How a request reaches its server: the feed's proxy and extra CA, which its token request takes too. */
export interface Route {
  proxy?: string;
  caFile?: string;
}

export type TokenFetcher = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
  route: Route,
) => Promise<{ status: number; body: string }>;

/**
 * OAuth2 client-credentials tokens (RFC 6749 §4.4), cached per token endpoint and client, and
 * refreshed a minute before they expire — or at once when a resource server answers 401.
 */
export class OAuth2TokenCache {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string>>();
  constructor(
    private readonly fetchToken: TokenFetcher,
    private readonly now: () => number = Date.now,
    private readonly refreshMarginMs = 60_000,
  ) {}

  private key(a: Extract<AuthConfig, { type: 'oauth2ClientCredentials' }>) {
    return `${a.tokenUrl}\u0000${a.clientId}\u0000${a.scope ?? ''}`;
  }

  /**
   * The token held now for this client, without asking for one: a failure's words are cleaned of
   * it (a server that refuses a token may echo it) wherever the failure was raised.
   */
  peek(a: Extract<AuthConfig, { type: 'oauth2ClientCredentials' }>): string | undefined {
    return this.cache.get(this.key(a))?.token;
  }

  invalidate(a: Extract<AuthConfig, { type: 'oauth2ClientCredentials' }>): void {
    this.cache.delete(this.key(a));
  }

  /**
   * The token, asked for through `route`: a province whose servers are reached through a proxy
   * (or behind a private CA) has its token endpoint behind the same one.
   */
  async get(a: Extract<AuthConfig, { type: 'oauth2ClientCredentials' }>, route: Route = {}): Promise<string> {
    const k = this.key(a);
    const hit = this.cache.get(k);
    if (hit && hit.expiresAt - this.refreshMarginMs > this.now()) return hit.token;
    const pending = this.inflight.get(k);
    if (pending) return pending;
    const p = this.request(a, route)
      .then((t) => {
        this.cache.set(k, t);
        return t.token;
      })
      .finally(() => this.inflight.delete(k));
    this.inflight.set(k, p);
    return p;
  }

  private async request(a: Extract<AuthConfig, { type: 'oauth2ClientCredentials' }>, route: Route): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (a.scope) form.set('scope', a.scope);
    const basic = Buffer.from(`${encodeURIComponent(a.clientId)}:${encodeURIComponent(a.clientSecret)}`).toString('base64');
    const res = await this.fetchToken(a.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: `Basic ${basic}`,
      },
      body: form.toString(),
    }, route);
    if (res.status === 400 || res.status === 401 || res.status === 403) throw errors.auth(res.status);
    if (res.status >= 500) throw errors.serverError(res.status);
    if (res.status !== 200) throw errors.clientError(res.status);
    let json: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      json = JSON.parse(res.body);
    } catch {
      throw errors.parse('JSON (OAuth2 token)');
    }
    if (typeof json.access_token !== 'string') throw errors.parse('OAuth2 token');
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600);
    return { token: json.access_token, expiresAt: this.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000 };
  }
}

/** Request headers for an auth config (OAuth2 fetches its token through the cache). */
export async function authHeaders(auth: AuthConfig | undefined, tokens: OAuth2TokenCache, route: Route = {}): Promise<Record<string, string>> {
  if (!auth) return {};
  switch (auth.type) {
    case 'none':
      return {};
    case 'apiKey':
      return { [auth.header.toLowerCase()]: auth.value };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'oauth2ClientCredentials':
      return { authorization: `Bearer ${await tokens.get(auth, route)}` };
  }
}

export { SyncError };
