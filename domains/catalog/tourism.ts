import { U, V, defineDomain, obs, t } from './shared';

/** Du lịch: visitors, revenue, overnight stays; the attractions on the map. */
export const tourism = defineDomain({
  id: 'tourism',
  name: { vi: 'Du lịch', en: 'Tourism' },
  shortName: { vi: 'Du lịch', en: 'Tourism' },
  color: '#009988',
  icon: 'mountain',
  agency: { vi: 'Sở Văn hóa, Thể thao và Du lịch', en: 'Department of Culture, Sports and Tourism' },
  staleAfterHours: 45 * 24,
  indicators: [
    { id: 'tourism.visitors', name: t('Lượt khách du lịch', 'Tourist visits'), unit: U.visitors, upIsGood: true, aggregate: 'sum', planTarget: 1_700_000, planYear: 2025 },
    { id: 'tourism.revenue', name: t('Doanh thu du lịch', 'Tourism revenue'), unit: U.bnVnd, upIsGood: true, aggregate: 'sum' },
    { id: 'tourism.overnightShare', name: t('Tỷ lệ khách lưu trú', 'Overnight stays'), unit: U.pct, upIsGood: true, aggregate: 'avg', additive: false },
  ],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [
    { id: 'site.nature', name: t('Thắng cảnh thiên nhiên', 'Natural site') },
    { id: 'site.heritage', name: t('Di tích lịch sử – văn hóa', 'Historical and cultural site') },
    { id: 'site.lake', name: t('Hồ, sinh thái', 'Lake, eco-tourism') },
  ],
  views: [
    { ...V.kpis, figures: [obs('tourism.visitors'), obs('tourism.revenue'), obs('tourism.overnightShare')] },
    { ...V.trend, figures: [obs('tourism.visitors'), obs('tourism.revenue')], wall: true },
    { ...V.byArea, figure: obs('tourism.visitors'), secondary: obs('tourism.revenue'), wall: true },
    { ...V.map, sources: { places: true }, wall: true },
  ],
});
