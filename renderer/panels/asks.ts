/**
 * Which views each domain panel asks for, at which tile sizes: the one table both the panels
 * (usePanel's `ask`) and a wall's start (renderer/wall/first-queries.ts, which asks for a
 * display's whole first frame before the panels' code has loaded) read, so the two cannot drift.
 * Data only: the boot chunk imports it, so it must not pull in a component.
 */
import type { DomainId } from '../../domains/ids';
import type { ViewId } from '../../domains/views';
import type { Tile } from '../../layouts/model';
import { isWide, type PanelSize } from './types';

export interface Ask {
  view: ViewId;
  sizes: readonly PanelSize[];
  /** District bars rank every district: asked for the province even with a district chosen. */
  province?: boolean;
}

export const EVERY_SIZE: readonly PanelSize[] = ['small', 'medium', 'large'];
const ML: readonly PanelSize[] = ['medium', 'large'];
const L: readonly PanelSize[] = ['large'];

const siteMap: readonly Ask[] = [{ view: 'kpis', sizes: EVERY_SIZE }, { view: 'map', sizes: ML }, { view: 'byArea', sizes: L }, { view: 'trend', sizes: L }];
const eventMap = (extra: ViewId): readonly Ask[] => [
  { view: 'kpis', sizes: EVERY_SIZE },
  { view: 'byArea', sizes: ML, province: true },
  { view: 'map', sizes: ML },
  { view: extra, sizes: L },
];

/**
 * Each domain panel's overview (a tile without a view of its own). A domain not listed (one just
 * added: a catalog file and a panel folder) asks for its kpis at every size.
 */
const OVERVIEW: Partial<Record<DomainId, (tile: Tile, size: PanelSize) => readonly Ask[]>> = {
  economy: () => [{ view: 'kpis', sizes: EVERY_SIZE }, { view: 'trend', sizes: ML }, { view: 'byArea', sizes: L, province: true }],
  education: () => [{ view: 'kpis', sizes: EVERY_SIZE }, { view: 'byArea', sizes: ML }, { view: 'map', sizes: L }, { view: 'trend', sizes: L }],
  environment: () => [{ view: 'kpis', sizes: L }, { view: 'stations', sizes: EVERY_SIZE }, { view: 'map', sizes: ML }, { view: 'trend', sizes: L }],
  health: () => siteMap,
  tourism: () => siteMap,
  land: () => eventMap('trend'),
  urbanOrder: () => eventMap('byKind'),
  hotline: () => [{ view: 'kpis', sizes: EVERY_SIZE }, { view: 'recent', sizes: ML }, { view: 'byStatus', sizes: L }, { view: 'map', sizes: L }],
  publicAdmin: () => [{ view: 'kpis', sizes: EVERY_SIZE }, { view: 'byAgency', sizes: ML }, { view: 'byArea', sizes: L, province: true }],
  traffic: (tile, size) => [
    { view: 'kpis', sizes: EVERY_SIZE },
    { view: 'map', sizes: ML },
    // A wide medium tile has room for the breakdown beside the figures.
    { view: 'byKind', sizes: size === 'large' || (isWide(tile) && size !== 'small') ? ML : [] },
    { view: 'trend', sizes: L },
  ],
};

/**
 * What a domain's panel asks for in `tile` at `size`: its overview's views, or with `focus` (a
 * tile showing one view of the domain) its kpis and that view, at every size.
 */
export function panelAsks(domain: DomainId, tile: Tile, size: PanelSize, focus?: ViewId): readonly Ask[] {
  if (focus) return [{ view: 'kpis', sizes: EVERY_SIZE }, { view: focus, sizes: EVERY_SIZE, province: focus === 'byArea' }];
  return OVERVIEW[domain]?.(tile, size) ?? [{ view: 'kpis', sizes: EVERY_SIZE }];
}
