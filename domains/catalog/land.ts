import { CASE_STATES, U, V, defineDomain, ev, live, obs, t } from './shared';

/** Quản lý đất đai: land-use certificates issued, dossiers pending, disputes by district. */
export const land = defineDomain({
  id: 'land',
  name: { vi: 'Quản lý đất đai', en: 'Land management' },
  shortName: { vi: 'Đất đai', en: 'Land' },
  color: '#AA3377',
  icon: 'parcel',
  agency: { vi: 'Sở Nông nghiệp và Môi trường', en: 'Department of Agriculture and Environment' },
  staleAfterHours: 7 * 24,
  indicators: [
    { id: 'land.certificates', name: t('Giấy chứng nhận QSDĐ đã cấp', 'Land-use certificates issued'), unit: U.certs, upIsGood: true, aggregate: 'sum' },
    { id: 'land.pending', name: t('Hồ sơ đất đai đang chờ', 'Land dossiers pending'), unit: U.dossiers, upIsGood: false, aggregate: 'last', basis: 'events' },
    { id: 'land.disputes', name: t('Tranh chấp, khiếu nại đất đai', 'Land disputes and complaints'), unit: U.cases, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'land.perennialCropsHa', name: t('Diện tích cây lâu năm', 'Perennial crops area'), unit: t('ha', 'ha'), upIsGood: true, aggregate: 'last' },
  ],
  eventKinds: [
    { id: 'land.dispute', name: t('Tranh chấp đất đai', 'Land dispute'), dueDays: 45 },
    { id: 'land.complaint', name: t('Khiếu nại về đất đai', 'Land complaint'), dueDays: 30 },
    { id: 'land.encroachment', name: t('Lấn chiếm đất công', 'Encroachment on public land'), dueDays: 30 },
  ],
  eventStates: CASE_STATES,
  stationParams: [],
  placeKinds: [],
  views: [
    { ...V.kpis, figures: [obs('land.certificates'), live('land.pending', 'open'), ev('land.disputes', 'n'), obs('land.perennialCropsHa')] },
    { ...V.trend, figures: [obs('land.certificates'), ev('land.disputes', 'n')], wall: true },
    { ...V.byArea, figure: obs('land.certificates'), secondary: ev('land.disputes', 'n'), wall: true },
    { ...V.byKind, wall: true },
    { ...V.map, sources: { events: true }, wall: true },
  ],
});
