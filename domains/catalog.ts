import type { DomainId } from './ids';
import { DOMAIN_IDS } from './ids';
import type { LocalText } from './text';

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
}

export interface EventKindDef {
  id: string; // e.g. 'traffic.accident'
  name: LocalText;
}

export interface EventStateDef {
  id: string; // e.g. 'received', 'assigned', 'inProgress', 'resolved'
  name: LocalText;
  /** true for states in which the event is finished (no longer counts as open or overdue). */
  closed: boolean;
}

export interface StationParamDef {
  id: string; // e.g. 'pm25'
  name: LocalText;
  unit: string; // 'µg/m³'
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

const empty = {
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
    ...empty,
    id: 'economy',
    name: { vi: 'Chỉ tiêu kinh tế – xã hội', en: 'Socio-economic indicators' },
    shortName: { vi: 'Kinh tế – xã hội', en: 'Economy' },
    color: '#4477AA',
    icon: 'chart',
    agency: { vi: 'Sở Tài chính', en: 'Department of Finance' },
  },
  publicAdmin: {
    ...empty,
    id: 'publicAdmin',
    name: { vi: 'Hành chính công', en: 'Public administration' },
    shortName: { vi: 'Hành chính công', en: 'Public admin' },
    color: '#66CCEE',
    icon: 'dossier',
    agency: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administration Service Centre' },
  },
  traffic: {
    ...empty,
    id: 'traffic',
    name: { vi: 'Giao thông', en: 'Traffic' },
    shortName: { vi: 'Giao thông', en: 'Traffic' },
    color: '#EE6677',
    icon: 'road',
    agency: { vi: 'Sở Xây dựng', en: 'Department of Construction' },
  },
  urbanOrder: {
    ...empty,
    id: 'urbanOrder',
    name: { vi: 'Trật tự đô thị', en: 'Urban order' },
    shortName: { vi: 'Trật tự đô thị', en: 'Urban order' },
    color: '#CCBB44',
    icon: 'city',
    agency: { vi: 'UBND cấp xã', en: 'Commune people’s committees' },
  },
  land: {
    ...empty,
    id: 'land',
    name: { vi: 'Quản lý đất đai', en: 'Land management' },
    shortName: { vi: 'Đất đai', en: 'Land' },
    color: '#AA3377',
    icon: 'parcel',
    agency: { vi: 'Sở Nông nghiệp và Môi trường', en: 'Department of Agriculture and Environment' },
  },
  environment: {
    ...empty,
    id: 'environment',
    name: { vi: 'Vệ sinh môi trường', en: 'Environment' },
    shortName: { vi: 'Môi trường', en: 'Environment' },
    color: '#228833',
    icon: 'leaf',
    agency: { vi: 'Sở Nông nghiệp và Môi trường', en: 'Department of Agriculture and Environment' },
  },
  health: {
    ...empty,
    id: 'health',
    name: { vi: 'Y tế', en: 'Health' },
    shortName: { vi: 'Y tế', en: 'Health' },
    color: '#CC3311',
    icon: 'cross',
    agency: { vi: 'Sở Y tế', en: 'Department of Health' },
  },
  education: {
    ...empty,
    id: 'education',
    name: { vi: 'Giáo dục', en: 'Education' },
    shortName: { vi: 'Giáo dục', en: 'Education' },
    color: '#0077BB',
    icon: 'school',
    agency: { vi: 'Sở Giáo dục và Đào tạo', en: 'Department of Education and Training' },
  },
  tourism: {
    ...empty,
    id: 'tourism',
    name: { vi: 'Du lịch', en: 'Tourism' },
    shortName: { vi: 'Du lịch', en: 'Tourism' },
    color: '#009988',
    icon: 'mountain',
    agency: { vi: 'Sở Văn hóa, Thể thao và Du lịch', en: 'Department of Culture, Sports and Tourism' },
  },
  hotline: {
    ...empty,
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
