/**
 * When a wall display may register the shell's service worker (./register.ts): a few seconds
 * after its first frame. Kept apart from register.ts so the unit tests run it in Node.
 */

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
 * The little of the page this needs, named through globalThis: the unit tests run it in Node
 * with stand-ins, and compile it without the DOM's types.
 */
interface PageDocument {
  querySelector(selector: string): unknown;
  documentElement: unknown;
}
interface Observer {
  observe(target: unknown, options: { subtree: boolean; attributes: boolean; attributeFilter: string[] }): void;
  disconnect(): void;
}
const page = globalThis as unknown as {
  document: PageDocument;
  MutationObserver: new (cb: () => void) => Observer;
  requestIdleCallback?: (cb: () => void, o: { timeout: number }) => void;
};

/**
 * Settles WALL_REGISTER_SETTLE_MS after the wall display has painted its first frame
 * (`data-wall-ready` on the page), once the main thread is idle; or after
 * WALL_REGISTER_LATEST_MS if it never paints.
 */
export function wallPainted(doc: PageDocument = page.document, o: { settleMs?: number; latestMs?: number } = {}): Promise<void> {
  const settleMs = o.settleMs ?? WALL_REGISTER_SETTLE_MS;
  return new Promise((done) => {
    const painted = () => doc.querySelector('[data-wall-ready="true"]') !== null;
    const observer = new page.MutationObserver(() => painted() && finish(settleMs));
    const timer = setTimeout(() => finish(0), o.latestMs ?? WALL_REGISTER_LATEST_MS);
    let settled = false;
    function finish(afterMs: number) {
      if (settled) return;
      settled = true;
      observer.disconnect();
      clearTimeout(timer);
      // Then when nothing else is waiting: the page's own work comes first.
      const idle = () => (page.requestIdleCallback ? page.requestIdleCallback(() => done(), { timeout: 2000 }) : done());
      setTimeout(idle, afterMs);
    }
    if (painted()) finish(settleMs);
    else observer.observe(doc.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-wall-ready'] });
  });
}
