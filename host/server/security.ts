import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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
 * The renderer needs its own scripts, inline styles (Leaflet and React set style attributes),
 * data:/blob: images (chart exports, map icons), its WebSocket, and for camera pictures a
 * MediaSource (blob: media) fed by hls.js from a blob: worker. Nothing else.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const ws = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    `connect-src 'self'${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
