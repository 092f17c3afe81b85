/**
 * What the console e2e specs fed by the endpoint simulator share (hotline desk, sync feeds): the
 * demo-sim config pointed at a running simulator, `ioc-wall serve` on a temp data dir (port 0,
 * its URL read from what it prints), Debian's Chromium, and a one-shot HostApi call over the
 * same WebSocket the pages use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { stopChild } from './stop-child';
import type { Sim } from '../../../tools/endpoint-sim/server';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The demo-sim config as parsed JSON: feeds, sync and the rest, edited freely by each spec. */
export type SimConfig = any;

export interface SimServe {
  dir: string;
  child: ChildProcess;
  base: string;
  browser: Browser;
  call<T>(method: string, params: unknown): Promise<T>;
  /** Closes the browser, stops serve and the simulator, removes the temp dir. */
  close(): Promise<void>;
}

export async function serveAgainstSim(
  sim: Sim,
  opts: { token: string; tmpPrefix: string; configure(cfg: SimConfig): void | Promise<void> },
): Promise<SimServe> {
  const { token } = opts;
  const dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix));
  const cfg = JSON.parse(readFileSync(join(ROOT, 'config/demo-sim.json'), 'utf8').replaceAll('http://127.0.0.1:8088', sim.url));
  cfg.demo = false;
  await opts.configure(cfg);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
  const child = spawn(process.execPath, [join(ROOT, 'bin/ioc-wall.js'), 'serve', '--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data'), '--port', '0', '--token', token], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL:\n${out}`)), 60_000);
    const on = (b: Buffer) => {
      out += String(b);
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/console\?/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });

  async function call<T>(method: string, params: unknown): Promise<T> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api?token=${token}`, { headers: { origin: base } });
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    try {
      return await new Promise<T>((ok, fail) => {
        ws.on('message', (raw) => {
          const m = JSON.parse(String(raw)) as { type: string; id?: number; result?: T; error?: { message: string } };
          if (m.id !== 1) return;
          if (m.type === 'response') ok(m.result as T);
          else fail(new Error(m.error?.message));
        });
        ws.send(JSON.stringify({ type: 'request', id: 1, method, params }));
      });
    } finally {
      ws.close();
    }
  }

  return {
    dir,
    child,
    base,
    browser,
    call,
    async close() {
      await browser.close();
      await stopChild(child);
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
