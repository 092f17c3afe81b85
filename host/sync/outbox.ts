import type Database from 'better-sqlite3';
import type { ActionsEndpoint, FeedConfig } from '../../sync/feeds/config';
import { statusError, type HttpClient, type HttpResponse } from '../../sync/http/client';
import { backoffDelay } from '../../base/backoff';
import { CONNECTIVITY_CODES, SyncError, errors, redact, type SyncErrorCode } from '../../sync/http/errors';
import { serverWords } from '../../sync/http/server-words';
import { originOf } from '../../sync/http/url';
import { open311ErrorAnswer } from '../../sync/adapters/open311';
import { webPageTitle } from '../../sync/text/web-page';
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
 * How many deliverable actions a round reads at once. Reading the whole backlog per action cost
 * 49 ms a read at 10,000 actions (the audit's s7): a bounded batch read once per round keeps each
 * stall of the event loop short, and the round reads the next batch after it.
 */
export const OUTBOX_BATCH = 100;

/** A body this long is stored as its beginning, not parsed (a 900 KB `[[[[…` is no receipt anyone reads). */
const PARSE_LIMIT = 64 * 1024;

/**
 * The feed whose reports the actions endpoint takes: `actionsEndpoint.feed`, else the only enabled
 * Open311 feed; null when that cannot be told (then every action waits, saying why).
 */
export function tiedFeed(endpoint: ActionsEndpoint, feeds: readonly FeedConfig[]): string | null {
  if (endpoint.feed) return endpoint.feed;
  const open311 = feeds.filter((f) => f.enabled && f.adapter === 'open311');
  return open311.length === 1 ? open311[0]!.id : null;
}

/** What an answer of the endpoint means for the action it answers. */
type Verdict =
  | { kind: 'delivered'; response: unknown }
  | { kind: 'rejected'; error: SyncError }
  | { kind: 'failed'; error: SyncError };

// Every 3xx and 4xx comes back to deliverOutbox unthrown: what they mean depends on the body
// (an Open311 error list, a web page) and on whether the key was sent before. 5xx and network
// errors are thrown by the client as usual.
const READ_STATUSES = Array.from({ length: 200 }, (_, i) => 300 + i);

/** Statuses that are the endpoint's (or the path's) trouble, never a verdict on the action. */
const ENDPOINT_TROUBLE = new Set([401, 403, 407, 408, 421, 425, 429]);

/**
 * Failures after which the action may have reached the endpoint and been applied, its answer
 * lost on the way: the request was written (or may have been). A refused connection, a DNS
 * failure, a certificate, credentials, a redirect not followed: nothing was applied.
 */
const NOT_ARRIVED = new Set(['dns', 'refused', 'network_down', 'proxy', 'tls', 'auth', 'forbidden', 'rate_limited', 'secret_origin', 'secret_missing', 'bad_setting', 'insecure_redirect', 'bad_redirect', 'not_found', 'disk_full']);

/**
 * Reads an answer of the actions endpoint to one action:
 *
 * - a redirect that was not followed (to another origin) or an answer from another origin than the
 *   endpoint's, and a web page (a proxy's login, a captive portal, a block page), are no
 *   confirmation: the endpoint failed (the outbox pauses with backoff);
 * - an Open311 error list is the endpoint's refusal whatever the HTTP status (some servers send it
 *   under 200), classed as its code would be as a status;
 * - 2xx: delivered (a body cut at the byte cap changes nothing);
 * - 409 to a key that may have reached the endpoint before: already applied, delivered;
 * - 401/403/407/408/421/425/429 and 5xx: the endpoint's trouble, a failure;
 * - 404/405 without an Open311 error: the URL is wrong, a failure of the endpoint (not of each action);
 * - any other 4xx: a refusal of this action, with the endpoint's words.
 */
function judgeAnswer(res: HttpResponse, endpointUrl: string, mayHaveArrived: boolean, now = Date.now()): Verdict {
  const status = res.status;
  const location = res.headers['location'];
  if (status >= 300 && status < 400) return { kind: 'failed', error: errors.deliveryRedirected(status, location ? redact(location.slice(0, 200)) : '') };
  if (originOf(res.url) !== originOf(endpointUrl)) return { kind: 'failed', error: errors.deliveryRedirected(status, redact(res.url.slice(0, 200))) };
  const text = res.body.toString('utf8');
  const contentType = res.headers['content-type'];
  const page = webPageTitle(text) ?? (/html/i.test(contentType ?? '') && text.trimStart().startsWith('<') ? '' : null);
  if (page !== null) {
    // A 404/405 page is the server saying there is nothing to POST to at this address.
    if (status === 404 || status === 405) return { kind: 'failed', error: errors.deliveryEndpointWrong(status, page || null) };
    return { kind: 'failed', error: errors.deliveryWebPage(status, page) };
  }
  const said = res.cut ? null : open311ErrorAnswer(text);
  // An error list under 2xx counts as the status it names (a code outside 4xx/5xx as a plain 400).
  const effective = said && status < 300 ? (said.code !== null && said.code >= 400 && said.code < 600 ? said.code : 400) : status;
  const words = said ? said.description : serverWords(res.body, contentType);
  if (effective >= 200 && effective < 300) return { kind: 'delivered', response: receipt(res, text) };
  if (effective === 409 && mayHaveArrived) {
    return { kind: 'delivered', response: { alreadyApplied: true, status: 409, said: words?.slice(0, 200) ?? null } };
  }
  if (ENDPOINT_TROUBLE.has(effective) || effective >= 500) {
    return { kind: 'failed', error: statusError({ status: effective, headers: res.headers, body: said ? Buffer.from(JSON.stringify({ message: said.description })) : res.body }, now) };
  }
  if ((effective === 404 || effective === 405) && !said) return { kind: 'failed', error: errors.deliveryEndpointWrong(effective, words) };
  return { kind: 'rejected', error: errors.deliveryRejected(effective, words) };
}

/** What is kept of a confirmation: its JSON, or the beginning of its text (a cut body says so). */
function receipt(res: HttpResponse, text: string): unknown {
  if (res.cut) return { cut: true, note: 'answer longer than 1 MB, kept cut short', head: text.slice(0, 500) };
  if (text.length <= PARSE_LIMIT) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON: its text, below.
    }
  }
  return text.slice(0, 500);
}

/** The longest pause the outbox sets by itself: its backoff's cap (DeliveryOptions.maxDelayMs default) and the second added to it. */
const MAX_BACKOFF_MS = 1_000 + 300_000;

/**
 * When an action may be tried again (ms), or null when it may go now. nextAttemptAt is stored as
 * "wall clock at the failure + pause": after NTP steps the clock back (by hours, a day) it lies
 * that far ahead, and an operator's action would wait for the length of the step. No pause is
 * longer than the outbox's own longest backoff, or than the one written with the failure (a
 * Retry-After is honoured whatever its length: nextAttemptAt − the failure's time). Anything
 * further ahead than that means the clock went back: due now.
 */
function pausedUntil(i: OutboxItem, now: number): number | null {
  const next = i.nextAttemptAt ? Date.parse(i.nextAttemptAt) : NaN;
  if (!Number.isFinite(next) || next <= now) return null;
  const failedAt = i.lastError ? Date.parse(i.lastError.at) : NaN;
  const longest = Math.max(MAX_BACKOFF_MS, Number.isFinite(failedAt) ? next - failedAt : 0);
  return next - now > longest ? null : next;
}

/** When the endpoint may be asked again: the latest backoff (or Retry-After) among the actions read, and why. */
function pauseOf(items: readonly OutboxItem[], now: number): { item: OutboxItem; until: number } | null {
  let latest: { item: OutboxItem; until: number } | null = null;
  for (const i of items) {
    const until = pausedUntil(i, now);
    if (until !== null && (!latest || until > latest.until)) latest = { item: i, until };
  }
  return latest;
}

/**
 * When the outbox is next due among these actions (ms since the epoch): at once when one is
 * deliverable and the endpoint asked for no pause, at the pause's end otherwise; null when empty.
 */
export function outboxDueAt(items: readonly OutboxItem[], now: number): number | null {
  if (items.length === 0) return null;
  return pauseOf(items, now)?.until ?? now;
}

/** Options of a delivery round. */
export interface DeliveryOptions {
  now?: () => Date;
  secrets?: SecretStore;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * An operator asked to send this action again (outbox.retry): it goes now even while the
   * endpoint's backoff or Retry-After holds the others back.
   */
  retrySeq?: number;
  /**
   * The network came back (a feed got through after every feed failed to connect): a pause caused
   * by not reaching the endpoint at all ends now. A pause the endpoint asked for (Retry-After) or
   * earned by answering badly (5xx, a web page, a wrong URL) still holds.
   */
  networkBack?: boolean;
  /** The feed whose reports the endpoint takes (tiedFeed); null refuses every action. */
  feed?: string | null;
  /** Stops between actions (the host is closing). */
  signal?: AbortSignal;
}

/**
 * Pushes the outbox to the actions endpoint, in order per report: a report's action is sent only
 * after the one before it was acknowledged (or discarded by an operator). Each POST carries its
 * idempotency key (header and body), so a resend after a crash between "sent" and "marked
 * delivered" is recognised by the endpoint and applied once.
 *
 * A refusal (see judgeAnswer) or an action on a report of another feed stops that report only: the
 * action waits for an operator (retry or discard) and the other reports' actions go on. A failure
 * of the endpoint itself ends the round and pauses the whole outbox with backoff (or the
 * Retry-After asked for, if longer); nothing but an operator's retry of one action goes before it ends.
 */
export async function deliverOutbox(store: SyncStore, http: HttpClient, endpoint: ActionsEndpoint, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const now = opts.now ?? (() => new Date());
  let delivered = 0;
  let rejected = 0;
  // Rows already looked at this round (a rejected one is no longer deliverable).
  const seen = new Set<number>();
  const done = (failed: OutboxItem | null = null, error: SyncError | null = null): DeliveryResult => ({ delivered, rejected, failed, error, waiting: store.pendingOutboxCount() });
  for (;;) {
    if (opts.signal?.aborted) return done();
    const batch = store.deliverableOutbox(OUTBOX_BATCH).filter((i) => !seen.has(i.seq));
    if (batch.length === 0) return done();
    const pause = pauseOf(batch, now().getTime());
    const liftable = pause !== null && opts.networkBack === true && pause.item.lastError !== null && CONNECTIVITY_CODES.has(pause.item.lastError.code as SyncErrorCode);
    // The endpoint's pause holds every action but the one an operator retried.
    const paused = pause !== null && !liftable;
    const items = paused ? batch.filter((i) => i.seq === opts.retrySeq) : batch;
    for (const item of items) {
      if (opts.signal?.aborted) return done();
      seen.add(item.seq);
      if (opts.feed !== undefined && item.feedId !== opts.feed) {
        store.markRejected(item.seq, { ...errors.deliveryForeign(item.feedId, opts.feed).toFeedError(now()), ...carried(item) }, now().toISOString());
        rejected++;
        continue;
      }
      const verdict = await attempt(item, http, endpoint, opts.secrets);
      if (verdict.kind === 'delivered') {
        store.markDelivered(item.seq, now().toISOString(), verdict.response);
        delivered++;
      } else if (verdict.kind === 'rejected') {
        store.markRejected(item.seq, { ...verdict.error.toFeedError(now()), ...carried(item) }, now().toISOString());
        rejected++;
      } else {
        const e = verdict.error;
        const delay = Math.max(
          e.retryAfterMs ?? 0,
          1_000 + backoffDelay(item.attempts, { baseMs: opts.baseDelayMs ?? 2_000, capMs: opts.maxDelayMs ?? 300_000, jitter: 'full' }),
        );
        const mayHaveArrived = item.lastError?.mayHaveArrived === true || !NOT_ARRIVED.has(e.code);
        store.markAttemptFailed(item.seq, { ...e.toFeedError(now()), ...(mayHaveArrived ? { mayHaveArrived } : {}) }, new Date(now().getTime() + delay).toISOString());
        return done(item, e);
      }
    }
    if (paused) return done();
    // Between batches, whatever else the host has to do (a screen's question) goes first.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A refusal keeps what is known of the key's earlier tries (see OutboxError). */
const carried = (item: OutboxItem) => (item.lastError?.mayHaveArrived ? { mayHaveArrived: true } : {});

/** One POST of one action, and what its answer means. */
async function attempt(item: OutboxItem, http: HttpClient, endpoint: ActionsEndpoint, secrets: SecretStore | undefined): Promise<Verdict> {
  try {
    const auth = await resolveAuth(endpoint.auth, secrets);
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
        readStatuses: READ_STATUSES,
        // The action (an operator's note may hold a caller's phone number) goes to the endpoint's origin only.
        redirects: 'sameOrigin',
        // Once the status says applied, a long echo must not make it a failure to send again.
        overCap: 'cut',
      },
      { timeout: endpoint.timeout, maxBytes: 1024 * 1024, retries: 0, auth, authOrigin: originOf(endpoint.url) ?? undefined, proxy: endpoint.proxy, caFile: endpoint.caFile },
    );
    return judgeAnswer(res, endpoint.url, item.lastError?.mayHaveArrived === true);
  } catch (err) {
    return { kind: 'failed', error: err instanceof SyncError ? err : errors.unknown(String(err)) };
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
