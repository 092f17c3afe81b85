/**
 * Quản lý đất đai: land-use certificates issued against the year's plan, dossiers pending,
 * disputes and complaints; districts shaded by certificates issued (number printed), dispute
 * cases as points, certificates by month, by district. Click a district to drill down.
 */
import { EventMapOverview } from '../shared/EventMapOverview';
import { type KpiSpec } from '../shared/KpiRow';
import { TrendChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import type { PanelProps } from '../types';
import ASKS from './asks';

const D = 'land';
const SMALL: KpiSpec[] = [{ id: 'land.certificates', label: 'land.issued' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'land.disputes', label: 'land.disputes' }];
const LARGE: KpiSpec[] = [...SMALL, { id: 'land.pending', label: 'land.pending' }, { id: 'land.disputes', label: 'land.disputes' }];

function Overview(props: PanelProps) {
  return (
    <EventMapOverview
      {...props}
      domain={D}
      asks={ASKS}
      kpis={{ small: SMALL, medium: MEDIUM, large: LARGE }}
      byAreaTitle="land.byArea"
      extra={{
        view: 'trend',
        part: 'trend',
        title: 'land.trend',
        render: (view, ariaLabel, onPainted) => <TrendChart domain={D} view={view} indicators={['land.certificates']} ariaLabel={ariaLabel} onPainted={onPainted} />,
      }}
    />
  );
}

export default withViews(
  {
    domain: D,
    headline: MEDIUM,
    trend: ['land.certificates'],
    titles: { trend: 'land.trend', byArea: 'land.byArea' },
  },
  Overview,
);
