/**
 * What a host store refuses (no such row, a conflict, a wrong value), in both languages, with the
 * fields at fault. Stores know nothing of the HostApi; handlers turn a refusal into an ApiError
 * with the same code, message and fields (host/api/handlers/refusals.ts).
 */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid_params',
    message: string,
    readonly problems?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/**
 * Problems listed in one answer. A request wrong in more places is wrong throughout (a file for
 * another wall, a list of a million bad items); the first ones say what to mend, and an answer of
 * every one could pass the size a client reads.
 */
export const MAX_LISTED = 100;

/** `problems` cut to MAX_LISTED, with a last line counting the rest. */
export function listed(problems: readonly { path: string; message: string }[]): { path: string; message: string }[] {
  if (problems.length <= MAX_LISTED) return [...problems];
  const more = problems.length - MAX_LISTED;
  return [...problems.slice(0, MAX_LISTED), { path: '(more)', message: `còn ${more} lỗi nữa / ${more} more problems not listed: mend these first` }];
}
