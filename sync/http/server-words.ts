/**
 * What a server said when it refused a request: the message of its error body, so that the
 * operator reads "sort field 'x' does not exist" (CKAN's 409) or "Invalid $filter" (FROST's 400)
 * instead of only the status. Taken from a JSON body's usual fields (`message`, `error.message`,
 * `error_description`, `description`, `detail`, `title`, `error` as text, the first of a list of
 * such), or the first line of a short plain-text body; an HTML page says nothing worth quoting.
 * A text given in several languages (`{"en": …, "vi": …}`, as SDMX-JSON writes an error's `title`
 * and `detail`) is quoted in Vietnamese, else English, else the first it has.
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

// `details` and `titles`: SDMX-JSON 2.0's errors give each text also as a map by language.
const FIELDS = ['message', 'error_description', 'description', 'detail', 'title', 'details', 'titles', 'error', 'errors'] as const;

function messageIn(v: unknown, depth: number): string | null {
  if (depth > 3 || v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length > 0 ? messageIn(v[0], depth + 1) : null;
  if (typeof v !== 'object') return null;
  for (const f of FIELDS) {
    if (!Object.hasOwn(v, f)) continue;
    const x = (v as Record<string, unknown>)[f];
    const m = (f === 'error' || f === 'errors' ? null : localised(x)) ?? messageIn(x, depth + 1);
    if (m) return m;
  }
  return null;
}

/** An IETF language tag as a localised text's key: `vi`, `en`, `en-GB`, `zh-Hans-CN`. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/**
 * The text of a map of one text by language, in the language the operator reads first; null for
 * anything else. Read only as a text field's value (not `error`, which may hold `{"id": …}`:
 * keys of other objects look like language tags too).
 */
function localised(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 0 || !keys.every((k) => LANGUAGE_TAG.test(k) && typeof o[k] === 'string')) return null;
  const pick = (lang: string) => keys.find((k) => k.toLowerCase() === lang || k.toLowerCase().startsWith(`${lang}-`));
  const key = pick('vi') ?? pick('en') ?? keys[0]!;
  return (o[key] as string) || null;
}
