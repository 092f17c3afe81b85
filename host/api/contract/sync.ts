import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read } from './method';
import { feedConfigSchema, type AdapterId, type FeedConfig, type FeedConfigInput } from '../../../sync/feeds/config';
import type { FeedCounts, FeedError, OutboxItem } from '../../../sync/store';
import type { TryResult } from '../../../sync/engine';
import { hotlineActSchema } from '../../../domains/hotline-actions';
import type { DomainId } from '../../../domains';

export type { FeedCounts, FeedError, OutboxItem } from '../../../sync/store';
export type { TryResult as FeedTryResult } from '../../../sync/engine';
export type { AdapterId, FeedConfig, FeedConfigInput };

/** One feed as the console shows it. The URL as redactUrl shows one: every query value and any userinfo masked, names kept. */
export interface FeedView {
  id: string;
  name: string | null;
  domain: DomainId;
  adapter: AdapterId;
  url: string;
  enabled: boolean;
  interval: number;
  /** true when the feed comes from the console (feeds table), not only the config file. */
  edited: boolean;
  /** true when the config file declares it: the console may edit it and revert the edit, not delete it. */
  inConfig: boolean;
  running: boolean;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** Plain words, Vietnamese first. */
  lastError: FeedError | null;
  consecutiveFailures: number;
  nextRunAt: string | null;
  lastCounts: FeedCounts;
  totalCounts: FeedCounts;
  quarantinedTotal: number;
  /**
   * The feed's full config for the console's edit form, with secrets masked as '***' (auth
   * values; in the URL and proxy every query value and any userinfo). Saving a masked value back
   * keeps the stored one (each URL part on its own, same origin only).
   */
  config: FeedConfig;
}

export interface FeedsList {
  feeds: FeedView[];
  /** Every feed failing to connect: the console shows "mất mạng" instead of N errors. */
  networkDown: boolean;
  outbox: { waiting: number; failing: number; endpointConfigured: boolean };
}

export interface FeedRunResult {
  feedId: string;
  ok: boolean;
  notModified: boolean;
  counts: FeedCounts;
  error: FeedError | null;
}

export interface HotlineActResult {
  eventId: string;
  status: string;
  seq: number;
  idempotencyKey: string;
}

const feedIdSchema = z.string().min(1).max(200);

export const syncMethods = {
  'feeds.list': method<FeedsList>()(z.object({}), read(OPERATOR)),
  'feeds.runNow': method<FeedRunResult[]>()(z.object({ id: z.string().max(200).optional() }), { roles: OPERATOR }),
  /**
   * Creates or edits a feed; kept in the database over the config file's version. `create`: only
   * a new id is accepted (the console's "Thêm nguồn dữ liệu" must not replace a feed by accident).
   */
  'feeds.save': method<FeedView>()(z.object({ feed: feedConfigSchema, create: z.boolean().optional() }), { roles: ADMIN_ONLY }),
  /**
   * Reads a feed (new, or an edit of one) as its first run would and says what it would store —
   * counts, the first records of each kind, what it would quarantine and why — storing nothing and
   * saving nothing. Secrets as `feeds.save` takes them: `***` stands for the stored one (same
   * origins only); a value typed here is used for this read and not kept.
   */
  'feeds.try': method<TryResult>()(z.object({ feed: feedConfigSchema }), { roles: ADMIN_ONLY }),
  /** Removes a feed added in the console; what it stored stays. A config file's feed is refused (disable it instead). */
  'feeds.delete': method<{ id: string }>()(z.object({ id: feedIdSchema }), { roles: ADMIN_ONLY }),
  /** Drops the console's edit of a config file's feed: the file's version is in force again. */
  'feeds.revert': method<{ id: string }>()(z.object({ id: feedIdSchema }), { roles: ADMIN_ONLY }),
  /** An operator's action on a hotline report: applied at once, queued for the actions endpoint. */
  'hotline.act': method<HotlineActResult>()(hotlineActSchema, { roles: OPERATOR }),
  'outbox.list': method<OutboxItem[]>()(z.object({ includeDelivered: z.boolean().default(false) }), read(OPERATOR)),
  /** Sends a refused or failing action again at once (audited). */
  'outbox.retry': method<OutboxItem>()(z.object({ seq: z.number().int().positive() }), { roles: OPERATOR }),
  /** Gives up an action that cannot be delivered, so the report's next one may go (audited). */
  'outbox.discard': method<OutboxItem>()(z.object({ seq: z.number().int().positive() }), { roles: OPERATOR }),
};

export interface SyncEvents {
  /** Feed state or the outbox changed: the console's feed view re-queries. */
  'feeds.changed': { at: string; networkDown: boolean };
}
