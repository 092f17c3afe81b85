/**
 * One tile on the canvas: positioned in canvas pixels, carrying the test/bench markers
 * `data-tile-id` and `data-painted="true"` (set when its panel reports onPainted). A panel
 * that throws is contained here with a message, so one broken panel never blanks the wall.
 */
import { Component, memo, useCallback, useEffect, useRef, type ReactNode } from 'react';
import type { Rect, Tile } from '../../layouts/model';
import { PanelFrame, PanelMessage } from '../components/PanelFrame';
import { panelLoader, type PanelLoader } from '../panels/registry';
import { useModule } from '../components/useModule';
import { sizeForPixels, type PanelSize } from '../panels/types';
import { isDomainId } from '../../domains/ids';
import { useTranslation } from '../i18n';
import { useStaticFrame } from '../components/static-frame';

class TileBoundary extends Component<{ fallback: (err: Error) => ReactNode; children: ReactNode }, { err: Error | null }> {
  override state = { err: null as Error | null };
  static getDerivedStateFromError(err: Error) {
    return { err };
  }
  override componentDidCatch(err: Error) {
    console.error('[wall] panel failed', err);
  }
  override render() {
    return this.state.err ? this.props.fallback(this.state.err) : this.props.children;
  }
}

function Unbuilt({ tile, size, onPainted }: { tile: Tile; size: PanelSize; onPainted(): void }) {
  const { t } = useTranslation();
  // The placeholder is what this tile shows; it counts as painted so the wall is not held.
  useEffect(() => onPainted(), [onPainted]);
  return (
    <PanelFrame domain={isDomainId(tile.panel) ? tile.panel : undefined} size={size}>
      <PanelMessage>{t('panel.unknownPanel', { kind: tile.panel })}</PanelMessage>
    </PanelFrame>
  );
}

/**
 * The panel once its chunk is loaded (nothing until then). Not React.lazy + Suspense: see
 * useModule — the Suspense reveal throttle held every panel's first query back ~300 ms. Inside
 * TileBoundary, so a chunk that fails to load is contained like a panel that throws.
 */
function LoadedPanel({ load, tile, size, onPainted }: { load: PanelLoader; tile: Tile; size: PanelSize; onPainted(): void }) {
  const Panel = useModule(load);
  return Panel ? <Panel tile={tile} size={size} areaId={tile.options.areaId} period={tile.options.period} onPainted={onPainted} /> : null;
}

/**
 * `typeScale` (type-scale.ts): the panel is laid out at the tile's size divided by it and drawn
 * magnified by it, so its type keeps its size on displays of any resolution.
 * `squeeze` (< 1 while the severe-alert band takes the top of the tile's room: band-reserve.ts):
 * the tile is that much smaller than its layout's rectangle; the panel is laid out exactly as in
 * the full rectangle and drawn that much smaller, so nothing of it is cut or moved about.
 */
function TileViewImpl({
  tile,
  placed = tile.rect,
  typeScale = 1,
  squeeze = 1,
  onPainted,
}: {
  tile: Tile;
  /** Where the tile is drawn when not at its layout's rectangle (below the band, `squeeze` smaller). */
  placed?: Rect;
  typeScale?: number;
  squeeze?: number;
  onPainted(tileId: string): void;
}) {
  const { t } = useTranslation();
  const scale = typeScale * squeeze;
  // The panel's own box: its layout rectangle (in type-scaled pixels), whatever the squeeze.
  const w = tile.rect.w / typeScale;
  const h = tile.rect.h / typeScale;
  const size = sizeForPixels(w, h);
  const load = panelLoader(tile.panel);
  // Painted once, for good: marked on the element, not in state — a state change here
  // rendered the whole panel again right after its first paint, on every tile of every mount.
  const root = useRef<HTMLDivElement>(null);
  const painted = useRef(false);
  // In the host's frame the app's markers are not set: they name the app's own tiles, which
  // tests and benches wait on while the frame is still in the page.
  const frame = useStaticFrame();
  const mark = useCallback(() => {
    if (painted.current) return;
    painted.current = true;
    if (root.current) root.current.dataset.painted = 'true';
    onPainted(tile.id);
  }, [onPainted, tile.id]);
  return (
    <div
      ref={root}
      className="tile"
      style={{ left: placed.x, top: placed.y, width: placed.w, height: placed.h }}
      data-tile-id={frame ? undefined : tile.id}
      data-frame-tile={frame ? tile.id : undefined}
      data-panel={tile.panel}
      data-size={size}
      data-type-scale={typeScale === 1 ? undefined : typeScale}
      data-squeeze={squeeze === 1 ? undefined : squeeze}
    >
      <div className="tile__body" style={scale === 1 ? undefined : { width: w, height: h, transform: `scale(${scale})` }}>
        <TileBoundary
          fallback={(err) => (
            <PanelFrame domain={isDomainId(tile.panel) ? tile.panel : undefined} size={size}>
              <PanelMessage>{t('panel.error', { message: err.message })}</PanelMessage>
            </PanelFrame>
          )}
        >
          {load ? (
            <LoadedPanel load={load} tile={tile} size={size} onPainted={mark} />
          ) : (
            <Unbuilt tile={tile} size={size} onPainted={mark} />
          )}
        </TileBoundary>
      </div>
    </div>
  );
}

/** Memoised: a wall canvas flipping between shown and hidden must not re-render its panels. */
export const TileView = memo(TileViewImpl);
