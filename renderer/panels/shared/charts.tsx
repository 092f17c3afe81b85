/**
 * The charts domain panels draw from the views of domains/views.ts: district bars from
 * 'byArea' that drill down on click, breakdowns from 'byKind' / 'byStatus', and a trend chart
 * from 'trend'.
 */
import { useMemo } from 'react';
import { CATALOG } from '../../../domains/catalog';
import type { DomainId } from '../../../domains/ids';
import type { LocalText } from '../../../domains/text';
import type { ByAreaResult, ByKindResult, ByStatusResult, TrendResult } from '../../../domains/views';
import { Chart, PALETTE } from '../../components/Chart';
import { formatNumber, formatPeriodShort } from '../../format';
import { useLang } from '../../i18n';
import { kindColors } from './colours';
import { formatIndicator, isPercent, nameIn } from './format';

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
