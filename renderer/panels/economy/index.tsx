/**
 * Chỉ tiêu kinh tế – xã hội: GRDP, budget revenue, exports, FDI, CPI against last year's
 * same period and the year's plan. Small: GRDP. Medium: GRDP + revenue, monthly revenue.
 * Large: six figures, monthly trend, GRDP by district (click a district to drill down).
 * This panel is the model for the others: views via useView, parts from ../shared/,
 * painted once numbers and every chart have drawn.
 */
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { Split } from '../shared/Split';
import { AreaBars, TrendChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import { SectionRow } from '../shared/Section';
import { usePanel } from '../shared/usePanel';
import type { PanelProps } from '../types';
import ASKS from './asks';
import { useTranslation } from '../../i18n';

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

const PARTS = { small: ['kpis'], medium: ['kpis', 'trend'], large: ['kpis', 'trend', 'areas'] };

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  const { size, wide, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks: ASKS });
  const trend = useView(D, 'trend', ask('trend'));
  const byArea = useView(D, 'byArea', ask('byArea'));

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
        <SectionRow
          sections={[
            {
              title: t('economy.trend'),
              body: <TrendChart domain={D} view={trend.data} indicators={['economy.grdp', 'economy.budgetRevenue']} ariaLabel={t('economy.trend')} onPainted={() => mark('trend')} />,
            },
            { title: t('economy.byArea'), body: <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} /> },
          ]}
        />
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
