import type Database from 'better-sqlite3';
import type { ActionsEndpoint, FeedConfig } from '../../sync/feeds/config';
import type { HttpClient } from '../../sync/http/client';
import { backoffDelay } from '../../base/backoff';
import { SyncError, errors } from '../../sync/http/errors';
import { originOf } from '../../sync/http/url';
import { resolveAuth } from '../../sync/secrets';
import type { OutboxItem, SecretStore, SyncStore } from '../../sync/store';
import { durably } from '../db/durable';
import { outboxFromRow } from './sqlite-store';
import { audit } from '../store/audit';
import { stmt } from '../db/statements';

export interface DeliveryResult {
  delivered: number;
  /** Refused this round (they wait for an operator). */
  rejected: number;
  failed: OutboxItem | null;
  error: SyncError | null;
  waiting: number;
}

/**
 * The feed whose reports the actions endpoint takes: `actionsEndpoint.feed`, else the only enabled
 * Open311 feed; null when that cannot be told (then every action waits, saying why).
 */
export function tiedFeed(endpoint: ActionsEndpoint, feeds: readonly FeedConfig[]): string | null {
  if (endpoint.feed) return endpoint.feed;
  const open311 = feeds.filter((f) => f.enabled && f.adapter === 'open311');
  return open311.length === 1 ? open311[0]!.id : null;
}

/**
 * Pushes the outbox to the actions endpoint, in order per report: a report's action is sent only
 * after the one before it was acknowledged (or discarded by an operator). Each POST carries its
 * idempotency key (header and body), so a resend after a crash between "sent" and "marked
 * delivered" is recognised by the endpoint and applied once.
 *
 * A refusal (4xx) or an action on a report of another feed stops that report only: the action
 * waits for an operator (retry or discard) and the other reports' actions go on. A failure of the
 * endpoint itself (network, 5xx, auth) ends the round and schedules the next try with backoff.
 */
export async function deliverOutbox(
  store: SyncStore,
  http: HttpClient,
  endpoint: ActionsEndpoint,
  opts: {
    now?: () => Date;
    secrets?: SecretStore;
    baseDelayMs?: number;
    maxDelayMs?: number;
    force?: boolean;
    /** The feed whose reports the endpoint takes (tiedFeed); null refuses every action. */
    feed?: string | null;
  } = {},
): Promise<DeliveryResult> {
  const now = opts.now ?? (() => new Date());
  let delivered = 0;
  let rejected = 0;
  // Rows already looked at this round (a rejected one is no longer deliverable, a waiting one is skipped).
  const seen = new Set<number>();
  const waiting = () => store.pendingOutbox(10_000).length;
  for (;;) {
    const item = store.deliverableOutbox(10_000).find((i) => !seen.has(i.seq));
    if (!item) return { delivered, rejected, failed: null, error: null, waiting: waiting() };
    seen.add(item.seq);
    // A backoff is the endpoint's, not the report's: the round waits for it as a whole.
    if (!opts.force && item.nextAttemptAt && Date.parse(item.nextAttemptAt) > now().getTime()) {
      return { delivered, rejected, failed: null, error: null, waiting: waiting() };
    }
    if (opts.feed !== undefined && item.feedId !== opts.feed) {
      store.markRejected(item.seq, errors.deliveryForeign(item.feedId, opts.feed).toFeedError(now()), now().toISOString());
      rejected++;
      continue;
    }
    try {
      const auth = await resolveAuth(endpoint.auth, opts.secrets);
      const res = await http.fetch(
        {
          url: endpoint.url,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': item.idempotencyKey,
          },
          body: JSON.stringify(item.payload),
        },
        { timeout: endpoint.timeout, maxBytes: 1024 * 1024, retries: 0, auth, authOrigin: originOf(endpoint.url) ?? undefined, proxy: endpoint.proxy, caFile: endpoint.caFile },
      );
      let response: unknown = null;
      try {
        response = JSON.parse(res.body.toString('utf8'));
      } catch {
        response = res.body.toString('utf8').slice(0, 500);
      }
      store.markDelivered(item.seq, now().toISOString(), response);
      delivered++;
    } catch (err) {
      if (err instanceof SyncError && (err.code === 'client_error' || err.code === 'not_found')) {
        store.markRejected(item.seq, errors.deliveryRejected(err.status ?? 400).toFeedError(now()), now().toISOString());
        rejected++;
        continue;
      }
      const e = err instanceof SyncError ? err : errors.unknown(String(err));
      const delay = Math.max(
        e.retryAfterMs ?? 0,
        1_000 + backoffDelay(item.attempts, { baseMs: opts.baseDelayMs ?? 2_000, capMs: opts.maxDelayMs ?? 300_000, jitter: 'full' }),
      );
      store.markAttemptFailed(item.seq, e.toFeedError(now()), new Date(now().getTime() + delay).toISOString());
      return { delivered, rejected, failed: item, error: e, waiting: waiting() };
    }
  }
}

export class OutboxItemError extends Error {
  override name = 'OutboxItemError';
}

function undone(db: Database.Database, seq: number): OutboxItem {
  const row = db.prepare(`SELECT * FROM outbox WHERE seq = ?`).get(seq) as Parameters<typeof outboxFromRow>[0] | undefined;
  if (!row) throw new OutboxItemError(`Không có thao tác số ${seq} trong hàng đợi / No outbox action ${seq}`);
  const item = outboxFromRow(row);
  if (item.deliveredAt || item.discardedAt) {
    throw new OutboxItemError(`Thao tác số ${seq} đã xong (đã gửi hoặc đã huỷ) / Outbox action ${seq} is already delivered or discarded`);
  }
  return item;
}

function auditItem(db: Database.Database, at: string, actor: string, action: string, item: OutboxItem): void {
  audit(db, actor, action, { seq: item.seq, eventId: item.eventId, action: item.action, lastError: item.lastError?.en ?? null }, at);
}

/** An operator sends a refused or failing action again, at once; audited. */
export function retryOutboxItem(db: Database.Database, seq: number, actor: string, now: Date = new Date()): OutboxItem {
  return durably(db, () => {
    const item = undone(db, seq);
    db.prepare(`UPDATE outbox SET rejected_at = NULL, next_attempt_at = NULL, attempts = 0 WHERE seq = ?`).run(seq);
    auditItem(db, now.toISOString(), actor, 'outbox.retry', item);
    return { ...item, rejectedAt: null, nextAttemptAt: null, attempts: 0 };
  });
}

/** An operator gives up an action (the report's next one may then go); kept and audited. */
export function discardOutboxItem(db: Database.Database, seq: number, actor: string, now: Date = new Date()): OutboxItem {
  return durably(db, () => {
    const item = undone(db, seq);
    const at = now.toISOString();
    db.prepare(`UPDATE outbox SET discarded_at = ?, discarded_by = ? WHERE seq = ?`).run(at, actor, seq);
    auditItem(db, at, actor, 'outbox.discard', item);
    return { ...item, discardedAt: at, discardedBy: actor };
  });
}

/** The outbox for the console: what is still waiting (and the last few delivered). */
export function listOutbox(db: Database.Database, opts: { includeDelivered?: boolean; limit?: number } = {}): OutboxItem[] {
  const rows = stmt(
    db,
    opts.includeDelivered
      ? `SELECT * FROM outbox ORDER BY seq DESC LIMIT ?`
      : `SELECT * FROM outbox WHERE delivered_at IS NULL AND discarded_at IS NULL ORDER BY seq LIMIT ?`,
  ).all(opts.limit ?? 200) as Parameters<typeof outboxFromRow>[0][];
  return rows.map(outboxFromRow);
}
