import type { camerasMethods } from '../contract/cameras';
import { ApiError } from '../errors';
import type { HandlerCtx, Handlers } from './types';

const cameras = (ctx: HandlerCtx) => ctx.services.cameras;

export const camerasHandlers: Handlers<typeof camerasMethods> = {
  'cameras.list'(p, ctx) {
    return { cameras: cameras(ctx).list(p.search), signalLostSec: ctx.config.camera.signalLostSec };
  },
  async 'cameras.check'(p, ctx) {
    const s = cameras(ctx);
    if (p.id && !s.store.get(p.id)) throw new ApiError('not_found', `Không có camera "${p.id}" / no camera "${p.id}"`);
    await s.checkAll(p.id ? [p.id] : undefined);
    return p.id ? s.list().filter((c) => c.id === p.id) : s.list();
  },
  async 'cameras.add'(p, ctx) {
    const s = cameras(ctx);
    const existing = s.store.get(p.id);
    if (existing && existing.source !== 'console') {
      throw new ApiError('conflict', `Camera "${p.id}" đến từ ${existing.source}, sửa ở đó / comes from ${existing.source}: edit it there`);
    }
    const cam = await s.store.put(p, p.streams, 'console');
    ctx.emit('cameras.changed', { at: new Date().toISOString() });
    void s.checkAll([cam.id]).catch(() => undefined);
    return s.view(cam);
  },
  async 'cameras.remove'(p, ctx) {
    const s = cameras(ctx);
    const existing = s.store.get(p.id);
    if (existing && existing.source !== 'console') {
      throw new ApiError('conflict', `Camera "${p.id}" đến từ ${existing.source}, xoá ở đó / comes from ${existing.source}: remove it there`);
    }
    const removed = await s.store.remove(p.id);
    if (removed) ctx.emit('cameras.changed', { at: new Date().toISOString() });
    return { removed };
  },
};
