/**
 * The room the severe-alert band takes on the wall canvas (AlertBand): a strip BAND_HEIGHT high
 * across the whole canvas at the top of the top row of displays. While the band is up, every
 * tile it would cover is shown below it: the same tile, laid out exactly as in its full
 * rectangle, drawn smaller (by the `squeeze` below) from its margin under the band, centred on
 * its place. Nothing is cut or rearranged, no title or headline figure hides under the band.
 * The placement is made in canvas coordinates, the same on every display, so the halves of a
 * tile spanning a seam still line up. Pure, so the rule is tested without a browser.
 */
import { displayViewports } from '../../layouts/geometry';
import type { Rect, Wall } from '../../layouts/model';

/** The band's height in canvas px, its white rule included. */
export const BAND_HEIGHT = 120;
/** A tile under the band is never drawn smaller than this. */
const MIN_SQUEEZE = 1 / 8;

export interface Strip {
  top: number;
  bottom: number;
}

/** Where the band runs on the canvas: the top of the highest displays, BAND_HEIGHT down. */
export function bandStrip(wall: Wall): Strip {
  const views = displayViewports(wall);
  const top = views.length > 0 ? Math.min(...views.map((d) => d.viewport.y)) : 0;
  return { top, bottom: top + BAND_HEIGHT };
}

export interface Placed {
  rect: Rect;
  /** How much smaller than its layout the tile is drawn (1: as it is). */
  squeeze: number;
}

/**
 * A tile's place with the band up: below the strip, keeping its margin, no lower than it was,
 * its width and height scaled alike and centred where it was. The scale is in 64ths (rounded
 * down): a scale with few binary digits puts a spanning tile's halves at exactly the same
 * sub-pixel sizes on every display.
 */
export function belowBand(rect: Rect, strip: Strip): Placed {
  const bottom = rect.y + rect.h;
  if (rect.y >= strip.bottom || bottom <= strip.top) return { rect, squeeze: 1 };
  const y = Math.max(rect.y, strip.bottom + Math.max(0, rect.y - strip.top));
  const squeeze = Math.max(MIN_SQUEEZE, Math.floor(((bottom - y) / rect.h) * 64) / 64);
  const w = rect.w * squeeze;
  return { rect: { x: rect.x + (rect.w - w) / 2, y, w, h: rect.h * squeeze }, squeeze };
}
