/**
 * Service worker for browser display nodes: keeps the app shell (index.html and the hashed
 * assets of this build) so a node rebooted while the host is unreachable still loads the
 * page, and the wall paints its last frame from IndexedDB (renderer/wall/cache). Built by
 * vite.config.ts (serviceWorkerPlugin) with the build's file list and version, served by the
 * host at /sw.js (scope /, no-cache). Never stores a URL with its query: the shell is kept
 * under /index.html, so `?token=` stays out of the cache.
 */
import { cacheName, CACHE_PREFIX, SHELL_KEY, swRoute } from './routes';

declare const __SHELL_VERSION__: string;
declare const __SHELL_FILES__: string[];

/** A host that does not answer within this long is treated as down: the cached shell is served. */
const NAVIGATION_TIMEOUT_MS = 3000;

interface SwExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface SwGlobal {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', cb: (e: SwExtendableEvent) => void): void;
  addEventListener(type: 'fetch', cb: (e: SwFetchEvent) => void): void;
}

const sw = self as unknown as SwGlobal;
const CACHE = cacheName(__SHELL_VERSION__);
const precached = new Set(__SHELL_FILES__);

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload': straight from the host, never from the HTTP cache of an older build.
      await cache.addAll(__SHELL_FILES__.map((f) => new Request(f, { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

async function cachedShell(): Promise<Response | undefined> {
  return caches.match(SHELL_KEY, { cacheName: CACHE });
}

async function shell(req: Request): Promise<Response> {
  // No network at all (cable out, link down): do not wait for a fetch that cannot succeed.
  if (!navigator.onLine) {
    const cached = await cachedShell();
    if (cached) return cached;
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    return await fetch(req, { signal: abort.signal });
  } catch {
    const cached = await cachedShell();
    if (cached) return cached;
    throw new Error('host unreachable and no cached shell');
  } finally {
    clearTimeout(timer);
  }
}

async function asset(req: Request): Promise<Response> {
  const cached = await caches.match(new URL(req.url).pathname, { cacheName: CACHE });
  return cached ?? fetch(req);
}

sw.addEventListener('fetch', (e) => {
  const route = swRoute(e.request, sw.location.origin, precached);
  if (route === 'shell') e.respondWith(shell(e.request));
  else if (route === 'asset') e.respondWith(asset(e.request));
});
