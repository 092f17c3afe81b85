import type { CDPSession, Page } from '@playwright/test';
import { statSync } from 'node:fs';
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
}

const MB = 1024 * 1024;

/** A page measured through its own DevTools session; counts its open WebSockets as they come and go. */
export class PageProbe {
  private open = 0;
  private profiling = false;
  private constructor(
    readonly name: string,
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    page.on('websocket', (ws) => {
      this.open++;
      ws.on('close', () => this.open--);
    });
  }

  static async attach(name: string, page: Page): Promise<PageProbe> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new PageProbe(name, page, cdp);
  }

  async sample(): Promise<PageSample> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const heap = await this.cdp.send('Runtime.getHeapUsage');
    const metrics = (await this.cdp.send('Performance.getMetrics')).metrics;
    const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
    const layoutId = await this.page.evaluate(`document.querySelector('.wall-root')?.getAttribute('data-layout-id') ?? null`);
    return {
      heapMb: heap.usedSize / MB,
      embedderMb: ((heap as { embedderHeapUsedSize?: number }).embedderHeapUsedSize ?? 0) / MB,
      nodes: get('Nodes'),
      listeners: get('JSEventListeners'),
      websockets: this.open,
      ...(layoutId !== null ? { layoutId: layoutId as string } : {}),
    };
  }

  /** A full heap snapshot (the .heapsnapshot JSON text), after a forced GC. */
  async heapSnapshot(): Promise<string> {
    const chunks: string[] = [];
    const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
    this.cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    try {
      // Enabled once and left on: disabling it drops V8's object ids, and ids that stay the same
      // across snapshots are what tells an object born between two snapshots (heap-retainers.ts).
      if (!this.profiling) await this.cdp.send('HeapProfiler.enable');
      this.profiling = true;
      await this.cdp.send('HeapProfiler.collectGarbage');
      await this.cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      this.cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
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

/** Size of a file in MB, 0 when it does not exist (the WAL between checkpoints). */
export function fileMb(path: string): number {
  try {
    return statSync(path).size / MB;
  } catch {
    return 0;
  }
}
