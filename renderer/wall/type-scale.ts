/**
 * Type that keeps its size on the glass whatever the display's resolution. Panels are designed
 * for a 1080-line display read from a few metres; a 1440p or 4K display of the same physical
 * size has more, smaller pixels. A tile is therefore
 * laid out at its size divided by its display's scale and drawn magnified by it: on a 4K
 * display a panel shows what it shows on 1080p, twice the pixels, same size to the eye. The
 * shorter side counts, so a portrait 1080×1920 display scales like a landscape 1920×1080 one.
 */
import { displayViewports, intersect, rectToBox } from '../../layouts/geometry';
import type { Tile, Wall, WallDisplay } from '../../layouts/model';

export const DESIGN_LINES = 1080;

/**
 * Never below 1: on a display with fewer lines (1366×768, 1280×720) the design's type is
 * already larger on the glass than on 1080p, and panels laid out at their true pixel size pick
 * their small/medium/large form from it; shrinking them would only blur text and let the two
 * halves of a tile spanning a seam be resampled differently.
 */
export function displayTypeScale(d: Pick<WallDisplay, 'width' | 'height'>): number {
  const s = Math.min(d.width, d.height) / DESIGN_LINES;
  return Math.min(4, Math.max(1, Math.round(s * 1000) / 1000));
}

/** The scale of the display that holds most of the tile (a tile may span displays). */
export function tileTypeScale(wall: Wall, tile: Tile): number {
  let best = 0;
  let scale = 1;
  for (const { display, viewport } of displayViewports(wall)) {
    const i = intersect(rectToBox(tile.rect), viewport);
    const area = i ? i.width * i.height : 0;
    if (area > best) {
      best = area;
      scale = displayTypeScale(display);
    }
  }
  return scale;
}
