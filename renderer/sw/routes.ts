/**
 * What the service worker does with a request (renderer/sw/sw.ts). Pure, so it is tested
 * without a browser. The host is the truth whenever it answers: pages go to the network
 * first and fall back to the cached shell; hashed assets never change, so the cached copy
 * is served. The API, the WebSocket and anything not in the build pass straight through.
 */
import { parseRoute } from '../router';

export type SwRoute = 'shell' | 'asset' | 'pass';

/** The cache key of the app shell: no query string, so no `?token=` is ever stored. */
export const SHELL_KEY = '/index.html';

export function swRoute(
  req: { url: string; method: string; mode: string },
  origin: string,
  precached: ReadonlySet<string>,
): SwRoute {
  if (req.method !== 'GET') return 'pass';
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return 'pass';
  }
  if (url.origin !== origin) return 'pass';
  if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === '/healthz') return 'pass';
  if (req.mode === 'navigate') return parseRoute(url).name === 'notFound' ? 'pass' : 'shell';
  return precached.has(url.pathname) ? 'asset' : 'pass';
}

/** The shell's cache name for a build; older builds' caches are deleted on activation. */
export const CACHE_PREFIX = 'ioc-wall-shell-';
export const cacheName = (version: string) => CACHE_PREFIX + version;
