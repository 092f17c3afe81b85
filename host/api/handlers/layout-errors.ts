import { LayoutError } from '../../layouts/errors';
import { ApiError } from '../errors';

/** A refusal of the layout store, as the caller sees it: same code, message and fields. */
export function layoutApiError(err: unknown): unknown {
  return err instanceof LayoutError ? new ApiError(err.code, err.message, err.problems) : err;
}

/** The same handlers, with the layout store's refusals turned into ApiErrors (sync or async). */
export function mappingLayoutErrors<H extends Record<string, (...args: never[]) => unknown>>(handlers: H): H {
  const out: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = (...args: never[]) => {
      let result: unknown;
      try {
        result = handler(...args);
      } catch (err) {
        throw layoutApiError(err);
      }
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(layoutApiError(err))) : result;
    };
  }
  return out as H;
}
