/**
 * Chỉ tiêu kinh tế – xã hội: GRDP, budget revenue, exports, FDI, CPI against last year's
 * same period and the year's plan. Small: GRDP. Medium: GRDP + revenue, monthly revenue.
 * Large: six figures, monthly trend, GRDP by district (click a district to drill down).
 * This panel is the model for the others: views via useView, parts from ../shared/,
 * painted once numbers and every chart have drawn.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useDrill, usePaintGate } from '../../components/hooks';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { Split } from '../shared/Split';
import { AreaBars, TrendChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import { isWide, type PanelProps } from '../types';

const D = 'economy';
const SMALL: KpiSpec[] = [{ id: 'economy.grdp', label: 'economy.grdp' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'economy.budgetRevenue', label: 'economy.budget' }];
const LARGE: KpiSpec[] = [
  ...MEDIUM,
  { id: 'economy.grdpGrowth', label: 'economy.growth' },
  { id: 'economy.exports', label: 'economy.exports' },
  { id: 'economy.fdi', label: 'economy.investment' },
  { id: 'economy.cpi', label: 'economy.cpi' },
];

function Overview({ tile, size, areaId: initialArea, period, onPainted }: PanelProps) {
  const { t } = useTranslation();
  const wide = isWide(tile) && size !== 'small';
  const [areaId, setAreaId] = useDrill(initialArea);
  const opts = { areaId, period };
  const kpis = useView(D, 'kpis', opts);
  const trend = useView(D, 'trend', { ...opts, enabled: size !== 'small' });
  const byArea = useView(D, 'byArea', { period, enabled: size === 'large' });
  const parts = size === 'small' ? ['kpis'] : size === 'medium' ? ['kpis', 'trend'] : ['kpis', 'trend', 'areas'];
  const mark = usePaintGate(parts, onPainted);
  useEffect(() => {
    if (kpis.isSuccess) mark('kpis');
  }, [kpis.isSuccess, kpis.data, mark]);

  const specs = size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE;
  return (
    <PanelFrame domain={D} size={size} wide={wide} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <Split
        side={
          <>
            <KpiRow view={kpis.data} specs={specs} hero={size === 'small'} compact={size === 'medium'} columns={size === 'large' ? 3 : undefined} />
            {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
          </>
        }
      >
        {size === 'medium' ? (
          <TrendChart domain={D} view={trend.data} indicators={['economy.budgetRevenue']} ariaLabel={t('economy.trend')} onPainted={() => mark('trend')} />
        ) : null}
      </Split>
      {size === 'large' ? (
        <div className="row">
          <div>
            <h3 className="section-title">{t('economy.trend')}</h3>
            <TrendChart
              domain={D}
              view={trend.data}
              indicators={['economy.grdp', 'economy.budgetRevenue']}
              ariaLabel={t('economy.trend')}
              onPainted={() => mark('trend')}
            />
          </div>
          <div>
            <h3 className="section-title">{t('economy.byArea')}</h3>
            <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} />
          </div>
        </div>
      ) : null}
    </PanelFrame>
  );
}

export default withViews(
  {
    domain: D,
    headline: MEDIUM,
    trend: ['economy.grdp', 'economy.budgetRevenue'],
    titles: { trend: 'economy.trend', byArea: 'economy.byArea' },
  },
  Overview,
);
