import { extname } from 'node:path';

/**
 * What the renderer's pages are allowed, served by the host (`serve`, LAN nodes) and by the
 * desktop app's app:// scheme alike, so a page that works in one works in the other:
 * - its own scripts only (no inline, no eval);
 * - inline styles: Leaflet, Chart.js and React set style attributes;
 * - data:/blob: images (chart exports, map icons, camera stills) and fonts;
 * - its own origin for fetch and the WebSocket (`wsHost` adds ws:/wss: for browsers that do not
 *   count them as 'self');
 * - workers from itself and blob: — hls.js transmuxes camera streams in a worker it builds from
 *   a blob: URL (without it, on the page's main thread); the service worker is /sw.js;
 * - no plugins, frames, <base> or form posts, and no framing by other sites.
 */
export function contentSecurityPolicy(wsHost?: string): string {
  const ws = wsHost ? ` ws://${wsHost} wss://${wsHost}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    // Camera pictures: hls.js feeds a MediaSource (a blob: URL).
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Content types of the files the renderer build contains. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** A file's content type by its extension; unknown ones are bytes (with nosniff, never run). */
export function mimeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
