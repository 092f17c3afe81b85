import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * Whether the canvas a tile sits on is hidden (a layout being prepared, or a warm one kept
 * mounted for a fast switch back). Live pictures pause there: a hidden decoder is pure cost.
 */
export const CanvasHiddenContext = createContext(false);

const subscribe = (cb: () => void) => {
  document.addEventListener('visibilitychange', cb);
  return () => document.removeEventListener('visibilitychange', cb);
};

/** True while the tile can be seen: its canvas is shown and the page is visible. */
export function useTileVisible(): boolean {
  const hidden = useContext(CanvasHiddenContext);
  // Drawn off the page (the host's first frame) nothing is seen yet: no picture is started.
  const pageVisible = useSyncExternalStore(subscribe, () => document.visibilityState !== 'hidden', () => false);
  return !hidden && pageVisible;
}
