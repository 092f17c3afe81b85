import { redact } from '../../sync/http/errors';
import { boundedJson } from '../../sync/text/bounded-json';
import type { MethodName } from './contract';

/**
 * What a request's log line (the dispatcher's "slow request") may show of its params. The log is
 * the service journal or the app's log file: whoever reads it (a support technician, a log
 * collector) is not an administrator, so no typed secret may reach it. tests/unit/api/log-params
 * walks every method's params schema and fails when a method with a field named like a secret, a
 * credential or an address (or a field of any shape) is in neither list below: a new method is
 * decided on before it ships, not found in a journal later.
 */

/** Methods whose params can carry a secret or a credential, with what: the line names the method and its time only. */
export const PARAMS_NOT_LOGGED: Readonly<Partial<Record<MethodName, string>>> = {
  'secrets.set': 'the secret value itself',
  'feeds.save': "the feed's auth values typed in the form, a login or key in its URL or proxy",
  'feeds.try': 'as feeds.save',
  'cameras.add': "stream URLs with a login in them, the streams' credentials",
  'node.reply': "a screenshot of a display (whatever the screen showed)",
};

/**
 * Namespaces that deal in secrets and credentials (the secret store; nodes, whose answers are
 * enrollment codes): any method in them, present or added later, is left out whatever it takes.
 */
const NAMESPACES_NOT_LOGGED: readonly string[] = ['secrets.', 'nodes.'];

/**
 * Methods with a field that looks like a secret by its name, or takes a value of any shape, that
 * were read and hold none: logged, and still through redact (a URL in them loses its query values
 * and login).
 */
export const PARAMS_REVIEWED: Readonly<Partial<Record<MethodName, string>>> = {
  'observation.put': '`value` is the indicator reading (a number)',
  'layouts.import': 'a layouts export file: presets, wall and schedule, no secret field in its format (layouts/)',
  'alertRules.save': 'an alert rule: conditions and actions on the wall, no secret field in its format (domains/alerts)',
};

export function paramsLogged(method: MethodName): boolean {
  return PARAMS_NOT_LOGGED[method] === undefined && !NAMESPACES_NOT_LOGGED.some((ns) => method.startsWith(ns));
}

/** Longest string redacted whole before the line is cut: a URL's login must be seen entire to be hidden. */
const REDACT_STRING_CHARS = 64 * 1024;

/**
 * The params as the log line shows them, at most `maxChars`: nothing for a method that may carry
 * secrets; else each string redacted whole (a URL cut first could leave its login unrecognised),
 * then the text cut.
 */
export function paramsForLog(method: MethodName, params: unknown, maxChars: number): string {
  if (!paramsLogged(method)) return 'params not logged: they may carry secrets';
  return boundedJson(params, maxChars, 8, (s) => redact(s.length > REDACT_STRING_CHARS ? s.slice(0, REDACT_STRING_CHARS) : s));
}
