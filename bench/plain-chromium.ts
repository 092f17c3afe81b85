/**
 * A page in Debian's Chromium with no automation attached: for measuring a page's memory over
 * time. Playwright enables the DevTools Network domain on every page it drives, and with it the
 * renderer keeps a copy of every response body for `Network.getResponseBody` (up to DevTools'
 * own buffer limits): a wall page of 16 cameras fetches ~20 response bodies a second, so under
 * Playwright it grew by 16–30 MB a minute while the same page in a plain Chromium stayed flat
 * (bench/camera-probe.ts). The desktop app and a browser display node run with no DevTools
 * attached, so that growth was the harness's, not the wall's.
 *
 * Here the browser is started by hand with a DevTools port, and one connection to the page
 * target sends only what a measurement needs (Runtime.evaluate, Runtime.getHeapUsage,
 * HeapProfiler.collectGarbage): no domain that records traffic is ever enabled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM_PATH, PLAIN_CHROMIUM_ARGS } from '../tests/e2e/support/chromium';

export interface PlainPage {
  /** The browser process (the root of its process tree). */
  pid: number;
  /** A DevTools method on the page (only ones that record nothing). */
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** The value of a page expression (JSON-serialisable). */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Until the page expression is true, or throws after `ms`. */
  waitFor(expression: string, ms: number, what: string): Promise<void>;
  /** Calls `fn` with the params of every DevTools event `method` (e.g. heap snapshot chunks); returns the unsubscribe. */
  on(method: string, fn: (params: Record<string, unknown>) => void): () => void;
  close(): Promise<void>;
}

export interface PlainOptions {
  /** More Chromium flags (e.g. `--js-flags=…`). */
  args?: readonly string[];
}

const poll = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `get` until it gives a truthy value, or throws after `ms`. */
export async function until<T>(get: () => T | Promise<T>, ms: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await poll(250);
  }
}

export async function openPlainPage(url: string, size = { width: 1920, height: 1080 }, opts: PlainOptions = {}): Promise<PlainPage> {
  const profile = mkdtempSync(join(tmpdir(), 'ioc-plain-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    ['--headless', ...PLAIN_CHROMIUM_ARGS, '--disable-crash-reporter', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${size.width},${size.height}`, ...(opts.args ?? []), url],
    // Its own process group, so that closing it ends its helper processes too.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let ws: WebSocket | null = null;
  const close = async () => {
    ws?.close();
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // Its helpers may still be writing the profile for a moment after the browser exits.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    const portFile = join(profile, 'DevToolsActivePort');
    const port = await until(() => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0], 120_000, 'Chromium to open its DevTools port');
    const target = await until(
      async () => {
        const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
        return list.find((t) => t.type === 'page');
      },
      60_000,
      'the page target',
    );
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    ws = socket;
    await new Promise((ok, fail) => socket.once('open', ok).once('error', fail));
    let nextId = 0;
    const pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
    const listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();
    socket.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
      if (m.method) for (const fn of listeners.get(m.method) ?? []) fn(m.params ?? {});
      const p = m.id === undefined ? undefined : pending.get(m.id);
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.fail(new Error(m.error.message));
      else p.ok(m.result);
    });
    const send = <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((ok, fail) => {
        const id = ++nextId;
        pending.set(id, { ok: ok as (v: unknown) => void, fail });
        socket.send(JSON.stringify({ id, method, params }));
      });
    const evaluate = async <T>(expression: string) => {
      const r = await send<{ result: { value?: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.text}`);
      return r.result.value as T;
    };
    // --window-size counts the frame a headless window still has (1080 gives a 937-pixel-high
    // page): the page's own size is set here, as Playwright's viewport does.
    await send('Emulation.setDeviceMetricsOverride', { width: size.width, height: size.height, deviceScaleFactor: 1, mobile: false });
    return {
      pid: child.pid!,
      send,
      evaluate,
      waitFor: async (expression, ms, what) => void (await until(() => evaluate<boolean>(expression).catch(() => false), ms, what)),
      on: (method, fn) => {
        const set = listeners.get(method) ?? new Set();
        listeners.set(method, set.add(fn));
        return () => {
          set.delete(fn);
          if (set.size === 0) listeners.delete(method);
        };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
