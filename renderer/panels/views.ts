/**
 * What a tile's `view` means for a domain panel, in one place for the wall and the console.
 *
 * '' (or 'kpis', or any view the panel cannot show) is the panel's overview: headline figures
 * with its charts and map composed per size. Every other view listed here is that one
 * visualisation as the tile's main content, filling the tile under a small headline row
 * (shared/ViewFocus). The console's tile inspector offers exactly these views, with the
 * catalog's names; a view not listed falls back to the overview rather than to a blank tile.
 * Kept free of React and chart code so the console can import it without loading panels.
 */
import { CATALOG, type ViewDef } from '../../domains/catalog';
import { isDomainId, type DomainId } from '../../domains/ids';

export const PANEL_VIEWS = {
  economy: ['trend', 'byArea'],
  publicAdmin: ['byAgency', 'byStatus', 'trend', 'byArea'],
  traffic: ['map', 'byKind', 'trend', 'byArea'],
  urbanOrder: ['map', 'byKind', 'trend', 'byArea'],
  land: ['map', 'byKind', 'trend', 'byArea'],
  environment: ['stations', 'map', 'trend', 'byArea'],
  health: ['map', 'trend', 'byArea'],
  education: ['map', 'trend', 'byArea'],
  tourism: ['map', 'trend', 'byArea'],
  // 'queue' is the operator's desk (console), not something to read from 3 m.
  hotline: ['recent', 'map', 'byStatus', 'byKind', 'trend', 'byArea'],
} as const satisfies Record<DomainId, readonly string[]>;

export type FocusView<D extends DomainId = DomainId> = (typeof PANEL_VIEWS)[D][number];

/** The view a tile shows: one of PANEL_VIEWS[panel], or '' for the overview. */
export function tileView(panel: string, view: string | undefined): string {
  if (!view || !isDomainId(panel)) return '';
  return (PANEL_VIEWS[panel] as readonly string[]).includes(view) ? view : '';
}

/** The views the inspector offers for a panel (besides the overview), named by the catalog. */
export function tileViewChoices(panel: string): ViewDef[] {
  if (!isDomainId(panel)) return [];
  const supported: readonly string[] = PANEL_VIEWS[panel];
  return CATALOG[panel].views.filter((v) => supported.includes(v.id));
}
