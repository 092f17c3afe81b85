import { CASE_STATES, U, V, defineDomain, ev, live, t } from './shared';

/** Trật tự đô thị: violations reported and handled, by kind and district, on the map. */
export const urbanOrder = defineDomain({
  id: 'urbanOrder',
  name: { vi: 'Trật tự đô thị', en: 'Urban order' },
  shortName: { vi: 'Trật tự đô thị', en: 'Urban order' },
  color: '#CCBB44',
  icon: 'city',
  agency: { vi: 'UBND cấp xã', en: 'Commune people’s committees' },
  staleAfterHours: 24,
  defaultTileView: 'map',
  indicators: [
    { id: 'urbanOrder.violations', name: t('Vi phạm phát hiện', 'Violations found'), unit: U.cases, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'urbanOrder.handledRate', name: t('Tỷ lệ đã xử lý', 'Handled'), unit: U.pct, upIsGood: true, aggregate: 'last', basis: 'events', additive: false },
    { id: 'urbanOrder.open', name: t('Vụ việc đang xử lý', 'Open cases'), unit: U.cases, upIsGood: false, aggregate: 'last', basis: 'events' },
  ],
  eventKinds: [
    { id: 'urbanOrder.sidewalk', name: t('Lấn chiếm vỉa hè, lòng đường', 'Sidewalk encroachment'), dueDays: 3 },
    { id: 'urbanOrder.construction', name: t('Xây dựng không phép', 'Unlicensed construction'), dueDays: 15 },
    { id: 'urbanOrder.advertising', name: t('Quảng cáo sai quy định', 'Illegal advertising'), dueDays: 5 },
    { id: 'urbanOrder.waste', name: t('Đổ rác, xả thải trái phép', 'Illegal dumping'), dueDays: 5 },
    { id: 'urbanOrder.noise', name: t('Gây ồn ào, mất trật tự', 'Noise, disorder'), dueDays: 2 },
  ],
  eventStates: CASE_STATES,
  stationParams: [],
  placeKinds: [],
  views: [
    { ...V.kpis, figures: [ev('urbanOrder.violations', 'n'), ev('urbanOrder.handledRate', 'resolvedRate'), live('urbanOrder.open', 'open')] },
    { ...V.trend, figures: [ev('urbanOrder.violations', 'n')], wall: true },
    { ...V.byArea, figure: ev('urbanOrder.violations', 'n'), secondary: live('urbanOrder.open', 'open'), wall: true },
    { ...V.byKind, wall: true },
    { ...V.map, sources: { events: true, cameras: true }, wall: true },
  ],
});
