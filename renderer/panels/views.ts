/**
 * What a tile's `view` means for a domain panel, in one place for the wall and the console.
 *
 * '' (or 'kpis', or any view the panel cannot show) is the panel's overview: headline figures
 * with its charts and map composed per size. Every other view the domain's catalog entry marks
 * `wall` is that one visualisation as the tile's main content, filling the tile under a small
 * headline row (shared/ViewFocus). The console's tile inspector offers exactly these views, with
 * the catalog's names; a view not offered falls back to the overview rather than to a blank tile.
 * Kept free of React and chart code so the console can import it without loading panels.
 */
import { byDomain, CATALOG, wallViews, type ViewDef } from '../../domains/catalog';
import { isDomainId, type DomainId } from '../../domains/ids';
import type { ViewId } from '../../domains/views';

/** A view a tile can show alone (never the overview 'kpis'). */
export type FocusView = Exclude<ViewId, 'kpis'>;

export const PANEL_VIEWS: Record<DomainId, readonly FocusView[]> = byDomain((d) => wallViews(d.id).map((v) => v.id as FocusView));

/** The view a tile shows: one of PANEL_VIEWS[panel], or '' for the overview. */
export function tileView(panel: string, view: string | undefined): string {
  if (!view || !isDomainId(panel)) return '';
  return (PANEL_VIEWS[panel] as readonly string[]).includes(view) ? view : '';
}

/** The views the inspector offers for a panel (besides the overview), named by the catalog. */
export function tileViewChoices(panel: string): ViewDef[] {
  if (!isDomainId(panel)) return [];
  return wallViews(panel);
}

/** The view a new tile of the panel starts with ('' = the overview): the catalog's defaultTileView. */
export function defaultTileView(panel: string): string {
  return isDomainId(panel) ? tileView(panel, CATALOG[panel].defaultTileView) : '';
}
