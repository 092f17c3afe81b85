/**
 * Code-split components without Suspense: `useModule(load)` returns the module's default export
 * once its chunk is loaded (null until then), and at once, on the first render, when it is
 * already loaded.
 *
 * Why not React.lazy + <Suspense>: React 19 throttles revealing a suspended boundary to at most
 * once every 300 ms after a fallback was shown (FALLBACK_THROTTLE_MS). A cold wall went through
 * two such boundaries (the page chunk, then the panel chunks), and the panels' view queries only
 * start when the panels commit, so each boundary added ~300 ms of pure waiting before any data
 * was asked for. A state update when the chunk arrives is not throttled.
 */
import { useEffect, useReducer } from 'react';

type Loader<T> = () => Promise<{ default: T }>;

const done = new Map<Loader<unknown>, { default: unknown }>();
const failed = new Map<Loader<unknown>, unknown>();
const inflight = new Map<Loader<unknown>, Promise<unknown>>();

/** Starts (once) loading a chunk; resolves when it is in the cache. */
export function loadModule<T>(load: Loader<T>): Promise<T> {
  const have = done.get(load);
  if (have) return Promise.resolve(have.default as T);
  let p = inflight.get(load);
  if (!p) {
    p = load().then(
      (m) => {
        done.set(load, m);
        inflight.delete(load);
        return m.default;
      },
      (err: unknown) => {
        // Kept so the component's error boundary shows it (a failed chunk needs a reload).
        failed.set(load, err);
        inflight.delete(load);
        throw err;
      },
    );
    inflight.set(load, p);
  }
  return p as Promise<T>;
}

export function useModule<T>(load: Loader<T> | undefined): T | null {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const have = load ? (done.get(load) as { default: T } | undefined) : undefined;
  const shown = !!have;
  useEffect(() => {
    if (!load) return;
    if (done.has(load) || failed.has(load)) {
      // Settled between this render and its effect (preloadPanels got there first): render
      // again to show it (or throw it), else the tile would stay empty for good.
      if (!shown) rerender();
      return;
    }
    let live = true;
    const settle = () => {
      if (live) rerender();
    };
    loadModule(load).then(settle, settle);
    return () => {
      live = false;
    };
  }, [load, shown]);
  if (load && !have && failed.has(load)) throw failed.get(load); // to the error boundary, as React.lazy would
  return have ? have.default : null;
}
