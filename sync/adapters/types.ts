import type { AdapterId, FeedConfig, FeedOf } from '../feeds/config';
import type { HttpRequest, HttpResponse, RequestProfile } from '../http/client';
import type { FeedState, QuarantinedItem, RecordBatch } from '../store';

export interface AdapterContext<F extends FeedConfig = FeedConfig> {
  /** The feed, with its adapter's options parsed and typed (sync/adapters/options.ts). */
  feed: F;
  /** State at the start of the run (watermark, cursor of an interrupted run, validators). */
  state: FeedState;
  http: Fetcher;
  profile: RequestProfile;
  now: () => Date;
  signal?: AbortSignal;
}

/** State fields an adapter may move forward with a batch. */
export type StatePatch = Partial<Pick<FeedState, 'watermark' | 'cursor' | 'etag' | 'lastModified'>>;

/**
 * One unit of work the engine writes in one transaction: records, quarantined items, and the
 * state that is true once they are stored (so a crash never separates them).
 */
export interface AdapterBatch {
  records: RecordBatch;
  quarantined: QuarantinedItem[];
  /** Items seen in the source for this batch (valid + quarantined). */
  fetched: number;
  state: StatePatch;
  notModified?: boolean;
}

/** Declared as a method: ADAPTER_IMPLS hands each adapter only feeds of its own kind. */
export interface Adapter<A extends AdapterId = AdapterId> {
  run(ctx: AdapterContext<FeedOf<A>>): AsyncIterable<AdapterBatch>;
}

/** Parsed result of a payload: records and what was quarantined (the pure half of an adapter). */
export interface Parsed<T> {
  records: T[];
  quarantined: QuarantinedItem[];
}

/** The part of HttpClient adapters use (the engine wraps it to count requests and bytes per run). */
export interface Fetcher {
  fetch(req: HttpRequest, profile: RequestProfile): Promise<HttpResponse>;
}
