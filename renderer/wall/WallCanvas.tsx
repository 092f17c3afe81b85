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
import { QueryScopeContext, type QueryScope } from '../client/query-scope';
import { tileTypeScale } from './type-scale';
import { CanvasHiddenContext } from './visibility';

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
}

function WallCanvasImpl({ wall, layout, viewport, fit, hidden, onReady, scope }: WallCanvasProps) {
  const size = useMemo(() => canvasSize(wall), [wall]);
  const tiles = useMemo(
    () => layout.tiles.filter((t) => intersect(rectToBox(t.rect), viewport) !== null),
    [layout, viewport],
  );
  const [painted, setPainted] = useState<ReadonlySet<string>>(() => new Set());
  const mark = useCallback((id: string) => setPainted((s) => (s.has(id) ? s : new Set(s).add(id))), []);
  const ready = tiles.every((t) => painted.has(t.id));
  useEffect(() => onReady?.(ready), [ready, onReady]);

  const scale = Math.min(fit.width / viewport.width, fit.height / viewport.height);
  return (
    <div
      className={`wall-canvas${hidden ? ' wall-canvas--hidden' : ''}`}
      style={{
        width: size.width,
        height: size.height,
        transformOrigin: '0 0',
        transform: `scale(${scale}) translate(${-viewport.x}px, ${-viewport.y}px)`,
      }}
      aria-hidden={hidden || undefined}
      data-canvas-layout-id={layout.id}
    >
      <QueryScopeContext.Provider value={scope ?? null}>
        <CanvasHiddenContext.Provider value={!!hidden}>
          {tiles.map((t) => (
            <TileView key={t.id} tile={t} typeScale={tileTypeScale(wall, t)} onPainted={mark} />
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
    sameBox(a.viewport, b.viewport) &&
    a.fit.width === b.fit.width &&
    a.fit.height === b.fit.height,
);
