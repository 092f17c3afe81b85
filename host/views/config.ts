import { byDomain, CATALOG, type DomainId, type Figure, type MapSources, type Measure } from '../../domains';

/**
 * Which figures each domain's views compute, read from the domain's catalog entry (its kpis,
 * trend, byArea and map views): the catalog says what an indicator is and which figures a view
 * shows; host/views/figures.ts computes them.
 */

export type { Figure, Measure };

export interface DomainViews {
  kpis: Figure[];
  trend: Figure[];
  byArea: Figure;
  byAreaSecondary?: Figure;
  map?: MapSources;
}

function domainViews(domain: DomainId): DomainViews {
  const out: Partial<DomainViews> = {};
  for (const v of CATALOG[domain].views) {
    if (v.id === 'kpis') out.kpis = v.figures;
    else if (v.id === 'trend') out.trend = v.figures;
    else if (v.id === 'byArea') {
      out.byArea = v.figure;
      if (v.secondary) out.byAreaSecondary = v.secondary;
    } else if (v.id === 'map') out.map = v.sources;
  }
  // defineDomain has checked that kpis, trend and byArea are there.
  return out as DomainViews;
}

export const DOMAIN_VIEWS: Record<DomainId, DomainViews> = byDomain((d) => domainViews(d.id));
