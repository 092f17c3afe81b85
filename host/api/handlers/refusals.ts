import { Refusal } from '../../refusal';
import { ApiError } from '../errors';

/** A store's refusal (layouts, alerts), as the caller sees it: same code, message and fields. */
export function refusalApiError(err: unknown): unknown {
  return err instanceof Refusal ? new ApiError(err.code, err.message, err.problems) : err;
}

/** The same handlers, with the stores' refusals turned into ApiErrors (sync or async). */
export function mappingRefusals<H extends Record<string, (...args: never[]) => unknown>>(handlers: H): H {
  const out: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = (...args: never[]) => {
      let result: unknown;
      try {
        result = handler(...args);
      } catch (err) {
        throw refusalApiError(err);
      }
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(refusalApiError(err))) : result;
    };
  }
  return out as H;
}
