/**
 * The view queries a display's panels will make for their first frame, known from the layout
 * alone, so the page can ask for them while the panels' code is still loading (renderer/boot)
 * instead of after each panel has loaded, mounted and asked.
 *
 * Which view a panel asks for at which size is one table, renderer/panels/asks.ts, which the
 * panels read too (usePanel's `ask`); tests/e2e/wall-first-frame.spec.ts checks on the bundled
 * presets that a display's start asks for exactly the views its canvas then uses.
 */
import { displayViewport, findDisplay, intersect, rectToBox } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import { isDomainId, type DomainId } from '../../domains/ids';
import type { ViewId } from '../../domains/views';
import { panelAsks } from '../panels/asks';
import { sizeForPixels } from '../panels/types';
import { tileView } from '../panels/views';
import { tileTypeScale } from './type-scale';

export interface FirstQuery {
  domain: DomainId;
  view: ViewId;
  areaId?: string;
  period?: string;
}

/** What one tile's panel asks for at its size. */
export function tileQueries(wall: Wall, tile: Tile): FirstQuery[] {
  if (!isDomainId(tile.panel)) return [];
  const domain = tile.panel;
  const scale = tileTypeScale(wall, tile);
  const size = sizeForPixels(tile.rect.w / scale, tile.rect.h / scale);
  const focus = tileView(domain, tile.view);
  const asks = panelAsks(domain, tile, size, (focus || undefined) as ViewId | undefined);
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
