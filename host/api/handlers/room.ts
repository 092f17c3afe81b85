import type { roomMethods } from '../contract/room';
import { ApiError } from '../errors';
import { NodeNotFoundError, NodeRevokedError } from '../../room/nodes';
import { NodeUnreachableError } from '../../room/room';
import { WallRequestError } from '../../room/wall-requests';
import { refusalApiError } from './refusals';
import { VERSION } from '../../version';
import { endCameraResponsesOf } from '../../cameras/watchers';
import type { HandlerCtx, Handlers } from './types';

const requests = (ctx: HandlerCtx) => ctx.services.wallRequests;

/** The room's domain errors, as the caller sees them. */
function mapped<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof NodeNotFoundError) throw new ApiError('not_found', err.message);
    if (err instanceof NodeRevokedError) throw new ApiError('conflict', err.message);
    if (err instanceof WallRequestError) throw new ApiError(err.code, err.message);
    throw refusalApiError(err);
  }
}

function nodeOrThrow(ctx: HandlerCtx, id: string) {
  const node = ctx.room.nodes.get(id);
  if (!node) throw new ApiError('not_found', new NodeNotFoundError(id).message);
  return node;
}

export const roomHandlers: Handlers<typeof roomMethods> = {
  'session.whoami'(_p, ctx) {
    return { role: ctx.caller.role, nodeId: ctx.caller.nodeId, name: ctx.caller.name };
  },
  'nodes.list'(_p, ctx) {
    return ctx.room.nodes.list(VERSION, (id) => ctx.room.connections(id));
  },
  'nodes.add'({ role, name }, ctx) {
    const node = ctx.room.nodes.add(role, name, ctx.actor);
    ctx.emit('nodes.changed', { at: new Date().toISOString() });
    return node;
  },
  'nodes.code'({ id }, ctx) {
    const out = mapped(() => ctx.room.nodes.issueCode(id));
    ctx.emit('nodes.changed', { at: new Date().toISOString() });
    return out;
  },
  'nodes.revoke'({ id }, ctx) {
    nodeOrThrow(ctx, id);
    ctx.room.nodes.revoke(id, ctx.actor);
    const closed = ctx.room.closeNode(id);
    // Its camera streams too, at once (a revocation from another process is found by the camera
    // proxy's own check within a second, host/cameras/watchers.ts).
    endCameraResponsesOf(id);
    ctx.emit('nodes.changed', { at: new Date().toISOString() });
    return { id, closed };
  },
  'node.command'({ id, command }, ctx) {
    const node = nodeOrThrow(ctx, id);
    if (node.revoked) throw new ApiError('conflict', new NodeRevokedError(id).message);
    return { sent: ctx.room.command(id, command) };
  },
  async 'node.screenshot'({ id }, ctx) {
    nodeOrThrow(ctx, id);
    try {
      return await ctx.room.screenshot(id);
    } catch (err) {
      if (err instanceof NodeUnreachableError) {
        throw new ApiError(
          'unavailable',
          `Không chụp được màn hình của máy trạm (${err.message}) / no screenshot from the node (${err.message}): check that it is online; browser nodes cannot take one.`,
        );
      }
      throw err;
    }
  },
  'node.heartbeat'(hb, ctx) {
    ctx.room.heartbeat(ctx.sessionId, ctx.caller, hb);
    return { at: new Date().toISOString() };
  },
  'node.reply'({ requestId, displays, error }, ctx) {
    ctx.room.reply(ctx.caller, requestId, { displays, error });
    return null;
  },
  'wallRequest.create'(p, ctx) {
    return mapped(() => requests(ctx).create(ctx.caller, p, ctx.config.kiosk.requireApproval));
  },
  'wallRequest.list'({ include }, ctx) {
    return requests(ctx).list(ctx.caller, include);
  },
  'wallRequest.decide'({ id, approve, note }, ctx) {
    return mapped(() => requests(ctx).decide(id, approve, ctx.actor, note));
  },
};
