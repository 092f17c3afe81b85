import { describe, expect, it } from 'vitest';
import { canvasSize, displayViewports, intersect, rectToBox } from '../../../layouts/geometry';
import type { Wall } from '../../../layouts/model';
import { BAND_HEIGHT, bandStrip, belowBand } from '../../../renderer/wall/band-reserve';

const display = (id: string, col: number, row: number) => ({
  id, col, row, width: 1920, height: 1080, bezel: { top: 8, right: 8, bottom: 8, left: 8 }, match: { label: id },
});
const wall2x1 = { id: 'main', name: 'w', cols: 2, rows: 1, displays: [display('d1', 0, 0), display('d2', 1, 0)] } as unknown as Wall;
const wall3x2 = {
  id: 'big', name: 'w', cols: 3, rows: 2,
  displays: [0, 1, 2].flatMap((c) => [display(`t${c}`, c, 0), display(`b${c}`, c, 1)]),
} as unknown as Wall;

describe('the severe-alert band reserves its strip', () => {
  it('runs across the top of the top row, BAND_HEIGHT high', () => {
    const top = Math.min(...displayViewports(wall2x1).map((d) => d.viewport.y));
    expect(bandStrip(wall2x1)).toEqual({ top, bottom: top + BAND_HEIGHT });
  });

  it('shows a tile of the top row below it, smaller, centred where it was, its margin kept', () => {
    const strip = bandStrip(wall2x1);
    const { rect, squeeze } = belowBand({ x: 8, y: strip.top, w: 1280, h: 540 }, strip);
    // 420 of 540 px left, in 64ths: 49/64.
    expect(squeeze).toBe(49 / 64);
    expect(rect.y).toBe(strip.bottom);
    expect(rect.h).toBe(540 * squeeze);
    expect(rect.w).toBe(1280 * squeeze);
    expect(rect.x + rect.w / 2).toBe(8 + 1280 / 2);
    expect(rect.y + rect.h).toBeLessThanOrEqual(strip.top + 540);
    const margin = belowBand({ x: 8, y: strip.top + 16, w: 640, h: 500 }, strip);
    expect(margin.rect.y).toBe(strip.bottom + 16);
    // Below the strip: the same object, drawn as it is.
    const below = { x: 8, y: 548, w: 640, h: 540 };
    expect(belowBand(below, strip)).toEqual({ rect: below, squeeze: 1 });
    expect(belowBand(below, strip).rect).toBe(below);
  });

  it('leaves nothing under the band on any display, and a tile across a seam is placed once for all', () => {
    const strip = bandStrip(wall3x2);
    const size = canvasSize(wall3x2);
    const tiles = [
      { id: 'seam', rect: { x: 1500, y: 8, w: 1000, h: 700 } }, // across the t0 | t1 seam
      { id: 'tall', rect: { x: 4000, y: 8, w: 600, h: 1800 } }, // across the t2 / b2 seam
      { id: 'low', rect: { x: 8, y: 1200, w: 900, h: 600 } }, // bottom row
    ];
    const out = tiles.map((t) => belowBand(t.rect, strip));
    const band = { x: 0, y: strip.top, width: size.width, height: BAND_HEIGHT };
    for (const { rect } of out) expect(intersect(rectToBox(rect), band)).toBeNull();
    expect(out[2]).toEqual({ rect: tiles[2]!.rect, squeeze: 1 });
    expect(out[2]!.rect).toBe(tiles[2]!.rect);
    // One rectangle on the canvas, whichever display draws it; the layout inside is the tile's
    // own (its rectangle over the squeeze).
    for (const [i, { rect, squeeze }] of out.entries()) {
      expect(rect.w / squeeze).toBeCloseTo(tiles[i]!.rect.w, 9);
      expect(rect.h / squeeze).toBeCloseTo(tiles[i]!.rect.h, 9);
      expect(Number.isInteger(squeeze * 64)).toBe(true);
    }
  });
});
