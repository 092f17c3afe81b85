import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throw-away CA and a server certificate it signs, made with Debian's openssl for one test:
 * the host speaks TLS the way a site with an agency or self-signed CA sets it up.
 */
export function makeTestCa(dir: string, names: { dns?: string[]; ips?: string[] } = { dns: ['localhost'], ips: ['127.0.0.1'] }) {
  const f = (n: string) => join(dir, n);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=IOC Wall test CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('host.key'), '-out', f('host.csr'), '-subj', '/CN=ioc-host']);
  const san = [...(names.dns ?? []).map((d) => `DNS:${d}`), ...(names.ips ?? []).map((i) => `IP:${i}`)].join(',');
  writeFileSync(f('ext.cnf'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  run(['x509', '-req', '-in', f('host.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('host.pem'), '-days', '2', '-extfile', f('ext.cnf')]);
  return { ca: f('ca.pem'), cert: f('host.pem'), key: f('host.key') };
}
