import type { DomainId } from '../../domains';

/**
 * Which figures each domain's panel shows, and where each comes from. The catalog says what an
 * indicator is; this says how the views compute it (stored observations, counted events, live
 * open/overdue counts, or VN_AQI from station readings).
 */

export type Measure =
  | { from: 'obs' }
  | { from: 'events'; measure: 'n' | 'resolvedRate' | 'onTimeRate' | 'onlineShare' | 'deaths' | 'injuries'; kinds?: string[] }
  | { from: 'open'; measure: 'open' | 'overdue'; kinds?: string[] }
  | { from: 'aqi' };

export interface Figure {
  id: string; // a catalog indicator id
  measure: Measure;
}

export interface DomainViews {
  kpis: Figure[];
  trend: Figure[];
  byArea: Figure;
  byAreaSecondary?: Figure;
  /** cameras: the domain's cameras that have a stream (a click opens the picture), not every camera place. */
  map?: { events?: boolean; places?: boolean; stations?: boolean; cameras?: boolean };
}

const obs = (id: string): Figure => ({ id, measure: { from: 'obs' } });
const ev = (id: string, measure: Extract<Measure, { from: 'events' }>['measure'], kinds?: string[]): Figure => ({
  id,
  measure: kinds ? { from: 'events', measure, kinds } : { from: 'events', measure },
});
const live = (id: string, measure: 'open' | 'overdue', kinds?: string[]): Figure => ({
  id,
  measure: kinds ? { from: 'open', measure, kinds } : { from: 'open', measure },
});

export const EMERGENCY_KINDS = ['hotline.call113', 'hotline.call114', 'hotline.call115'];

export const DOMAIN_VIEWS: Record<DomainId, DomainViews> = {
  economy: {
    kpis: [
      obs('economy.grdp'),
      obs('economy.grdpGrowth'),
      obs('economy.budgetRevenue'),
      obs('economy.exports'),
      obs('economy.fdi'),
      obs('economy.cpi'),
      obs('economy.population'),
    ],
    trend: [obs('economy.grdp'), obs('economy.budgetRevenue'), obs('economy.exports')],
    byArea: obs('economy.grdp'),
    byAreaSecondary: obs('economy.fdi'),
  },
  publicAdmin: {
    kpis: [
      ev('publicAdmin.received', 'n'),
      ev('publicAdmin.onTimeRate', 'onTimeRate'),
      live('publicAdmin.overdue', 'overdue'),
      ev('publicAdmin.onlineShare', 'onlineShare'),
      obs('publicAdmin.serviceIndex'),
    ],
    trend: [ev('publicAdmin.received', 'n'), ev('publicAdmin.onTimeRate', 'onTimeRate')],
    byArea: ev('publicAdmin.received', 'n'),
    byAreaSecondary: ev('publicAdmin.onTimeRate', 'onTimeRate'),
  },
  traffic: {
    kpis: [
      ev('traffic.incidents', 'n'),
      ev('traffic.accidents', 'n', ['traffic.accident']),
      ev('traffic.deaths', 'deaths'),
      ev('traffic.injuries', 'injuries'),
      live('traffic.open', 'open'),
    ],
    trend: [ev('traffic.accidents', 'n', ['traffic.accident']), ev('traffic.incidents', 'n')],
    byArea: ev('traffic.incidents', 'n'),
    byAreaSecondary: ev('traffic.deaths', 'deaths'),
    map: { events: true, cameras: true },
  },
  urbanOrder: {
    kpis: [ev('urbanOrder.violations', 'n'), ev('urbanOrder.handledRate', 'resolvedRate'), live('urbanOrder.open', 'open')],
    trend: [ev('urbanOrder.violations', 'n')],
    byArea: ev('urbanOrder.violations', 'n'),
    byAreaSecondary: live('urbanOrder.open', 'open'),
    map: { events: true, cameras: true },
  },
  land: {
    kpis: [obs('land.certificates'), live('land.pending', 'open'), ev('land.disputes', 'n'), obs('land.perennialCropsHa')],
    trend: [obs('land.certificates'), ev('land.disputes', 'n')],
    byArea: obs('land.certificates'),
    byAreaSecondary: ev('land.disputes', 'n'),
    map: { events: true },
  },
  environment: {
    kpis: [{ id: 'environment.aqi', measure: { from: 'aqi' } }, obs('environment.wasteCollected'), obs('environment.wasteCollectionRate')],
    trend: [{ id: 'environment.aqi', measure: { from: 'aqi' } }, obs('environment.wasteCollected')],
    byArea: { id: 'environment.aqi', measure: { from: 'aqi' } },
    byAreaSecondary: obs('environment.wasteCollected'),
    map: { stations: true, places: true },
  },
  health: {
    kpis: [
      obs('health.beds'),
      obs('health.bedOccupancy'),
      obs('health.outpatientVisits'),
      obs('health.inpatients'),
      obs('health.dengueCases'),
      obs('health.vaccinationCoverage'),
    ],
    trend: [obs('health.outpatientVisits'), obs('health.dengueCases'), obs('health.bedOccupancy')],
    byArea: obs('health.outpatientVisits'),
    byAreaSecondary: obs('health.beds'),
    map: { places: true },
  },
  education: {
    kpis: [
      obs('education.schools'),
      obs('education.pupils'),
      obs('education.graduationRate'),
      obs('education.enrolmentRate'),
      obs('education.schools.preschool'),
      obs('education.schools.primary'),
      obs('education.schools.lowerSecondary'),
      obs('education.schools.upperSecondary'),
    ],
    trend: [obs('education.pupils'), obs('education.graduationRate')],
    byArea: obs('education.pupils'),
    byAreaSecondary: obs('education.schools'),
    map: { places: true },
  },
  tourism: {
    kpis: [obs('tourism.visitors'), obs('tourism.revenue'), obs('tourism.overnightShare')],
    trend: [obs('tourism.visitors'), obs('tourism.revenue')],
    byArea: obs('tourism.visitors'),
    byAreaSecondary: obs('tourism.revenue'),
    map: { places: true },
  },
  hotline: {
    kpis: [
      ev('hotline.received', 'n'),
      ev('hotline.resolvedRate', 'resolvedRate'),
      live('hotline.overdue', 'overdue'),
      ev('hotline.emergencyCalls', 'n', EMERGENCY_KINDS),
    ],
    trend: [ev('hotline.received', 'n'), ev('hotline.resolvedRate', 'resolvedRate')],
    byArea: ev('hotline.received', 'n'),
    byAreaSecondary: live('hotline.overdue', 'overdue'),
    map: { events: true },
  },
};
