import type { FeedView, syncMethods } from '../contract/sync';
import type { FeedConfig } from '../../../sync/feeds/config';
import { MASK, redactUrl, unmaskUrl } from '../../../sync/http/url';
import { applyHotlineAction, ForeignReportError, UnknownEventError } from '../../sync/hotline-actions';
import { ApiError } from '../errors';
import { stmt } from '../../db/statements';
import { dropFeedRow, saveFeed } from '../../sync/feeds';
import { discardOutboxItem, listOutbox, OutboxItemError, retryOutboxItem, tiedFeed } from '../../sync/outbox';
import type { OutboxItem } from '../../../sync/store';
import { moveAuthSecrets, SECRET_FIELD_NAMES, secretNameFor } from '../../sync/inline-secrets';
import { addOrigins, configFileOrigins, forgetOrigins, secretDestinations } from '../../sync/secret-origins';
import type { HandlerCtx, Handlers } from './types';

const sync = (ctx: HandlerCtx) => ctx.services.sync;
/** Feed state, a feed's settings or the outbox moved: the console's feed view re-queries. */
const feedsChanged = (ctx: HandlerCtx) => ctx.emit('feeds.changed', { at: new Date().toISOString(), networkDown: sync(ctx).scheduler.networkDown });

function feedView(ctx: HandlerCtx, f: FeedConfig, edited: Set<string>, running: boolean): FeedView {
  const st = sync(ctx).scheduler.store.getFeedState(f.id);
  const q = stmt(ctx.db, `SELECT count(*) FROM quarantine WHERE feed_id = ?`).pluck().get(f.id) as number;
  return {
    id: f.id,
    name: f.name ?? null,
    domain: f.domain,
    adapter: f.adapter,
    url: redactUrl(f.url),
    enabled: f.enabled,
    interval: f.interval,
    edited: edited.has(f.id),
    inConfig: ctx.config.feeds.some((c) => c.id === f.id),
    running,
    lastRunAt: st.lastRunAt,
    lastSuccessAt: st.lastSuccessAt,
    lastError: st.lastError,
    consecutiveFailures: st.consecutiveFailures,
    nextRunAt: st.nextRunAt,
    lastCounts: st.lastCounts,
    totalCounts: st.totalCounts,
    quarantinedTotal: q,
    config: maskFeed(f),
  };
}

const SECRET_FIELDS = ['value', 'token', 'password', 'clientSecret'] as const;

/**
 * The config without its secrets: `secret:NAME` references stay (they are names, not secrets); the
 * URL and proxy as redactUrl shows them (every query value, any userinfo). This is also what the
 * console's edit form starts from: a `***` sent back is taken from the stored config (unmask).
 */
function maskFeed(f: FeedConfig): FeedConfig {
  const auth = { ...f.auth } as Record<string, unknown>;
  for (const k of SECRET_FIELDS) {
    const v = auth[k];
    if (typeof v === 'string' && !v.startsWith('secret:')) auth[k] = MASK;
  }
  return { ...f, url: redactUrl(f.url), proxy: f.proxy ? redactUrl(f.proxy) : undefined, auth: auth as FeedConfig['auth'] };
}

const originOrNull = (u: string | undefined): string | null => {
  if (!u) return null;
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
};

/**
 * Every origin a feed's secrets travel to: the feed URL, the OAuth2 token endpoint, the proxy. If
 * any of them changed, a stored secret must not follow the edit: it is entered again.
 */
export function sameSecretOrigins(a: FeedConfig, b: FeedConfig): boolean {
  const tokenUrl = (f: FeedConfig) => (f.auth.type === 'oauth2ClientCredentials' ? f.auth.tokenUrl : undefined);
  return originOrNull(a.url) === originOrNull(b.url) && originOrNull(tokenUrl(a)) === originOrNull(tokenUrl(b)) && originOrNull(a.proxy) === originOrNull(b.proxy);
}

/**
 * A saved feed whose masked values came back unchanged keeps the stored secrets — only while the
 * secrets would still go to the same origins (URL, token endpoint, proxy). In the URL and proxy,
 * each `***` left in place is the stored value of that part (same origin only, unmaskUrl), so an
 * administrator can change a path or one parameter without typing every key again.
 */
export function unmask(next: FeedConfig, prev: FeedConfig | undefined): FeedConfig {
  if (!prev) return next;
  const out = { ...next };
  out.url = unmaskUrl(out.url, prev.url);
  if (out.proxy && prev.proxy) out.proxy = unmaskUrl(out.proxy, prev.proxy);
  if (out.auth.type === prev.auth.type && sameSecretOrigins(out, prev)) {
    const a = { ...out.auth } as Record<string, unknown>;
    const p = prev.auth as Record<string, unknown>;
    for (const k of SECRET_FIELDS) if (a[k] === MASK) a[k] = p[k];
    out.auth = a as FeedConfig['auth'];
  }
  return out;
}

/**
 * A feed from the console as it would run: its CA file only the config file's (refused otherwise),
 * its masked values (`***`) the stored ones where they still go to the same origins (refused
 * where none is left to stand for).
 */
function withStoredSecrets(feed: FeedConfig, prev: FeedConfig | undefined, ctx: HandlerCtx): FeedConfig {
  // A CA file is read from this machine's disk: only the installer's config file may name one.
  const fileCa = ctx.config.feeds.find((f) => f.id === feed.id)?.caFile;
  if (feed.caFile !== undefined && feed.caFile !== fileCa) {
    throw new ApiError('invalid_params', 'Tệp chứng chỉ (caFile) chỉ đặt được trong tệp cấu hình / caFile can only be set in the config file', [
      { path: 'feed.caFile', message: 'set caFile in the config file, not from the console' },
    ]);
  }
  const full = unmask(feed, prev);
  if (JSON.stringify(full).includes(`"${MASK}"`) || full.url.includes(MASK) || full.proxy?.includes(MASK)) {
    const moved = prev && !sameSecretOrigins(full, prev);
    throw new ApiError(
      'invalid_params',
      moved
        ? 'Địa chỉ máy chủ đã đổi: nhập lại giá trị bí mật (***) / The server address changed: enter the secret values again (***)'
        : 'Nhập lại giá trị bí mật (***) / Enter the secret values again (***)',
      [{ path: 'feed.auth', message: moved ? 'the URL, token URL or proxy origin changed: stored secrets are not carried over' : 'masked value without a stored one' }],
    );
  }
  return { ...full, caFile: fileCa };
}

/** Retry/discard: the console's views re-query, and a retried (or unblocked) action goes at once. */
function outboxChange(ctx: HandlerCtx, change: () => OutboxItem, retried = false): OutboxItem {
  let item: OutboxItem;
  try {
    item = change();
  } catch (e) {
    if (e instanceof OutboxItemError) throw new ApiError('not_found', e.message);
    throw e;
  }
  feedsChanged(ctx);
  // A retry is the operator's: that action goes now, even through the endpoint's pause; a discard
  // may unblock the report's next action, which waits for the pause like any other.
  void sync(ctx).scheduler.pushOutbox(retried ? { retrySeq: item.seq } : {}).catch(() => undefined);
  return item;
}

const editedIds = (ctx: HandlerCtx) => new Set(stmt(ctx.db, `SELECT id FROM feeds`).pluck().all() as string[]);

export const syncHandlers: Handlers<typeof syncMethods> = {
  'feeds.list': (_p, ctx) => {
    const s = sync(ctx);
    const edited = editedIds(ctx);
    const pending = s.scheduler.store.pendingOutbox(10_000);
    return {
      feeds: s.scheduler.feeds().map((f) => feedView(ctx, f, edited, s.scheduler.isRunning(f.id))),
      networkDown: s.scheduler.networkDown,
      outbox: {
        waiting: pending.length,
        failing: pending.filter((p) => p.lastError !== null).length,
        endpointConfigured: ctx.config.sync.actionsEndpoint !== undefined,
      },
    };
  },

  'feeds.runNow': async ({ id }, ctx) => {
    if (id && !sync(ctx).scheduler.feeds().some((f) => f.id === id)) {
      throw new ApiError('not_found', `Không có nguồn dữ liệu "${id}" / No feed "${id}"`);
    }
    const results = await sync(ctx).scheduler.runNow(id);
    feedsChanged(ctx);
    return results.map((r) => ({ feedId: r.feedId, ok: r.ok, notModified: r.notModified, counts: r.counts, error: r.error }));
  },

  'feeds.save': async ({ feed, create }, ctx) => {
    const s = sync(ctx);
    const prev = s.scheduler.feeds().find((f) => f.id === feed.id);
    if (create && prev) {
      throw new ApiError('invalid_params', `Đã có nguồn "${feed.id}": đặt id khác, hoặc sửa nguồn đó / Feed "${feed.id}" already exists: choose another id, or edit that feed`, [
        { path: 'feed.id', message: 'already used by a feed' },
      ]);
    }
    const full = withStoredSecrets(feed, prev, ctx);
    // Values typed in the form go to the secret store; the feed keeps secret: references, and each
    // new value may go to this feed's origins only (it was typed for them, whatever the name was
    // allowed before). A name the config file itself uses is the config's: a console edit of a
    // config feed stores its values beside it (feed.<id>.console.*), so the config's secret, which
    // the config's servers are always allowed, never takes a value typed for another server —
    // which reverting the edit would then have sent there.
    const configNames = configFileOrigins(ctx.config.feeds, ctx.config.sync.actionsEndpoint);
    const owner = SECRET_FIELD_NAMES.some((f) => configNames.has(secretNameFor(`feed.${full.id}`, f))) ? `feed.${full.id}.console` : `feed.${full.id}`;
    const { auth, moved } = await moveAuthSecrets(full.auth, owner, s.secrets);
    if (moved.length) {
      for (const name of moved) forgetOrigins(ctx.db, name);
      for (const [name, origins] of secretDestinations(auth, full.url, full.proxy)) if (moved.includes(name)) addOrigins(ctx.db, name, origins, ctx.actor);
      console.warn(`[sync] feed "${full.id}": secret value(s) moved into the secret store as ${moved.map((n) => `secret:${n}`).join(', ')}`);
    }
    const saved = saveFeed(ctx.db, { ...full, auth }, ctx.actor);
    feedsChanged(ctx);
    return feedView(ctx, saved, editedIds(ctx), false);
  },

  'feeds.try': async ({ feed }, ctx) => {
    const run = sync(ctx).scheduler.tryFeed(withStoredSecrets(feed, sync(ctx).scheduler.feeds().find((f) => f.id === feed.id), ctx));
    if (!run) throw new ApiError('conflict', 'Đang chạy thử một nguồn khác: đợi nó xong rồi thử lại / Another feed is being tried: wait for it to finish, then try again');
    return run;
  },

  'feeds.delete': ({ id }, ctx) => {
    if (ctx.config.feeds.some((f) => f.id === id)) {
      throw new ApiError(
        'invalid_params',
        `Nguồn "${id}" nằm trong tệp cấu hình: không xoá được từ bàn điều khiển; hãy tắt nó (Sửa → bỏ "Đang bật") / Feed "${id}" is in the config file: it cannot be deleted from the console; disable it instead (Edit → untick "Enabled")`,
        [{ path: 'id', message: 'a config file feed: disable it, or remove it from the config file' }],
      );
    }
    if (!dropFeedRow(ctx.db, id, ctx.actor, 'feeds.delete')) throw new ApiError('not_found', `Không có nguồn dữ liệu "${id}" / No feed "${id}"`);
    feedsChanged(ctx);
    return { id };
  },

  'feeds.revert': ({ id }, ctx) => {
    if (!ctx.config.feeds.some((f) => f.id === id)) {
      throw new ApiError('invalid_params', `Nguồn "${id}" được thêm từ bàn điều khiển, không có bản trong tệp cấu hình để khôi phục / Feed "${id}" was added in the console: there is no config file version to go back to`, [
        { path: 'id', message: 'not in the config file: delete it instead' },
      ]);
    }
    if (!dropFeedRow(ctx.db, id, ctx.actor, 'feeds.revert')) throw new ApiError('not_found', `Nguồn "${id}" chưa được sửa trên bàn điều khiển / Feed "${id}" has no console edit`);
    feedsChanged(ctx);
    return { id };
  },

  'hotline.act': (p, ctx) => {
    let r;
    try {
      const endpoint = ctx.config.sync.actionsEndpoint;
      const feed = endpoint ? tiedFeed(endpoint, sync(ctx).scheduler.feeds()) : undefined;
      r = applyHotlineAction(ctx.db, p, ctx.actor, new Date(), feed);
    } catch (e) {
      if (e instanceof UnknownEventError) throw new ApiError('not_found', e.message);
      if (e instanceof ForeignReportError) throw new ApiError('invalid_params', e.message);
      throw e;
    }
    ctx.services.views.changed(['hotline']);
    feedsChanged(ctx);
    // Delivery happens behind the operator's back: the answer never waits for the network. It
    // does not skip the endpoint's backoff or Retry-After (an operator's action is no reason to
    // ask again a server that asked for quiet).
    void sync(ctx).scheduler.pushOutbox().catch(() => undefined);
    return r;
  },

  'outbox.list': ({ includeDelivered }, ctx) => listOutbox(ctx.db, { includeDelivered }),

  'outbox.retry': ({ seq }, ctx) => outboxChange(ctx, () => retryOutboxItem(ctx.db, seq, ctx.actor), true),
  'outbox.discard': ({ seq }, ctx) => outboxChange(ctx, () => discardOutboxItem(ctx.db, seq, ctx.actor)),
};
