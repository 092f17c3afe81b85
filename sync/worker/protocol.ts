import type { AdapterBatch } from '../adapters/types';
import type { FeedConfig } from '../feeds/config';
import type { HttpClientOptions, RequestProfile } from '../http/client';
import { SyncError, type SyncErrorCode } from '../http/errors';
import type { FeedState } from '../store';

/** Messages between the host and a feed's sync worker (structured clone: plain data only). */

/** HttpClient options that can cross to the worker (no functions). */
export type WorkerHttpOptions = Pick<HttpClientOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'maxRedirects' | 'userAgent'>;

export interface StartMessage {
  type: 'start';
  feed: FeedConfig;
  state: FeedState;
  profile: RequestProfile;
  http: WorkerHttpOptions;
  /** The host's clock minus the worker's, so an injected clock holds in the worker too. */
  clockOffsetMs: number;
}

export interface Traffic {
  requests: number;
  bytes: number;
  notModified: number;
}

export type ToWorker = StartMessage | { type: 'ack' } | { type: 'abort' };

export interface WireError {
  sync: boolean;
  code?: SyncErrorCode;
  vi?: string;
  en?: string;
  status?: number;
  retryAfterMs?: number;
  retryable?: boolean;
  message: string;
}

export type FromWorker =
  | { type: 'batch'; batch: AdapterBatch; traffic: Traffic }
  | { type: 'done'; traffic: Traffic }
  | { type: 'error'; error: WireError; traffic: Traffic };

export function toWire(err: unknown): WireError {
  if (err instanceof SyncError) {
    return { sync: true, code: err.code, vi: err.vi, en: err.en, status: err.status, retryAfterMs: err.retryAfterMs, retryable: err.retryable, message: err.message };
  }
  return { sync: false, message: err instanceof Error ? err.message : String(err) };
}

export function fromWire(e: WireError): Error {
  if (e.sync && e.code) return new SyncError(e.code, e.vi ?? e.message, e.en ?? e.message, { status: e.status, retryAfterMs: e.retryAfterMs, retryable: e.retryable });
  // A plain Error: the engine redacts secrets from its message as for an in-thread failure.
  return new Error(e.message);
}
