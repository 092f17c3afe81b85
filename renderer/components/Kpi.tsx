/**
 * A headline figure: big number + unit, and its change against the previous period and
 * against the plan, each as arrow icon + words ("▲ tăng 5,2% so với kỳ trước"), so the
 * meaning never rests on colour alone. Whether a rise is good comes from the indicator.
 *
 *   <Kpi label="GRDP" value={93_000} unit="tỷ đồng" prev={87_000} plan={95_000} upIsGood />
 */
import { formatChangeSize, formatNumber, formatPercent } from '../format';
import { Icon } from './icons';
import { useTranslation } from '../i18n';

export interface KpiProps {
  label: string;
  value: number | null | undefined;
  unit?: string;
  /** Formats the value; default formatNumber (1 decimal, vi-VN). */
  format?: (n: number) => string;
  prev?: number | null;
  plan?: number | null;
  upIsGood?: boolean;
  /**
   * 'relative' compares as a percentage change (revenue); 'points' as a difference in the
   * value's own unit (rates already in %, counts of open cases).
   */
  change?: 'relative' | 'points';
  hero?: boolean;
  /**
   * Medium tiles: unit moves to the label line and the comparisons use short words
   * ("▲ 8,7% cùng kỳ", "đạt 90,8% KH") so two figures fit side by side.
   */
  compact?: boolean;
  /** Formats the size of a 'points' change, e.g. n => "0,2 điểm %"; default formatNumber. */
  formatChange?: (n: number) => string;
  /** Bad news now (overdue, late): a warning icon and the words "cần chú ý", not just colour. */
  alert?: boolean;
  /** What `prev` is, as words (i18n key); default 'panel.vsPrev' ("so với kỳ trước"). */
  prevLabel?: string;
  /** Optional: also mark the element for tests (e.g. 'economy.grdp'). */
  testId?: string;
}

type Dir = 'up' | 'down' | 'flat';

function Delta({ dir, good, text }: { dir: Dir; good: boolean | null; text: string }) {
  const cls = good === null ? 'flat' : good ? 'good' : 'bad';
  return (
    <div className={`kpi__delta kpi__delta--${cls}`}>
      <Icon name={dir} />
      <span>{text}</span>
    </div>
  );
}

export function Kpi({ label, value, unit, format = (n) => formatNumber(n), prev, plan, upIsGood = true, change = 'relative', hero, prevLabel = 'panel.vsPrev', alert, compact, formatChange, testId }: KpiProps) {
  const { t } = useTranslation();
  const has = typeof value === 'number' && Number.isFinite(value);
  // Long units ("giấy chứng nhận") go on the label line so the number keeps its size.
  const unitInLabel = !!unit && (compact || unit.length > 10);
  let prevDelta: React.ReactNode = null;
  if (has && typeof prev === 'number' && Number.isFinite(prev)) {
    const diff = value - prev;
    // What is shown has one decimal: a change that rounds to 0 is "không đổi", not "−0".
    const shown = change === 'points' || prev === 0 ? Math.abs(diff) : (Math.abs(diff) / Math.abs(prev)) * 100;
    const dir: Dir = Math.round(shown * 10) === 0 ? 'flat' : diff > 0 ? 'up' : 'down';
    const abs =
      change === 'points' || prev === 0
        ? formatChange
          ? formatChange(Math.abs(diff))
          : formatNumber(Math.abs(diff))
        : formatChangeSize(diff / Math.abs(prev));
    // A true sign ("−1,8%") rather than the words tăng/giảm: shorter, and the arrow says it too.
    const word = dir === 'flat' ? t('panel.flat') : `${dir === 'up' ? '+' : '−'}${abs}`;
    prevDelta = (
      <Delta dir={dir} good={dir === 'flat' ? null : (dir === 'up') === upIsGood} text={`${word} ${t(compact ? `${prevLabel}Short` : prevLabel)}`} />
    );
  }
  let planDelta: React.ReactNode = null;
  if (has && typeof plan === 'number' && Number.isFinite(plan) && plan !== 0) {
    const ratio = value / plan;
    const dir: Dir = Math.abs(ratio - 1) < 1e-9 ? 'flat' : ratio > 1 ? 'up' : 'down';
    planDelta = <Delta dir={dir} good={dir === 'flat' ? true : (dir === 'up') === upIsGood} text={compact ? t('panel.ofPlanShort', { pct: formatPercent(ratio) }) : t('panel.ofPlan', { pct: formatPercent(ratio) }) + ` (${format(plan)})`} />;
  }
  return (
    <div className={`kpi${hero ? ' kpi--hero' : ''}${alert ? ' kpi--alert' : ''}${compact ? ' kpi--compact' : ''}`} data-kpi={testId}>
      <div className="kpi__label" title={unit ? `${label} (${unit})` : label}>
        {label}
        {unitInLabel ? <span className="kpi__unit-inline"> · {unit}</span> : null}
      </div>
      <div className="kpi__value">
        <span data-value={has ? String(value) : ''}>{has ? format(value) : '–'}</span>
        {unit && !unitInLabel ? <span className="kpi__unit">{unit}</span> : null}
      </div>
      {alert ? (
        <div className="kpi__delta kpi__delta--bad">
          <Icon name="warning" />
          <span>{t('panel.attention')}</span>
        </div>
      ) : null}
      {prevDelta}
      {planDelta}
    </div>
  );
}
