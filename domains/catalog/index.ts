import type { DomainId } from '../ids';
import { DOMAIN_IDS } from '../ids';
import type { LocalText } from '../text';

/**
 * The domain catalog: what each of the ten domains is made of. A domain is data, not code:
 * an eleventh domain is one more entry here plus a panel in renderer/panels/.
 */

export interface IndicatorDef {
  id: string; // unique across domains, e.g. 'economy.grdp'
  name: LocalText;
  unit: LocalText; // 'tỷ đồng' / 'billion VND'
  /** true when a rise is good news (revenue), false when it is bad (late dossiers). */
  upIsGood: boolean;
  /** 'sum' adds periods up (revenue); 'last' takes the latest (a rate, a stock). */
  aggregate: 'sum' | 'last' | 'avg';
  /** The year's plan target for the province, where the province publishes one. */
  planTarget?: number;
  /** The year `planTarget` is for; other years' plans come as observations '<id>.plan' (period 'YYYY'). */
  planYear?: number;
  /** Where the figure comes from: stored observations (default), or counted from events by the views. */
  basis?: 'observations' | 'events' | 'readings';
  /** false for rates and averages: a district breakdown is shown, but the province is not their sum. */
  additive?: boolean;
}

export interface EventKindDef {
  id: string; // e.g. 'traffic.accident'
  name: LocalText;
  /** Days allowed to settle it (hotline, dossiers): sets dueAt when the source gives none. */
  dueDays?: number;
}

export interface EventStateDef {
  id: string; // e.g. 'received', 'assigned', 'inProgress', 'resolved'
  name: LocalText;
  /** Workflow order, 0 first: the panels list states in this order. */
  order: number;
  /** true for states in which the event is finished (no longer counts as open or overdue). */
  closed: boolean;
}

export interface StationParamDef {
  id: string; // e.g. 'pm25'
  name: LocalText;
  unit: string; // 'µg/m³'
  /** How long a reading is averaged over for VN_AQI (1 h; PM uses the 12 h NowCast). */
  aqiKey?: 'PM2_5' | 'PM10' | 'NO2' | 'SO2' | 'CO' | 'O3_1h';
}

export interface PlaceKindDef {
  id: string; // e.g. 'school.primary'
  name: LocalText;
}

export interface ViewDef {
  id: string; // unique within the domain, e.g. 'kpis', 'trend', 'map'
  name: LocalText;
}

export interface DomainDef {
  id: DomainId;
  name: LocalText;
  /** Short label for small tiles and tabs. */
  shortName: LocalText;
  /** Accent colour (colour-blind-safe set); never the only carrier of meaning. */
  color: string;
  /** Icon key, resolved to an SVG by the renderer. */
  icon: string;
  /** The provincial agency that owns the data, shown beside its freshness. */
  agency: LocalText;
  indicators: IndicatorDef[];
  eventKinds: EventKindDef[];
  eventStates: EventStateDef[];
  stationParams: StationParamDef[];
  placeKinds: PlaceKindDef[];
  views: ViewDef[];
}

// Views, states and units shared by several domains.
const t = (vi: string, en: string): LocalText => ({ vi, en });

const V = {
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
} satisfies Record<string, ViewDef>;

const HOTLINE_STATES: EventStateDef[] = [
  { id: 'received', name: t('Đã tiếp nhận', 'Received'), order: 0, closed: false },
  { id: 'assigned', name: t('Đã chuyển xử lý', 'Assigned'), order: 1, closed: false },
  { id: 'inProgress', name: t('Đang xử lý', 'In progress'), order: 2, closed: false },
  { id: 'resolved', name: t('Đã giải quyết', 'Resolved'), order: 3, closed: true },
];

// The dossier states of the national public-service portal (status codes 2, 4, 5, 9, 10).
const DOSSIER_STATES: EventStateDef[] = [
  { id: 'received', name: t('Được tiếp nhận', 'Received'), order: 0, closed: false },
  { id: 'inProgress', name: t('Đang xử lý', 'In progress'), order: 1, closed: false },
  { id: 'supplementRequested', name: t('Yêu cầu bổ sung', 'Supplement requested'), order: 2, closed: false },
  { id: 'processed', name: t('Đã xử lý xong', 'Processed'), order: 3, closed: true },
  { id: 'returned', name: t('Đã trả kết quả', 'Result returned'), order: 4, closed: true },
];

const INCIDENT_STATES: EventStateDef[] = [
  { id: 'reported', name: t('Mới báo', 'Reported'), order: 0, closed: false },
  { id: 'responding', name: t('Đang xử lý hiện trường', 'Responding'), order: 1, closed: false },
  { id: 'cleared', name: t('Đã giải tỏa', 'Cleared'), order: 2, closed: true },
];

const CASE_STATES: EventStateDef[] = [
  { id: 'received', name: t('Đã tiếp nhận', 'Received'), order: 0, closed: false },
  { id: 'inProgress', name: t('Đang xử lý', 'In progress'), order: 1, closed: false },
  { id: 'resolved', name: t('Đã xử lý', 'Resolved'), order: 2, closed: true },
];

const AIR_PARAMS: StationParamDef[] = [
  { id: 'pm25', name: t('Bụi PM2,5', 'PM2.5'), unit: 'µg/m³', aqiKey: 'PM2_5' },
  { id: 'pm10', name: t('Bụi PM10', 'PM10'), unit: 'µg/m³', aqiKey: 'PM10' },
  { id: 'no2', name: t('NO₂', 'NO₂'), unit: 'µg/m³', aqiKey: 'NO2' },
  { id: 'so2', name: t('SO₂', 'SO₂'), unit: 'µg/m³', aqiKey: 'SO2' },
  { id: 'co', name: t('CO', 'CO'), unit: 'µg/m³', aqiKey: 'CO' },
  { id: 'o3', name: t('O₃', 'O₃'), unit: 'µg/m³', aqiKey: 'O3_1h' },
];

const U = {
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

const CONTENT: Record<DomainId, Pick<DomainDef, 'indicators' | 'eventKinds' | 'eventStates' | 'stationParams' | 'placeKinds' | 'views'>> = {
  economy: {
    indicators: [
      { id: 'economy.population', name: t('Dân số trung bình', 'Average population'), unit: t('người', 'people'), upIsGood: true, aggregate: 'last' },
      { id: 'economy.grdp', name: t('Tổng sản phẩm trên địa bàn (GRDP)', 'Gross regional domestic product (GRDP)'), unit: U.bnVnd, upIsGood: true, aggregate: 'sum' },
      { id: 'economy.grdpGrowth', name: t('Tăng trưởng GRDP', 'GRDP growth'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
      { id: 'economy.budgetRevenue', name: t('Thu ngân sách nhà nước', 'State budget revenue'), unit: U.bnVnd, upIsGood: true, aggregate: 'sum' },
      { id: 'economy.exports', name: t('Kim ngạch xuất khẩu', 'Exports'), unit: U.mUsd, upIsGood: true, aggregate: 'sum' },
      { id: 'economy.fdi', name: t('Vốn FDI đăng ký mới', 'New FDI registered'), unit: U.mUsd, upIsGood: true, aggregate: 'sum' },
      { id: 'economy.fdiProjects', name: t('Dự án FDI mới', 'New FDI projects'), unit: U.projects, upIsGood: true, aggregate: 'sum' },
      { id: 'economy.cpi', name: t('Chỉ số giá tiêu dùng (so với cùng kỳ)', 'Consumer price index (year on year)'), unit: U.pct, upIsGood: false, aggregate: 'avg', additive: false },
    ],
    eventKinds: [],
    eventStates: [],
    stationParams: [],
    placeKinds: [{ id: 'industrialPark', name: t('Khu, cụm công nghiệp', 'Industrial park or cluster') }],
    views: [V.kpis, V.trend, V.byArea],
  },
  publicAdmin: {
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
    views: [V.kpis, V.trend, V.byArea, V.byAgency, V.byStatus],
  },
  traffic: {
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
    views: [V.kpis, V.trend, V.byArea, V.byKind, V.map],
  },
  urbanOrder: {
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
    views: [V.kpis, V.trend, V.byArea, V.byKind, V.map],
  },
  land: {
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
    views: [V.kpis, V.trend, V.byArea, V.byKind, V.map],
  },
  environment: {
    indicators: [
      { id: 'environment.aqi', name: t('Chỉ số chất lượng không khí (VN_AQI)', 'Air quality index (VN_AQI)'), unit: t('VN_AQI', 'VN_AQI'), upIsGood: false, aggregate: 'last', basis: 'readings', additive: false },
      { id: 'environment.wasteCollected', name: t('Chất thải rắn sinh hoạt thu gom', 'Household waste collected'), unit: U.tonnes, upIsGood: true, aggregate: 'sum' },
      { id: 'environment.wasteCollectionRate', name: t('Tỷ lệ thu gom chất thải rắn đô thị', 'Urban waste collection rate'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
    ],
    eventKinds: [],
    eventStates: [],
    stationParams: AIR_PARAMS,
    placeKinds: [{ id: 'wastePlant', name: t('Khu xử lý chất thải', 'Waste treatment site') }],
    views: [V.kpis, V.trend, V.byArea, V.stations, V.map],
  },
  health: {
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
    views: [V.kpis, V.trend, V.byArea, V.map],
  },
  education: {
    indicators: [
      { id: 'education.schools', name: t('Trường học (mầm non đến THPT)', 'Schools (preschool to upper secondary)'), unit: U.schools, upIsGood: true, aggregate: 'last' },
      { id: 'education.schools.preschool', name: t('Trường mầm non', 'Preschools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
      { id: 'education.schools.primary', name: t('Trường tiểu học', 'Primary schools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
      { id: 'education.schools.lowerSecondary', name: t('Trường THCS', 'Lower secondary schools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
      { id: 'education.schools.upperSecondary', name: t('Trường THPT', 'Upper secondary schools'), unit: U.schools, upIsGood: true, aggregate: 'last' },
      { id: 'education.pupils', name: t('Học sinh phổ thông', 'School pupils'), unit: U.pupils, upIsGood: true, aggregate: 'last' },
      { id: 'education.graduationRate', name: t('Tỷ lệ tốt nghiệp THPT', 'Upper secondary graduation'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
      { id: 'education.enrolmentRate', name: t('Tỷ lệ huy động trẻ 6 tuổi vào lớp 1', 'Six-year-olds enrolled'), unit: U.pct, upIsGood: true, aggregate: 'last', additive: false },
    ],
    eventKinds: [],
    eventStates: [],
    stationParams: [],
    placeKinds: [
      { id: 'school.preschool', name: t('Trường mầm non', 'Preschool') },
      { id: 'school.primary', name: t('Trường tiểu học', 'Primary school') },
      { id: 'school.lowerSecondary', name: t('Trường THCS', 'Lower secondary school') },
      { id: 'school.upperSecondary', name: t('Trường THPT', 'Upper secondary school') },
    ],
    views: [V.kpis, V.trend, V.byArea, V.map],
  },
  tourism: {
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
    views: [V.kpis, V.trend, V.byArea, V.map],
  },
  hotline: {
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
    views: [V.kpis, V.trend, V.byArea, V.byStatus, V.byKind, V.map, V.recent, V.queue],
  },
};

/** Kept for entries added without content yet (an eleventh domain starts empty). */
export const EMPTY_DOMAIN_CONTENT = {
  indicators: [],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [],
  views: [],
} satisfies Pick<DomainDef, 'indicators' | 'eventKinds' | 'eventStates' | 'stationParams' | 'placeKinds' | 'views'>;

// Colours: Paul Tol's colour-blind-safe "bright" and "muted" sets, one per domain.
export const CATALOG: Record<DomainId, DomainDef> = {
  economy: {
    ...CONTENT.economy,
    id: 'economy',
    name: { vi: 'Chỉ tiêu kinh tế – xã hội', en: 'Socio-economic indicators' },
    shortName: { vi: 'Kinh tế – xã hội', en: 'Economy' },
    color: '#4477AA',
    icon: 'chart',
    agency: { vi: 'Sở Tài chính', en: 'Department of Finance' },
  },
  publicAdmin: {
    ...CONTENT.publicAdmin,
    id: 'publicAdmin',
    name: { vi: 'Hành chính công', en: 'Public administration' },
    shortName: { vi: 'Hành chính công', en: 'Public admin' },
    color: '#66CCEE',
    icon: 'dossier',
    agency: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administration Service Centre' },
  },
  traffic: {
    ...CONTENT.traffic,
    id: 'traffic',
    name: { vi: 'Giao thông', en: 'Traffic' },
    shortName: { vi: 'Giao thông', en: 'Traffic' },
    color: '#EE6677',
    icon: 'road',
    agency: { vi: 'Sở Xây dựng', en: 'Department of Construction' },
  },
  urbanOrder: {
    ...CONTENT.urbanOrder,
    id: 'urbanOrder',
    name: { vi: 'Trật tự đô thị', en: 'Urban order' },
    shortName: { vi: 'Trật tự đô thị', en: 'Urban order' },
    color: '#CCBB44',
    icon: 'city',
    agency: { vi: 'UBND cấp xã', en: 'Commune people’s committees' },
  },
  land: {
    ...CONTENT.land,
    id: 'land',
    name: { vi: 'Quản lý đất đai', en: 'Land management' },
    shortName: { vi: 'Đất đai', en: 'Land' },
    color: '#AA3377',
    icon: 'parcel',
    agency: { vi: 'Sở Nông nghiệp và Môi trường', en: 'Department of Agriculture and Environment' },
  },
  environment: {
    ...CONTENT.environment,
    id: 'environment',
    name: { vi: 'Vệ sinh môi trường', en: 'Environment' },
    shortName: { vi: 'Môi trường', en: 'Environment' },
    color: '#228833',
    icon: 'leaf',
    agency: { vi: 'Sở Nông nghiệp và Môi trường', en: 'Department of Agriculture and Environment' },
  },
  health: {
    ...CONTENT.health,
    id: 'health',
    name: { vi: 'Y tế', en: 'Health' },
    shortName: { vi: 'Y tế', en: 'Health' },
    color: '#CC3311',
    icon: 'cross',
    agency: { vi: 'Sở Y tế', en: 'Department of Health' },
  },
  education: {
    ...CONTENT.education,
    id: 'education',
    name: { vi: 'Giáo dục', en: 'Education' },
    shortName: { vi: 'Giáo dục', en: 'Education' },
    color: '#0077BB',
    icon: 'school',
    agency: { vi: 'Sở Giáo dục và Đào tạo', en: 'Department of Education and Training' },
  },
  tourism: {
    ...CONTENT.tourism,
    id: 'tourism',
    name: { vi: 'Du lịch', en: 'Tourism' },
    shortName: { vi: 'Du lịch', en: 'Tourism' },
    color: '#009988',
    icon: 'mountain',
    agency: { vi: 'Sở Văn hóa, Thể thao và Du lịch', en: 'Department of Culture, Sports and Tourism' },
  },
  hotline: {
    ...CONTENT.hotline,
    id: 'hotline',
    name: { vi: 'Tiếp nhận phản ánh qua đường dây nóng', en: 'Citizen hotline' },
    shortName: { vi: 'Đường dây nóng', en: 'Hotline' },
    color: '#EE7733',
    icon: 'phone',
    agency: { vi: 'Trung tâm Giám sát, điều hành thông minh', en: 'Intelligent Operations Center' },
  },
};

export function domainList(): DomainDef[] {
  return DOMAIN_IDS.map((id) => CATALOG[id]);
}

export function domainDef(id: DomainId): DomainDef {
  return CATALOG[id];
}

/** The indicator definition for an id such as 'tourism.visitors', or undefined. */
export function indicatorDef(id: string): IndicatorDef | undefined {
  for (const d of DOMAIN_IDS) {
    const found = CATALOG[d].indicators.find((i) => i.id === id);
    if (found) return found;
  }
  return undefined;
}
