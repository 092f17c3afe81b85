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

/**
 * A next-page link a server wrote with its inner address, as the same resource on the address the
 * feed reads it from; null when it names nothing recognisable there. A server behind a reverse
 * proxy writes links as it sees itself unless told its public address (FROST's `serviceRootUrl`,
 * GeoServer's `proxyBaseUrl`): `http://localhost:8080/FROST-Server/v1.1/Things?$skip=200`, or http
 * where the proxy speaks https. Recognised: a link under the same versioned service root as `onto`
 * (`…/v1.1/…`, `…/v1/…`), its path after that root kept; else a link whose path ends as `onto`'s
 * (the same collection, further on). The query is the link's. Nothing is asked of the link's host.
 */
export function onFeedServer(link: URL, onto: URL): string | null {
  const version = [...onto.pathname.matchAll(/\/(v\d+(?:\.\d+)?)\//g)].pop();
  if (version) {
    const at = link.pathname.lastIndexOf(version[0]);
    if (at < 0) return null;
    return new URL(onto.pathname.slice(0, version.index + version[0].length) + link.pathname.slice(at + version[0].length) + link.search, onto.origin).toString();
  }
  const tail = onto.pathname.split('/').filter(Boolean).slice(-2).join('/');
  return tail && link.pathname.endsWith(`/${tail}`) ? new URL(onto.pathname + link.search, onto.origin).toString() : null;
}
