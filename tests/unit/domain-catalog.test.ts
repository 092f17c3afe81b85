import { describe, expect, it } from 'vitest';
import { CATALOG, domainList, EMERGENCY_KINDS, viewFigures, type DomainDef } from '../../domains/catalog';
import { defineDomain, obs, t, V } from '../../domains/catalog/shared';
import { DOMAIN_IDS } from '../../domains/ids';
import { DOMAIN_VIEWS } from '../../host/views/config';
import { STALE_AFTER_MS } from '../../renderer/panels/staleness';
import { defaultTileView, PANEL_VIEWS } from '../../renderer/panels/views';

const entry = (over: Partial<DomainDef<'parks'>>): DomainDef<'parks'> => ({
  id: 'parks',
  name: t('Công viên', 'Parks'),
  shortName: t('Công viên', 'Parks'),
  color: '#777777',
  icon: 'leaf',
  agency: t('Sở Xây dựng', 'Department of Construction'),
  staleAfterHours: 24,
  indicators: [{ id: 'parks.area', name: t('Diện tích', 'Area'), unit: t('ha', 'ha'), upIsGood: true, aggregate: 'last' }],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [],
  views: [
    { ...V.kpis, figures: [obs('parks.area')] },
    { ...V.trend, figures: [obs('parks.area')], wall: true },
    { ...V.byArea, figure: obs('parks.area'), wall: true },
  ],
  ...over,
});

describe('the domain catalog', () => {
  it('lists one entry per file, in the announcement order, each under its own id', () => {
    expect(DOMAIN_IDS).toEqual(['economy', 'publicAdmin', 'traffic', 'urbanOrder', 'land', 'environment', 'health', 'education', 'tourism', 'hotline']);
    expect(domainList().map((d) => d.id)).toEqual([...DOMAIN_IDS]);
    for (const d of DOMAIN_IDS) expect(CATALOG[d].id).toBe(d);
  });

  it('every figure of every view is an indicator of the same domain', () => {
    for (const d of domainList()) {
      const own = new Set(d.indicators.map((i) => i.id));
      for (const f of d.views.flatMap(viewFigures)) expect(own.has(f.id), `${d.id}: ${f.id}`).toBe(true);
    }
    expect(EMERGENCY_KINDS.every((k) => CATALOG.hotline.eventKinds.some((e) => e.id === k))).toBe(true);
  });

  it('the host views, the wall views, staleness and a new tile view are read from the entries', () => {
    expect(DOMAIN_VIEWS.traffic.map).toEqual({ events: true, cameras: true });
    expect(DOMAIN_VIEWS.economy.map).toBeUndefined();
    expect(DOMAIN_VIEWS.environment.byArea).toEqual({ id: 'environment.aqi', measure: { from: 'aqi' } });
    expect(DOMAIN_VIEWS.hotline.kpis.map((f) => f.id)).toEqual(['hotline.received', 'hotline.resolvedRate', 'hotline.overdue', 'hotline.emergencyCalls']);
    expect(PANEL_VIEWS.hotline).not.toContain('queue');
    expect(STALE_AFTER_MS.traffic).toBe(3_600_000);
    expect(STALE_AFTER_MS.economy).toBe(45 * 24 * 3_600_000);
    expect(defaultTileView('traffic')).toBe('map');
    expect(defaultTileView('urbanOrder')).toBe('map');
    expect(defaultTileView('economy')).toBe('');
    expect(defaultTileView('clock')).toBe('');
  });

  it('refuses an entry without a view every domain has, with a view twice, or with a figure of an unknown indicator', () => {
    expect(defineDomain(entry({})).id).toBe('parks');
    expect(() => defineDomain(entry({ views: entry({}).views.filter((v) => v.id !== 'byArea') }))).toThrow(/"byArea" view is missing/);
    expect(() => defineDomain(entry({ views: [...entry({}).views, { ...V.trend, figures: [] }] }))).toThrow(/"trend" view is listed twice/);
    expect(() => defineDomain(entry({ views: [{ ...V.kpis, figures: [obs('parks.trees')] }, ...entry({}).views.slice(1)] }))).toThrow(
      /Danh mục lĩnh vực "parks" sai: .*indicator "parks.trees" is not among its indicators/,
    );
    expect(() => defineDomain(entry({ defaultTileView: 'map' }))).toThrow(/default tile view "map" is not a wall view/);
    expect(() => defineDomain(entry({ staleAfterHours: 0 }))).toThrow(/staleAfterHours must be above 0/);
  });
});
