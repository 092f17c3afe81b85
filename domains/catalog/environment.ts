import { AIR_PARAMS, U, aqi, V, defineDomain, obs, t } from './shared';

/** Vệ sinh môi trường: monitoring stations with VN_AQI (Decision 1459/QĐ-TCMT), waste collection. */
export const environment = defineDomain({
  id: 'environment',
  name: { vi: 'Vệ sinh môi trường', en: 'Environment' },
  shortName: { vi: 'Môi trường', en: 'Environment' },
  color: '#228833',
  icon: 'leaf',
  agency: { vi: 'Sở Nông nghiệp và Môi trường', en: 'Department of Agriculture and Environment' },
  staleAfterHours: 3, // hourly readings
  indicators: [
    { id: 'environment.aqi', name: t('Chỉ số chất lượng không khí (VN_AQI)', 'Air quality index (VN_AQI)'), unit: t('VN_AQI', 'VN_AQI'), upIsGood: false, aggregate: 'last', basis: 'readings', additive: false },
    { id: 'environment.wasteCollected', name: t('Chất thải rắn sinh hoạt thu gom', 'Household waste collected'), unit: U.tonnes, upIsGood: true, aggregate: 'sum' },
    { id: 'environment.wasteCollectionRate', name: t('Tỷ lệ thu gom chất thải rắn đô thị', 'Urban waste collection rate'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
  ],
  eventKinds: [],
  eventStates: [],
  stationParams: AIR_PARAMS,
  placeKinds: [{ id: 'wastePlant', name: t('Khu xử lý chất thải', 'Waste treatment site') }],
  views: [
    { ...V.kpis, figures: [aqi('environment.aqi'), obs('environment.wasteCollected'), obs('environment.wasteCollectionRate')] },
    { ...V.trend, figures: [aqi('environment.aqi'), obs('environment.wasteCollected')], wall: true },
    { ...V.byArea, figure: aqi('environment.aqi'), secondary: obs('environment.wasteCollected'), wall: true },
    { ...V.stations, wall: true },
    { ...V.map, sources: { stations: true, places: true }, wall: true },
  ],
});
