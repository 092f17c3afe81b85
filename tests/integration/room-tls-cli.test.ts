import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { connectNode, waitFor } from './support/room';
import { makeTestCa } from './support/test-ca';

// The real CLI in a child process (through tsx, no build needed) against a real host over TLS.
const root = join(__dirname, '..', '..');
let dir: string;
let host: HostService;
let pki: ReturnType<typeof makeTestCa>;

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'host/cli/main.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, IOC_WALL_CONFIG: '', IOC_WALL_TOKEN: '', IOC_WALL_DATA_DIR: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-room-tls-'));
  pki = makeTestCa(dir);
  // Paths in the config file are relative to it.
  writeFileSync(join(dir, 'host.json'), JSON.stringify({ server: { port: 0, tls: { cert: 'host.pem', key: 'host.key' } }, demo: false }));
  const config = loadConfig({ file: join(dir, 'host.json'), env: {} });
  host = await startHost({ config, dataDir: join(dir, 'host-data'), rendererDir: null });
}, 30_000);
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the host over TLS', () => {
  it('serves https and wss only, with the certificate of the configured CA', async () => {
    expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const plain = await fetch(host.url!.replace('https:', 'http:') + '/healthz').then(
      () => 'answered',
      () => 'refused',
    );
    expect(plain).toBe('refused');
    // An untrusted CA is refused by the client: the node must be given the CA.
    const untrusted = new WebSocket(host.url!.replace('https', 'wss') + '/api');
    const failure = await new Promise<string>((r) => untrusted.once('error', (e) => r(String(e))));
    expect(failure).toMatch(/self-signed|unable to verify|certificate/i);
  });
});

describe('ioc-wall nodes and enroll', () => {
  it('nodes add --json prints the code; enroll over TLS stores the credential; the node connects; list shows it; revoke closes it within 2 s', async () => {
    const added = await cli(['nodes', 'add', '--role', 'kiosk', '--name', 'Kiosk Chủ tịch', '--json', '--data-dir', join(dir, 'host-data')]);
    expect(added.code, added.err).toBe(0);
    const node = JSON.parse(added.out) as { id: string; role: string; name: string; code: string; expiresAt: string };
    expect(node).toMatchObject({ role: 'kiosk', name: 'Kiosk Chủ tịch' });
    expect(Object.keys(node).sort()).toEqual(['code', 'expiresAt', 'id', 'name', 'role']);

    const nodeDir = join(dir, 'node-data');
    const noCa = await cli(['enroll', '--host', host.url!, '--code', node.code, '--data-dir', nodeDir]);
    expect(noCa.code).toBe(1);
    expect(noCa.err).toMatch(/cannot reach the host/);

    const enrolled = await cli(['enroll', '--host', host.url!, '--code', node.code, '--ca', pki.ca, '--data-dir', nodeDir, '--json']);
    expect(enrolled.code, enrolled.err).toBe(0);
    const out = JSON.parse(enrolled.out) as { nodeId: string; role: string; urls: string[] };
    expect(out).toMatchObject({ nodeId: node.id, role: 'kiosk' });
    expect(out.urls).toEqual([expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/kiosk\?token=[\w-]{40,}$/)]);
    // The same file and format the desktop app takes over (electron/node-credential.ts).
    const secrets = join(nodeDir, 'node-credential.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const stored = JSON.parse((JSON.parse(readFileSync(secrets, 'utf8')) as Record<string, string>)['node.enrollment']!) as Record<string, string>;
    expect(stored).toMatchObject({ url: host.url, nodeId: node.id, role: 'kiosk', name: 'Kiosk Chủ tịch' });
    const credential = stored.credential!;

    const kiosk = connectNode(host.url!, credential, node.id, readFileSync(pki.ca, 'utf8'));
    try {
      await kiosk.client.call('node.heartbeat', {
        version: '0.0.1',
        kind: 'browser',
        displays: [{ id: 'screen', label: '', width: 1366, height: 768 }],
        showing: [],
        uptimeSec: 5,
        memoryMB: 80,
        rendererCrashes: 0,
        lastPaintAt: null,
        rttMs: 3,
      });
      const listed = await cli(['nodes', 'list', '--json', '--data-dir', join(dir, 'host-data')]);
      const row = (JSON.parse(listed.out) as { id: string; state: string; versionDiffers: boolean }[]).find((n) => n.id === node.id);
      expect(row).toMatchObject({ state: 'online', versionDiffers: true });

      // Revoked from another process: the running host notices and closes the connection.
      const t0 = Date.now();
      const revoked = await cli(['nodes', 'revoke', node.id, '--data-dir', join(dir, 'host-data')]);
      expect(revoked.code).toBe(0);
      const tCli = Date.now();
      await waitFor(() => kiosk.states.includes('down'), 'the revoked node to be disconnected', 5000);
      // Within 2 s of the revocation being written (the CLI's own start-up is not the host's delay).
      expect(Date.now() - tCli).toBeLessThan(2000);
      expect(Date.now() - t0).toBeLessThan(15_000);
      await waitFor(() => kiosk.refused > 0, 'the credential to be refused');
    } finally {
      kiosk.close();
    }
  }, 60_000);

  it('usage errors say what to do', async () => {
    const r = await cli(['nodes', 'add', '--role', 'admin', '--name', 'x', '--data-dir', join(dir, 'host-data')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--role \(wall \| console \| kiosk\)/);
    const e = await cli(['enroll', '--host', 'ftp://x', '--code', 'AAAA-AAAA', '--data-dir', join(dir, 'x')]);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/https:\/\/10\.0\.0\.5:8080/);
  }, 30_000);
});
