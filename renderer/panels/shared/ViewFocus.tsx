/**
 * A tile with a chosen view (renderer/panels/views.ts): that one visualisation fills the tile
 * under a small headline row (just the headline number in a small tile). Every domain panel
 * is `withViews(spec, Overview)`: the overview when the tile has no view (or one the panel
 * cannot show), ViewFocus otherwise. Generic views (trend, byArea, byKind, byStatus, the event
 * map) are drawn here from the spec's settings; a panel supplies renderers only for views of
 * its own (publicAdmin's agencies, environment's stations, hotline's reports, site maps).
 * Painted only once the headline figures and the chosen visualisation are drawn.
 */
import { useCallback, useEffect, useMemo, type ComponentType, type CSSProperties, type ReactNode } from 'react';
import { CATALOG } from '../../../domains/catalog';
import type { DomainId } from '../../../domains/ids';
import type { ViewId, ViewResultMap } from '../../../domains/views';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useLang, useTranslation } from '../../i18n';
import { isWide, type PanelProps, type PanelSize } from '../types';
import { focusAsks } from '../ask';
import { tileView, type FocusView } from '../views';
import { usePanel } from './usePanel';
import { EventMap } from './EventMap';
import { KpiRow, PeriodNote, type KpiSpec } from './KpiRow';
import { Split } from './Split';
import { AreaBars, BreakdownChart, TrendChart } from './charts';

export interface FocusCtx<T> {
  data: T | undefined;
  size: PanelSize;
  areaId: string | undefined;
  setAreaId(id: string | undefined): void;
  /** Call once what the view shows is drawn (charts and maps: their onPainted). */
  onPainted(): void;
  title: string;
}

type Renderers<V extends string> = {
  [K in V & keyof ViewResultMap]?: (ctx: FocusCtx<ViewResultMap[K]>) => ReactNode;
};

export interface FocusSpec<D extends DomainId> {
  domain: D;
  /** Headline figures on top; the first alone in a small tile. */
  headline: KpiSpec[];
  /** Indicators of the 'trend' view, the first as bars, the others as lines. */
  trend?: string[];
  /** Section titles (i18n keys) per view; default: the catalog's view name. */
  titles?: Partial<Record<FocusView, string>>;
  /** Views this panel draws itself (and 'map' for place/station maps). */
  render?: Renderers<FocusView>;
}

/** Lists and other plain DOM views: painted once the data is in the DOM (effects run after commit). */
export function usePaintedWhen(ready: unknown, onPainted: () => void) {
  useEffect(() => {
    if (ready) onPainted();
  }, [ready, onPainted]);
}

/**
 * A list filling the rest of the tile that shows only whole rows: rows that do not fit wrap into
 * a second column, pushed out of sight by the 100% row width, instead of one row cut in half.
 */
export const FILL_LIST: CSSProperties = { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', flexWrap: 'wrap', alignContent: 'flex-start', overflow: 'hidden' };
export const FILL_ROW: CSSProperties = { width: '100%' };

export function withViews<D extends DomainId>(spec: FocusSpec<D>, Overview: ComponentType<PanelProps>) {
  function Panel(props: PanelProps) {
    const view = tileView(spec.domain, props.tile.view);
    // Keyed by view: a new view is a new paint, never the previous view's marker.
    return view ? <ViewFocus key={view} spec={spec} view={view as FocusView} {...props} /> : <Overview {...props} />;
  }
  Panel.displayName = `${spec.domain}Panel`;
  return Panel;
}

const FOCUS_PARTS = { small: ['kpis', 'main'], medium: ['kpis', 'main'], large: ['kpis', 'main'] };

function ViewFocus<D extends DomainId>({ spec, view, ...props }: PanelProps & { spec: FocusSpec<D>; view: FocusView }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const D = spec.domain;
  const { tile, size } = props;
  // The headline figures and the view at every size; district bars, the drill-down control, stay
  // province-wide, the chosen one highlighted (../ask.ts focusAsks, as a wall's start predicts).
  const asks = useMemo(() => focusAsks(view as ViewId), [view]);
  const { areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: FOCUS_PARTS, asks });
  const main = useView(D, view as keyof ViewResultMap, ask(view as ViewId));
  const paintMain = useCallback(() => mark('main'), [mark]);

  const titleKey: string | undefined = spec.titles?.[view];
  const def = CATALOG[D].views.find((v) => v.id === view);
  const title = titleKey ? t(titleKey) : def ? lt(def.name) : view;
  const data = main.data as never;
  const ctx = { data, size, areaId, setAreaId, onPainted: paintMain, title };
  const custom = (spec.render as Record<string, ((c: FocusCtx<unknown>) => ReactNode) | undefined> | undefined)?.[view];
  let body: ReactNode;
  if (custom) body = custom(ctx);
  else if (view === 'trend')
    body = <TrendChart domain={D} view={data} indicators={spec.trend ?? spec.headline.map((k) => k.id)} last={size === 'small' ? 6 : 12} ariaLabel={title} onPainted={paintMain} />;
  else if (view === 'byArea')
    body = <AreaBars domain={D} view={data} selected={areaId} onPick={setAreaId} max={size === 'small' ? 5 : size === 'medium' ? 8 : 11} onPainted={paintMain} />;
  else if (view === 'byKind' || view === 'byStatus')
    body = <BreakdownChart domain={D} view={data} type={view === 'byStatus' ? 'doughnut' : 'bar'} max={size === 'small' ? 4 : 8} ariaLabel={title} onPainted={paintMain} />;
  else if (view === 'map')
    body = <EventMap domain={D} view={data} selected={areaId} onPick={setAreaId} labels={size === 'large'} showLegend={size !== 'small'} onPainted={paintMain} />;

  const error = kpis.error ?? main.error;
  // A medium band across the wall keeps the view full height, the figures beside it (as the
  // overviews do); a large one has the height for both, the figures on top.
  const wide = isWide(tile) && size === 'medium';
  const head = (
    <>
      <KpiRow view={kpis.data} specs={size === 'small' ? spec.headline.slice(0, 1) : spec.headline} compact />
      {size === 'large' || wide ? <PeriodNote view={kpis.data} /> : null}
    </>
  );
  const focus = (
    <div data-view-focus={view} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
      {size !== 'small' ? <h3 className="section-title">{title}</h3> : null}
      {body}
    </div>
  );
  return (
    <PanelFrame domain={D} size={size} wide={wide} areaId={areaId} onArea={setAreaId}>
      {error ? <PanelMessage>{t('panel.error', { message: error.message })}</PanelMessage> : null}
      {wide ? <Split side={head}>{focus}</Split> : <>{head}{focus}</>}
    </PanelFrame>
  );
}
