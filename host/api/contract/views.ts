import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read } from './method';
import { domainIdSchema, periodSchema } from '../../../domains';
import { VIEW_IDS, type QueueItem, type ViewId, type ViewResult, type ViewResultMap } from '../../../domains/views';

/**
 * The panels' data. One method: a named view of a domain for an area and a period. The result's
 * `kind` is the view id, so the client types each answer by the view asked for (ViewAnswer).
 */
const viewQuerySchema = z.object({
  domain: domainIdSchema,
  view: z.enum(VIEW_IDS),
  /** GSO code of a district ('689'), or '70' / absent for the whole province. */
  areaId: z.string().min(1).max(16).optional(),
  /** 'YYYY', 'YYYY-Qn' or 'YYYY-MM'; absent = the current year to date. */
  period: periodSchema.optional(),
});

export const viewsMethods = {
  'view.query': method<ViewResult>()(viewQuerySchema, read(EVERY_ROLE)),
  /**
   * The desk's search: a domain's reports whose number, title or address hold every word typed
   * (with or without diacritics), open ones first; at most `limit`.
   */
  'events.search': method<QueueItem[]>()(
    z.object({
      domain: domainIdSchema,
      q: z.string().max(200),
      areaId: z.string().min(1).max(16).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    read(OPERATOR),
  ),
};

export type { ViewId } from '../../../domains/views';

/** The params of a view.query for view V: `{ domain: 'economy', view: 'kpis', areaId }`. */
export type ViewQuery<V extends ViewId = ViewId> = Omit<z.input<typeof viewQuerySchema>, 'view'> & { view: V };

/** What view.query answers for view V: the member of its result union whose `kind` is V. */
export type ViewAnswer<V extends ViewId> = ViewResultMap[V];

// ViewResultMap (indexable by a generic V, which Extract is not) must agree with the result
// union: each view's answer is a member of ViewResult whose kind is that view. Fails to compile otherwise.
type Agree = false extends { [V in ViewId]: ViewResultMap[V] extends ViewResult & { kind: V } ? true : false }[ViewId] ? false : true;
type Assert<T extends true> = T;
export type ViewAnswersAgree = Assert<Agree>;
