/**
 * Registers the shell's service worker (renderer/sw/sw.ts) in a browser display node. Only
 * where browsers allow one (a secure context: https, or localhost), never in the desktop app
 * (its pages come from app://, nothing to keep), and only once the page has done its first
 * work (`after`): installing the worker downloads every file of the build (80-odd) and Chromium
 * compiles each script it stores for its code cache. On a wall started cold that was a second
 * or more of CPU on each display, inside the first frame — the page's `load` event comes long
 * before its panels have loaded and painted. A wall registers a few seconds after its first
 * frame (./wall-painted.ts), the other pages after `load`.
 */
export function registerServiceWorker(after: () => Promise<unknown> = pageLoaded): void {
  // Checked before `after` starts: where no worker is registered, nothing waits for one.
  if (window.iocHost || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  void after().then(() =>
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
