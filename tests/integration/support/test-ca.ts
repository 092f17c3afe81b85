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

/**
 * Certificates as servers get them wrong, all under one throw-away root CA: expired, not valid
 * yet, for another name, and one signed by an intermediate the server may leave out of its chain.
 * `openssl ca` is used for the dates: Debian's OpenSSL 3.0 `x509` has no start date option.
 */
export function makeFaultyCertificates(dir: string) {
  const f = (n: string) => join(dir, n);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', cwd: dir });
  writeFileSync(f('ca.cnf'), '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n');
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('serial'), '01\n');
  const key = (name: string) => run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`]);
  const sign = (name: string, by: string, ext: string, dates: [string, string] = ['20200101000000Z', '20990101000000Z']) => {
    writeFileSync(f(`${name}.ext`), ext);
    run(['ca', '-batch', '-config', f('ca.cnf'), '-keyfile', f(`${by}.key`), '-cert', f(`${by}.pem`), '-in', f(`${name}.csr`), '-out', f(`${name}.pem`), '-startdate', dates[0], '-enddate', dates[1], '-extfile', f(`${name}.ext`), '-notext']);
  };
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('root.key'), '-out', f('root.pem'), '-days', '2', '-subj', '/CN=IOC Wall test root']);
  const server = 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
  key('expired');
  sign('expired', 'root', server, ['20200101000000Z', '20210101000000Z']);
  key('future');
  sign('future', 'root', server, ['20990101000000Z', '21000101000000Z']);
  key('othername');
  sign('othername', 'root', 'subjectAltName=DNS:dulieu.binhphuoc.example\nextendedKeyUsage=serverAuth\n');
  key('intermediate');
  sign('intermediate', 'root', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  key('leaf');
  sign('leaf', 'intermediate', server);
  const pair = (name: string) => ({ key: f(`${name}.key`), cert: f(`${name}.pem`) });
  return { root: f('root.pem'), intermediate: f('intermediate.pem'), expired: pair('expired'), future: pair('future'), otherName: pair('othername'), leaf: pair('leaf') };
}
