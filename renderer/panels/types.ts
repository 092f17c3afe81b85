/**
 * The contract between a tile and its panel (BRIEF "Panels"). A panel is
 * `renderer/panels/<kind>/index.tsx` default-exporting `(props: PanelProps) => JSX`; it reads
 * data with useView / useHost and calls `onPainted()` once its numbers, chart and map are
 * drawn (the wall's `data-painted` marker, which tests and benchmarks wait for).
 */
import type { ReactNode } from 'react';
import type { Tile } from '../../layouts/model';

export type PanelSize = 'small' | 'medium' | 'large';

export interface PanelProps {
  tile: Tile;
  size: PanelSize;
  /** District drill-down chosen for this tile (tile option); undefined = whole province. */
  areaId?: string;
  /** Period key ('YYYY', 'YYYY-Qn', 'YYYY-MM'); undefined = the latest the data has. */
  period?: string;
  onPainted(): void;
}

export type PanelComponent = (props: PanelProps) => ReactNode;

/**
 * Size class from the tile's pixel size on the wall. Small: one headline number; medium:
 * headline figures + one chart or map; large: everything.
 */
export function sizeForPixels(width: number, height: number): PanelSize {
  if (width < 420 || height < 320) return 'small';
  if (width >= 900 && height >= 640) return 'large';
  return 'medium';
}

/** A tile much wider than tall (a band across the wall): figures go beside the map or chart. */
export function isWide(tile: Tile): boolean {
  return tile.rect.w >= tile.rect.h * 1.8;
}
