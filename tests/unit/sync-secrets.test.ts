import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { resolveAuth } from '../../sync/secrets';

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
});
