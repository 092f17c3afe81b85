import { INCIDENT_STATES, U, V, defineDomain, ev, live, t } from './shared';

/** Giao thông: incidents and accidents on the map, open incidents now, deaths and injuries. */
export const traffic = defineDomain({
  id: 'traffic',
  name: { vi: 'Giao thông', en: 'Traffic' },
  shortName: { vi: 'Giao thông', en: 'Traffic' },
  color: '#EE6677',
  icon: 'road',
  agency: { vi: 'Sở Xây dựng', en: 'Department of Construction' },
  staleAfterHours: 1,
  defaultTileView: 'map',
  indicators: [
    { id: 'traffic.incidents', name: t('Sự cố giao thông', 'Traffic incidents'), unit: U.cases, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'traffic.accidents', name: t('Tai nạn giao thông', 'Road accidents'), unit: U.cases, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'traffic.deaths', name: t('Số người chết', 'Deaths'), unit: U.people, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'traffic.injuries', name: t('Số người bị thương', 'Injured'), unit: U.people, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'traffic.open', name: t('Điểm đang xử lý', 'Open incidents'), unit: U.cases, upIsGood: false, aggregate: 'last', basis: 'events' },
  ],
  eventKinds: [
    { id: 'traffic.accident', name: t('Tai nạn', 'Accident') },
    { id: 'traffic.congestion', name: t('Ùn tắc', 'Congestion') },
    { id: 'traffic.roadDamage', name: t('Hư hỏng mặt đường', 'Road damage') },
    { id: 'traffic.flooding', name: t('Ngập nước', 'Flooding') },
    { id: 'traffic.obstruction', name: t('Vật cản, cây đổ', 'Obstruction, fallen tree') },
  ],
  eventStates: INCIDENT_STATES,
  stationParams: [],
  placeKinds: [{ id: 'camera', name: t('Camera giám sát', 'Surveillance camera') }],
  views: [
    { ...V.kpis, figures: [
      ev('traffic.incidents', 'n'),
      ev('traffic.accidents', 'n', ['traffic.accident']),
      ev('traffic.deaths', 'deaths'),
      ev('traffic.injuries', 'injuries'),
      live('traffic.open', 'open'),
    ] },
    { ...V.trend, figures: [ev('traffic.accidents', 'n', ['traffic.accident']), ev('traffic.incidents', 'n')], wall: true },
    { ...V.byArea, figure: ev('traffic.incidents', 'n'), secondary: ev('traffic.deaths', 'deaths'), wall: true },
    { ...V.byKind, wall: true },
    { ...V.map, sources: { events: true, cameras: true }, wall: true },
  ],
});
