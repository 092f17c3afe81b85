/**
 * The view queries a display's panels will make for their first frame, known from the layout
 * alone, so the page can ask for them while the panels' code is still loading (renderer/boot)
 * instead of after each panel has loaded, mounted and asked.
 *
 * It mirrors what each panel asks for per size (the `useView` calls with `on(sizes)` in
 * renderer/panels/<domain>/index.tsx, shared/*Overview.tsx and shared/ViewFocus.tsx). A query
 * missing here is asked by its panel as before, one asked here but not used is wasted host work;
 * tests/e2e/wall-first-frame.spec.ts checks that both sets are equal on the bundled presets.
 */
import { displayViewport, findDisplay, intersect, rectToBox } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import { isDomainId, type DomainId } from '../../domains/ids';
import type { ViewId } from '../../domains/views';
import { isWide, sizeForPixels, type PanelSize } from '../panels/types';
import { tileView } from '../panels/views';
import { tileTypeScale } from './type-scale';

export interface FirstQuery {
  domain: DomainId;
  view: ViewId;
  areaId?: string;
  period?: string;
}

type Sizes = readonly PanelSize[];
interface Ask {
  view: ViewId;
  sizes: Sizes;
  /** District bars rank every district: asked for the province even with a district chosen. */
  province?: boolean;
}

const ALL: Sizes = ['small', 'medium', 'large'];
const ML: Sizes = ['medium', 'large'];
const L: Sizes = ['large'];

const siteMap: Ask[] = [{ view: 'kpis', sizes: ALL }, { view: 'map', sizes: ML }, { view: 'byArea', sizes: L }, { view: 'trend', sizes: L }];
const eventMap = (extra: ViewId): Ask[] => [
  { view: 'kpis', sizes: ALL },
  { view: 'byArea', sizes: ML, province: true },
  { view: 'map', sizes: ML },
  { view: extra, sizes: L },
];

/**
 * Each domain panel's overview (a tile without a view of its own). A domain not listed (one just
 * added: a catalog file and a panel folder) is predicted to ask for its kpis at every size, as
 * usePanel does by default; whatever else its panel asks, it asks itself.
 */
const OVERVIEW: Partial<Record<DomainId, (tile: Tile, size: PanelSize) => Ask[]>> = {
  economy: () => [{ view: 'kpis', sizes: ALL }, { view: 'trend', sizes: ML }, { view: 'byArea', sizes: L, province: true }],
  education: () => [{ view: 'kpis', sizes: ALL }, { view: 'byArea', sizes: ML }, { view: 'map', sizes: L }, { view: 'trend', sizes: L }],
  environment: () => [{ view: 'kpis', sizes: L }, { view: 'stations', sizes: ALL }, { view: 'map', sizes: ML }, { view: 'trend', sizes: L }],
  health: () => siteMap,
  tourism: () => siteMap,
  land: () => eventMap('trend'),
  urbanOrder: () => eventMap('byKind'),
  hotline: () => [{ view: 'kpis', sizes: ALL }, { view: 'recent', sizes: ML }, { view: 'byStatus', sizes: L }, { view: 'map', sizes: L }],
  publicAdmin: () => [{ view: 'kpis', sizes: ALL }, { view: 'byAgency', sizes: ML }, { view: 'byArea', sizes: L, province: true }],
  traffic: (tile, size) => [
    { view: 'kpis', sizes: ALL },
    { view: 'map', sizes: ML },
    // A wide medium tile has room for the breakdown beside the figures.
    { view: 'byKind', sizes: size === 'large' || (isWide(tile) && size !== 'small') ? ML : [] },
    { view: 'trend', sizes: L },
  ],
};

/** What one tile's panel asks for at its size. */
export function tileQueries(wall: Wall, tile: Tile): FirstQuery[] {
  if (!isDomainId(tile.panel)) return [];
  const domain = tile.panel;
  const scale = tileTypeScale(wall, tile);
  const size = sizeForPixels(tile.rect.w / scale, tile.rect.h / scale);
  const focus = tileView(domain, tile.view);
  const asks: Ask[] = focus
    ? [{ view: 'kpis', sizes: ALL }, { view: focus as ViewId, sizes: ALL, province: focus === 'byArea' }]
    : (OVERVIEW[domain]?.(tile, size) ?? [{ view: 'kpis', sizes: ALL }]);
  const { areaId, period } = tile.options;
  return asks
    .filter((a) => a.sizes.includes(size))
    .map((a) => ({
      domain,
      view: a.view,
      ...(areaId && !a.province ? { areaId } : {}),
      ...(period ? { period } : {}),
    }));
}

/** The tiles this display shows (as WallCanvas picks them); none for a display the wall lacks. */
export function displayTiles(wall: Wall, layout: Layout, displayId: string): Tile[] {
  if (!findDisplay(wall, displayId)) return [];
  const viewport = displayViewport(wall, displayId);
  return layout.tiles.filter((t) => intersect(rectToBox(t.rect), viewport) !== null);
}

/** Every view query of the tiles this display shows, each once. */
export function firstViewQueries(wall: Wall, layout: Layout, displayId: string): FirstQuery[] {
  const seen = new Set<string>();
  const out: FirstQuery[] = [];
  for (const tile of displayTiles(wall, layout, displayId)) {
    for (const q of tileQueries(wall, tile)) {
      const k = JSON.stringify([q.domain, q.view, q.areaId ?? null, q.period ?? null]);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(q);
    }
  }
  return out;
}
