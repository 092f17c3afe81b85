import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { localUpdateDir } from '../host/bundle/apply';
import type { HostConfig } from '../host/config/schema';
import { builtInKeys, type TrustedKey } from '../host/trust/keys';
import { serveLocalUpdates, type LocalUpdateFeed } from './local-update-feed';
import { fetchSignedMetadata, linuxMetadataName, verifyLinuxUpdate, type SignedMetadata } from './update-verify';
import { startUpdater, type UpdaterHandle, type UpdaterLike } from './updater';

/**
 * Main's one call for updates: picks the feed (an offline bundle's installer first, then config
 * `updates.url`, then the built-in app-update.yml), sets up the Linux metadata check with the
 * built-in keys, and starts the updater. Kept out of main.ts so main stays lifecycle only.
 */

export interface AppUpdates {
  handle: UpdaterHandle;
  close(): Promise<void>;
}

export interface AppUpdatesOptions {
  isPackaged: boolean;
  platform?: NodeJS.Platform;
  updates: HostConfig['updates'];
  dataDir: string;
  /** process.resourcesPath: where electron-builder put app-update.yml. */
  resourcesPath?: string;
  audit: (action: string, detail: Record<string, unknown>) => void;
  idleSeconds: () => number;
  beforeInstall?: () => Promise<void> | void;
  loadUpdater: () => Promise<UpdaterLike>;
  keys?: () => TrustedKey[];
  fetchImpl?: typeof fetch;
  log?: (msg: string) => void;
}

/** The url electron-builder wrote into app-update.yml at build time. */
export function builtInFeedUrl(resourcesPath: string | undefined): string | null {
  const file = resourcesPath ? join(resourcesPath, 'app-update.yml') : null;
  if (!file || !existsSync(file)) return null;
  const cfg = loadYaml(readFileSync(file, 'utf8')) as { url?: unknown } | null;
  return typeof cfg?.url === 'string' ? cfg.url : null;
}

export async function startAppUpdates(opts: AppUpdatesOptions): Promise<AppUpdates> {
  const platform = opts.platform ?? process.platform;
  const localDir = opts.isPackaged ? localUpdateDir(opts.dataDir) : null;
  let feed: LocalUpdateFeed | null = null;
  if (localDir) feed = await serveLocalUpdates(localDir);
  const name = linuxMetadataName(opts.updates.channel);
  const metadata = async (): Promise<SignedMetadata> => {
    if (localDir && feed) {
      const yml = join(localDir, name);
      if (!existsSync(yml) || !existsSync(`${yml}.sig`)) {
        throw new Error(`Gói ngoại tuyến thiếu ${name}.sig / The offline bundle has no signed ${name} (${name}.sig): not installed.`);
      }
      return { yml: readFileSync(yml), sig: readFileSync(`${yml}.sig`), from: yml };
    }
    const base = opts.updates.url ?? builtInFeedUrl(opts.resourcesPath);
    if (!base) throw new Error('Không biết máy chủ cập nhật / No update server known (updates.url, app-update.yml): not installed.');
    return fetchSignedMetadata(base, name, opts.fetchImpl);
  };
  const handle = startUpdater({
    updater: opts.isPackaged ? await opts.loadUpdater() : (null as never),
    isPackaged: opts.isPackaged,
    updates: opts.updates,
    localFeedUrl: feed?.url,
    builtInUrl: builtInFeedUrl(opts.resourcesPath),
    onLocalFeedSpent: () => {
      // Served already or older than this app: back to the update server from the next check.
      if (localDir) rmSync(localDir, { recursive: true, force: true });
      const f = feed;
      feed = null;
      void f?.close();
    },
    platform,
    audit: opts.audit,
    log: opts.log,
    idleSeconds: opts.idleSeconds,
    beforeInstall: opts.beforeInstall,
    verifyDownloaded: async (update) => {
      await verifyLinuxUpdate(update, await metadata(), (opts.keys ?? builtInKeys)(), { channel: opts.updates.channel });
    },
  });
  return {
    handle,
    async close() {
      handle.stop();
      await feed?.close();
    },
  };
}
