import type { LocalText } from '../text';
import type { DomainDef, EventStateDef, Figure, Measure, StationParamDef, ViewDef } from './types';

// Views, states and units shared by several domains.
export const t = (vi: string, en: string): LocalText => ({ vi, en });

export const V = {
  kpis: { id: 'kpis', name: t('Chỉ tiêu chính', 'Headline figures') },
  trend: { id: 'trend', name: t('Diễn biến theo tháng', 'Monthly trend') },
  byArea: { id: 'byArea', name: t('Theo địa bàn', 'By district') },
  map: { id: 'map', name: t('Bản đồ', 'Map') },
  byKind: { id: 'byKind', name: t('Theo loại', 'By kind') },
  byStatus: { id: 'byStatus', name: t('Theo trạng thái', 'By status') },
  byAgency: { id: 'byAgency', name: t('Theo cơ quan', 'By agency') },
  stations: { id: 'stations', name: t('Trạm quan trắc', 'Monitoring stations') },
  recent: { id: 'recent', name: t('Mới nhất', 'Latest') },
  queue: { id: 'queue', name: t('Hàng chờ xử lý', 'Work queue') },
} as const satisfies Record<string, Pick<ViewDef, 'id' | 'name'>>;

export const HOTLINE_STATES: EventStateDef[] = [
  { id: 'received', name: t('Đã tiếp nhận', 'Received'), order: 0, closed: false },
  { id: 'assigned', name: t('Đã chuyển xử lý', 'Assigned'), order: 1, closed: false },
  { id: 'inProgress', name: t('Đang xử lý', 'In progress'), order: 2, closed: false },
  { id: 'resolved', name: t('Đã giải quyết', 'Resolved'), order: 3, closed: true },
];

// The dossier states of the national public-service portal (status codes 2, 4, 5, 9, 10).
export const DOSSIER_STATES: EventStateDef[] = [
  { id: 'received', name: t('Được tiếp nhận', 'Received'), order: 0, closed: false },
  { id: 'inProgress', name: t('Đang xử lý', 'In progress'), order: 1, closed: false },
  { id: 'supplementRequested', name: t('Yêu cầu bổ sung', 'Supplement requested'), order: 2, closed: false },
  { id: 'processed', name: t('Đã xử lý xong', 'Processed'), order: 3, closed: true },
  { id: 'returned', name: t('Đã trả kết quả', 'Result returned'), order: 4, closed: true },
];

export const INCIDENT_STATES: EventStateDef[] = [
  { id: 'reported', name: t('Mới báo', 'Reported'), order: 0, closed: false },
  { id: 'responding', name: t('Đang xử lý hiện trường', 'Responding'), order: 1, closed: false },
  { id: 'cleared', name: t('Đã giải tỏa', 'Cleared'), order: 2, closed: true },
];

export const CASE_STATES: EventStateDef[] = [
  { id: 'received', name: t('Đã tiếp nhận', 'Received'), order: 0, closed: false },
  { id: 'inProgress', name: t('Đang xử lý', 'In progress'), order: 1, closed: false },
  { id: 'resolved', name: t('Đã xử lý', 'Resolved'), order: 2, closed: true },
];

export const AIR_PARAMS: StationParamDef[] = [
  { id: 'pm25', name: t('Bụi PM2,5', 'PM2.5'), unit: 'µg/m³', aqiKey: 'PM2_5' },
  { id: 'pm10', name: t('Bụi PM10', 'PM10'), unit: 'µg/m³', aqiKey: 'PM10' },
  { id: 'no2', name: t('NO₂', 'NO₂'), unit: 'µg/m³', aqiKey: 'NO2' },
  { id: 'so2', name: t('SO₂', 'SO₂'), unit: 'µg/m³', aqiKey: 'SO2' },
  { id: 'co', name: t('CO', 'CO'), unit: 'µg/m³', aqiKey: 'CO' },
  { id: 'o3', name: t('O₃', 'O₃'), unit: 'µg/m³', aqiKey: 'O3_1h' },
];

export const U = {
  bnVnd: t('tỷ đồng', 'billion VND'),
  mUsd: t('triệu USD', 'million USD'),
  pct: t('%', '%'),
  projects: t('dự án', 'projects'),
  dossiers: t('hồ sơ', 'dossiers'),
  cases: t('vụ', 'cases'),
  people: t('người', 'people'),
  reports: t('phản ánh', 'reports'),
  visits: t('lượt', 'visits'),
  beds: t('giường', 'beds'),
  schools: t('trường', 'schools'),
  pupils: t('học sinh', 'pupils'),
  tonnes: t('tấn', 'tonnes'),
  certs: t('giấy chứng nhận', 'certificates'),
  points: t('điểm', 'points'),
  visitors: t('lượt khách', 'visitors'),
  calls: t('cuộc gọi', 'calls'),
  days: t('ngày', 'days'),
};

// How a figure is computed (see Measure): stored observations, counted events, live counts.
export const obs = (id: string): Figure => ({ id, measure: { from: 'obs' } });
export const ev = (id: string, measure: Extract<Measure, { from: 'events' }>['measure'], kinds?: string[]): Figure => ({
  id,
  measure: kinds ? { from: 'events', measure, kinds } : { from: 'events', measure },
});
export const live = (id: string, measure: 'open' | 'overdue', kinds?: string[]): Figure => ({
  id,
  measure: kinds ? { from: 'open', measure, kinds } : { from: 'open', measure },
});
export const aqi = (id: string): Figure => ({ id, measure: { from: 'aqi' } });

/**
 * A catalog entry, checked when the catalog loads: it has the three views every domain has
 * (kpis, trend, byArea), no view twice, and every figure names one of its own indicators.
 * `Id` stays a literal so domains/ids.ts derives the DomainId union from the list.
 */
export function defineDomain<const Id extends string>(def: DomainDef<Id>): DomainDef<Id> {
  const problem = catalogProblem(def);
  if (problem) throw new Error(`Danh mục lĩnh vực "${def.id}" sai: ${problem.vi} / Domain catalog entry "${def.id}" is wrong: ${problem.en}`);
  return def;
}

function catalogProblem(def: DomainDef<string>): LocalText | null {
  const ids = def.views.map((v) => v.id);
  for (const need of ['kpis', 'trend', 'byArea'] as const) {
    if (!ids.includes(need)) return t(`thiếu khung xem "${need}".`, `the "${need}" view is missing.`);
  }
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) return t(`khung xem "${twice}" khai báo hai lần.`, `the "${twice}" view is listed twice.`);
  const known = new Set(def.indicators.map((i) => i.id));
  for (const f of def.views.flatMap(viewFigures)) {
    if (!known.has(f.id)) return t(`chỉ tiêu "${f.id}" không có trong danh sách chỉ tiêu.`, `indicator "${f.id}" is not among its indicators.`);
  }
  if (!(def.staleAfterHours > 0)) return t('staleAfterHours phải lớn hơn 0.', 'staleAfterHours must be above 0.');
  if (def.defaultTileView && !def.views.some((v) => v.id === def.defaultTileView && v.wall)) {
    return t(`khung xem mặc định "${def.defaultTileView}" không có trên tường.`, `default tile view "${def.defaultTileView}" is not a wall view.`);
  }
  return null;
}

/** The figures a view shows (none for the views that list events, places or stations). */
export function viewFigures(v: ViewDef): Figure[] {
  switch (v.id) {
    case 'kpis':
    case 'trend':
      return v.figures;
    case 'byArea':
      return v.secondary ? [v.figure, v.secondary] : [v.figure];
    default:
      return [];
  }
}
