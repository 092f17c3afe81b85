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

/** What stands for a hidden value in any text the sync shows (and what the console sends back for "unchanged"). */
export const MASK = '***';

interface UrlParts {
  /** `scheme://` (or '' for a text with none). */
  scheme: string;
  /** The userinfo before `@`, or null. */
  userinfo: string | null;
  /** host[:port] and path. */
  rest: string;
  /** The query's `&`-separated parts, as written (none: null). */
  query: string[] | null;
  /** The fragment after `#`, or null. */
  fragment: string | null;
}

/** A URL cut by hand, not by `new URL`: a text that does not parse (a cut or a mistyped one) is hidden as well. */
function partsOf(url: string): UrlParts {
  const hash = url.indexOf('#');
  const fragment = hash >= 0 ? url.slice(hash + 1) : null;
  const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = beforeHash.indexOf('?');
  const query = q >= 0 ? beforeHash.slice(q + 1).split('&') : null;
  let head = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const schemeMatch = /^[a-z][a-z0-9+.-]*:\/\//i.exec(head);
  const scheme = schemeMatch ? schemeMatch[0] : '';
  head = head.slice(scheme.length);
  const authorityEnd = head.search(/[/\\]/);
  const authority = authorityEnd >= 0 ? head.slice(0, authorityEnd) : head;
  const at = authority.lastIndexOf('@');
  return {
    scheme,
    userinfo: at >= 0 ? authority.slice(0, at) : null,
    rest: at >= 0 ? head.slice(at + 1) : head,
    query,
    fragment,
  };
}

const joinParts = (p: UrlParts): string =>
  `${p.scheme}${p.userinfo !== null ? `${p.userinfo}@` : ''}${p.rest}${p.query !== null ? `?${p.query.join('&')}` : ''}${p.fragment !== null ? `#${p.fragment}` : ''}`;

const maskPart = (part: string): string => {
  const eq = part.indexOf('=');
  if (eq < 0) return part === '' ? '' : MASK;
  return eq === part.length - 1 ? part : `${part.slice(0, eq + 1)}${MASK}`;
};

/**
 * A URL as it may be shown or kept outside its feed's own config (the console's views, the audit
 * log, error texts, log lines): origin and path stay, every query value, any userinfo and the
 * fragment become `***`. Parameter names stay, so an administrator sees which ones there are. Done
 * by what a URL is, not by parameter names: a key can hide under any name (`subscription-key`,
 * `sig`, `appid`…), and a list of names let each new one through in clear.
 */
export function redactUrl(url: string): string {
  const p = partsOf(url);
  return joinParts({
    ...p,
    userinfo: p.userinfo !== null ? MASK : null,
    query: p.query?.map(maskPart) ?? null,
    fragment: p.fragment ? MASK : p.fragment,
  });
}

/** Query values shorter than this are words a server says for its own reasons (json, true, vi, 2024); no key is that short. */
const MIN_QUERY_SECRET = 6;

/**
 * The values a URL carries that redactUrl hides — the userinfo's password, query values, the
 * fragment, each as written and decoded — for taking out of a server's words, which may echo them
 * without the URL. Not the user name: it is no secret, and hiding it (`lgsp`) would garble every
 * host name that holds it.
 */
export function urlSecrets(url: string): string[] {
  const p = partsOf(url);
  const raw: string[] = [];
  if (p.userinfo?.includes(':')) raw.push(p.userinfo.slice(p.userinfo.indexOf(':') + 1));
  for (const part of p.query ?? []) {
    const eq = part.indexOf('=');
    const v = eq < 0 ? part : part.slice(eq + 1);
    if (v.length >= MIN_QUERY_SECRET) raw.push(v);
  }
  if (p.fragment && p.fragment.length >= MIN_QUERY_SECRET) raw.push(p.fragment);
  const out = new Set<string>();
  for (const v of raw) {
    if (!v) continue;
    out.add(v);
    try {
      out.add(decodeURIComponent(v.replace(/\+/g, ' ')));
    } catch {
      // A malformed escape: the value as written is what a server would echo.
    }
  }
  return [...out];
}

/**
 * A URL that came back from a redactUrl view (the console's edit form), with each `***` taken
 * back from the stored URL: userinfo, the same parameter's value (by name and occurrence), the
 * fragment. Only on the same origin — a value entered for one server never follows an edit to
 * another; a `***` left there is refused by the caller. A value typed over a `***` is the new one.
 */
export function unmaskUrl(next: string, prev: string): string {
  if (!next.includes(MASK) || originOf(next) === null || originOf(next) !== originOf(prev)) return next;
  const n = partsOf(next);
  const p = partsOf(prev);
  const prevParts = p.query ?? [];
  const nameOf = (part: string) => (part.includes('=') ? part.slice(0, part.indexOf('=')) : null);
  const seen = new Map<string | null, number>();
  const query = n.query?.map((part) => {
    const name = nameOf(part);
    const nth = seen.get(name) ?? 0;
    seen.set(name, nth + 1);
    if (part !== (name === null ? MASK : `${name}=${MASK}`)) return part;
    return prevParts.filter((q) => nameOf(q) === name)[nth] ?? part;
  });
  return joinParts({
    ...n,
    userinfo: n.userinfo === MASK ? p.userinfo : n.userinfo,
    query: query ?? null,
    fragment: n.fragment === MASK ? p.fragment : n.fragment,
  });
}
