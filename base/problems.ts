/**
 * How many problems one answer lists. A request or file wrong in more places is wrong throughout
 * (written for another wall, a list of a million bad items): the first ones say what to mend, and
 * an answer with every one could pass the size a client reads.
 */
export const MAX_LISTED = 100;

/** The path of the last line of a cut list. */
export const MORE = '(more)';

export interface Problem {
  path: string;
  message: string;
}

/**
 * `problems` cut to MAX_LISTED and a last line saying how many more there were, or, when the
 * checking itself stopped early (`stopped`), only that there were more. A list already cut is
 * returned as it is, so a store and the HostApi may both apply it.
 */
export function listed(problems: readonly Problem[], stopped = false): Problem[] {
  if (problems.length <= MAX_LISTED || (problems.length === MAX_LISTED + 1 && problems[MAX_LISTED]!.path === MORE)) return [...problems];
  const more = problems.length - MAX_LISTED;
  const message = stopped
    ? 'còn nữa, chưa kiểm tra hết / more problems, not all checked: mend these first'
    : `còn ${more} lỗi nữa / ${more} more problems not listed: mend these first`;
  return [...problems.slice(0, MAX_LISTED), { path: MORE, message }];
}
