/**
 * What the layout store refuses, in both languages, with the fields at fault. The store knows
 * nothing of the HostApi; handlers turn this into an ApiError with the same code
 * (host/api/handlers/layout-errors.ts).
 */
export class LayoutError extends Error {
  override name = 'LayoutError';
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid_params',
    message: string,
    readonly problems?: { path: string; message: string }[],
  ) {
    super(message);
  }
}
