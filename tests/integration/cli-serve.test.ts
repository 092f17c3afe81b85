import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// The real CLI in a child process (through tsx, so no build is needed), on 127.0.0.1:0.
const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ioc-cli-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ioc-wall serve', () => {
  it('prints wall/console/kiosk URLs with the token, serves them, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'host/cli/main.ts'), 'serve', '--data-dir', dir, '--port', '0', '--no-demo'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IOC_WALL_CONFIG: '', IOC_WALL_TOKEN: '' } },
    );
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Ctrl+C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const walls = [...out.matchAll(/(http:\/\/127\.0\.0\.1:\d+)\/wall\?display=([\w-]+)&token=([\w-]+)/g)];
    expect(walls.length).toBeGreaterThanOrEqual(2);
    const [, base, , token] = walls[0]!;
    expect(out).toContain(`${base}/console?token=${token}`);
    expect(out).toContain(`${base}/kiosk?token=${token}`);
    expect(token!.length).toBeGreaterThanOrEqual(32); // generated, not a fixed default

    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ ok: true });
    const ws = new WebSocket(`${base!.replace('http', 'ws')}/api?token=${token}`);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.close();

    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).toMatch(/Stopping/);
  });
});
