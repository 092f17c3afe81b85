/**
 * Canvases kept between the wall's maps, and between its charts.
 *
 * A canvas's first drawing call after it gets a new size allocates and clears its bitmap, in
 * proportion to its pixels: in Chromium 156 without a GPU about 12 ns a pixel, 4 ms for a
 * 600×470 map tile and 11 ms for a 1280×720 one, on a quiet machine. Every map of a layout
 * switched to cold paid it, on a busy wall several times over. A canvas set to the size it
 * already has keeps its bitmap (it is only cleared). So a map taken down gives its canvas here,
 * and the next map takes one at least as large as it needs and at most `WASTE` times its area,
 * and keeps that size: it draws into the canvas's top-left part, and the rest lies outside the
 * map's box (clipped) or outside the window.
 *
 * A chart cannot draw into part of a larger canvas (Chart.js sizes its canvas to its box), so
 * charts take only a kept canvas of exactly the size they need (`takeExact`); on a wall laid
 * out on a grid, tiles of one size recur from layout to layout.
 *
 * Pure bookkeeping over anything with a width and a height (tests pass plain objects); the
 * pool holds at most `budget()` pixels and frees the oldest beyond it, so a wall that switches
 * for months keeps at most about one window's worth of idle bitmaps.
 */

export interface Sized {
  width: number;
  height: number;
}

/** A kept canvas may be this many times the area it is taken for (and no more). */
export const WASTE = 1.5;
/** New sizes are rounded up to this many pixels, so that nearly equal tiles can share canvases. */
export const STEP = 32;
/** Areas below this count as this much when judging waste (a 1×1 placeholder takes any small canvas). */
const MIN_AREA = 64 * 64;

const area = (s: Sized) => s.width * s.height;

/** Whether `have` can hold a `w`×`h` drawing without wasting more than WASTE of it. */
export function fits(have: Sized, w: number, h: number): boolean {
  return area(have) > 0 && have.width >= w && have.height >= h && area(have) <= WASTE * Math.max(w * h, MIN_AREA);
}

/** The size to give a canvas that must hold `w`×`h`: its own if that fits, else rounded up to STEP. */
export function sizeFor(have: Sized, w: number, h: number): Sized {
  if (fits(have, w, h)) return { width: have.width, height: have.height };
  const up = (n: number) => Math.ceil(Math.max(n, 1) / STEP) * STEP;
  return { width: up(w), height: up(h) };
}

export class CanvasPool<C extends Sized> {
  /** Oldest first. */
  private readonly kept: C[] = [];

  /**
   * @param budget the most pixels kept (asked on every give: the window may have been resized)
   * @param free   lets a canvas go (for a DOM canvas: its size set to 0, which frees the bitmap now)
   */
  constructor(
    private readonly budget: () => number,
    private readonly free: (c: C) => void,
  ) {}

  /** The smallest kept canvas that fits `w`×`h`, taken out of the pool; undefined if none does. */
  take(w: number, h: number): C | undefined {
    let best = -1;
    for (let i = 0; i < this.kept.length; i++) {
      const c = this.kept[i]!;
      if (fits(c, w, h) && (best < 0 || area(c) < area(this.kept[best]!))) best = i;
    }
    return best < 0 ? undefined : this.kept.splice(best, 1)[0];
  }

  /** A kept canvas of exactly `w`×`h`, taken out of the pool; undefined if none is. */
  takeExact(w: number, h: number): C | undefined {
    if (w <= 0 || h <= 0) return undefined;
    const i = this.kept.findIndex((c) => c.width === w && c.height === h);
    return i < 0 ? undefined : this.kept.splice(i, 1)[0];
  }

  /** Keeps `c` for a later map, freeing the oldest kept ones beyond the budget. */
  give(c: C): void {
    if (area(c) === 0 || this.kept.includes(c)) return;
    const budget = this.budget();
    // Larger than all it may keep: kept, it would only push out every other canvas.
    if (area(c) > budget) return this.free(c);
    this.kept.push(c);
    let total = this.pixels;
    while (total > budget && this.kept.length > 0) {
      const old = this.kept.shift()!;
      total -= area(old);
      this.free(old);
    }
  }

  /** Pixels kept now. */
  get pixels(): number {
    return this.kept.reduce((a, c) => a + area(c), 0);
  }

  get size(): number {
    return this.kept.length;
  }
}
