import { HOTLINE_STATES, U, V, defineDomain, ev, live, t } from './shared';

/** The emergency numbers' kinds, counted together as one headline figure. */
export const EMERGENCY_KINDS = ['hotline.call113', 'hotline.call114', 'hotline.call115'];

/** Đường dây nóng: citizen reports received, assigned, in progress, resolved, overdue; emergency calls 113/114/115. */
export const hotline = defineDomain({
  id: 'hotline',
  name: { vi: 'Tiếp nhận phản ánh qua đường dây nóng', en: 'Citizen hotline' },
  shortName: { vi: 'Đường dây nóng', en: 'Hotline' },
  color: '#EE7733',
  icon: 'phone',
  agency: { vi: 'Trung tâm Giám sát, điều hành thông minh', en: 'Intelligent Operations Center' },
  staleAfterHours: 2,
  indicators: [
    { id: 'hotline.received', name: t('Phản ánh tiếp nhận', 'Reports received'), unit: U.reports, upIsGood: false, aggregate: 'sum', basis: 'events' },
    { id: 'hotline.resolvedRate', name: t('Tỷ lệ đã giải quyết', 'Resolved'), unit: U.pct, upIsGood: true, aggregate: 'last', basis: 'events', additive: false },
    { id: 'hotline.overdue', name: t('Phản ánh quá hạn', 'Overdue reports'), unit: U.reports, upIsGood: false, aggregate: 'last', basis: 'events' },
    { id: 'hotline.emergencyCalls', name: t('Cuộc gọi khẩn cấp 113/114/115', 'Emergency calls 113/114/115'), unit: U.calls, upIsGood: false, aggregate: 'sum', basis: 'events' },
  ],
  eventKinds: [
    { id: 'hotline.infrastructure', name: t('Hạ tầng, đường sá', 'Roads and infrastructure'), dueDays: 7 },
    { id: 'hotline.environment', name: t('Môi trường, rác thải', 'Environment and waste'), dueDays: 5 },
    { id: 'hotline.order', name: t('An ninh, trật tự', 'Public order'), dueDays: 3 },
    { id: 'hotline.utilities', name: t('Điện, nước', 'Power and water'), dueDays: 3 },
    { id: 'hotline.administration', name: t('Thủ tục hành chính', 'Administrative procedures'), dueDays: 10 },
    { id: 'hotline.other', name: t('Khác', 'Other'), dueDays: 10 },
    { id: 'hotline.call113', name: t('Gọi 113 – Công an', '113 – Police'), dueDays: 1 },
    { id: 'hotline.call114', name: t('Gọi 114 – Cứu nạn, cứu hộ', '114 – Fire and rescue'), dueDays: 1 },
    { id: 'hotline.call115', name: t('Gọi 115 – Cấp cứu', '115 – Ambulance'), dueDays: 1 },
  ],
  eventStates: HOTLINE_STATES,
  stationParams: [],
  placeKinds: [],
  views: [
    { ...V.kpis, figures: [
      ev('hotline.received', 'n'),
      ev('hotline.resolvedRate', 'resolvedRate'),
      live('hotline.overdue', 'overdue'),
      ev('hotline.emergencyCalls', 'n', EMERGENCY_KINDS),
    ] },
    { ...V.trend, figures: [ev('hotline.received', 'n'), ev('hotline.resolvedRate', 'resolvedRate')], wall: true },
    { ...V.byArea, figure: ev('hotline.received', 'n'), secondary: live('hotline.overdue', 'overdue'), wall: true },
    { ...V.byStatus, wall: true },
    { ...V.byKind, wall: true },
    { ...V.map, sources: { events: true }, wall: true },
    { ...V.recent, wall: true },
    // The operator's desk (console), not something to read from 3 m.
    { ...V.queue },
  ],
});
