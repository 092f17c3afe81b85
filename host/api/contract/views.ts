import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read } from './method';
import { domainIdSchema, periodSchema } from '../../../domains';
import { VIEW_IDS, type ViewResult } from '../../../domains/views';

/**
 * The panels' data (data engineer). One method: a named view of a domain for an area and a
 * period. The result's `kind` is the view id; `ViewResultMap[view]` in domains/views.ts types it.
 */
export const viewsMethods = {
  'view.query': method<ViewResult>()(
    z.object({
      domain: domainIdSchema,
      view: z.enum(VIEW_IDS),
      /** GSO code of a district ('689'), or '70' / absent for the whole province. */
      areaId: z.string().min(1).max(16).optional(),
      /** 'YYYY', 'YYYY-Qn' or 'YYYY-MM'; absent = the current year to date. */
      period: periodSchema.optional(),
    }), read(EVERY_ROLE)),
};
