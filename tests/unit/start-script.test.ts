import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const script = join(root, 'scripts', 'start.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'ioc-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function start(env: Record<string, string>, args: string[] = []) {
  const { ELECTRON_OVERRIDE_DIST_PATH: _drop, ...base } = process.env;
  return spawnSync(process.execPath, [script, ...args], { cwd: root, env: { ...base, ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('npm start (scripts/start.mjs)', () => {
  it('without the Electron binary: one clear line (what, how to get it, serve instead) and a non-zero exit', () => {
    // An empty dist folder stands for "not installed", whether or not this machine has Electron.
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron binary is not installed here/);
    expect(lines[0]).toContain('npx install-electron');
    expect(lines[0]).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(lines[0]).toContain('npx ioc-wall serve');
  });

  it('with the binary: launches it on this app folder, passes flags through and returns its exit code', () => {
    const dist = mkdtempSync(join(tmp, 'dist-'));
    const record = join(tmp, 'argv.txt');
    const fakeElectron = join(dist, 'electron');
    writeFileSync(fakeElectron, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 7\n`);
    chmodSync(fakeElectron, 0o755);
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: dist, IOC_WALL_START_NO_BUILD: '1' }, ['--config=/etc/ioc-wall/config.json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(7);
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([root, '--config=/etc/ioc-wall/config.json']);
  });
});
