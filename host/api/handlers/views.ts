import type { viewsMethods } from '../contract/views';
import { ApiError } from '../errors';
import { runView, ViewError } from '../../views';
import { searchEvents } from '../../views/search';
import type { Handlers } from './types';

/** A view's refusal (an unknown area, a bad period or query) as the HostApi's, its words kept. */
function answer<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    if (e instanceof ViewError) throw new ApiError(e.code, e.message);
    throw e;
  }
}

export const viewsHandlers: Handlers<typeof viewsMethods> = {
  'view.query': ({ domain, view, areaId, period }, ctx) => answer(() => runView(ctx.db, domain, view, { areaId, period })),
  'events.search': ({ domain, q, areaId, limit }, ctx) => answer(() => searchEvents(ctx.db, { domain, q, areaId, limit })),
};
