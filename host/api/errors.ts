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

/** The most of a caller's string an answer quotes: enough to recognise it. */
export const QUOTE_CHARS = 64;

/**
 * A caller's string as an answer quotes it: in JSON quotes (control characters escaped), cut to
 * QUOTE_CHARS with "…". Whatever a client sends (a 900 KB method name, a key of a million
 * characters) comes back this short, never echoed whole.
 */
export function quoted(value: string, max = QUOTE_CHARS): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

const clipped = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);
/** An issue's words: ours are shorter; more is a value of the caller's that zod wrote into them. */
const ISSUE_MESSAGE_CHARS = 300;
/** A path's parts are the caller's keys (a record's, an unknown one): each cut like a quote. */
const issuePathOut = (path: readonly PropertyKey[]) => clipped(issuePath(path.map((p) => (typeof p === 'string' ? clipped(p, QUOTE_CHARS) : p))), 4 * QUOTE_CHARS);

/** zod writes every unknown key whole into its message ('Unrecognized key: "…"'): quoted short. */
function issueMessage(i: z.ZodError['issues'][number]): string {
  if (i.code === 'unrecognized_keys') {
    const more = i.keys.length > 3 ? ` (+${i.keys.length - 3})` : '';
    return `Unrecognized key${i.keys.length > 1 ? 's' : ''}: ${i.keys.slice(0, 3).map((k) => quoted(k)).join(', ')}${more}`;
  }
  return clipped(i.message, ISSUE_MESSAGE_CHARS);
}

/**
 * The issues of a failed parse, at most MAX_LISTED of them and a count of the rest
 * (base/problems.ts); the caller's keys and values in them quoted short.
 */
export function issuesOf(error: z.ZodError): IssueOut[] {
  return listed(error.issues.map((i) => ({ path: issuePathOut(i.path), message: issueMessage(i) })));
}

export function invalidParams(method: string, error: z.ZodError): ApiError {
  const issues = issuesOf(error);
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError('invalid_params', `Invalid params for ${method} — ${list}`, issues);
}

/**
 * An error as a channel answers it (the WebSocket, the Electron bridge, the host's own first
 * frames): an ApiError as it is; anything else logged here, the client told only what to do.
 */
export function toWireError(err: unknown): { code: string; message: string; issues?: { path: string; message: string }[] } {
  if (err instanceof ApiError) {
    return err.issues ? { code: err.code, message: err.message, issues: err.issues } : { code: err.code, message: err.message };
  }
  // Internal details stay in the host's log; the client gets what to do.
  console.error('[host] handler failed:', err);
  return { code: 'internal', message: 'The host could not complete the request; see its log for details.' };
}
