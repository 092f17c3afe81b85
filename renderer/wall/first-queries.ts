/// <reference types="vite/client" />
/**
 * The view queries a display's panels will make for their first frame, known from the layout
 * alone, so the page can ask for them while the panels' code is still loading (renderer/boot)
 * instead of after each panel has loaded, mounted and asked.
 *
 * It reads what each panel asks for at each size where the panel itself reads it: the asks.ts
 * of its folder (renderer/panels/ask.ts), gathered here at build time, and for a tile showing
 * one view, focusAsks. A query missing here is asked by its panel as before, one asked here but
 * not used is wasted host work; tests/unit/renderer/panel-asks.test.ts renders every domain
 * panel at every size and checks both sets are equal, tests/e2e/wall-first-frame.spec.ts does
 * on the bundled presets in Chromium.
 */
import { displayViewport, findDisplay, intersect, rectToBox } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import { isDomainId, type DomainId } from '../../domains/ids';
import type { ViewId } from '../../domains/views';
import { askedAt, DEFAULT_ASKS, focusAsks, type Ask, type SomePanelAsks } from '../panels/ask';
import { sizeForPixels } from '../panels/types';
import { tileView } from '../panels/views';
import { tileTypeScale } from './type-scale';

export interface FirstQuery {
  domain: DomainId;
  view: ViewId;
  areaId?: string;
  period?: string;
}

// Every panel folder's asks.ts, the folder being the domain: a new domain's folder is found as
// the registry finds its panel. Data files only (ask.ts): the entry chunk stays free of panels.
const FOLDER_ASKS = new Map<string, SomePanelAsks>();
for (const [path, asks] of Object.entries(import.meta.glob<SomePanelAsks>('../panels/*/asks.ts', { eager: true, import: 'default' }))) {
  const folder = /^\.\.\/panels\/([^/]+)\/asks\.ts$/.exec(path)?.[1];
  if (folder) FOLDER_ASKS.set(folder, asks);
}

/** What a domain's overview asks for: its folder's asks.ts, or its kpis at every size without one. */
export function overviewAsks(domain: DomainId): SomePanelAsks {
  return FOLDER_ASKS.get(domain) ?? DEFAULT_ASKS;
}

/** What one tile's panel asks for at its size. */
export function tileQueries(wall: Wall, tile: Tile): FirstQuery[] {
  if (!isDomainId(tile.panel)) return [];
  const domain = tile.panel;
  const scale = tileTypeScale(wall, tile);
  const size = sizeForPixels(tile.rect.w / scale, tile.rect.h / scale);
  const focus = tileView(domain, tile.view);
  const asks: SomePanelAsks = focus ? focusAsks(focus as ViewId) : overviewAsks(domain);
  const { areaId, period } = tile.options;
  return (Object.entries(asks) as [ViewId, Ask][])
    .filter(([, a]) => askedAt(a, tile, size))
    .map(([view, a]) => ({
      domain,
      view,
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
