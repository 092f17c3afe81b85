import type { DomainId } from './ids';
import type { LocalText } from './text';
import type { AqiLevel, AqiPollutant } from './vn-aqi';

/**
 * The JSON each named view returns (host/views/ computes them, panels draw them). Pure types
 * shared by host and renderer; `kind` discriminates. Numbers are raw (the renderer formats
 * them with Intl vi-VN); times are ISO-8601 UTC; periods 'YYYY', 'YYYY-Qn', 'YYYY-MM'.
 */

export interface ViewParams {
  areaId?: string;
  period?: string;
}

/** The span a view answered for, resolved from the requested period. */
export interface ResolvedPeriod {
  /** The period key asked for, or the default (the current year). */
  key: string;
  /** First and last month covered ('YYYY-MM'); a current year stops at the current month. */
  from: string;
  to: string;
  /** The same span one year earlier ("cùng kỳ năm trước"). */
  previous: { key: string; from: string; to: string };
  /** true when the span is cut at today (year or quarter to date). */
  toDate: boolean;
}

export interface ViewFreshness {
  updatedAt: string | null;
  source: string | null;
}

interface ViewBase {
  domain: DomainId;
  areaId: string; // '70' = the whole province
  areaName: string;
  period: ResolvedPeriod;
  freshness: ViewFreshness;
}

export interface IndicatorRef {
  id: string;
  name: LocalText;
  unit: LocalText;
  upIsGood: boolean;
}

export interface KpiItem extends IndicatorRef {
  value: number | null;
  /** Same span a year earlier; null when not comparable (a live count such as "overdue now"). */
  previous: number | null;
  /** (value − previous) / previous, or for percentages the difference in points (see changeKind). */
  change: number | null;
  changeKind: 'relative' | 'points';
  /** The year's plan target, where one exists, and progress towards it (value / plan). */
  plan: number | null;
  planProgress: number | null;
  /** true when the figure is "now" (open, overdue), not for the period. */
  live: boolean;
  /** For warnings: true when this figure is bad news right now (late, overdue, AQI poor…). */
  alert?: boolean;
}

export interface KpisResult extends ViewBase {
  kind: 'kpis';
  items: KpiItem[];
}

export interface TrendPoint {
  period: string; // 'YYYY-MM' (or 'YYYY' for yearly figures)
  value: number | null;
}

export interface TrendSeries extends IndicatorRef {
  points: TrendPoint[];
}

export interface TrendResult extends ViewBase {
  kind: 'trend';
  granularity: 'month' | 'year';
  series: TrendSeries[];
}

export interface ByAreaRow {
  areaId: string;
  name: string;
  value: number | null;
  previous: number | null;
  /** A second figure where the domain has one (on time, overdue, AQI band…). */
  secondary?: number | null;
  /** VN_AQI band of the district's worst station (environment only). */
  aqiLevel?: AqiLevel;
}

export interface ByAreaResult extends ViewBase {
  kind: 'byArea';
  indicator: IndicatorRef;
  secondaryIndicator?: IndicatorRef;
  rows: ByAreaRow[];
}

export type MapPointStatus = 'open' | 'overdue' | 'closed' | 'site';

export interface MapPoint {
  id: string;
  /** 'event' | 'place' | 'station' */
  type: 'event' | 'place' | 'station';
  /** Key into MapResult.names. */
  kind: string;
  lat: number;
  lon: number;
  /** Citizen or source text: render as text only, never as HTML. */
  title: string;
  detail: string;
  /** Key into MapResult.names (event state, AQI level, or the place kind). */
  status: string;
  state: MapPointStatus;
  areaId: string | null;
  at: string | null;
  aqi?: number | null;
  aqiLevel?: AqiLevel;
}

export interface MapResult extends ViewBase {
  kind: 'map';
  points: MapPoint[];
  /** Names of the kinds and statuses the points use (sent once, not per point). */
  names: Record<string, LocalText>;
  /** Points matching before the cap; the map says when it shows fewer. */
  total: number;
  truncated: boolean;
}

export interface CountRow {
  id: string;
  name: LocalText;
  count: number;
}

export interface ByStatusResult extends ViewBase {
  kind: 'byStatus';
  /** Events opened in the period, by their current state, in workflow order. */
  rows: (CountRow & { closed: boolean })[];
  total: number;
  /** Open and past their due date now (derived from dueAt). */
  overdue: number;
  /** Closed after their due date, of those opened in the period. */
  closedLate: number;
}

export interface ByKindResult extends ViewBase {
  kind: 'byKind';
  rows: CountRow[];
  total: number;
}

export interface AgencyRow {
  agency: string;
  received: number;
  /** Settled with end of processing on or before the appointment date (NgayKetThucXuLy ≤ NgayHenTra). */
  onTime: number;
  late: number;
  /** Still open and past the appointment date now. */
  overdue: number;
  /** Still open, not yet due. */
  pending: number;
  onTimeRate: number | null;
}

export interface ByAgencyResult extends ViewBase {
  kind: 'byAgency';
  rows: AgencyRow[];
}

export interface StationRow {
  id: string;
  name: string;
  areaId: string | null;
  areaName: string;
  lat: number;
  lon: number;
  /** Hour of the latest reading the index is computed for. */
  time: string | null;
  aqi: number | null;
  aqiLevel: AqiLevel | null;
  dominant: AqiPollutant | null;
  params: { param: string; value: number | null; subIndex: number | null }[];
}

export interface StationsResult extends ViewBase {
  kind: 'stations';
  rows: StationRow[];
}

export interface RecentEvent {
  id: string;
  kind: string;
  kindName: LocalText;
  status: string;
  statusName: LocalText;
  /** Citizen text: render as text only. */
  title: string;
  description: string;
  address: string;
  areaId: string | null;
  agency: string | null;
  openedAt: string;
  dueAt: string | null;
  overdue: boolean;
}

export interface RecentResult extends ViewBase {
  kind: 'recent';
  rows: RecentEvent[];
}

/** One hotline report as the operator's desk lists it (the 'queue' view). */
export interface QueueItem extends RecentEvent {
  areaName: string | null;
  updatedAt: string;
  closedAt: string | null;
  closed: boolean;
  /** The report's history (source notes and operator actions), oldest first. Text only. */
  notes: { at: string; type: string; text: string; by: string | null }[];
}

export interface QueueResult extends ViewBase {
  kind: 'queue';
  /** Every open report (most urgent first), then the period's settled ones (newest first). */
  rows: QueueItem[];
  open: number;
  overdue: number;
  /** Agencies a report can be assigned to: those already seen on reports, then the catalog's. */
  agencies: string[];
  truncated: boolean;
}

export type ViewResult =
  | KpisResult
  | TrendResult
  | ByAreaResult
  | MapResult
  | ByStatusResult
  | ByKindResult
  | ByAgencyResult
  | StationsResult
  | RecentResult
  | QueueResult;

/** View id → result type: `useView<ViewResultMap['kpis']>('tourism', 'kpis')`. */
export interface ViewResultMap {
  kpis: KpisResult;
  trend: TrendResult;
  byArea: ByAreaResult;
  map: MapResult;
  byStatus: ByStatusResult;
  byKind: ByKindResult;
  byAgency: ByAgencyResult;
  stations: StationsResult;
  recent: RecentResult;
  queue: QueueResult;
}

export type ViewId = keyof ViewResultMap;
export const VIEW_IDS = ['kpis', 'trend', 'byArea', 'map', 'byStatus', 'byKind', 'byAgency', 'stations', 'recent', 'queue'] as const satisfies readonly ViewId[];
