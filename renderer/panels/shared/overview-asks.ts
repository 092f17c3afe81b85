/**
 * What the shared overviews ask for (SiteMapOverview, EventMapOverview), for the asks.ts of the
 * domains that draw them (../ask.ts). Data only: the wall's entry chunk imports it.
 */
import type { ViewId } from '../../../domains/views';
import { defineAsks, EVERY_SIZE, LARGE, MEDIUM_UP, type Ask, type PanelAsks, type Sizes } from '../ask';

/** SiteMapOverview (health, tourism): the site map from medium up, trend and district bars when large. */
export const SITE_MAP_ASKS = defineAsks({ kpis: EVERY_SIZE, map: MEDIUM_UP, byArea: LARGE, trend: LARGE });

/**
 * EventMapOverview (land, urbanOrder): the district bars (ranking the province) shade the map
 * from medium up; `extra`, the domain's own chart, when large.
 */
export function eventMapAsks<V extends ViewId>(extra: V): PanelAsks<'byArea' | 'map' | V> {
  return defineAsks({
    kpis: EVERY_SIZE,
    byArea: { sizes: MEDIUM_UP, province: true },
    map: MEDIUM_UP,
    [extra]: LARGE,
  } as Record<'kpis' | 'byArea' | 'map' | V, Sizes | Ask>);
}
