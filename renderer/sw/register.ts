/**
 * Registers the shell's service worker (renderer/sw/sw.ts) in a browser display node. Only
 * where browsers allow one (a secure context: https, or localhost), never in the desktop app
 * (its pages come from app://, nothing to keep), and after the page has loaded, so caching
 * the shell never competes with the first frame.
 */
export function registerServiceWorker(): void {
  if (window.iocHost || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  const go = () =>
    void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.warn('[sw] not registered; the page will not load while the host is down:', err);
    });
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
}
