import type { storageMethods } from '../contract/storage';
import { ApiError } from '../errors';
import type { Handlers } from './types';

export const storageHandlers: Handlers<typeof storageMethods> = {
  'storage.status': (_p, ctx) => {
    const m = ctx.services.maintenance;
    if (!m) throw new ApiError('unavailable', 'Máy chủ chưa sẵn sàng / The host is not fully started');
    return m.status();
  },
};
