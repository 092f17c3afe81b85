import type Database from 'better-sqlite3';
import type { ActionsEndpoint } from '../../sync/feeds/config';
import type { HttpClient } from '../../sync/http/client';
import { fullJitterDelay } from '../../sync/http/backoff';
import { SyncError, errors } from '../../sync/http/errors';
import { resolveAuth } from '../../sync/secrets';
import type { OutboxItem, SecretStore, SyncStore } from '../../sync/store';
import { outboxFromRow } from './sqlite-store';

export interface DeliveryResult {
  delivered: number;
  failed: OutboxItem | null;
  error: SyncError | null;
  waiting: number;
}

/**
 * Pushes the outbox to the actions endpoint strictly in order: an action is sent only after the
 * one before it was acknowledged. Each POST carries its idempotency key (header and body), so a
 * resend after a crash between "sent" and "marked delivered" is recognised by the endpoint and
 * applied once. A failure stops the round and schedules the next try with backoff.
 */
export async function deliverOutbox(
  store: SyncStore,
  http: HttpClient,
  endpoint: ActionsEndpoint,
  opts: { now?: () => Date; secrets?: SecretStore; baseDelayMs?: number; maxDelayMs?: number; force?: boolean } = {},
): Promise<DeliveryResult> {
  const now = opts.now ?? (() => new Date());
  let delivered = 0;
  for (;;) {
    const [item] = store.pendingOutbox(1);
    if (!item) return { delivered, failed: null, error: null, waiting: 0 };
    if (!opts.force && item.nextAttemptAt && Date.parse(item.nextAttemptAt) > now().getTime()) {
      return { delivered, failed: null, error: null, waiting: store.pendingOutbox(10_000).length };
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
        { timeout: endpoint.timeout, maxBytes: 1024 * 1024, retries: 0, auth, proxy: endpoint.proxy, caFile: endpoint.caFile },
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
      const e =
        err instanceof SyncError
          ? err.code === 'client_error' || err.code === 'not_found'
            ? errors.deliveryRejected(err.status ?? 400)
            : err
          : errors.unknown(String(err));
      const delay = Math.max(
        e.retryAfterMs ?? 0,
        1_000 + fullJitterDelay(item.attempts, opts.baseDelayMs ?? 2_000, opts.maxDelayMs ?? 300_000),
      );
      store.markAttemptFailed(item.seq, e.toFeedError(now()), new Date(now().getTime() + delay).toISOString());
      return { delivered, failed: item, error: e, waiting: store.pendingOutbox(10_000).length };
    }
  }
}

/** The outbox for the console: what is still waiting (and the last few delivered). */
export function listOutbox(db: Database.Database, opts: { includeDelivered?: boolean; limit?: number } = {}): OutboxItem[] {
  const rows = db
    .prepare(
      opts.includeDelivered
        ? `SELECT * FROM outbox ORDER BY seq DESC LIMIT ?`
        : `SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT ?`,
    )
    .all(opts.limit ?? 200) as Parameters<typeof outboxFromRow>[0][];
  return rows.map(outboxFromRow);
}
