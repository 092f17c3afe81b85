import type { z } from 'zod';

/**
 * One HostApi method: a zod schema for its params (checked at the host boundary) and the
 * TypeScript type of its result (a phantom: results are produced by our own code).
 */
export interface MethodDef<P extends z.ZodType = z.ZodType, R = unknown> {
  params: P;
  /** Never set; carries the result type. */
  readonly __result?: R;
}

export function method<R>() {
  return <P extends z.ZodType>(params: P): MethodDef<P, R> => ({ params });
}
