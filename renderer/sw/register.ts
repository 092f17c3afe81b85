/**
 * Registers the shell's service worker (renderer/sw/sw.ts) in a browser display node. Only
 * where browsers allow one (a secure context: https, or localhost), never in the desktop app
 * (its pages come from app://, nothing to keep), and only once the page has done its first
 * work (`after`): installing the worker downloads every file of the build (80-odd) and Chromium
 * compiles each script it stores for its code cache. On a wall started cold that was a second
 * or more of CPU on each display, inside the first frame — the page's `load` event comes long
 * before its panels have loaded and painted. A wall registers a few seconds after its first
 * frame (`wallPainted`), the other pages after `load`.
 */
export function registerServiceWorker(after: Promise<unknown> = pageLoaded()): void {
  if (window.iocHost || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  void after.then(() =>
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.warn('[sw] not registered; the page will not load while the host is down:', err);
    }),
  );
}

function pageLoaded(): Promise<void> {
  return new Promise((done) => {
    if (document.readyState === 'complete') done();
    else addEventListener('load', () => done(), { once: true });
  });
}

/**
 * A wall that never paints (host down, nothing cached yet) still registers after this long:
 * the worker is what lets it start offline next time.
 */
export const WALL_REGISTER_LATEST_MS = 30_000;

/**
 * How long after its own first frame a display waits: the wall's other displays start at the
 * same moment on the same machine (its two cores) and paint a few seconds later at most; the
 * worker's install must not land in their first frame either (the browser's trace showed it
 * there when it waited for this display's frame alone).
 */
export const WALL_REGISTER_SETTLE_MS = 5000;

/**
 * Settles WALL_REGISTER_SETTLE_MS after the wall display has painted its first frame
 * (`data-wall-ready` on the page), once the main thread is idle; or after
 * WALL_REGISTER_LATEST_MS if it never paints.
 */
export function wallPainted(doc: Document = document, o: { settleMs?: number; latestMs?: number } = {}): Promise<void> {
  const settleMs = o.settleMs ?? WALL_REGISTER_SETTLE_MS;
  return new Promise((done) => {
    const painted = () => doc.querySelector('[data-wall-ready="true"]') !== null;
    const observer = new MutationObserver(() => painted() && finish(settleMs));
    const timer = setTimeout(() => finish(0), o.latestMs ?? WALL_REGISTER_LATEST_MS);
    let settled = false;
    function finish(afterMs: number) {
      if (settled) return;
      settled = true;
      observer.disconnect();
      clearTimeout(timer);
      // Then when nothing else is waiting: the page's own work comes first.
      const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => done(), { timeout: 2000 }) : done());
      setTimeout(idle, afterMs);
    }
    if (painted()) finish(settleMs);
    else observer.observe(doc.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-wall-ready'] });
  });
}
