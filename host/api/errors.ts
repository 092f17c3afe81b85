import type { z } from 'zod';
import { listed } from '../../base/problems';

export interface IssueOut {
  path: string;
  message: string;
}

/**
 * An error meant for the caller: `code` is for programs ('invalid_params', 'not_found',
 * 'unknown_method', 'not_implemented', 'conflict', 'internal'), `message` for the person.
 * Handlers throw it; anything else thrown becomes 'internal' without leaking details.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: IssueOut[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 'server.port', 'tiles.3.rect.w'; '(root)' when the value itself is wrong. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** The issues of a failed parse, at most MAX_LISTED of them and a count of the rest (base/problems.ts). */
export function issuesOf(error: z.ZodError): IssueOut[] {
  return listed(error.issues.map((i) => ({ path: issuePath(i.path), message: i.message })));
}

export function invalidParams(method: string, error: z.ZodError): ApiError {
  const issues = issuesOf(error);
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError('invalid_params', `Invalid params for ${method} — ${list}`, issues);
}
