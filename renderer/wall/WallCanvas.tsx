/**
 * The layout's canvas as one display shows it: the whole wall canvas, translated so this
 * display's viewport (layouts/geometry displayViewport, bezels accounted) sits at the
 * window's origin, and scaled if the window is not the display's resolution. Every display
 * draws the same canvas, so a tile spanning a seam continues across it.
 * Reports `onReady` when every tile touching the viewport has painted.
 */
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { canvasSize, intersect, rectToBox, type Box } from '../../layouts/geometry';
import type { Layout, Wall } from '../../layouts/model';
import { TileView } from './TileView';
import { bandStrip, belowBand } from './band-reserve';
import { QueryScopeContext, type QueryScope } from '../client/query-scope';
import { tileTypeScale } from './type-scale';
import { CanvasHiddenContext } from './visibility';
import { fitStyle } from './fit';
import { useStaticFrame } from '../components/static-frame';

export interface WallCanvasProps {
  wall: Wall;
  layout: Layout;
  /** The part of the canvas to show. */
  viewport: Box;
  /** Pixel size of the window area to fill (the viewport is scaled into it). */
  fit: { width: number; height: number };
  hidden?: boolean;
  onReady?(ready: boolean): void;
  /** Records the queries this canvas's panels use (the offline cache keeps the visible one's). */
  scope?: QueryScope;
  /** The severe-alert band is up: the tiles it would cover are laid out below it. */
  band?: boolean;
}

function WallCanvasImpl({ wall, layout, viewport, fit, hidden, onReady, scope, band = false }: WallCanvasProps) {
  const size = useMemo(() => canvasSize(wall), [wall]);
  // With the severe-alert band up, the tiles under it are placed below it, each laid out as in
  // its full rectangle and drawn smaller (band-reserve, TileView's squeeze): nothing is cut. The
  // panel keeps its layout tile: what it chooses by its size (a camera's main or sub-stream, its
  // panel size) does not change, nor restart a stream, when the band comes and goes.
  const tiles = useMemo(() => {
    const strip = band ? bandStrip(wall) : null;
    return layout.tiles
      .map((tile) => ({ tile, ...(strip ? belowBand(tile.rect, strip) : { rect: tile.rect, squeeze: 1 }), typeScale: tileTypeScale(wall, tile) }))
      .filter((x) => intersect(rectToBox(x.rect), viewport) !== null);
  }, [layout, viewport, band, wall]);
  const [painted, setPainted] = useState<ReadonlySet<string>>(() => new Set());
  const mark = useCallback((id: string) => setPainted((s) => (s.has(id) ? s : new Set(s).add(id))), []);
  const ready = tiles.every((x) => painted.has(x.tile.id));
  useEffect(() => onReady?.(ready), [ready, onReady]);

  const staticFrame = useStaticFrame();
  return (
    <div
      className={staticFrame ? 'first-frame__canvas' : `wall-canvas${hidden ? ' wall-canvas--hidden' : ''}`}
      style={{
        width: size.width,
        height: size.height,
        ...fitStyle(viewport, staticFrame ? null : fit),
      }}
      aria-hidden={hidden || undefined}
      data-canvas-layout-id={layout.id}
      data-band-reserved={band || undefined}
    >
      <QueryScopeContext.Provider value={scope ?? null}>
        <CanvasHiddenContext.Provider value={!!hidden}>
          {tiles.map(({ tile, rect, typeScale, squeeze }) => (
            <TileView key={tile.id} tile={tile} placed={rect} typeScale={typeScale} squeeze={squeeze} onPainted={mark} />
          ))}
        </CanvasHiddenContext.Provider>
      </QueryScopeContext.Provider>
    </div>
  );
}

const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * Memoised by value: the wall page re-renders on every layout change, but a canvas whose wall,
 * layout, viewport and visibility are unchanged (a warm layout kept hidden) must not re-render
 * its panels.
 */
export const WallCanvas = memo(
  WallCanvasImpl,
  (a, b) =>
    a.wall === b.wall &&
    a.layout === b.layout &&
    a.hidden === b.hidden &&
    a.onReady === b.onReady &&
    a.scope === b.scope &&
    a.band === b.band &&
    sameBox(a.viewport, b.viewport) &&
    a.fit.width === b.fit.width &&
    a.fit.height === b.fit.height,
);
