/**
 * The detail view's figures for a finger and an eye at arm's length: up to four headline
 * figures of the chosen area as cards, and the headline figure's monthly trend as bars. A tap
 * on a bar (anywhere in its column) prints that period and value in large type above the
 * chart and highlights the bar; a second tap on it hides it again. Nothing depends on hover.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DomainDef } from '../../domains/catalog';
import type { KpiItem } from '../../domains/views';
import { useView } from '../client/hooks';
import { Chart } from '../components/Chart';
import { formatCompact, formatPeriod, formatPeriodShort } from '../format';
import { useLang, useTranslation } from '../i18n';
import { formatIndicator, isPercent } from '../panels/shared/format';
import { HeadlineChange, HeadlineValue } from './DomainTile';

const GRID = 'rgba(255,255,255,0.14)';
const DIMMED = '#55606e';

function FigureCard({ item }: { item: KpiItem }) {
  const { lt } = useLang();
  return (
    <div className={`kcard${item.alert ? ' kcard--alert' : ''}`} data-kpi={item.id}>
      <span className="kcard__label">{lt(item.name)}</span>
      <span className="kcard__value">
        <HeadlineValue item={item} /> <span className="kcard__unit">{lt(item.unit)}</span>
      </span>
      <HeadlineChange item={item} />
    </div>
  );
}

export function DetailOverview({ domain, areaId, fontPx, onPainted }: { domain: DomainDef; areaId: string | undefined; fontPx: number; onPainted(part: 'kpis' | 'trend'): void }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const kpis = useView(domain.id, 'kpis', { areaId });
  const trend = useView(domain.id, 'trend', { areaId });
  const items = (kpis.data?.items ?? []).filter((i) => i.value !== null).slice(0, 4);
  const head = items[0];
  const series = trend.data?.series.find((s) => s.id === head?.id && s.points.some((p) => p.value !== null)) ?? trend.data?.series.find((s) => s.points.some((p) => p.value !== null));
  const points = useMemo(() => (series?.points ?? []).slice(-12), [series]);
  const [picked, setPicked] = useState<number | null>(null);
  useEffect(() => setPicked(null), [series?.id, areaId]);
  useEffect(() => {
    if (kpis.isSuccess) onPainted('kpis');
  }, [kpis.isSuccess, onPainted]);
  useEffect(() => {
    // No series to draw is a finished trend too (the message says so).
    if (trend.isSuccess && !series) onPainted('trend');
  }, [trend.isSuccess, series, onPainted]);

  const p = picked !== null ? points[picked] : undefined;
  const unit = series && !isPercent(series) ? ` ${lt(series.unit)}` : '';
  const axisFont = { size: Math.round(fontPx * 0.95) };
  return (
    <div className="kov">
      <div className="kov__cards" data-count={items.length}>
        {items.map((i) => (
          <FigureCard key={i.id} item={i} />
        ))}
        {kpis.isSuccess && items.length === 0 ? <p className="kov__empty">{t('kiosk.noFigure')}</p> : null}
      </div>
      <section className="kov__trend" aria-label={series ? lt(series.name) : t('kiosk.trend')}>
        <h3 className="kov__title">{series ? `${lt(series.name)}${unit && !lt(series.name).includes(unit.trim()) ? ` (${unit.trim()})` : ''}` : t('kiosk.trend')}</h3>
        <div className={`kread${p ? ' is-shown' : ''}`} data-readout={p ? 'shown' : 'hint'} aria-live="polite">
          {p ? (
            <>
              <span className="kread__period">{formatPeriod(p.period)}</span>
              <span className="kread__value">{p.value === null ? '–' : `${formatIndicator(series, p.value)}${unit}`}</span>
            </>
          ) : (
            <span className="kread__hint">{t('kiosk.tapBar')}</span>
          )}
        </div>
        {series ? (
          <Chart
            // Recreated when the type size changes (a new screen size): Chart.js keeps fonts per chart.
            key={fontPx}
            type="bar"
            className="kov__chart"
            ariaLabel={lt(series.name)}
            labels={points.map((x) => formatPeriodShort(x.period))}
            datasets={[
              {
                label: lt(series.name),
                data: points.map((x) => x.value),
                color: points.map((_, i) => (picked === null || picked === i ? domain.color : DIMMED)),
              },
            ]}
            legend={false}
            onPick={(i) => setPicked((was) => (was === i ? null : i))}
            onPainted={() => onPainted('trend')}
            options={{
              // A finger is wide: a tap anywhere in a bar's column reads that bar.
              interaction: { mode: 'index', intersect: false },
              plugins: { legend: { display: false }, tooltip: { enabled: false } },
              scales: {
                x: { ticks: { font: axisFont, maxRotation: 0, autoSkip: true }, grid: { display: false } },
                y: { beginAtZero: true, ticks: { font: axisFont, maxTicksLimit: 5, callback: (v: string | number) => formatCompact(Number(v)) }, grid: { color: GRID } },
              },
            }}
          />
        ) : trend.isSuccess ? (
          <p className="kov__empty">{t('kiosk.noTrend')}</p>
        ) : null}
      </section>
    </div>
  );
}
