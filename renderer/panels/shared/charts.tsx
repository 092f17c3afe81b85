/**
 * Building blocks for domain panels on top of components/, reading the views of
 * domains/views.ts: a KPI row from 'kpis', district bars from 'byArea' that drill down on
 * click, breakdown charts from 'byKind' / 'byStatus', a trend chart from 'trend', and an
 * event map from 'map' with a text legend. Panels compose these per size.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CATALOG } from '../../../domains/catalog';
import type { DomainId } from '../../../domains/ids';
import type { LocalText } from '../../../domains/text';
import type { ByAreaResult, ByKindResult, ByStatusResult, IndicatorRef, KpisResult, MapResult, TrendResult } from '../../../domains/views';
import { Chart, PALETTE } from '../../components/Chart';
import { Kpi } from '../../components/Kpi';
import { Map as AreaMap, type MapPoint } from '../../components/Map';
import { useSurface } from '../../components/surface';
import { CameraPicture } from '../../cameras/CameraPicture';
import { useCameras } from '../../cameras/useCameras';
import { formatDateTime, formatNumber, formatPercentValue, formatPeriod, formatPeriodShort } from '../../format';
import { useLang } from '../../i18n';

type Unit = Pick<IndicatorRef, 'unit'> | undefined;

/** Percent indicators are stored as percentages (95.3), not fractions. */
export function isPercent(ref: Unit): boolean {
  return ref?.unit.vi === '%';
}

export function formatIndicator(ref: Unit, n: number): string {
  if (isPercent(ref)) return formatPercentValue(n);
  return Math.abs(n) >= 100 ? formatNumber(n, 0) : formatNumber(n, 1);
}

export interface KpiSpec {
  id: string;
  /** Short label (i18n key) instead of the catalog's long name — long names overflow at 3 m. */
  label?: string;
}

/** Headline figures from the 'kpis' view, in the order given; missing ones are skipped. */
export function KpiRow({
  view,
  specs,
  hero,
  compact,
  columns,
}: {
  view: KpisResult | undefined;
  specs: KpiSpec[];
  hero?: boolean;
  compact?: boolean;
  /** Fixed column count (large tiles with many figures); default fills the width. */
  columns?: number;
}) {
  const { t } = useTranslation();
  const { lt } = useLang();
  return (
    <div
      className={`kpis${compact ? ' kpis--compact' : ''}`}
      style={columns ? { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` } : undefined}
      data-period={view?.period.key} data-from={view?.period.from} data-to={view?.period.to}>
      {specs.map((s) => {
        const item = view?.items.find((i) => i.id === s.id);
        if (view && !item) return null;
        const pct = isPercent(item);
        return (
          <Kpi
            key={s.id}
            testId={s.id}
            hero={hero}
            compact={compact}
            label={s.label ? t(s.label) : item ? lt(item.name) : ''}
            value={item?.value ?? null}
            unit={pct || !item ? undefined : lt(item.unit)}
            format={(n) => formatIndicator(item, n)}
            prev={item?.previous ?? null}
            prevLabel="panel.vsSame"
            plan={item?.plan ?? null}
            upIsGood={item?.upIsGood ?? true}
            change={item?.changeKind ?? 'relative'}
            formatChange={pct ? (n) => t('panel.pointsChange', { n: formatNumber(n) }) : undefined}
            alert={item?.alert}
          />
        );
      })}
    </div>
  );
}

/** "Kỳ: Năm 2026 · lũy kế đến Tháng 11/2026", so a number is never read without its period. */
export function PeriodNote({ view }: { view: { period: KpisResult['period'] } | undefined }) {
  const { t } = useTranslation();
  if (!view) return null;
  const p = view.period;
  return (
    <div className="period-note" data-period-key={p.key}>
      {t('panel.period')}: {formatPeriod(p.key)}
      {p.toDate ? ` · ${t('panel.toDate', { to: formatPeriod(p.to) })}` : ''}
    </div>
  );
}

/** Horizontal bars per district; clicking a bar drills into that district (again: back out). */
export function AreaBars({
  domain,
  view,
  selected,
  onPick,
  onPainted,
  max = 11,
  secondary,
}: {
  domain: DomainId;
  view: ByAreaResult | undefined;
  selected?: string;
  onPick?(areaId: string | undefined): void;
  onPainted?(): void;
  max?: number;
  /** Also draw the view's secondary figure (stacked beside), e.g. overdue next to received. */
  secondary?: boolean;
}) {
  const { lt } = useLang();
  const rows = useMemo(
    () => [...(view?.rows ?? [])].filter((r) => r.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0)).slice(0, max),
    [view, max],
  );
  const color = CATALOG[domain].color;
  const ref = view?.indicator;
  const datasets = [
    {
      label: ref ? `${lt(ref.name)} (${lt(ref.unit)})` : '',
      data: rows.map((r) => r.value),
      // The chosen district keeps its colour, the others go grey; its name is also in the header.
      color: rows.map((r) => (selected && r.areaId !== selected ? '#55606e' : color)),
    },
  ];
  if (secondary && view?.secondaryIndicator) {
    datasets.push({
      label: `${lt(view.secondaryIndicator.name)}`,
      data: rows.map((r) => r.secondary ?? null),
      color: rows.map(() => PALETTE[1]!),
    });
  }
  return (
    <Chart
      type="bar"
      horizontal
      ariaLabel={ref ? lt(ref.name) : ''}
      labels={rows.map((r) => r.name)}
      datasets={datasets}
      legend={datasets.length > 1}
      formatValue={(n) => formatIndicator(ref, n)}
      onPick={onPick ? (i) => onPick(rows[i]?.areaId === selected ? undefined : rows[i]?.areaId) : undefined}
      onPainted={view ? onPainted : undefined}
    />
  );
}

/** Breakdown by event kind or status (names come with the view). */
export function BreakdownChart({
  domain,
  view,
  type = 'bar',
  onPainted,
  ariaLabel,
  max = 8,
}: {
  domain: DomainId;
  view: ByKindResult | ByStatusResult | undefined;
  type?: 'bar' | 'doughnut';
  onPainted?(): void;
  ariaLabel: string;
  max?: number;
}) {
  const { lt } = useLang();
  const colors = kindColors(domain);
  const rows = useMemo(() => {
    const r = [...(view?.rows ?? [])] as { id: string; name: LocalText; count: number }[];
    // Statuses keep workflow order; kinds are ranked.
    if (view?.kind === 'byKind') r.sort((a, b) => b.count - a.count);
    return r.slice(0, max);
  }, [view, max]);
  return (
    <Chart
      type={type}
      horizontal={type === 'bar'}
      ariaLabel={ariaLabel}
      labels={rows.map((r) => (r.name ? lt(r.name) : nameIn([...CATALOG[domain].eventKinds, ...CATALOG[domain].eventStates], r.id, lt)))}
      datasets={[
        {
          label: ariaLabel,
          data: rows.map((r) => r.count),
          color: rows.map((r, i) => colors.get(r.id) ?? PALETTE[i % PALETTE.length]!),
        },
      ]}
      legend={type === 'doughnut'}
      formatValue={(n) => formatNumber(n, 0)}
      onPainted={view ? onPainted : undefined}
    />
  );
}

/** Trend of one or more indicators of the 'trend' view, last `last` periods. */
export function TrendChart({
  domain,
  view,
  indicators,
  type = 'bar',
  last = 12,
  onPainted,
  ariaLabel,
}: {
  domain: DomainId;
  view: TrendResult | undefined;
  /** Indicator ids to draw, first one as bars (type 'bar'), the others as lines. */
  indicators: string[];
  type?: 'bar' | 'line';
  last?: number;
  onPainted?(): void;
  ariaLabel: string;
}) {
  const { lt } = useLang();
  const series = indicators
    .map((id) => view?.series.find((s) => s.id === id))
    .filter((s): s is TrendResult['series'][number] => !!s);
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort().slice(-last);
  const color = CATALOG[domain].color;
  return (
    <Chart
      type={type}
      ariaLabel={ariaLabel}
      labels={periods.map((p) => formatPeriodShort(p))}
      datasets={series.map((s, i) => {
        const byP = new Map(s.points.map((p) => [p.period, p.value]));
        return {
          label: `${lt(s.name)}${isPercent(s) ? '' : ` (${lt(s.unit)})`}`,
          data: periods.map((p) => byP.get(p) ?? null),
          color: i === 0 ? color : PALETTE[(i + 3) % PALETTE.length]!,
          asLine: i > 0 && type === 'bar',
        };
      })}
      legend={series.length > 1}
      formatValue={(n) => formatIndicator(series[0], n)}
      onPainted={view ? onPainted : undefined}
    />
  );
}

function nameIn(list: { id: string; name: LocalText }[], id: string, lt: (x: LocalText) => string): string {
  const d = list.find((x) => x.id === id);
  return d ? lt(d.name) : id;
}

/** A distinct colour per event kind (Tol palette in catalog order: colour-blind safe). */
export function kindColors(domain: DomainId): Map<string, string> {
  return new Map(CATALOG[domain].eventKinds.map((k, i) => [k.id, PALETTE[i % PALETTE.length]!]));
}

/** Event points on the district map, with a legend of kinds as words, overdue drawn larger. */
export function EventMap({
  domain,
  view,
  selected,
  onPick,
  onPainted,
  areaValues,
  interactive,
  showLegend = true,
  labels,
  openOnly,
  zoomToSelected,
}: {
  domain: DomainId;
  view: MapResult | undefined;
  selected?: string;
  onPick?(areaId: string | undefined): void;
  onPainted?(): void;
  areaValues?: Record<string, number>;
  interactive?: boolean;
  showLegend?: boolean;
  labels?: boolean;
  /** Only cases still open (open or overdue): when the districts are already shaded by totals. */
  openOnly?: boolean;
  /** Fit the map to the selected district (default true): see components/Map. */
  zoomToSelected?: boolean;
}) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const def = CATALOG[domain];
  const shown = useMemo(
    () => (view && openOnly ? { ...view, points: view.points.filter((p) => p.state === 'open' || p.state === 'overdue') } : view),
    [view, openOnly],
  );
  const colors = useMemo(() => kindColors(domain), [domain]);
  const points: MapPoint[] | undefined = useMemo(
    () =>
      shown?.points.map((p) => {
        // Names from the view when it sends them, else from the catalog, else the raw id.
        const kind = shown.names?.[p.kind] ? lt(shown.names[p.kind]!) : nameIn(def.eventKinds, p.kind, lt);
        const status = shown.names?.[p.status] ? lt(shown.names[p.status]!) : nameIn(def.eventStates, p.status, lt);
        return {
          id: p.id,
          lat: p.lat,
          lon: p.lon,
          // Without the kinds' legend (small room) every point is one neutral colour.
          color: showLegend ? colors.get(p.kind) : NEUTRAL_POINT,
          stroke: showLegend ? undefined : '#05080d',
          radius: showLegend ? (p.state === 'overdue' ? 12 : 8) : p.state === 'overdue' ? 8 : 5,
          title: p.title || kind,
          text: p.detail,
          lines: [kind, `${status}${p.state === 'overdue' ? ` — ${t('map.overdue')}` : ''}`, ...(p.at ? [formatDateTime(p.at)] : [])],
        };
      }),
    [shown, colors, lt, t, def, showLegend],
  );
  // Traffic and urban-order maps open a camera on click (console) or tap (kiosk); not on the wall.
  const surface = useSurface();
  const canOpen = (interactive ?? surface !== 'wall') && (domain === 'traffic' || domain === 'urbanOrder');
  const cams = useCameras({ enabled: canOpen });
  const [camera, setCamera] = useState<string | null>(null);
  const present = new Set((shown?.points ?? []).map((p) => p.kind));
  const overdue = (shown?.points ?? []).filter((p) => p.state === 'overdue').length;
  return (
    <div className="map-wrap">
      <AreaMap
        points={points}
        color={def.color}
        selectedAreaId={selected}
        zoomToSelected={zoomToSelected}
        onSelectArea={onPick}
        areaValues={areaValues}
        interactive={interactive}
        labels={labels}
        onPainted={points ? onPainted : undefined}
        onPointClick={canOpen ? (id) => cams.byId.has(id) && setCamera(id) : undefined}
        ariaLabel={lt(def.name)}
      />
      {camera && cams.byId.has(camera) ? (
        <div className="map-camera" data-map-camera={camera}>
          <button type="button" className="map-camera__close" aria-label={t('map.closeCamera')} onClick={() => setCamera(null)}>
            ×
          </button>
          <CameraPicture cameraId={camera} camera={cams.byId.get(camera)} role="sub" active signalLostSec={cams.signalLostSec} />
        </div>
      ) : null}
      {showLegend && (present.size > 0 || view?.truncated) ? (
        <ul className="legend" aria-label={t('map.legend')}>
          {def.eventKinds
            .filter((k) => present.has(k.id))
            .map((k) => (
              <li key={k.id}>
                <span className="legend__swatch" style={{ background: colors.get(k.id) }} />
                {lt(k.name)}
              </li>
            ))}
          {overdue > 0 ? (
            <li>
              <span className="legend__swatch legend__swatch--big" />
              {t('map.overdueCount', { count: overdue })}
            </li>
          ) : null}
          {view?.truncated && !openOnly ? <li>{t('map.truncated', { shown: formatNumber(view.points.length, 0), total: formatNumber(view.total, 0) })}</li> : null}
        </ul>
      ) : shown && shown.points.length > 0 ? (
        <ul className="legend" aria-label={t('map.legend')}>
          <li>
            <span className="legend__swatch" style={{ background: NEUTRAL_POINT }} />
            {t(openOnly ? 'map.openCount' : 'map.points', { count: formatNumber(shown.points.length, 0) })}
            {overdue > 0 ? ` · ${t('map.overdueCount', { count: overdue })}` : ''}
          </li>
        </ul>
      ) : null}
    </div>
  );
}

const NEUTRAL_POINT = '#f2f5f9';

/** A byArea view as a Record for choropleth fills (and numbers under district names). */
export function areaValuesOf(view: ByAreaResult | undefined): Record<string, number> | undefined {
  if (!view) return undefined;
  return Object.fromEntries(view.rows.filter((r) => r.value !== null).map((r) => [r.areaId, r.value!]));
}

/**
 * The figures (`side`) and the map or charts (`children`): stacked in a normal tile, side by
 * side in a wide one (PanelFrame `wide`), so a band across the wall keeps a large map.
 */
export function Split({ side, children }: { side: ReactNode; children?: ReactNode }) {
  return (
    <div className="split">
      <div className="split__side">{side}</div>
      {children ? <div className="split__main">{children}</div> : null}
    </div>
  );
}
