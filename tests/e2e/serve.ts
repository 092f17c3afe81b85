import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { stopChild } from './support/stop-child';

/**
 * A real `ioc-wall serve` for one spec: temp data dir, port 0, a known token; the printed URLs
 * are parsed, not guessed. Also a tiny HostApi client over the same WebSocket the renderer uses,
 * and a read-only handle on the database for checking what the panels show.
 */
export interface Served {
  base: string;
  token: string;
  wallUrl(displayId: string): string;
  consoleUrl: string;
  kioskUrl: string;
  dataDir: string;
  db(): Database.Database;
  call<T = unknown>(method: string, params: unknown): Promise<T>;
  close(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `config`: a config file for this serve (e.g. `{ kiosk: { requireApproval: false } }`);
 * `args`: more `serve` flags, e.g. ['--config', file]; `root`: serve another built copy of the
 * repository (default this one).
 */
export async function serve(opts: { config?: Record<string, unknown>; args?: string[]; root?: string } = {}): Promise<Served> {
  const root = opts.root ?? ROOT;
  if (!existsSync(join(root, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build` before the e2e tests (npm test does).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-e2e-'));
  const token = 'e2e-token-0123456789abcdef';
  const configArgs: string[] = [];
  if (opts.config) {
    const file = join(dataDir, 'e2e-config.json');
    writeFileSync(file, JSON.stringify(opts.config));
    configArgs.push('--config', file);
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin/ioc-wall.js'), 'serve', '--data-dir', dataDir, '--port', '0', '--token', token, ...configArgs, ...(opts.args ?? [])],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const base = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL in 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/wall\?display=/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => fail(new Error(`serve exited (${code}) before printing its URL:\n${out}`)));
  });
  let ws: WebSocket | null = null;
  let nextId = 1;
  const pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  const socket = async () => {
    if (ws && ws.readyState === WebSocket.OPEN) return ws;
    ws = new WebSocket(`${base.replace('http', 'ws')}/api?token=${token}`);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; id: number; result?: unknown; error?: { message: string } };
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.type === 'response') p.ok(m.result);
      else p.fail(new Error(m.error?.message ?? 'host error'));
    });
    await new Promise((ok, fail) => ws!.once('open', ok).once('error', fail));
    return ws;
  };
  let db: Database.Database | null = null;
  return {
    base,
    token,
    dataDir,
    wallUrl: (id) => `${base}/wall?display=${id}&token=${token}`,
    consoleUrl: `${base}/console?token=${token}`,
    kioskUrl: `${base}/kiosk?token=${token}`,
    db() {
      db ??= new Database(join(dataDir, 'ioc-wall.db'), { readonly: true, fileMustExist: true });
      return db;
    },
    async call<T>(method: string, params: unknown) {
      const s = await socket();
      const id = nextId++;
      return new Promise<T>((ok, fail) => {
        pending.set(id, { ok: ok as (v: unknown) => void, fail });
        s.send(JSON.stringify({ type: 'request', id, method, params }));
      });
    },
    async close() {
      ws?.close();
      db?.close();
      db = null;
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
