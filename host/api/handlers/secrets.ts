import type { SecretView, secretsMethods } from '../contract/secrets';
import { deleteSecret, listSecrets, setSecret } from '../../sync/secrets-admin';
import type { HandlerCtx, Handlers } from './types';

const sync = (ctx: HandlerCtx) => ctx.services.sync;

async function view(ctx: HandlerCtx, name: string): Promise<SecretView> {
  const all = await listSecrets(ctx.db, ctx.config, sync(ctx).secrets);
  return all.find((s) => s.name === name) ?? { name, stored: false, origins: [], configOrigins: [], usedBy: [] };
}

/** Names, origins and users of secrets; a value goes in, and never comes back out. */
export const secretsHandlers: Handlers<typeof secretsMethods> = {
  'secrets.list': (_p, ctx) => listSecrets(ctx.db, ctx.config, sync(ctx).secrets),

  'secrets.set': async ({ name, value, origins }, ctx) => {
    await setSecret(ctx.db, sync(ctx).secrets, name, value, origins, ctx.actor);
    ctx.emit('feeds.changed', { at: new Date().toISOString(), networkDown: sync(ctx).scheduler.networkDown });
    return view(ctx, name);
  },

  'secrets.delete': async ({ name }, ctx) => {
    const deleted = await deleteSecret(ctx.db, sync(ctx).secrets, name, ctx.actor);
    ctx.emit('feeds.changed', { at: new Date().toISOString(), networkDown: sync(ctx).scheduler.networkDown });
    return { name, deleted };
  },
};
