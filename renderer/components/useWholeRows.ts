/**
 * A list in a box that hides its overflow shows whole rows only: a row that does not fit
 * entirely (below the box, or pushed into an off-screen column by FILL_LIST) is made
 * invisible instead of being shown cut in half, and the list says how many it shows
 * (`data-rows-shown`). Re-checked when the box resizes or the rows change. A callback ref, so
 * a list that appears later (after data arrives) is watched from the moment it exists.
 *
 *   const list = useWholeRows<HTMLOListElement>();  …  <ol ref={list}>…</ol>
 */
import { useCallback } from 'react';

function fit(list: HTMLElement) {
  const rows = [...list.children] as HTMLElement[];
  for (const r of rows) r.style.visibility = '';
  const box = list.getBoundingClientRect();
  let shown = 0;
  for (const r of rows) {
    const b = r.getBoundingClientRect();
    if (b.bottom <= box.bottom + 0.5 && b.right <= box.right + 0.5 && b.top >= box.top - 0.5) shown++;
    else r.style.visibility = 'hidden';
  }
  list.dataset.rowsShown = String(shown);
}

export function useWholeRows<T extends HTMLElement>(): (list: T | null) => (() => void) | undefined {
  return useCallback((list: T | null) => {
    if (!list) return undefined;
    // Not measured here, while the panel mounts: reading boxes in the middle of a commit forced
    // a layout of the whole canvas being built, before its maps and charts had changed it again
    // (a cold layout switch laid the page out twice). A ResizeObserver reports once right after
    // the frame's own layout, before it is painted, so the first frame already shows whole rows.
    const ro = new ResizeObserver(() => fit(list));
    ro.observe(list);
    // Rows added or removed, or their text changed (a row may grow to two lines): checked once
    // per frame, before it is laid out and painted, however many rows changed.
    let frame = 0;
    const mo = new MutationObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(() => {
        frame = 0;
        fit(list);
      });
    });
    mo.observe(list, { childList: true, subtree: true, characterData: true });
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      mo.disconnect();
    };
  }, []);
}
