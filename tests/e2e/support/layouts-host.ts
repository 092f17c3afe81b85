/**
 * IOC_WALL_DIST may point at another build's dist/ (a copy inside the repo, so node_modules
 * resolve), e.g. to run while someone else rebuilds dist/.
 *
 * What the layouts e2e spec and the layout-switch bench share: `ioc-wall serve` on a temp data
 * dir (the built dist/, Node 22 = this process's node), a small HostApi client over the same
 * WebSocket the pages use, and Debian's Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH, NO_BACKGROUND_THROTTLING } from './chromium';
import { stopChild } from './stop-child';

export const ROOT = resolve(import.meta.dirname, '../../..');

// Six wall pages share one browser: hidden tabs must keep painting at full speed.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...NO_BACKGROUND_THROTTLING] });
}

export interface Served {
  url: string;
  token: string;
  dataDir: string;
  /** The host process (the soak reads its RSS from /proc). */
  pid: number;
  /** Everything serve printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `args`: more `serve` flags (e.g. --config FILE); `nodeArgs`: flags for node itself (e.g. --inspect);
 * `env`: the host's environment (this process's by default); `startTimeoutMs`: how long the first
 * start (a new database, the demo data) may take (60 s).
 */
export async function startServe(
  opts: { token?: string; args?: string[]; nodeArgs?: string[]; env?: NodeJS.ProcessEnv; startTimeoutMs?: number } = {},
): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-layouts-e2e-'));
  const token = opts.token ?? 'layouts-e2e-token-0123456789';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      join(process.env.IOC_WALL_DIST ?? join(ROOT, 'dist'), 'cli.js'),
      'serve',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--token',
      token,
      ...(opts.args ?? []),
    ],
    { cwd: ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`[layouts] serve exited (${code ?? signal}):\n${out}`);
  });
  const url = await new Promise<string>((res, rej) => {
    const limit = opts.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
      child.kill('SIGKILL');
      rej(new Error(`serve did not start in ${limit / 1000} s:\n${out}`));
    }, limit);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/console/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => rej(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return {
    url,
    token,
    dataDir,
    pid: child.pid!,
    output: () => out,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A HostApi client over the WebSocket (requests and events), as the renderer's HostClient does. */
export class ApiClient {
  private next = 1;
  private readonly pending = new Map<number, { res(v: unknown): void; rej(e: unknown): void }>();
  readonly events: { event: string; data: unknown; at: number }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'event') this.events.push({ event: m.event, data: m.data, at: performance.now() });
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'response') p.res(m.result);
      else p.rej(Object.assign(new Error(m.error.message), m.error));
    });
  }

  static async connect(s: Pick<Served, 'url' | 'token'>): Promise<ApiClient> {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api?token=${encodeURIComponent(s.token)}`);
    await new Promise((res, rej) => {
      ws.once('open', res);
      ws.once('error', rej);
    });
    return new ApiClient(ws);
  }

  call<T = unknown>(method: string, params: unknown = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((res, rej) => {
      this.pending.set(id, { res: res as (v: unknown) => void, rej });
      this.ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  }

  subscribe(event: string): void {
    this.ws.send(JSON.stringify({ type: 'subscribe', event }));
  }

  close(): void {
    this.ws.close();
  }
}
