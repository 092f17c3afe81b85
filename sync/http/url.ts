/**
 * What the sync reads from a URL, and the one check of a URL a server hands over. None throws: a URL that does not parse is refused
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

/**
 * A link or redirect a server gave, resolved against where it came from: the http(s) URL to
 * fetch, or what it is instead (`scheme` null: not a URL at all; else `file:`, `ftp:`…). Nothing
 * else is ever fetched.
 */
export function httpTarget(link: string, base: string): { url: string } | { scheme: string | null } {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    return { scheme: null };
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? { url: url.toString() } : { scheme: url.protocol };
}
