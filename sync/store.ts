import type { CapMessage, DomainEvent, DomainId, Observation, Place, Reading, Station } from '../domains';
import type { HotlineAction as ActionKind } from '../domains/hotline-actions';

/**
 * The small store interface the sync engine writes through (DESIGN.md: "sync/ writes through a
 * small store interface that host/ implements"). host/sync/sqlite-store.ts implements it on SQLite.
 */

/**
 * Observations to delete, by what the source's Delete names (SDMX `action: Delete`): a field left
 * out is every value of it, because SDMX deletes a whole series (no period) or a whole data set (no
 * indicator or area either) as well as one observation. The store deletes only the writing feed's
 * own rows, never another source's or an operator's; `{}` is everything this feed stored.
 */
export interface ObservationDelete {
  indicator?: string;
  areaId?: string;
  period?: string;
}

/** Records of one batch, by kind. Deletes carry natural keys (SDMX `action: Delete`). */
export interface RecordBatch {
  observations?: Observation[];
  events?: DomainEvent[];
  stations?: Station[];
  readings?: Reading[];
  places?: Place[];
  deleteObservations?: ObservationDelete[];
  /** CAP warnings (sync/adapters/cap.ts); Update / Cancel resolved by the store through references. */
  capMessages?: CapMessage[];
}

/** A source item that failed validation: kept with its reason, counted, never fatal. */
export interface QuarantinedItem {
  /** The source's id of the item when known (e.g. service_request_id). */
  externalId: string | null;
  reason: string;
  /** The raw item (trimmed to a few KB by the store). */
  raw: unknown;
}

export interface FeedCounts {
  fetched: number;
  inserted: number;
  updated: number;
  deleted: number;
  quarantined: number;
  /** Points outside the feed's area (options.bbox, else the boundaries' extent): stored without a location, or quarantined. */
  outsideArea: number;
  notModified: number;
  bytes: number;
  requests: number;
}

export const emptyCounts = (): FeedCounts => ({
  fetched: 0,
  inserted: 0,
  updated: 0,
  deleted: 0,
  quarantined: 0,
  outsideArea: 0,
  notModified: 0,
  bytes: 0,
  requests: 0,
});

/** Plain-words error kept in feed state, Vietnamese first. */
export interface FeedError {
  code: string;
  vi: string;
  en: string;
  at: string;
}

/** What the engine remembers of a feed between runs. */
export interface FeedState {
  feedId: string;
  etag: string | null;
  lastModified: string | null;
  /** Adapter-defined high-water mark (a time, or a JSON map per datastream). */
  watermark: string | null;
  /** A run in progress (paging position); resumed after a crash, cleared when a run completes. */
  cursor: string | null;
  /**
   * Digest of what the validators, watermark and cursor were fetched from (sourceDigest in
   * sync/engine.ts); null when not known (state older than the digest).
   */
  source: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: FeedError | null;
  consecutiveFailures: number;
  nextRunAt: string | null;
  /** Counts of the last run. */
  lastCounts: FeedCounts;
  /** Since the feed was created. */
  totalCounts: FeedCounts;
}

export function initialFeedState(feedId: string): FeedState {
  return {
    feedId,
    etag: null,
    lastModified: null,
    watermark: null,
    cursor: null,
    source: null,
    lastRunAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    nextRunAt: null,
    lastCounts: emptyCounts(),
    totalCounts: emptyCounts(),
  };
}

export interface ApplyResult {
  inserted: number;
  updated: number;
  deleted: number;
  quarantined: number;
  domains: DomainId[];
}

/** The operator's actions on a hotline report: a domain rule, shared with the console. */
export { HOTLINE_ACTIONS as ACTION_KINDS, type HotlineAction as ActionKind } from '../domains/hotline-actions';

/**
 * Why an action is not delivered yet. `mayHaveArrived`: an earlier try of this key may have
 * reached the endpoint without its answer reaching us (a timeout, a dropped connection, a 5xx, a
 * page instead of a confirmation); kept through later failures and refusals, so that a 409 to the
 * same key then reads as "already applied" (host/sync/outbox.ts).
 */
export interface OutboxError extends FeedError {
  mayHaveArrived?: boolean;
}

/** One operator action waiting for (or done with) delivery to the actions endpoint. */
export interface OutboxItem {
  seq: number;
  idempotencyKey: string;
  eventId: string;
  action: ActionKind;
  payload: Record<string, unknown>;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: OutboxError | null;
  deliveredAt: string | null;
  /** The feed the report came from. */
  feedId: string | null;
  /** The endpoint refused it (4xx): it waits for an operator to retry or discard it. */
  rejectedAt: string | null;
  discardedAt: string | null;
  discardedBy: string | null;
}

export interface SyncStore {
  getFeedState(feedId: string): FeedState;
  setFeedState(state: FeedState): void;
  /**
   * Writes a batch of records, its quarantined items and the feed's new state (watermark, cursor,
   * validators) in ONE transaction: after a crash, all of it is there or none of it. A null state
   * leaves the stored one as it is (a batch that moved no cursor).
   */
  applyBatch(feedId: string, records: RecordBatch, quarantined: QuarantinedItem[], newState: FeedState | null): ApplyResult;
  /**
   * A feed of `domain` ran to the end: the domain's figures are known from now on, even if the
   * feed had nothing to report (its counts are 0, not unknown). Marks the domain the first time
   * only, and says whether it did (clients are then told the domain changed).
   */
  confirmDomain?(domain: DomainId, feedId: string): boolean;
  /** Outbox items neither delivered nor discarded, oldest first. */
  pendingOutbox(limit?: number): OutboxItem[];
  /**
   * What may be sent now: per report, its oldest undone action, unless the endpoint refused that
   * one (then the report's later actions wait behind it for an operator). Oldest first.
   */
  deliverableOutbox(limit?: number): OutboxItem[];
  /** How many actions are neither delivered nor discarded (without reading them). */
  pendingOutboxCount(): number;
  markDelivered(seq: number, at: string, response: unknown): void;
  markAttemptFailed(seq: number, error: FeedError, nextAttemptAt: string): void;
  /** [minLon, minLat, maxLon, maxLat] of the loaded boundaries, or null without any: a feed's default area. */
  areaExtent?(): readonly [number, number, number, number] | null;
  /** Refused by the endpoint: kept, with the reason, until an operator retries or discards it. */
  markRejected(seq: number, error: FeedError, at: string): void;
}

/** Secrets (passwords, client secrets, tokens) kept apart from the config: safeStorage in Electron. */
export interface SecretStore {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string | null): void | Promise<void>;
  /** The names stored (never the values). */
  list?(): string[] | Promise<string[]>;
}
