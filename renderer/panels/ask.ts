/**
 * What a domain panel asks for: which views it queries, at which tile sizes. Each panel folder
 * says it once, in `renderer/panels/<domain>/asks.ts` (its default export, made with
 * `defineAsks`), and two readers use that one declaration: the panel itself (usePanel's
 * `ask(view)` gives each of its useView calls its options) and a wall's start
 * (renderer/wall/first-queries.ts gathers every folder's asks.ts and asks for a display's whole
 * first frame before the panels' code has loaded). A folder without asks.ts asks for its kpis at
 * every size (DEFAULT_ASKS); whatever else its panel queries, it asks for itself, later.
 *
 * Data and plain functions only: the wall's entry chunk imports this module and every asks.ts,
 * so neither may import React, a component, or a chart or map library.
 */
import type { ViewId } from '../../domains/views';
import type { Tile } from '../../layouts/model';
import { isWide, type PanelSize } from './types';

export type Sizes = readonly PanelSize[];

export interface Ask {
  /** Tile sizes at which the view is asked. */
  sizes: Sizes;
  /** In a tile much wider than tall (isWide), these sizes instead: a band has room beside its figures. */
  wide?: Sizes;
  /** District bars rank every district: asked for the province even with a district chosen. */
  province?: boolean;
}

/** A panel's asks, keyed by view, in the order it asks them; 'kpis' is always there. */
export type PanelAsks<V extends ViewId> = Readonly<Record<V | 'kpis', Ask>>;
/** Any panel's asks (what a wall's start reads without knowing the panel). */
export type SomePanelAsks = Readonly<Partial<Record<ViewId, Ask>>>;

export const EVERY_SIZE: Sizes = ['small', 'medium', 'large'];
export const MEDIUM_UP: Sizes = ['medium', 'large'];
export const LARGE: Sizes = ['large'];

/**
 * A panel's asks from `{ view: sizes }` or `{ view: { sizes, wide, province } }`. The 'kpis'
 * view, which usePanel always queries, is asked at every size unless listed.
 */
export function defineAsks<const V extends ViewId>(asks: Readonly<Record<V, Sizes | Ask>>): PanelAsks<V> {
  const out: Record<string, Ask> = 'kpis' in asks ? {} : { kpis: { sizes: EVERY_SIZE } };
  for (const [view, a] of Object.entries<Sizes | Ask>(asks)) out[view] = isSizes(a) ? { sizes: a } : a;
  return out as PanelAsks<V>;
}

function isSizes(a: Sizes | Ask): a is Sizes {
  return Array.isArray(a);
}

/** What a domain panel without an asks.ts asks for: its kpis, at every size. */
export const DEFAULT_ASKS: PanelAsks<'kpis'> = defineAsks({ kpis: EVERY_SIZE });

/**
 * What a tile showing one view of its domain asks (shared/ViewFocus): its headline figures and
 * that view, at every size; district bars, the drill-down control, for the whole province.
 */
export function focusAsks<V extends ViewId>(view: V): PanelAsks<V> {
  return defineAsks({ [view]: { sizes: EVERY_SIZE, province: view === 'byArea' } } as Record<V, Ask>);
}

/** Whether `ask` is asked in `tile` at `size`. */
export function askedAt(ask: Ask, tile: Tile, size: PanelSize): boolean {
  return (ask.wide && isWide(tile) ? ask.wide : ask.sizes).includes(size);
}
