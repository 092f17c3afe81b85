// A feed's sync worker: fetches, decompresses, parses, validates and maps off the thread that
// serves the screens, and hands the host validated batches in slices. Up to WINDOW slices may wait
// for the host at a time: the worker parses the next page while the host stores the last one (two
// cores work at once), and the memory a slow disk can make wait stays bounded.
import { parentPort } from 'node:worker_threads';
import { runAdapter } from '../adapters';
import type { Fetcher } from '../adapters/types';
import { HttpClient } from '../http/client';
import { SyncError, redactError } from '../http/errors';
import { leaveRaisedPriority } from './priority';
import { toWire, type FromWorker, type ToWorker, type Traffic } from './protocol';
import { sliceBatch } from './slices';

leaveRaisedPriority();
const port = parentPort!;
const abort = new AbortController();
const WINDOW = 8;
let inFlight = 0;
let acked: (() => void) | null = null;

const post = (m: FromWorker) => port.postMessage(m);
/** Waits while WINDOW slices are still with the host. */
const room = () => (inFlight < WINDOW ? Promise.resolve() : new Promise<void>((resolve) => (acked = resolve)));

port.on('message', (m: ToWorker) => {
  if (m.type === 'ack') {
    inFlight--;
    acked?.();
    acked = null;
  }
  else if (m.type === 'abort') abort.abort(new Error('sync stopped'));
  else void run(m);
});

async function run(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const traffic: Traffic = { requests: 0, bytes: 0, notModified: 0 };
  // Traffic since the last message: the host adds it up.
  const take = (): Traffic => {
    const t = { ...traffic };
    traffic.requests = traffic.bytes = traffic.notModified = 0;
    return t;
  };
  const http = new HttpClient(m.http);
  const fetcher: Fetcher = {
    fetch: async (req, profile) => {
      traffic.requests++;
      const res = await http.fetch(req, profile);
      traffic.bytes += res.wireBytes;
      if (res.notModified) traffic.notModified++;
      return res;
    },
  };
  try {
    const ctx = {
      feed: m.feed,
      state: m.state,
      http: fetcher,
      profile: m.profile,
      now: () => new Date(Date.now() + m.clockOffsetMs),
      signal: abort.signal,
    };
    for await (const batch of runAdapter(ctx)) {
      for (const slice of sliceBatch(batch)) {
        await room();
        inFlight++;
        post({ type: 'batch', batch: slice, traffic: take() });
      }
    }
    post({ type: 'done', traffic: take() });
  } catch (err) {
    // The OAuth2 access token this run bought is in this thread's cache only, and the host cannot
    // take it out of the words after: done here. (An adapter that reads a refusal itself — CKAN's
    // 409, SDMX's 404 — raises it outside the HTTP client, which cleans its own errors.)
    const auth = m.profile.auth;
    const token = auth?.type === 'oauth2ClientCredentials' ? http.tokens.peek(auth) : undefined;
    post({ type: 'error', error: toWire(token && err instanceof SyncError ? redactError(err, [token]) : err), traffic: take() });
  } finally {
    await http.close();
    port.close();
  }
}
