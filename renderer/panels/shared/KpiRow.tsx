/**
 * The headline figures of a panel: a KPI row from the 'kpis' view and the period note that
 * goes under it.
 */
import type { KpisResult } from '../../../domains/views';
import { Kpi } from '../../components/Kpi';
import { formatNumber, formatPeriod } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import { formatIndicator, isPercent } from './format';

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
