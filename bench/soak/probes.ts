import type { CDPSession } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import WebSocket from 'ws';

/** What one page holds after a forced GC. */
export interface PageSample {
  heapMb: number;
  /** Blink's own heap (Oilpan: DOM and other C++ objects), outside the V8 heap. */
  embedderMb: number;
  nodes: number;
  listeners: number;
  websockets: number;
  /** The preset on screen (wall pages), to compare samples on the same preset. */
  layoutId?: string | null;
  /** Wall pages: the layouts' canvases mounted, shown and hidden (bounded: renderer/wall/ahead.ts). */
  canvases?: number;
}

const MB = 1024 * 1024;

/** A DevTools connection to one page: a plain one (bench/plain-chromium.ts) or a Playwright CDP session. */
export interface DevTools {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Calls `fn` with the params of every event `method`; returns the unsubscribe. */
  on(method: string, fn: (params: Record<string, unknown>) => void): () => void;
}

/** A Playwright CDP session as `DevTools` (the soak's --playwright comparison). */
export function cdpDevTools(cdp: CDPSession): DevTools {
  return {
    send: <T>(method: string, params?: Record<string, unknown>) => cdp.send(method as never, params as never) as Promise<T>,
    on: (method, fn) => {
      cdp.on(method as never, fn as never);
      return () => void cdp.off(method as never, fn as never);
    },
  };
}

/**
 * The only expressions the soak evaluates in a page, each one fixed text: V8 compiles a source it
 * has seen once and finds it in its compilation cache afterwards, and nothing the harness sends
 * builds a new script per sample (bench/soak/harness-effects.ts measures both).
 */
export const PAGE_STATE = `(() => { const r = document.querySelector('.wall-root'); return r ? { layoutId: r.getAttribute('data-layout-id'), ready: r.getAttribute('data-wall-ready') === 'true', canvases: r.querySelectorAll('.wall-canvas').length } : null; })()`;
const COUNT_OPEN = 'function () { return this.filter((s) => s.readyState === 1).length; }';

export interface PageState {
  layoutId: string | null;
  ready: boolean;
  canvases: number;
}

/**
 * A page measured through one DevTools connection that enables no domain: a forced GC, V8's heap
 * usage, Blink's DOM counters, and the open WebSockets counted among the live WebSocket objects
 * (Runtime.queryObjects, released at once). No Network, Runtime or Page events are recorded.
 */
export class PageProbe {
  private profiling = false;
  constructor(
    readonly name: string,
    private readonly dt: DevTools,
  ) {}

  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.dt.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`${this.name}: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  state(): Promise<PageState | null> {
    return this.evaluate<PageState | null>(PAGE_STATE);
  }

  private async openWebSockets(): Promise<number> {
    const group = 'soak-probe';
    try {
      const proto = await this.dt.send<{ result: { objectId: string } }>('Runtime.evaluate', { expression: 'WebSocket.prototype', objectGroup: group });
      const list = await this.dt.send<{ objects: { objectId: string } }>('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: group });
      const n = await this.dt.send<{ result: { value: number } }>('Runtime.callFunctionOn', { objectId: list.objects.objectId, functionDeclaration: COUNT_OPEN, returnByValue: true });
      return n.result.value;
    } finally {
      await this.dt.send('Runtime.releaseObjectGroup', { objectGroup: group });
    }
  }

  async sample(): Promise<PageSample> {
    await this.dt.send('HeapProfiler.collectGarbage');
    const heap = await this.dt.send<{ usedSize: number; embedderHeapUsedSize?: number }>('Runtime.getHeapUsage');
    const dom = await this.dt.send<{ nodes: number; jsEventListeners: number }>('Memory.getDOMCounters');
    const state = await this.state();
    return {
      heapMb: heap.usedSize / MB,
      embedderMb: (heap.embedderHeapUsedSize ?? 0) / MB,
      nodes: dom.nodes,
      listeners: dom.jsEventListeners,
      websockets: await this.openWebSockets(),
      ...(state ? { layoutId: state.layoutId, canvases: state.canvases } : {}),
    };
  }

  /** A full heap snapshot (the .heapsnapshot JSON text), after a forced GC. */
  async heapSnapshot(): Promise<string> {
    const chunks: string[] = [];
    const off = this.dt.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(String(e.chunk)));
    try {
      // Enabled once and left on: disabling it drops V8's object ids, and ids that stay the same
      // across snapshots are what tells an object born between two snapshots (heap-retainers.ts).
      if (!this.profiling) await this.dt.send('HeapProfiler.enable');
      this.profiling = true;
      await this.dt.send('HeapProfiler.collectGarbage');
      await this.dt.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      off();
    }
    return chunks.join('');
  }
}

export interface HostSample {
  rssMb: number;
  heapMb: number;
  externalMb: number;
  /** V8's heap by space (MB used): code_space is machine code, old_space the long-lived objects. */
  spaces: Record<string, number>;
}

/**
 * The host process measured through the Node inspector it was started with (--inspect=…:0):
 * a forced GC, then process.memoryUsage() in the host itself. Nothing in the app changes for it.
 */
export class InspectorProbe {
  private next = 1;
  private readonly pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  private chunks: string[] | null = null;
  private profiling = false;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { id?: number; method?: string; params?: { chunk?: string }; result?: unknown; error?: { message: string } };
      if (m.method === 'HeapProfiler.addHeapSnapshotChunk') {
        this.chunks?.push(m.params?.chunk ?? '');
        return;
      }
      const p = m.id === undefined ? undefined : this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id!);
      if (m.error) p.fail(new Error(m.error.message));
      else p.ok(m.result);
    });
  }

  /** `output`: what the host printed; node prints "Debugger listening on ws://…" on stderr. */
  static async connect(output: string): Promise<InspectorProbe> {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
    if (!url) throw new Error(`the host did not print its inspector URL:\n${output}`);
    const ws = new WebSocket(url);
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    return new InspectorProbe(ws);
  }

  private send<T>(method: string, params: unknown = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((ok, fail) => {
      this.pending.set(id, { ok: ok as (v: unknown) => void, fail });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async sample(): Promise<HostSample> {
    await this.send('HeapProfiler.collectGarbage');
    const r = await this.send<{ result: { value: { rss: number; heapUsed: number; external: number; spaces: { space_name: string; space_used_size: number }[] } } }>(
      'Runtime.evaluate',
      {
        expression: `({ ...process.memoryUsage(), spaces: process.getBuiltinModule('node:v8').getHeapSpaceStatistics() })`,
        returnByValue: true,
      },
    );
    const m = r.result.value;
    return {
      rssMb: m.rss / MB,
      heapMb: m.heapUsed / MB,
      externalMb: m.external / MB,
      spaces: Object.fromEntries(m.spaces.map((sp) => [sp.space_name, sp.space_used_size / MB])),
    };
  }

  /** A heap snapshot of the host's main thread (the sync worker is another isolate). */
  async heapSnapshot(): Promise<string> {
    this.chunks = [];
    try {
      if (!this.profiling) await this.send('HeapProfiler.enable');
      this.profiling = true;
      await this.send('HeapProfiler.collectGarbage');
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      return this.chunks.join('');
    } finally {
      this.chunks = null;
    }
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Private memory (USS: Private_Clean + Private_Dirty, MB) of the processes whose command line
 * matches `which`: unlike PSS it does not move when other processes sharing the same pages
 * (Chromium's code, fonts) start or exit on the machine.
 */
export function ussMb(pids: readonly number[], which = /--type=(renderer|gpu-process)/): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      if (!which.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      for (const f of ['Private_Clean', 'Private_Dirty']) kb += Number(new RegExp(`^${f}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/** Size of a file in MB, 0 when it does not exist (the WAL between checkpoints). */
export function fileMb(path: string): number {
  try {
    return statSync(path).size / MB;
  } catch {
    return 0;
  }
}

/** A process's resident memory by kind (MB), from /proc/PID/status. */
export interface ResidentMb {
  rss: number;
  /** Heap, stacks, V8 and malloc arenas, SQLite's page cache (private anonymous memory). */
  anon: number;
  /** Mapped files: the node binary and shared libraries, native addons. */
  file: number;
  /** Shared memory (tmpfs, memfd). */
  shmem: number;
}

/** `/proc/PID/status`'s VmRSS split (RssAnon, RssFile, RssShmem), or null when it is gone. */
export function residentMb(pid: number): ResidentMb | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  const r = { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024, shmem: kb('RssShmem') / 1024 };
  return Object.values(r).every(Number.isFinite) ? r : null;
}

/** The lowest and highest of each kind over a window of readings (n readings). */
export interface ResidentRange {
  n: number;
  min: ResidentMb;
  max: ResidentMb;
}

/**
 * Reads a process's resident memory every `everyMs` between two soak samples, without touching
 * the process (no GC, no inspector), so a sample can tell its RSS's floor and peak over the
 * window: the floor is what stays resident, the peak what a sync, a checkpoint or a backup adds
 * for a moment.
 */
export class ResidentWatch {
  private range: ResidentRange | null = null;
  private readonly timer: NodeJS.Timeout;
  constructor(
    private readonly pid: number,
    everyMs: number,
    private readonly read: (pid: number) => ResidentMb | null = residentMb,
  ) {
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  tick(): void {
    const r = this.read(this.pid);
    if (!r) return;
    const keys = Object.keys(r) as (keyof ResidentMb)[];
    if (!this.range) {
      this.range = { n: 1, min: { ...r }, max: { ...r } };
      return;
    }
    this.range.n++;
    for (const k of keys) {
      this.range.min[k] = Math.min(this.range.min[k], r[k]);
      this.range.max[k] = Math.max(this.range.max[k], r[k]);
    }
  }

  /** The window since the last call (this reading included), and a new window starts. */
  take(): ResidentRange | null {
    this.tick();
    const r = this.range;
    this.range = null;
    return r;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
