import { DOMAIN_IDS } from '../../../domains/ids';
import { applyBundle, bundleStanding, lastAppliedBundle } from '../../bundle/apply';
import { BundleError, verifyBundle, type Manifest } from '../../bundle/format';
import { redactUrl } from '../../../sync/http/url';
import { backupsDir } from '../../db/backup';
import { trustedKeys, TrustError } from '../../trust/keys';
import type { updatesMethods } from '../contract/updates';
import { ApiError } from '../errors';
import type { HandlerCtx, Handlers } from './types';
import { refusalApiError } from './refusals';

const keys = (ctx: HandlerCtx) => trustedKeys({ config: ctx.config.trust.bundleKeys });

/** A refused bundle reaches the console with its code and both languages. */
function refused(err: unknown): never {
  if (err instanceof BundleError) throw new ApiError(`bundle_${err.code}`, err.message);
  if (err instanceof TrustError) throw new ApiError('bundle_trust', err.message);
  throw refusalApiError(err);
}

const summary = (m: Manifest, signer: string) => ({
  version: m.version,
  createdAt: m.createdAt,
  by: m.by,
  signer,
  parts: m.parts.map(({ kind, path, size }) => ({ kind, path, size })),
});

export const updatesHandlers: Handlers<typeof updatesMethods> = {
  'updates.settings'(_p, ctx) {
    const u = ctx.config.updates;
    return {
      // Every console desk reads this (its notices): the address as redactUrl shows one, never the
      // login or token an installer wrote into it. Nothing saves it back (the config file is the
      // only place it is set), so a masked value can never replace the real one.
      url: u.url ? redactUrl(u.url) : null,
      insecure: u.allowInsecure,
      channel: u.channel,
      group: u.group,
      installWindow: u.installWindow,
      lanServer: ctx.status?.lanServer ?? null,
    };
  },

  async 'bundle.verify'({ path }, ctx) {
    try {
      const v = await verifyBundle(path, keys(ctx));
      const s = bundleStanding(v, lastAppliedBundle(ctx.db));
      return {
        ...summary(v.manifest, `${v.signer.id} (${v.signer.origin})`),
        ageDays: s.ageDays,
        lastApplied: s.lastApplied ? { createdAt: s.lastApplied.createdAt, appliedAt: s.lastApplied.appliedAt } : null,
        olderThanLastApplied: s.older,
        alreadyApplied: s.same,
      };
    } catch (err) {
      refused(err);
    }
  },

  async 'bundle.apply'({ path, allowOlder }, ctx) {
    try {
      const r = await applyBundle({
        file: path,
        trusted: keys(ctx),
        dataDir: ctx.dataDir,
        db: ctx.db,
        actor: ctx.actor,
        backupsDir: backupsDir(ctx.dataDir, ctx.config.backups),
        allowOlder: allowOlder === true,
      });
      if (r.applied.includes('layouts')) ctx.services.layouts.announce();
      // The feeds tab re-reads its list; the scheduler reads the feeds table at each tick.
      if (r.applied.includes('config')) ctx.emit('feeds.changed', { at: new Date().toISOString(), networkDown: ctx.services.sync.scheduler.networkDown });
      // New boundaries: every panel's map redraws.
      if (r.applied.includes('boundaries')) ctx.services.views.changed([...DOMAIN_IDS]);
      return { ...summary(r.manifest, r.signer), applied: r.applied, backup: r.backup, updateDir: r.update?.dir ?? null };
    } catch (err) {
      refused(err);
    }
  },
};
