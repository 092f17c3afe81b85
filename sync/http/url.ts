/**
 * The two things the sync reads from a URL. Neither throws: a URL that does not parse is refused
 * where it is requested, with an error that names it, not here as an unexpected exception.
 */

/** `https://host:port` of a URL; null when it does not parse. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** `host:port` of a URL for messages; the text itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
