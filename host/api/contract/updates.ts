import { z } from 'zod';
import { ADMIN_ONLY, method, OPERATOR, read } from './method';

/** How this machine takes updates, for the console's "Cập nhật" tab (from config `updates`). */
export interface UpdateSettings {
  /** updates.url, or null for the server built into the installer. */
  url: string | null;
  /** Plain HTTP allowed (updates.allowInsecure): the console shows it in red. */
  insecure: boolean;
  channel: 'stable' | 'beta';
  group: 'canary' | 'general';
  installWindow: { from: string; to: string; timeZone: string; idleMinutes: number };
}

/** Whether the host's LAN server (browser displays, LAN nodes) is listening. */
export interface LanServerStatus {
  listening: boolean;
  url: string | null;
  /** Why not, in Vietnamese and English (a port in use). */
  error: string | null;
}

export interface BundlePart {
  kind: 'config' | 'layouts' | 'boundaries' | 'data' | 'update';
  path: string;
  size: number;
}

export interface BundleSummary {
  version: string;
  createdAt: string;
  by: string;
  signer: string;
  parts: BundlePart[];
  /** Whole days since it was made (null: its date does not parse). */
  ageDays?: number | null;
  /** The last bundle applied to this machine, if any. */
  lastApplied?: { createdAt: string; appliedAt: string } | null;
  /** Made before the last applied bundle: apply refuses it unless `allowOlder`. */
  olderThanLastApplied?: boolean;
  /** The very bundle applied last: apply refuses it unless `allowOlder`. */
  alreadyApplied?: boolean;
}

export interface BundleApplied extends BundleSummary {
  applied: BundlePart['kind'][];
  backup: string | null;
  /** The folder an installer waits in for the desktop app's updater (restart to install). */
  updateDir: string | null;
}

/** A bundle file on the host machine (a USB stick mounted there). */
const bundleFile = z.object({ path: z.string().min(1, 'chọn tệp gói / choose a bundle file').max(4096) });
/** `allowOlder`: the administrator's explicit word to apply a bundle older than the last applied one, or the same one again. */
const bundleApply = bundleFile.extend({ allowOlder: z.boolean().optional() });

/** Update settings (operators read them) and offline bundles (admin only: they reach the host's files). */
export const updatesMethods = {
  /** Read by the console too: its red notices (plain-HTTP updates, no LAN server) are for operators. */
  'updates.settings': method<UpdateSettings & { lanServer: LanServerStatus | null }>()(z.object({}), read(OPERATOR)),
  /** Checks a bundle's signature and every part, without changing anything. */
  'bundle.verify': method<BundleSummary>()(bundleFile, { roles: ADMIN_ONLY, mutates: false }),
  /** "Nhập gói cập nhật": verifies, backs up, applies layouts/feeds/boundaries, stages an installer. */
  'bundle.apply': method<BundleApplied>()(bundleApply, { roles: ADMIN_ONLY }),
};
