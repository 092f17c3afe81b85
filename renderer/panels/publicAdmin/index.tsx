/**
 * Hành chính công: dossiers received, settled on time, overdue now, filed online; by agency
 * (on time / late / overdue stacked, with words in the legend) and by district. Overdue
 * dossiers carry a warning icon + words (Kpi alert), not colour alone.
 */
import { useMemo } from 'react';
import type { ByAgencyResult } from '../../../domains/views';
import { useView } from '../../client/hooks';
import { Chart } from '../../components/Chart';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { formatNumber } from '../../format';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { Split } from '../shared/Split';
import { AreaBars } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import { SectionRow } from '../shared/Section';
import { usePanel } from '../shared/usePanel';
import type { PanelProps } from '../types';
import ASKS from './asks';
import { useTranslation } from '../../i18n';

const D = 'publicAdmin';
const SMALL: KpiSpec[] = [{ id: 'publicAdmin.onTimeRate', label: 'publicAdmin.onTimeRate' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'publicAdmin.overdue', label: 'publicAdmin.overdue' }];
const LARGE: KpiSpec[] = [
  { id: 'publicAdmin.received', label: 'publicAdmin.received' },
  ...MEDIUM,
  { id: 'publicAdmin.onlineShare', label: 'publicAdmin.online' },
];

const short = (s: string, n = 20) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function AgencyChart({ view, max, onPainted }: { view: ByAgencyResult | undefined; max: number; onPainted(): void }) {
  const { t } = useTranslation();
  const rows = useMemo(() => [...(view?.rows ?? [])].sort((a, b) => b.received - a.received).slice(0, max), [view, max]);
  return (
    <Chart
      type="bar"
      horizontal
      stacked
      ariaLabel={t('publicAdmin.byAgency')}
      labels={rows.map((r) => short(r.agency))}
      datasets={[
        { label: t('publicAdmin.onTime'), data: rows.map((r) => r.onTime), color: '#4477AA' },
        { label: t('publicAdmin.late'), data: rows.map((r) => r.late), color: '#CCBB44' },
        { label: t('publicAdmin.overdue'), data: rows.map((r) => r.overdue), color: '#EE6677' },
        { label: t('publicAdmin.pending'), data: rows.map((r) => r.pending), color: '#BBBBBB' },
      ]}
      legend
      formatValue={(n) => formatNumber(n, 0)}
      onPainted={view ? onPainted : undefined}
    />
  );
}

const PARTS = { small: ['kpis'], medium: ['kpis', 'agency'], large: ['kpis', 'agency', 'areas'] };

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  const { size, wide, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks: ASKS });
  const byAgency = useView(D, 'byAgency', ask('byAgency'));
  const byArea = useView(D, 'byArea', ask('byArea'));

  return (
    <PanelFrame domain={D} size={size} wide={wide} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <Split
        side={
          <>
            <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size !== 'small'} />
            {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
          </>
        }
      >
        {size === 'medium' ? <AgencyChart view={byAgency.data} max={wide ? 6 : 4} onPainted={() => mark('agency')} /> : null}
      </Split>
      {size === 'large' ? (
        <SectionRow
          sections={[
            { title: t('publicAdmin.byAgency'), body: <AgencyChart view={byAgency.data} max={8} onPainted={() => mark('agency')} /> },
            { title: t('publicAdmin.byArea'), body: <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} /> },
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
    trend: ['publicAdmin.received'],
    titles: { byAgency: 'publicAdmin.byAgency', byArea: 'publicAdmin.byArea' },
    render: { byAgency: (c) => <AgencyChart view={c.data} max={c.size === 'large' ? 10 : c.size === 'medium' ? 6 : 4} onPainted={c.onPainted} /> },
  },
  Overview,
);
