import type { DomainId } from '../ids';
import type { LocalText } from '../text';

/** The shapes of a catalog entry: what a domain is made of, and which figures its views show. */

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
  /** Days allowed to settle it (hotline, dossiers): the demo data's due dates. A synced event's due date is its source's. */
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

/**
 * Where a figure of a view comes from: stored observations, counted events, live open/overdue
 * counts, or VN_AQI from station readings. The indicator says what the figure is; this says how
 * the host's views compute it.
 */
export type Measure =
  | { from: 'obs' }
  | { from: 'events'; measure: 'n' | 'resolvedRate' | 'onTimeRate' | 'onlineShare' | 'deaths' | 'injuries'; kinds?: string[] }
  | { from: 'open'; measure: 'open' | 'overdue'; kinds?: string[] }
  | { from: 'aqi' };

export interface Figure {
  id: string; // an indicator id of the same domain
  measure: Measure;
}

/** What a 'map' view draws: the domain's events, its places, its monitoring stations. */
export interface MapSources {
  events?: boolean;
  places?: boolean;
  stations?: boolean;
  /**
   * The domain's cameras that have a stream, not every camera place; a click (console) or tap
   * (kiosk) on one opens its picture, never on the wall.
   */
  cameras?: boolean;
}

interface ViewCommon {
  name: LocalText;
  /**
   * true when a wall tile may show this view alone (filling the tile under a small headline row,
   * renderer/panels/shared/ViewFocus); the console's tile inspector offers exactly these views.
   * The overview ('kpis') is always offered and is never one of them.
   */
  wall?: boolean;
}

/**
 * A view of a domain, with what it shows. 'kpis', 'trend' and 'byArea' are the three views every
 * domain has; the others draw the domain's events, places or stations.
 */
export type ViewDef =
  | (ViewCommon & { id: 'kpis'; figures: Figure[]; wall?: false })
  | (ViewCommon & { id: 'trend'; figures: Figure[] })
  | (ViewCommon & { id: 'byArea'; figure: Figure; secondary?: Figure })
  | (ViewCommon & { id: 'map'; sources: MapSources })
  | (ViewCommon & { id: 'byKind' | 'byStatus' | 'byAgency' | 'stations' | 'recent' | 'queue' });

export interface DomainDef<Id extends string = DomainId> {
  id: Id;
  name: LocalText;
  /** Short label for small tiles and tabs. */
  shortName: LocalText;
  /** Accent colour, one per domain from Paul Tol's colour-blind-safe "bright" and "muted" sets; never the only carrier of meaning. */
  color: string;
  /** Icon key, resolved to an SVG by the renderer (an unknown key draws a neutral icon). */
  icon: string;
  /** The provincial agency that owns the data, shown beside its freshness. */
  agency: LocalText;
  /**
   * Hours after the last update when the data counts as stale ("Dữ liệu cũ"): how often the
   * source really updates, plus slack. Monthly statistics are not stale after a day; traffic is
   * after an hour.
   */
  staleAfterHours: number;
  /** The view a tile of this domain starts with when the operator adds it to a layout ('' = overview). */
  defaultTileView?: string;
  indicators: IndicatorDef[];
  eventKinds: EventKindDef[];
  eventStates: EventStateDef[];
  stationParams: StationParamDef[];
  placeKinds: PlaceKindDef[];
  views: ViewDef[];
}
