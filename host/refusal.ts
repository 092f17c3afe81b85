/**
 * What a host store refuses (no such row, a conflict, a wrong value), in both languages, with the
 * fields at fault. Stores know nothing of the HostApi; handlers turn a refusal into an ApiError
 * with the same code, message and fields (host/api/handlers/refusals.ts).
 */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    /** 'forbidden': the caller's role allows the method, not what this request would change. */
    readonly code: 'not_found' | 'conflict' | 'invalid_params' | 'forbidden',
    message: string,
    readonly problems?: { path: string; message: string }[],
  ) {
    super(message);
  }
}
