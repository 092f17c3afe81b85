/**
 * What a server said when it refused a request: the message of its error body, so that the
 * operator reads "sort field 'x' does not exist" (CKAN's 409) or "Invalid $filter" (FROST's 400)
 * instead of only the status. Taken from a JSON body's usual fields (`message`, `error.message`,
 * `error_description`, `description`, `detail`, `title`, `error` as text, the first of a list of
 * such), or the first line of a short plain-text body; an HTML page says nothing worth quoting.
 * At most 200 characters, on one line; null when there is nothing to quote.
 */
export function serverWords(body: Buffer, contentType: string | undefined): string | null {
  if (body.length === 0 || body.length > 64 * 1024) return null;
  const text = body.toString('utf8').trim();
  if (text.startsWith('<') || /html/i.test(contentType ?? '')) return null;
  let found: string | null = null;
  try {
    found = messageIn(JSON.parse(text), 0);
  } catch {
    found = /json/i.test(contentType ?? '') ? null : (text.split('\n')[0] ?? null);
  }
  const line = found?.replace(/\s+/g, ' ').trim();
  return line ? line.slice(0, 200) : null;
}

const FIELDS = ['message', 'error_description', 'description', 'detail', 'title', 'error', 'errors'] as const;

function messageIn(v: unknown, depth: number): string | null {
  if (depth > 3 || v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length > 0 ? messageIn(v[0], depth + 1) : null;
  if (typeof v !== 'object') return null;
  for (const f of FIELDS) {
    if (!Object.hasOwn(v, f)) continue;
    const m = messageIn((v as Record<string, unknown>)[f], depth + 1);
    if (m) return m;
  }
  return null;
}
