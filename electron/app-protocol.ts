import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { mimeOf } from '../host/server/web-policy';
import { isCameraPath } from './camera-proxy';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';
import { wallShell } from '../host/server/wall-preload';

/**
 * The app:// scheme serves the built renderer (dist/renderer). A custom privileged scheme
 * instead of file:// gives the renderer a real origin (so CSP 'self', fetch and storage work
 * as on the web) while reaching nothing on disk outside the renderer folder.
 */

// standard + secure give app://ioc a real origin, so the renderer's same-origin module scripts
// load; corsEnabled stays off because it would let other origins read our files.
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, corsEnabled: false, stream: true },
};

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Resolves a request path inside root, or null when it would escape it. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rootAbs = resolve(root);
  const file = resolve(rootAbs, normalize(`.${sep}${decoded}`));
  return file === rootAbs || file.startsWith(rootAbs + sep) ? file : null;
}

/**
 * Handler for protocol.handle(APP_SCHEME, ...). Routes without a file extension (/wall,
 * /console, /kiosk) get index.html: the renderer is a single-page app. /cameras/… goes to
 * `opts.cameras` (camera-proxy.ts): main forwards it to the host's camera proxy.
 */
export function createAppProtocolHandler(rendererRoot: string, opts: { cameras?: (request: Request) => Promise<Response> } = {}) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
    if (opts.cameras && isCameraPath(url.pathname)) return opts.cameras(request);
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = resolveInside(rendererRoot, path);
    if (!file) return new Response('Forbidden', { status: 403, headers: SECURITY_HEADERS });
    const target = extname(file) ? file : join(resolve(rendererRoot), 'index.html');
    try {
      // A wall window's shell names the wall's chunks up front, as the host serves it to browsers.
      const wall = url.pathname === '/wall' ? wallShell(resolve(rendererRoot)) : null;
      const body = wall ?? (await readFile(target));
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': mimeOf(target) },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
  };
}

export function appUrl(route: string, query: Record<string, string | undefined> = {}): string {
  const u = new URL(route, `${APP_SCHEME}://${APP_HOST}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}
