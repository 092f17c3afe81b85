import { U, V, defineDomain, obs, t } from './shared';

/** Y tế: hospital beds and occupancy, visits, dengue cases, vaccination coverage; facilities on the map. */
export const health = defineDomain({
  id: 'health',
  name: { vi: 'Y tế', en: 'Health' },
  shortName: { vi: 'Y tế', en: 'Health' },
  color: '#CC3311',
  icon: 'cross',
  agency: { vi: 'Sở Y tế', en: 'Department of Health' },
  staleAfterHours: 24,
  indicators: [
    { id: 'health.beds', name: t('Giường bệnh', 'Hospital beds'), unit: U.beds, upIsGood: true, aggregate: 'last' },
    { id: 'health.bedOccupancy', name: t('Công suất sử dụng giường', 'Bed occupancy'), unit: U.pct, upIsGood: false, aggregate: 'avg', additive: false },
    { id: 'health.outpatientVisits', name: t('Lượt khám bệnh', 'Outpatient visits'), unit: U.visits, upIsGood: true, aggregate: 'sum' },
    { id: 'health.inpatients', name: t('Lượt điều trị nội trú', 'Inpatient admissions'), unit: U.visits, upIsGood: true, aggregate: 'sum' },
    { id: 'health.dengueCases', name: t('Ca sốt xuất huyết', 'Dengue cases'), unit: t('ca', 'cases'), upIsGood: false, aggregate: 'sum' },
    { id: 'health.vaccinationCoverage', name: t('Tiêm chủng đầy đủ trẻ dưới 1 tuổi', 'Full immunisation under 1'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
  ],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [
    { id: 'hospital.provincial', name: t('Bệnh viện tuyến tỉnh', 'Provincial hospital') },
    { id: 'hospital.district', name: t('Trung tâm y tế huyện', 'District health centre') },
    { id: 'clinic.commune', name: t('Trạm y tế xã', 'Commune health station') },
  ],
  views: [
    { ...V.kpis, figures: [
      obs('health.beds'),
      obs('health.bedOccupancy'),
      obs('health.outpatientVisits'),
      obs('health.inpatients'),
      obs('health.dengueCases'),
      obs('health.vaccinationCoverage'),
    ] },
    { ...V.trend, figures: [obs('health.outpatientVisits'), obs('health.dengueCases'), obs('health.bedOccupancy')], wall: true },
    { ...V.byArea, figure: obs('health.outpatientVisits'), secondary: obs('health.beds'), wall: true },
    { ...V.map, sources: { places: true }, wall: true },
  ],
});
