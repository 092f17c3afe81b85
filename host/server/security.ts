import { randomBytes, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';

/** 32 bytes of randomness, URL-safe: goes into printed URLs and query strings unescaped. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  // Length leaks nothing useful (tokens are fixed-length); the compare itself must not leak.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Sub-protocol that carries the token when a client cannot put it in the URL. */
export const TOKEN_PROTOCOL_PREFIX = 'ioc-wall.token.';
export const API_PROTOCOL = 'ioc-wall';

/** The token from `?token=` or a `Sec-WebSocket-Protocol: ioc-wall.token.<T>` entry. */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((s) => s.trim());
  const p = offered.find((s) => s.startsWith(TOKEN_PROTOCOL_PREFIX));
  return p ? p.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}

/**
 * Browsers always send Origin on a WebSocket; a page from another site must not drive the
 * host with a token it scraped. Same-origin (Origin host = Host header) or a listed origin
 * passes. No Origin at all means a non-browser client (LAN node, CLI): the token decides.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if ((o.protocol === 'http:' || o.protocol === 'https:') && o.host === req.headers.host) return true;
  return allowed.some((a) => {
    try {
      return new URL(a).origin === o.origin;
    } catch {
      return false;
    }
  });
}

/**
 * The names the host answers to besides IP literals, localhost and this machine's own names:
 * its certificate's DNS names (what a browser accepts it for), the host names of
 * `server.allowedOrigins` and `server.host` when it is a name. Built once at start (service.ts)
 * for the HTTP side and the WebSocket.
 */
export interface HostNames {
  readonly names: ReadonlySet<string>;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

export function hostNames(allowedOrigins: readonly string[], certificate?: Buffer, serverHost?: string): HostNames {
  const names = new Set<string>();
  // `server.host` given as a name is the one the host prints its own address with.
  if (serverHost && isIP(serverHost) === 0) names.add(bare(serverHost));
  for (const o of allowedOrigins) {
    try {
      names.add(bare(new URL(o).hostname));
    } catch {
      // Not a URL: the config's own check says so at start.
    }
  }
  if (certificate) for (const n of certificateNames(certificate)) if (n) names.add(bare(n));
  return { names };
}

/** The DNS names in a PEM certificate's subjectAltName. */
export function certificateNames(pem: Buffer): string[] {
  try {
    const alt = new X509Certificate(pem).subjectAltName ?? '';
    return alt
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.startsWith('DNS:'))
      .map((s) => s.slice(4));
  } catch {
    return [];
  }
}

/** The host name of a Host header ('[::1]:8080' → '::1'), or null when it is not one. */
function hostNameOf(header: string): string | null {
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return null;
  }
}

/**
 * Does a request name this host? A page of another site can make its own name resolve to this
 * machine (DNS rebinding); its requests then carry that name in Host, and in Origin too, so the
 * Origin check alone takes it for the host's own page. IP literals, localhost, names without a
 * dot (a page can only rebind a name in a domain it holds, which has one), this machine's name
 * (and name.local) and the listed names pass. The callers judge what a page could send: every
 * GET, and whatever carries an Origin (a browser sends one with every POST and WebSocket); a
 * node's WebSocket and `ioc-wall enroll`'s POST carry none, and their credential or code decides.
 */
export function hostAllowed(req: IncomingMessage, allowed: HostNames): boolean {
  const header = req.headers.host;
  // No Host (HTTP/1.0): not a browser, which always sends the name it reached.
  if (header === undefined) return true;
  const raw = hostNameOf(header);
  if (raw === null) return false;
  const name = bare(raw);
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (!name.includes('.')) return true;
  const own = bare(hostname());
  const ownShort = own.split('.')[0]!;
  if (name === own || name === ownShort || name === `${ownShort}.local`) return true;
  if (allowed.names.has(name)) return true;
  // A certificate's wildcard covers one label, as browsers read it.
  const dot = name.indexOf('.');
  return dot > 0 && allowed.names.has(`*${name.slice(dot)}`);
}

/** What a page could have sent: a GET or HEAD (no Origin on a same-origin GET), or anything with an Origin. */
export const pageCouldSend = (req: IncomingMessage): boolean =>
  req.method === 'GET' || req.method === 'HEAD' || req.headers.origin !== undefined;

/** What a refused Host is told: which name, and where to list it. */
export function misdirectedWords(header: string | undefined): string {
  const name = hostNameOf(header ?? '') ?? String(header).slice(0, 80);
  return (
    `Máy chủ không nhận tên "${name}": mở bằng địa chỉ IP, localhost hoặc tên máy, hoặc thêm http(s)://${name}:<cổng> vào server.allowedOrigins (IOC_WALL_ALLOWED_ORIGINS) / ` +
    `this host does not answer to the name "${name}": open it by its IP address, localhost or the machine's name, or add http(s)://${name}:<port> to server.allowedOrigins (IOC_WALL_ALLOWED_ORIGINS) in the host's config.\n`
  );
}
