import type { DomainId } from '../../../domains/ids';
import type { MapResult } from '../../../domains/views';

/** What every domain map of a panel takes (EventMap, SiteMap): the view, the drill-down, the paint signal. */
export interface DomainMapProps {
  domain: DomainId;
  view: MapResult | undefined;
  selected?: string;
  onPick?(areaId: string | undefined): void;
  onPainted?(): void;
  areaValues?: Record<string, number>;
  labels?: boolean;
  /** Fit the map to the selected district (default true): see components/Map. */
  zoomToSelected?: boolean;
}
