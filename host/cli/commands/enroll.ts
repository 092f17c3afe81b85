import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HostClient } from '../../api/client/HostClient';
import { defaultDataDir } from '../../config/paths';
import { enrollWithHost, EnrollError, nodeWebSocketTransport } from '../../remote/ws-transport';
import { ENROLLMENT_FILE, ENROLLMENT_KEY } from '../../remote/enrollment';
import { FileSecretStore } from '../../sync/file-secrets';
import { registerCommand, type Io } from '../registry';
import { MB, readRegularFile } from '../../files';

const USAGE = `Usage: ioc-wall enroll --host URL --code CODE [--ca FILE] [--data-dir DIR] [--json]

Enrolls this machine as a node of the host at URL with the one-time code printed by
\`ioc-wall nodes add\` on the host (or shown in its console's "Máy trạm" tab). The enrollment
(node id, role, name, credential, host) is kept in DIR/node-credential.json, owner-only; the
desktop app started with the same data folder and connect.url takes it over into the OS
keychain. Prints the pages this node should open (for a browser display node: Chromium in kiosk
mode), each carrying the node's credential.

Options:
  --host URL        the host, e.g. https://10.0.0.5:8080
  --code CODE       the enrollment code, e.g. K7QM-2XPA (15 minutes, single use)
  --ca FILE         PEM of the CA that signed the host's certificate (self-signed or agency CA)
  --data-dir DIR    where to keep the credential (default: the OS app-data folder "IOC Wall")
  --json            print {"nodeId","role","name","urls"}`;

/** The pages a node of this role opens: one per wall display, or its console/kiosk page. */
async function pagesOf(url: string, credential: string, role: string, ca: Buffer | undefined): Promise<string[]> {
  const page = (path: string) => `${url.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(credential)}`;
  if (role !== 'wall') return [page(`/${role}`)];
  const client = new HostClient(nodeWebSocketTransport({ url, credential, ca, maxDelayMs: 2000 }));
  try {
    const wall = await Promise.race([
      client.call('wall.get', {}),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 15_000).unref()),
    ]);
    return wall.displays.map((d) => page(`/wall?display=${encodeURIComponent(d.id)}`));
  } finally {
    client.close();
  }
}

registerCommand({
  name: 'enroll',
  summary: 'đăng ký máy này làm máy trạm / enroll this machine as a node of a host',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values } = parseArgs({
      args: argv,
      options: { host: { type: 'string' }, code: { type: 'string' }, ca: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.host || !values.code) {
      io.err('enroll cần --host và --code / needs --host URL and --code CODE (from `ioc-wall nodes add` on the host).');
      return 2;
    }
    let url: URL;
    try {
      url = new URL(values.host);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      io.err(`--host phải là địa chỉ như https://10.0.0.5:8080 / --host must be an address such as https://10.0.0.5:8080 (got "${values.host}").`);
      return 2;
    }
    if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      io.err('Cảnh báo: mã và thông tin xác thực đi qua mạng không mã hoá / warning: the code and credential cross the network in clear; configure server.tls on the host.');
    }
    let ca: Buffer | undefined;
    if (values.ca) {
      try {
        ca = readRegularFile(resolve(values.ca), MB);
      } catch (err) {
        io.err(`Không đọc được --ca "${values.ca}" / cannot read the CA file: ${(err as Error).message}`);
        return 2;
      }
    }
    const dataDir = values['data-dir'] ?? process.env.IOC_WALL_DATA_DIR ?? defaultDataDir();
    let enrolled;
    try {
      enrolled = await enrollWithHost(url.origin, values.code, { ca });
    } catch (err) {
      io.err(err instanceof EnrollError ? err.message : String(err));
      return 1;
    }
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, ENROLLMENT_FILE);
    new FileSecretStore(file).set(
      ENROLLMENT_KEY,
      JSON.stringify({ nodeId: enrolled.nodeId, role: enrolled.role, name: enrolled.name, credential: enrolled.credential, url: url.origin }),
    );
    let urls: string[] = [];
    try {
      urls = await pagesOf(url.origin, enrolled.credential, enrolled.role, ca);
    } catch (err) {
      io.err(`Đã đăng ký nhưng chưa lấy được danh sách màn hình / enrolled, but the wall's displays could not be read: ${(err as Error).message}`);
    }
    if (values.json) io.out(JSON.stringify({ nodeId: enrolled.nodeId, role: enrolled.role, name: enrolled.name, urls }));
    else {
      io.out(`Đã đăng ký / enrolled: ${enrolled.nodeId} (${enrolled.role}, "${enrolled.name}") with ${url.origin}`);
      io.out(`  Thông tin xác thực lưu tại / credential kept in ${file}`);
      for (const u of urls) io.out(`  Mở / open: ${u}`);
    }
    return 0;
  },
});
