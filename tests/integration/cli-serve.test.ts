import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HOST_MALLOC_TUNABLES, withHostMallocTunables } from '../../bin/malloc-tunables.js';

// The real CLI in a child process (through tsx, so no build is needed), on 127.0.0.1:0.
const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ioc-cli-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `serve` started as `args` say, once its banner says Ctrl+C: the child and all it printed. */
async function started(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ctrl+C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, out: () => out };
}

/** SIGTERM, then the exit code (null: killed by the signal, not stopped by serve). */
function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
}

describe('ioc-wall serve', () => {
  it('prints wall/console/kiosk URLs with the token, serves them, and stops cleanly on SIGTERM', async () => {
    const { child, out: printed } = await started(
      ['--import', 'tsx', join(root, 'host/cli/main.ts'), 'serve', '--data-dir', dir, '--port', '0', '--no-demo'],
      { ...process.env, IOC_WALL_CONFIG: '', IOC_WALL_TOKEN: '' },
    );
    const out = printed();
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

    expect(await stopped(child)).toBe(0);
    expect(printed()).toMatch(/Stopping/);
  });

  // glibc reads GLIBC_TUNABLES only when a process starts: the shim starts `serve` again with them.
  it.runIf(process.platform === 'linux')('bin/ioc-wall.js serve runs with glibc malloc thresholds fixed, in the same process', async () => {
    const data = mkdtempSync(join(dir, 'bin-'));
    const env: NodeJS.ProcessEnv = { ...process.env, IOC_WALL_CONFIG: '', IOC_WALL_TOKEN: '', GLIBC_TUNABLES: 'glibc.malloc.tcache_count=7' };
    delete env.MALLOC_MMAP_THRESHOLD_;
    const { child } = await started([join(root, 'bin/ioc-wall.js'), 'serve', '--data-dir', data, '--port', '0', '--no-demo'], env);
    // The pid spawned is the host serving: execve replaced the image, not the process. glibc
    // may parse the variable in place at start (its ':' then read as NULs in /proc/PID/environ).
    const environ = `:${readFileSync(`/proc/${child.pid}/environ`, 'utf8').replaceAll('\0', ':')}`;
    expect(environ).toContain(`:GLIBC_TUNABLES=glibc.malloc.tcache_count=7:${HOST_MALLOC_TUNABLES}:`);
    expect(await stopped(child)).toBe(0);
  });
});

describe('withHostMallocTunables', () => {
  it('adds the thresholds, keeps other tunables, and leaves a threshold an installer set alone', () => {
    expect(withHostMallocTunables({}).GLIBC_TUNABLES).toBe(HOST_MALLOC_TUNABLES);
    expect(withHostMallocTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(`glibc.malloc.arena_max=2:${HOST_MALLOC_TUNABLES}`);
    const set = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' };
    expect(withHostMallocTunables(set)).toBe(set);
    const legacy = { MALLOC_MMAP_THRESHOLD_: '65536' };
    expect(withHostMallocTunables(legacy)).toBe(legacy);
  });
});
