import type Database from 'better-sqlite3';
import type { DomainId } from '../../domains';
import type { SecretStore } from '../../sync/store';
import type { EventName, HostEvents } from '../api/contract';
import type { HostConfig } from '../config/schema';
import type { Log } from '../log';
import { FileSecretStore } from './file-secrets';
import { SyncScheduler, type SchedulerOptions } from './scheduler';
import { hostSecretGuard } from './secret-origins';

export interface SyncCtx {
  db: Database.Database;
  config: HostConfig;
  dataDir: string;
  emit<E extends EventName>(event: E, data: HostEvents[E]): void;
  /** The host's disk watch: sync pauses while the disk is full, and reports a full disk to it. */
  disk?: { readonly full: boolean; markFull(reason: string): void };
  log?: Log;
}

export interface SyncService {
  scheduler: SyncScheduler;
  secrets: SecretStore;
  /** Runs the feeds on their intervals and the outbox, unless the config turns sync off. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Creates the sync service of a host. `start: false` builds it without running the timer (the
 * CLI's `sync --once`; the host starts it once the cache is served). The host makes one
 * (host/service.ts) and hands it to the HostApi handlers.
 */
export function createSync(
  ctx: SyncCtx,
  options: { secrets?: SecretStore; start?: boolean } & Partial<Pick<SchedulerOptions, 'http' | 'failureBaseMs' | 'now'>> = {},
): SyncService {
  const secrets = options.secrets ?? FileSecretStore.inDataDir(ctx.dataDir);
  const scheduler = new SyncScheduler({
    db: ctx.db,
    feeds: () => ctx.config.feeds,
    actionsEndpoint: () => ctx.config.sync.actionsEndpoint,
    secrets,
    secretGuard: hostSecretGuard(ctx.db, ctx.config),
    onChanged: (domains: DomainId[]) => ctx.emit('changed', { domains }),
    onFeedsChanged: () => ctx.emit('feeds.changed', { at: new Date().toISOString(), networkDown: scheduler.networkDown }),
    http: options.http,
    failureBaseMs: options.failureBaseMs,
    now: options.now,
    paused: () => ctx.disk?.full ?? false,
    onDiskFull: (e) => ctx.disk?.markFull(e.en),
    log: ctx.log ? (level, message) => ctx.log!.write('sync', level, message) : undefined,
  });
  const service: SyncService = {
    scheduler,
    secrets,
    start() {
      if (ctx.config.sync.enabled) scheduler.start();
    },
    async stop() {
      await scheduler.stop();
    },
  };
  if (options.start !== false) service.start();
  return service;
}
