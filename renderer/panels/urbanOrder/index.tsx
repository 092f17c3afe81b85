/**
 * Trật tự đô thị: violations found and handled, open cases; the district map shaded by
 * violations (number printed under each district name) with every case as a point, by type,
 * by district. Click a district to drill down.
 */
import { EventMapOverview } from '../shared/EventMapOverview';
import { type KpiSpec } from '../shared/KpiRow';
import { BreakdownChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import type { PanelProps } from '../types';
import ASKS from './asks';

const D = 'urbanOrder';
const SMALL: KpiSpec[] = [{ id: 'urbanOrder.violations', label: 'urbanOrder.reported' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'urbanOrder.handledRate', label: 'urbanOrder.handledRate' }];
const LARGE: KpiSpec[] = [...MEDIUM, { id: 'urbanOrder.open', label: 'urbanOrder.open' }];

function Overview(props: PanelProps) {
  return (
    <EventMapOverview
      {...props}
      domain={D}
      asks={ASKS}
      kpis={{ small: SMALL, medium: MEDIUM, large: LARGE }}
      byAreaTitle="urbanOrder.byArea"
      extra={{
        view: 'byKind',
        part: 'kind',
        title: 'urbanOrder.byKind',
        render: (view, ariaLabel, onPainted) => <BreakdownChart domain={D} view={view} ariaLabel={ariaLabel} onPainted={onPainted} />,
      }}
    />
  );
}

export default withViews(
  {
    domain: D,
    headline: MEDIUM,
    trend: ['urbanOrder.violations'],
    titles: { byKind: 'urbanOrder.byKind', byArea: 'urbanOrder.byArea' },
  },
  Overview,
);
