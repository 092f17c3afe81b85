import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBoundaries, checkDatabase, checkNode, checkPort } from '../../../host/cli/doctor-checks';
import { getCommand, registerCommand } from '../../../host/cli/registry';
import { cli } from '../support/run-cli';
import { displayIds, lanAddresses, urlsOf } from '../../../host/cli/commands/serve';
import { createServer } from 'node:net';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ioc-wall', () => {
  it('--help lists the commands; --version prints the version', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^\s+serve\s/m);
    expect(help.out).toMatch(/^\s+doctor\s/m);
    expect((await cli('--version')).out).toMatch(/^\d+\.\d+\.\d+/);
    expect((await cli('serve', '--help')).out).toMatch(/--data-dir DIR/);
  });

  it('refuses an unknown command or flag with exit 2 and the usage', async () => {
    const unknown = await cli('paint');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown command 'paint'/);
    const flag = await cli('doctor', '--colour');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/--colour/);
    expect(flag.err).toMatch(/Usage: ioc-wall doctor/);
  });

  it('serve refuses an invalid config with every problem and starts nothing', async () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ role: 'tv', server: { port: -1 } }));
    const r = await cli('serve', '--config', file, '--data-dir', join(dir, 'data'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/role: must be one of/);
    expect(r.err).toMatch(/server\.port: must be ≥ 0/);
    expect(r.err).toMatch(/nothing was started/);
  });

  it('a registered command is reachable by name (one-line registration)', async () => {
    if (!getCommand('echo-test')) {
      registerCommand({ name: 'echo-test', summary: 's', usage: 'u', run: async (argv, io) => (io.out(argv.join(' ')), 7) });
    }
    expect(await cli('echo-test', 'a', 'b')).toMatchObject({ code: 7, out: 'a b' });
    expect((await cli('--help')).out).toMatch(/echo-test/);
  });

  it('doctor passes on a fresh data dir and fails, saying what to do, on a broken one', async () => {
    const ok = await cli('doctor', '--data-dir', join(dir, 'fresh'), '--port', '0');
    expect(ok.out).toMatch(/✓ Cấu hình \/ Configuration/);
    expect(ok.out).toMatch(/✓ Thư mục dữ liệu \/ Data folder/);
    expect(ok.out).toMatch(/not created yet/);
    // Node and renderer depend on how the suite runs; the data checks must not fail here.
    expect(ok.out).not.toMatch(/✗ (Cấu hình|Thư mục|Cơ sở)/);

    const junk = join(dir, 'junk');
    mkdirSync(junk);
    writeFileSync(join(junk, 'ioc-wall.db'), 'this is not a database, just text that is long enough'.repeat(200));
    const bad = await cli('doctor', '--data-dir', junk, '--port', '0');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/✗ Cơ sở dữ liệu \/ Database: .*ioc-wall\.db/);
    expect(bad.out).toMatch(/→ /);
    expect(bad.out).toMatch(/check\(s\) failed/);
  });

  it('doctor reports a bad config by path and exits 1', async () => {
    const r = await cli('doctor', '--data-dir', dir, '--port', '70000');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ Cấu hình \/ Configuration: server\.port: must be ≤ 65535 \(from --port\)/);
  });
});

describe('doctor checks', () => {
  it('node version', () => {
    expect(checkNode('22.12.0').verdict).toBe('ok');
    expect(checkNode('20.20.2')).toMatchObject({ verdict: 'fail', fix: expect.stringMatching(/npx/) });
    expect(checkNode('23.1.0').verdict).toBe('fail');
  });

  it('database: newer schema fails, older is noted as to-be-migrated', () => {
    const db = new Database(join(dir, 'ioc-wall.db'));
    db.pragma('user_version = 500');
    db.close();
    expect(checkDatabase(dir)).toMatchObject({ verdict: 'fail', fix: expect.stringMatching(/newer IOC Wall/) });
    const db2 = new Database(join(dir, 'ioc-wall.db'));
    db2.pragma('user_version = 0');
    db2.close();
    expect(checkDatabase(dir)).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/will migrate 0 →/) });
  });

  it('port: busy is a failure', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    try {
      expect(await checkPort('127.0.0.1', port)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/in use/) });
    } finally {
      s.close();
    }
  });
});

describe('bin/ioc-wall.js', () => {
  it('says in one line to build when dist/ is missing', () => {
    mkdirSync(join(dir, 'bin'));
    for (const f of ['ioc-wall.js', 'malloc-tunables.js']) copyFileSync(join(__dirname, '..', '..', '..', 'bin', f), join(dir, 'bin', f));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'ioc-wall.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/run `npm run build`/);
  });
});

describe('serve URLs', () => {
  const stub = (methods: string[], wall: unknown) =>
    ({ dispatcher: { methods, call: async () => wall } }) as unknown as Parameters<typeof displayIds>[0];

  it("one wall URL per display of the active wall when 'wall.get' exists, else d1/d2", async () => {
    expect(await displayIds(stub(['wall.get'], { displays: [{ id: 'left' }, { id: 'mid' }, { id: 'right' }] }))).toEqual([
      'left',
      'mid',
      'right',
    ]);
    expect(await displayIds(stub([], null))).toEqual(['d1', 'd2']);
    expect(await displayIds(stub(['wall.get'], { displays: [] }))).toEqual(['d1', 'd2']);
  });

  it('puts the token (escaped) in every URL', () => {
    const u = urlsOf('http://127.0.0.1:8080', 'a+b/c', ['d1']);
    expect(u.walls[0]!.url).toBe('http://127.0.0.1:8080/wall?display=d1&token=a%2Bb%2Fc');
    expect(u.console).toBe('http://127.0.0.1:8080/console?token=a%2Bb%2Fc');
    expect(u.kiosk).toBe('http://127.0.0.1:8080/kiosk?token=a%2Bb%2Fc');
  });
});

describe('doctor: boundaries', () => {
  it('accepts the bundled file and names a broken installer file', () => {
    expect(checkBoundaries(undefined)).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/11 districts/) });
    const bad = join(dir, 'b.geojson');
    writeFileSync(bad, '{"type":"Point"}');
    expect(checkBoundaries(bad)).toMatchObject({ verdict: 'fail', fix: expect.stringMatching(/boundaries\.file/) });
  });

  it('LAN addresses are listed only when bound to every interface', () => {
    const nets = {
      lo: [{ family: 'IPv4', address: '127.0.0.1', internal: true }],
      eth0: [{ family: 'IPv4', address: '10.0.0.5', internal: false }, { family: 'IPv6', address: 'fe80::1', internal: false }],
    } as unknown as Parameters<typeof lanAddresses>[1];
    expect(lanAddresses('0.0.0.0', nets)).toEqual(['10.0.0.5']);
    expect(lanAddresses('127.0.0.1', nets)).toEqual([]);
  });
});
