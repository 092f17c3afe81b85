import { describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeUpstreamError, getUpstream } from '../../../host/cameras/upstream';
import { addressProblem } from '../../../host/cameras/guard';

/**
 * Words for a failed camera fetch reach walls and kiosks (health, 502 bodies): they say what
 * happened by error code and never carry Node's message, which names the camera's address.
 */
const err = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('camera error words', () => {
  it('name no address: timeouts, certificates, protocol errors and unknown codes', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const cases: [Error, RegExp][] = [
        [err('ETIMEDOUT', 'connect ETIMEDOUT 10.20.30.40:554'), /the camera timed out/],
        [err('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: IP: 10.20.30.40 is not in the cert's list: "), /certificate was not accepted \(ERR_TLS_CERT_ALTNAME_INVALID\)/],
        [err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate for 10.20.30.40'), /certificate was not accepted/],
        [err('EPROTO', 'write EPROTO 10.20.30.40:443 wrong version number'), /protocol error/],
        [err('EPIPE', 'write EPIPE 10.20.30.40:80'), /cannot reach the camera \(code EPIPE\)/],
        [new Error('something at 10.20.30.40 went wrong'), /cannot reach the camera/],
      ];
      for (const [e, words] of cases) {
        const said = describeUpstreamError(e);
        expect(said).toMatch(words);
        expect(said).not.toContain('10.20.30.40');
      }
      // The whole message is kept for the host's log.
      expect(warn.mock.calls.flat().join(' ')).toContain('10.20.30.40');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('feed camera addresses', () => {
  const policy = { allowed: new Set<string>() };
  it('refuses loopback, link-local, unspecified, multicast (also IPv4-mapped); allows the LAN', () => {
    for (const ip of ['127.0.0.1', '127.9.9.9', '0.0.0.0', '169.254.169.254', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'ff02::1', '::ffff:7f00:1', '::ffff:127.0.0.1', '[::1]']) {
      expect([ip, addressProblem(ip, policy) !== null]).toEqual([ip, true]);
    }
    for (const ip of ['10.0.0.9', '172.16.3.4', '192.168.1.64', '100.64.0.1', 'fd00::9']) expect([ip, addressProblem(ip, policy)]).toEqual([ip, null]);
    expect(addressProblem('127.0.0.1', { allowed: new Set(['127.0.0.1']) })).toBeNull();
  });
});

describe('a feed camera named by a host name', () => {
  it('is looked up once, every address checked, and connected to only when they all pass', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = new URL(`http://localhost:${(server.address() as AddressInfo).port}/`);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expect(getUpstream(url, { authorization: null, policy: { allowed: new Set() } })).rejects.toThrow(/camera\.feedAddresses/);
      const res = await getUpstream(url, { authorization: null, policy: { allowed: new Set(['127.0.0.1', '::1']) } });
      expect(res.statusCode).toBe(200);
      res.resume();
    } finally {
      warn.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
