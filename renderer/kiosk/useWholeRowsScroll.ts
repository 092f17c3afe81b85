/**
 * A scrolling list that shows whole rows at rest: the list's height is cut to a whole number
 * of rows (rows are of equal height) within the room its box `frame` gives it, and scrolling
 * snaps to rows (kiosk.css), so a finger never stops with half a row at the bottom. The frame is
 * watched for size changes (a new screen size, portrait/landscape).
 */
import { useCallback } from 'react';

export function useWholeRowsScroll(): (frame: HTMLElement | null) => (() => void) | undefined {
  return useCallback((frame: HTMLElement | null) => {
    if (!frame) return undefined;
    const fit = () => {
      const list = frame.firstElementChild as HTMLElement | null;
      const row = list?.firstElementChild as HTMLElement | null;
      if (!list || !row) return;
      const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
      const pitch = row.offsetHeight + gap;
      const rows = Math.max(1, Math.floor((frame.clientHeight + gap) / pitch));
      const height = Math.min(rows, list.children.length) * pitch - gap;
      list.style.height = `${height}px`;
      list.dataset.rowsVisible = String(rows);
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(frame);
    const mo = new MutationObserver(fit);
    mo.observe(frame, { childList: true, subtree: true });
    return () => {
      ro.disconnect();
      mo.disconnect();
    };
  }, []);
}
