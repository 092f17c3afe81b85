import type { viewsMethods } from '../contract/views';
import { ApiError } from '../errors';
import { runView, ViewError } from '../../views';
import { searchEvents } from '../../views/search';
import type { Handlers } from './types';

export const viewsHandlers: Handlers<typeof viewsMethods> = {
  'view.query'({ domain, view, areaId, period }, ctx) {
    try {
      return runView(ctx.db, domain, view, { areaId, period });
    } catch (e) {
      if (e instanceof ViewError) throw new ApiError(e.code, e.message);
      throw e;
    }
  },
  'events.search'({ domain, q, areaId, limit }, ctx) {
    try {
      return searchEvents(ctx.db, { domain, q, areaId, limit });
    } catch (e) {
      if (e instanceof ViewError) throw new ApiError(e.code, e.message);
      throw e;
    }
  },
};
