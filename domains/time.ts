/**
 * The one spelling of an instant in the database: UTC, whole seconds, 'Z'
 * ('2025-03-01T01:30:00Z'). Views compare stored times as text (so their indexes stay covering),
 * which is only time order when every writer uses this form; feeds send '+07:00' offsets,
 * milliseconds or none, so the store canonicalises on the way in.
 */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function canonicalTime(iso: string): string {
  if (CANONICAL.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${JSON.stringify(iso)}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function canonicalTimeOrNull(iso: string | null): string | null {
  return iso === null ? null : canonicalTime(iso);
}
