import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { SyncError } from '../../sync/http/errors';
import { hostOf, originOf } from '../../sync/http/url';
import { destinationsOf, resolveAuth } from '../../sync/secrets';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('secrets', () => {
  it('FileSecretStore keeps values in an owner-only file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-secrets-'));
    dirs.push(dir);
    const s = FileSecretStore.inDataDir(dir);
    expect(s.get('lgsp.clientSecret')).toBeNull();
    s.set('lgsp.clientSecret', 'xyz');
    expect(s.get('lgsp.clientSecret')).toBe('xyz');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    s.set('lgsp.clientSecret', null);
    expect(s.get('lgsp.clientSecret')).toBeNull();
  });

  it('resolveAuth swaps secret:NAME references for the stored values, and names a missing one', async () => {
    const store = new Map([['lgsp', 'S3cret']]);
    const secrets = { get: (k: string) => store.get(k) ?? null, set: () => undefined };
    const auth = await resolveAuth(
      { type: 'oauth2ClientCredentials', tokenUrl: 'https://lgsp.example/token', clientId: 'ioc', clientSecret: 'secret:lgsp' },
      secrets,
    );
    expect(auth).toMatchObject({ clientId: 'ioc', clientSecret: 'S3cret' });
    await expect(resolveAuth({ type: 'bearer', token: 'secret:nope' }, secrets)).rejects.toThrow('secret "nope" is not set');
    expect(await resolveAuth({ type: 'apiKey', header: 'X-Key', value: 'plain' }, secrets)).toMatchObject({ value: 'plain' });
  });

  it('matches a secret to the origin of the address it goes to, and names an address that is not one', async () => {
    expect(destinationsOf({ type: 'apiKey', header: 'X-Key', value: 'secret:k' }, 'https://api.example:8443/v1/x?y=1', 'http://proxy.lan:3128')).toEqual({
      header: ['https://api.example:8443'],
      value: ['https://api.example:8443'],
    });
    expect(destinationsOf({ type: 'bearer', token: 'secret:t' }, 'http://plain.example/x', 'http://proxy.lan:3128')).toEqual({
      token: ['http://plain.example', 'http://proxy.lan:3128'],
    });
    const secrets = { get: () => 'v', set: () => undefined };
    const guard = { allows: () => true };
    const err = await resolveAuth({ type: 'bearer', token: 'secret:t' }, secrets, { url: 'not a url', guard }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('bad_setting');
    expect((err as SyncError).en).toContain('"not a url" is not a URL');
  });

  it("an OAuth2 client secret may go where the token it buys goes: the token endpoint, the feed's server, a clear-text proxy", () => {
    const auth = { type: 'oauth2ClientCredentials', tokenUrl: 'https://lgsp.example/token', clientId: 'ioc', clientSecret: 'secret:lgsp' } as const;
    expect(destinationsOf(auth, 'https://api.example/x').clientSecret).toEqual(['https://lgsp.example', 'https://api.example']);
    // A feed in clear text through a proxy: the bearer token crosses the proxy too.
    expect(destinationsOf(auth, 'http://plain.example/x', 'http://proxy.lan:3128').clientSecret).toEqual(['https://lgsp.example', 'http://plain.example', 'http://proxy.lan:3128']);
    // Token endpoint and feed on one server: listed once.
    expect(destinationsOf(auth, 'https://lgsp.example/data').clientId).toEqual(['https://lgsp.example']);
  });

  it('reads origins and hosts without throwing', () => {
    expect(originOf('https://a.example:443/p')).toBe('https://a.example');
    expect(originOf('http://[::1]:8080/')).toBe('http://[::1]:8080');
    for (const bad of ['', 'not a url', 'http://', '//x', 'http://a b/']) expect(originOf(bad)).toBeNull();
    expect(hostOf('http://a.example:81/x')).toBe('a.example:81');
    expect(hostOf('::bad')).toBe('::bad');
  });
});
