import { DOSSIER_STATES, U, V, defineDomain, ev, live, obs, t } from './shared';

/** Hành chính công: dossiers received, on time, late and overdue, by agency and district; the online share. */
export const publicAdmin = defineDomain({
  id: 'publicAdmin',
  name: { vi: 'Hành chính công', en: 'Public administration' },
  shortName: { vi: 'Hành chính công', en: 'Public admin' },
  color: '#66CCEE',
  icon: 'dossier',
  agency: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administration Service Centre' },
  staleAfterHours: 24,
  indicators: [
    { id: 'publicAdmin.received', name: t('Hồ sơ tiếp nhận', 'Dossiers received'), unit: U.dossiers, upIsGood: true, aggregate: 'sum', basis: 'events' },
    { id: 'publicAdmin.onTimeRate', name: t('Tỷ lệ giải quyết đúng hạn', 'Settled on time'), unit: U.pct, upIsGood: true, aggregate: 'last', basis: 'events', additive: false },
    { id: 'publicAdmin.overdue', name: t('Hồ sơ quá hạn đang xử lý', 'Overdue dossiers open'), unit: U.dossiers, upIsGood: false, aggregate: 'last', basis: 'events' },
    { id: 'publicAdmin.onlineShare', name: t('Tỷ lệ hồ sơ trực tuyến', 'Filed online'), unit: U.pct, upIsGood: true, aggregate: 'last', basis: 'events', additive: false },
    { id: 'publicAdmin.serviceIndex', name: t('Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)', 'Service index (Decision 766)'), unit: U.points, upIsGood: true, aggregate: 'last', additive: false },
  ],
  eventKinds: [
    { id: 'publicAdmin.land', name: t('Đất đai', 'Land'), dueDays: 15 },
    { id: 'publicAdmin.business', name: t('Đăng ký kinh doanh', 'Business registration'), dueDays: 3 },
    { id: 'publicAdmin.construction', name: t('Cấp phép xây dựng', 'Building permit'), dueDays: 15 },
    { id: 'publicAdmin.civilStatus', name: t('Hộ tịch', 'Civil status'), dueDays: 1 },
    { id: 'publicAdmin.investment', name: t('Đầu tư', 'Investment'), dueDays: 15 },
    { id: 'publicAdmin.transport', name: t('Giao thông vận tải', 'Transport'), dueDays: 5 },
    { id: 'publicAdmin.socialWelfare', name: t('Lao động – xã hội', 'Labour and welfare'), dueDays: 10 },
  ],
  eventStates: DOSSIER_STATES,
  stationParams: [],
  placeKinds: [{ id: 'serviceCentre', name: t('Bộ phận một cửa', 'One-stop service desk') }],
  views: [
    { ...V.kpis, figures: [
      ev('publicAdmin.received', 'n'),
      ev('publicAdmin.onTimeRate', 'onTimeRate'),
      live('publicAdmin.overdue', 'overdue'),
      ev('publicAdmin.onlineShare', 'onlineShare'),
      obs('publicAdmin.serviceIndex'),
    ] },
    { ...V.trend, figures: [ev('publicAdmin.received', 'n'), ev('publicAdmin.onTimeRate', 'onTimeRate')], wall: true },
    { ...V.byArea, figure: ev('publicAdmin.received', 'n'), secondary: ev('publicAdmin.onTimeRate', 'onTimeRate'), wall: true },
    { ...V.byAgency, wall: true },
    { ...V.byStatus, wall: true },
  ],
});
