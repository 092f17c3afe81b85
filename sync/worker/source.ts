import { Worker } from 'node:worker_threads';
import type { AdapterBatch, AdapterContext } from '../adapters/types';
import type { HttpClientOptions } from '../http/client';
import { errors } from '../http/errors';
import { fromWire, type FromWorker, type ToWorker, type Traffic, type WorkerHttpOptions } from './protocol';

/**
 * Where the worker's code is. From the TypeScript sources (tests, `tsx`), entry.ts is loaded
 * through tsx; from a bundle (dist/cli.js, dist/electron/main.js) the build puts sync-worker.js
 * beside it (scripts/build.mjs).
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./entry.ts', here), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./sync-worker.js', here), execArgv: [] };
}

/** The HttpClient options a worker can take, or null when some cannot cross (functions: tests' fake clocks). */
export function workerHttpOptions(o: HttpClientOptions = {}): WorkerHttpOptions | null {
  if (o.sleep || o.random || o.now) return null;
  const { baseDelayMs, maxDelayMs, maxRetryAfterMs, maxRedirects, userAgent } = o;
  return { baseDelayMs, maxDelayMs, maxRetryAfterMs, maxRedirects, userAgent };
}

/**
 * Runs a feed's adapter in a worker thread and yields its batches (already sliced) to the engine,
 * which stores each and asks for the next. `traffic` receives the requests and bytes the worker
 * used. The worker ends with the run; stopping the host (the signal) ends it at once.
 */
export async function* workerBatches(
  ctx: AdapterContext,
  http: WorkerHttpOptions,
  traffic: (t: Traffic) => void,
): AsyncGenerator<AdapterBatch> {
  const entry = workerEntry();
  const worker = new Worker(entry.url, {
    execArgv: entry.execArgv,
    // A pathological answer exhausts the worker's heap, not the host's.
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  const inbox: FromWorker[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let exited = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: FromWorker) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure = errors.unknown(`sync worker: ${err.message}`);
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  const onAbort = () => {
    failure = ctx.signal?.reason instanceof Error ? ctx.signal.reason : new Error('sync stopped');
    void worker.terminate();
    notify();
  };
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const send = (m: ToWorker) => worker.postMessage(m);
  try {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    send({
      type: 'start',
      feed: ctx.feed,
      state: ctx.state,
      profile: ctx.profile,
      http,
      clockOffsetMs: ctx.now().getTime() - Date.now(),
    });
    for (;;) {
      const m = inbox.shift();
      if (!m) {
        if (failure) throw failure;
        if (exited) throw errors.unknown('sync worker stopped before the run ended');
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      traffic(m.traffic);
      if (m.type === 'done') return;
      if (m.type === 'error') throw fromWire(m.error);
      yield m.batch;
      send({ type: 'ack' });
    }
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    if (!exited) await worker.terminate();
  }
}
